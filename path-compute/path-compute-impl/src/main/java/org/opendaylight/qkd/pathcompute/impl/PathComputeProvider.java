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
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Path computation in the controller: mirrors the QKD networks of the operational topology and serves the
 * {@code qkd-path-computation} RPCs.
 */
@Component(service = {}, immediate = true)
public final class PathComputeProvider implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PathComputeProvider.class);

    private final Registration listener;
    private final Registration rpcs;

    @Activate
    public PathComputeProvider(@Reference final DataBroker dataBroker,
            @Reference final RpcProviderService rpcProviderService) {
        final var topology = new TopologyMirror();
        listener = dataBroker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(Networks.class).child(Network.class).build(), topology);
        final var handlers = new KeyPathRpcs(dataBroker, topology);
        rpcs = rpcProviderService.registerRpcImplementations(List.of(handlers.computeKeyPath(),
            handlers.releaseKeyPath()));
        LOG.info("QKD path computation started");
    }

    @Deactivate
    @Override
    public void close() {
        rpcs.close();
        listener.close();
        LOG.info("QKD path computation stopped");
    }
}
