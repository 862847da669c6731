/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.util.Set;
import org.opendaylight.netconf.server.api.monitoring.Capability;
import org.opendaylight.netconf.server.api.monitoring.CapabilityListener;
import org.opendaylight.netconf.server.api.operations.NetconfOperation;
import org.opendaylight.netconf.server.api.operations.NetconfOperationService;
import org.opendaylight.netconf.server.api.operations.NetconfOperationServiceFactory;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * Adds one operation to every NETCONF session of a device, and no capability of its own (the session's hello or the
 * device's YANG modules already name what it offers).
 */
abstract class SessionOperationFactory implements NetconfOperationServiceFactory {
    @Override
    public final Set<Capability> getCapabilities() {
        return Set.of();
    }

    @Override
    public final Registration registerCapabilityListener(final CapabilityListener listener) {
        return () -> { };
    }

    @Override
    public final NetconfOperationService createService(final SessionIdType sessionId) {
        final var operation = operation(sessionId);
        return new NetconfOperationService() {
            @Override
            public Set<NetconfOperation> getNetconfOperations() {
                return Set.of(operation);
            }

            @Override
            public void close() {
                sessionEnded(operation);
            }
        };
    }

    /**
     * The operation one session gets.
     *
     * @param sessionId the session
     * @return its operation
     */
    abstract NetconfOperation operation(SessionIdType sessionId);

    /**
     * Called when the session that got the operation ends.
     *
     * @param operation what {@link #operation(SessionIdType)} gave it
     */
    void sessionEnded(final NetconfOperation operation) {
        // nothing held by default
    }
}
