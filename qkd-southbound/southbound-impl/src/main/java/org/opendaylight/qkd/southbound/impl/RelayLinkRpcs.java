/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.util.List;
import java.util.concurrent.Executor;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.ProvisionRelayLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.ProvisionRelayLinkOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.RemoveRelayLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.RemoveRelayLinkOutputBuilder;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;

/**
 * The {@code provision-relay-link} and {@code remove-relay-link} RPCs. They talk to devices, so they run on the
 * given executor, not on the caller's thread. Failures are RPC errors of type application with the error-tag and
 * error-app-tag of the {@link ProvisionException}.
 */
final class RelayLinkRpcs {
    private final RelayLinkProvisioner provisioner;
    private final Executor executor;

    RelayLinkRpcs(final RelayLinkProvisioner provisioner, final Executor executor) {
        this.provisioner = requireNonNull(provisioner);
        this.executor = requireNonNull(executor);
    }

    ProvisionRelayLink provisionRelayLink() {
        return input -> submit(() -> {
            final var hops = input.getHop() == null ? List.<String>of()
                : input.getHop().stream().map(NodeId::getValue).toList();
            final long bandwidth = input.getBandwidth() == null ? 0 : input.getBandwidth().longValue();
            final var linkId = provisioner.provision(hops, input.getLinkId(), bandwidth);
            return new ProvisionRelayLinkOutputBuilder().setLinkId(linkId).build();
        });
    }

    RemoveRelayLink removeRelayLink() {
        return input -> submit(() -> {
            if (input.getLinkId() == null) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "missing-link-id", "link-id is required");
            }
            provisioner.remove(input.getLinkId());
            return new RemoveRelayLinkOutputBuilder().build();
        });
    }

    @FunctionalInterface
    private interface Operation<O> {
        O run() throws ProvisionException;
    }

    private <O> ListenableFuture<RpcResult<O>> submit(final Operation<O> operation) {
        return Futures.submit(() -> {
            try {
                return RpcResultBuilder.success(operation.run()).build();
            } catch (ProvisionException e) {
                return RpcResultBuilder.<O>failed().withError(ErrorType.APPLICATION, e.tag(), e.getMessage(),
                    e.appTag(), null, null).build();
            }
        }, executor);
    }
}
