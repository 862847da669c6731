/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import static java.util.Objects.requireNonNull;

import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.emulator.physics.QkdProtocol;

/**
 * What an emulated link is: its ends, physics, protocol and key handling.
 *
 * @param id link name
 * @param nodeA node at the A end (Alice)
 * @param nodeB node at the B end (Bob)
 * @param physics physical parameters
 * @param protocol decoy protocol
 * @param blockBits size of each key block, a positive multiple of 8
 * @param poolCapacityBits size of each end's key pool, at least one block
 * @param authenticationOverhead fraction of the secret key the devices spend authenticating their classical
 *        channel, in [0, 1); the rest is the effective rate (eskr) that fills the pools
 */
public record LinkSpec(
        String id,
        String nodeA,
        String nodeB,
        LinkPhysics physics,
        QkdProtocol protocol,
        int blockBits,
        long poolCapacityBits,
        double authenticationOverhead) {

    /** Default block size: one 256-bit key. */
    public static final int DEFAULT_BLOCK_BITS = 256;
    /** Default pool size: 8 Mbit (1 MiB) per end. */
    public static final long DEFAULT_POOL_BITS = 8L * 1024 * 1024;
    /** Default share of key spent on authentication: the one planning assumes. */
    public static final double DEFAULT_AUTHENTICATION_OVERHEAD = PlannedLink.DEFAULT_AUTHENTICATION_OVERHEAD;

    /**
     * Validates the specification.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public LinkSpec {
        requireNonNull(id, "link id");
        requireNonNull(nodeA, "node A");
        requireNonNull(nodeB, "node B");
        requireNonNull(physics, "physics");
        requireNonNull(protocol, "protocol");
        if (nodeA.equals(nodeB)) {
            throw new IllegalArgumentException("link " + id + " joins node " + nodeA + " to itself");
        }
        if (blockBits <= 0 || blockBits % Byte.SIZE != 0) {
            throw new IllegalArgumentException("block size must be a positive multiple of 8 bits, was " + blockBits);
        }
        if (poolCapacityBits < blockBits) {
            throw new IllegalArgumentException("key pool (" + poolCapacityBits + " bits) smaller than one block ("
                + blockBits + " bits)");
        }
        if (!(authenticationOverhead >= 0 && authenticationOverhead < 1)) {
            throw new IllegalArgumentException("authentication overhead must be in [0, 1), was "
                + authenticationOverhead);
        }
    }
}
