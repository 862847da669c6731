/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import java.time.InstantSource;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * The real path computation (topology mirror and placements) wired to a test's data broker, as its provider wires
 * it in Karaf. Test code only: it reaches into the path-compute bundle's package.
 */
public final class PathComputeAccess implements AutoCloseable {
    private final Registration registration;
    private final KeyPaths paths;
    private final TopologyMirror mirror;

    private PathComputeAccess(final Registration registration, final KeyPaths paths, final TopologyMirror mirror) {
        this.registration = registration;
        this.paths = paths;
        this.mirror = mirror;
    }

    /**
     * Starts path computation over a broker's operational topology.
     *
     * @param dataBroker the broker
     * @param clock dates the links whose changes the datastore does not date
     * @return the running path computation
     */
    public static PathComputeAccess start(final DataBroker dataBroker, final InstantSource clock) {
        final var mirror = new TopologyMirror(clock);
        final var registration = dataBroker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(Networks.class).child(Network.class).build(), mirror);
        return new PathComputeAccess(registration, new PathComputation(mirror), mirror);
    }

    /**
     * Whether the mirror has a QKD network, as a running controller's has once its listener got the topology.
     *
     * @return true once it has
     */
    public boolean hasNetwork() {
        return !mirror.networkIds().isEmpty();
    }

    /**
     * Path computation's Java contract, as the orchestrator gets it in Karaf.
     *
     * @return the contract
     */
    public KeyPaths paths() {
        return paths;
    }

    @Override
    public void close() {
        registration.close();
    }
}
