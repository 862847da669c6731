/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

/**
 * A QKD link as path computation sees it: an undirected key association between two nodes.
 *
 * @param id link name (RFC 8345 link-id)
 * @param nodeA one end
 * @param nodeB the other end
 * @param state operational state
 * @param keyRateBps secret key rate available to key services, in bit/s (ETSI eskr)
 * @param qber measured quantum bit error rate
 * @param poolBits secret key currently stored in the link's key pool, in bits
 */
public record KeyLink(String id, String nodeA, String nodeB, LinkState state, long keyRateBps, double qber,
        long poolBits) {
    public KeyLink {
        requireNonNull(id, "id");
        requireNonNull(nodeA, "nodeA");
        requireNonNull(nodeB, "nodeB");
        requireNonNull(state, "state");
        if (nodeA.equals(nodeB)) {
            throw new IllegalArgumentException("link " + id + " joins " + nodeA + " to itself");
        }
        if (keyRateBps < 0) {
            throw new IllegalArgumentException("link " + id + ": negative key rate " + keyRateBps);
        }
        if (!(qber >= 0 && qber <= 1)) {
            throw new IllegalArgumentException("link " + id + ": QBER " + qber + " outside [0, 1]");
        }
        if (poolBits < 0) {
            throw new IllegalArgumentException("link " + id + ": negative key pool fill " + poolBits);
        }
    }

    /**
     * A link that is up with an unknown (assumed ample) pool.
     *
     * @param id link name
     * @param nodeA one end
     * @param nodeB other end
     * @param keyRateBps key rate
     * @param qber QBER
     * @return the link
     */
    public static KeyLink up(final String id, final String nodeA, final String nodeB, final long keyRateBps,
            final double qber) {
        return new KeyLink(id, nodeA, nodeB, LinkState.UP, keyRateBps, qber, Long.MAX_VALUE);
    }

    /**
     * The end opposite to a node.
     *
     * @param node one end
     * @return the other
     */
    public String otherEnd(final String node) {
        if (nodeA.equals(node)) {
            return nodeB;
        }
        if (nodeB.equals(node)) {
            return nodeA;
        }
        throw new IllegalArgumentException(node + " is not an end of link " + id);
    }
}
