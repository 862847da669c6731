/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The user a request names, and nothing else of its credentials.
 */
class AccessEventsTest {
    private static String basic(final String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theUserAndNeverThePassword() {
        assertEquals("noc", AccessEvents.user(basic("noc:s3cret:with:colons")));
        assertEquals("admin", AccessEvents.user(basic("admin:")));
        assertEquals("noc", AccessEvents.user("basic " + Base64.getEncoder().encodeToString(
            "noc:x".getBytes(StandardCharsets.UTF_8))));
        assertNull(AccessEvents.user(null));
        assertNull(AccessEvents.user("Bearer abc"));
        assertNull(AccessEvents.user("Basic !!!not-base64"));
        assertNull(AccessEvents.user(basic("no-colon")));
    }
}
