/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.keys.etsi014.Etsi014LinkKeys;

/**
 * Which key source a link gets: devices with ETSI GS QKD 014 endpoints at both ends, or none.
 */
class DeviceLinkKeysTest {
    private final List<String> clientsAsked = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final DeviceLinkKeys keys = new DeviceLinkKeys(() -> null,
        id -> "l1".equals(id) ? Optional.of(new LinkView("l1", "x", "y", "up", 0.01, Instant.EPOCH)) : Optional.empty(),
        saeId -> {
            clientsAsked.add(saeId);
            return "kme-broken".equals(saeId) ? null : client;
        });

    @Test
    void aLinkBetweenTwoDeliveringDevicesDrawsFromTheirEndpoints() {
        keys.declare("x", null, new DeviceLinkKeys.Delivery(URI.create("https://qkd-x.example"), "kme-x", 256));
        assertNull(keys.forLink("l1"), "one end only");
        keys.declare("y", null, new DeviceLinkKeys.Delivery(URI.create("https://qkd-y.example:8443"), "kme-y", 512));
        final var source = keys.forLink("l1");
        assertTrue(source instanceof Etsi014LinkKeys, String.valueOf(source));
        assertTrue(source.toString().contains("https://qkd-x.example - https://qkd-y.example:8443"), source::toString);
        assertEquals(List.of("kme-x", "kme-y"), clientsAsked);
        assertNull(keys.forLink("l2"), "not in the topology");

        keys.declare("y", null, new DeviceLinkKeys.Delivery(URI.create("https://qkd-y.example"), "kme-broken", 256));
        assertNull(keys.forLink("l1"), "no client certificate for the key manager");
        keys.declare("y", null, null);
        assertNull(keys.forLink("l1"));
    }
}
