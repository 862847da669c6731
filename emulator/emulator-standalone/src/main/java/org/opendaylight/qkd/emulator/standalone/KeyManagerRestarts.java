/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.opendaylight.netconf.api.DocumentedException;
import org.opendaylight.netconf.api.xml.XmlElement;
import org.opendaylight.netconf.server.api.operations.NetconfOperation;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yangtools.yang.common.ErrorTag;

/**
 * RPC {@code qkd-emulator:restart-key-manager} of an emulated node with a key manager: the key manager stops at once,
 * as a crash of its host would, and starts again from its key store after a while. Bad input, or a key manager that
 * is down already, is an {@code rpc-error} with the reason, and changes nothing.
 */
final class KeyManagerRestarts extends SessionOperationFactory {
    private static final int MAX_DOWN_SECONDS = 3600;
    private static final int DEFAULT_DOWN_SECONDS = 5;

    /**
     * Stops a node's key manager and starts it again later.
     */
    @FunctionalInterface
    interface Restarter {
        /**
         * Stops the key manager now and starts it again after a while.
         *
         * @param down how long it stays down
         * @return when it starts again
         * @throws IllegalStateException when it is down already
         */
        Instant restart(Duration down);
    }

    private final String node;
    private final Restarter restarter;

    KeyManagerRestarts(final String node, final Restarter restarter) {
        this.node = requireNonNull(node);
        this.restarter = requireNonNull(restarter);
    }

    @Override
    NetconfOperation operation(final SessionIdType sessionId) {
        return new DeviceRpc(sessionId, "restart-key-manager", LinkFaults.NAMESPACE) {
            @Override
            Map<String, String> invoke(final XmlElement input) throws DocumentedException {
                final var named = DeviceRpc.required(input, "node");
                if (!named.equals(node)) {
                    throw DeviceRpc.refused("this is node " + node + ", not '" + named + "': each node restarts "
                        + "its own key manager", ErrorTag.INVALID_VALUE, null);
                }
                final int down = DeviceRpc.number(input, "down-seconds", DEFAULT_DOWN_SECONDS, MAX_DOWN_SECONDS,
                    Integer::valueOf, "a whole number");
                try {
                    return Map.of("restarts-at", restarter.restart(Duration.ofSeconds(down)).toString());
                } catch (IllegalStateException e) {
                    throw DeviceRpc.refused(e.getMessage(), ErrorTag.OPERATION_FAILED, e);
                }
            }
        };
    }
}
