/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import java.util.List;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.qkd.pathcompute.api.LinkListener;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.pathcompute.api.PlacementRequest;
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
 * to the controller's other bundles and serves the {@code qkd-path-computation} RPCs over it.
 */
@Component(service = KeyPaths.class, immediate = true)
public final class PathComputeProvider implements KeyPaths, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PathComputeProvider.class);

    private final PathComputation paths;
    private final Registration listener;
    private final Registration rpcs;

    @Activate
    public PathComputeProvider(@Reference final DataBroker dataBroker,
            @Reference final RpcProviderService rpcProviderService) {
        final var topology = new TopologyMirror();
        listener = dataBroker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(Networks.class).child(Network.class).build(), topology);
        paths = new PathComputation(topology);
        final var handlers = new KeyPathRpcs(dataBroker, paths);
        rpcs = rpcProviderService.registerRpcImplementations(List.of(handlers.computeKeyPath(),
            handlers.releaseKeyPath()));
        LOG.info("QKD path computation started");
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
    public void close() {
        rpcs.close();
        listener.close();
        LOG.info("QKD path computation stopped");
    }
}
