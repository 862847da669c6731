/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import java.time.InstantSource;
import java.util.List;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonServiceProvider;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.qkd.pathcompute.api.LinkListener;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.pathcompute.api.PlacementRequest;
import org.opendaylight.qkd.singleton.OnOwner;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Path computation in the controller: mirrors the QKD networks of the operational topology, offers {@link KeyPaths}
 * to the controller's other bundles and serves the {@code qkd-path-computation} RPCs over it. Reservations are made
 * on one member of a cluster, the owner of the controller's singleton group
 * ({@link OnOwner#GROUP}), where the key orchestrator runs: only it serves the RPCs (the others'
 * RPC calls are routed there), and its reservations go when it hands over, for the next owner to make its own.
 */
@Component(service = KeyPaths.class, immediate = true)
public final class PathComputeProvider implements KeyPaths, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PathComputeProvider.class);

    private final PathComputation paths;
    private final Registration listener;
    private final KeyPathRpcs handlers;
    private final WhatIfRpc whatIf;
    private final RpcProviderService rpcProviderService;
    private final OnOwner<Active> onOwner;

    @Activate
    public PathComputeProvider(@Reference final DataBroker dataBroker,
            @Reference final RpcProviderService rpcProviderService,
            @Reference final ClusterSingletonServiceProvider singletons) {
        this.rpcProviderService = rpcProviderService;
        final var topology = new TopologyMirror(InstantSource.system());
        listener = dataBroker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(Networks.class).child(Network.class).build(), topology);
        paths = new PathComputation(topology);
        handlers = new KeyPathRpcs(dataBroker, paths);
        whatIf = new WhatIfRpc(dataBroker, paths);
        onOwner = OnOwner.register(singletons, "QKD path computation's RPCs", () -> new Active());
        LOG.info("QKD path computation started");
    }

    // the RPCs, served by the member that owns the group; the reservations made there go with it
    private final class Active implements OnOwner.Part {
        private final Registration rpcs;

        Active() {
            rpcs = rpcProviderService.registerRpcImplementations(List.of(handlers.computeKeyPath(),
                handlers.releaseKeyPath(), whatIf.whatIf()));
        }

        @Override
        public void close() throws InterruptedException {
            rpcs.close();
            LOG.info("QKD path computation: {} reservations released for the next owner to make its own",
                paths.releaseAll());
        }
    }

    @Override
    public Placement place(final PlacementRequest request, final Policy policy) throws PathComputeException {
        return paths.place(request, policy);
    }

    @Override
    public boolean release(final long reservationId) {
        return paths.release(reservationId);
    }

    @Override
    public Registration watchLinks(final LinkListener linkListener) {
        return paths.watchLinks(linkListener);
    }

    @Deactivate
    @Override
    public void close() throws InterruptedException {
        onOwner.close();
        listener.close();
        LOG.info("QKD path computation stopped");
    }
}
