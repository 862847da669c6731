/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.netconf.api.DocumentedException;
import org.opendaylight.netconf.api.xml.XmlElement;
import org.opendaylight.netconf.server.api.operations.NetconfOperation;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yangtools.yang.common.ErrorTag;

/**
 * RPC {@code qkd-device-ext:link-compromised} of a node with a key manager: the controller tells it that the link
 * between two nodes is compromised since an instant, and the key manager discards the keys it holds that crossed
 * the link since then.
 */
final class CompromiseNotices extends SessionOperationFactory {
    /** The namespace of the qkd-device-ext module. */
    static final String NAMESPACE = "urn:opendaylight:qkd:device-ext";

    private final Supplier<@Nullable NodeKeyManager> keyManager;

    /**
     * The RPC of a node.
     *
     * @param keyManager the node's key manager, null while it is down
     */
    CompromiseNotices(final Supplier<@Nullable NodeKeyManager> keyManager) {
        this.keyManager = requireNonNull(keyManager);
    }

    @Override
    NetconfOperation operation(final SessionIdType sessionId) {
        return new DeviceRpc(sessionId, "link-compromised", NAMESPACE) {
            @Override
            Map<String, String> invoke(final XmlElement input) throws DocumentedException {
                final var endA = node(input, "end-a");
                final var endB = node(input, "end-b");
                final var sinceText = DeviceRpc.required(input, "since");
                final Instant since;
                try {
                    since = OffsetDateTime.parse(sinceText).toInstant();
                } catch (DateTimeParseException e) {
                    throw DeviceRpc.refused("since '" + sinceText + "' is not a date-and-time", ErrorTag.INVALID_VALUE,
                        e);
                }
                final var running = keyManager.get();
                if (running == null) {
                    throw DeviceRpc.refused("the node's key manager is down", ErrorTag.OPERATION_FAILED, null);
                }
                try {
                    return Map.of("discarded", Integer.toString(running.linkCompromised(endA, endB, since)));
                } catch (IOException e) {
                    throw DeviceRpc.refused("the key store failed: " + e.getMessage(), ErrorTag.OPERATION_FAILED, e);
                }
            }
        };
    }

    private static UUID node(final XmlElement input, final String leaf) throws DocumentedException {
        final var text = DeviceRpc.required(input, leaf);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw DeviceRpc.refused(leaf + " '" + text + "' is not a qkdn_id (UUID)", ErrorTag.INVALID_VALUE, e);
        }
    }
}
