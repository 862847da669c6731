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
 * A QKD link (a key association) as path computation sees it; usable in both directions.
 *
 * @param id link name
 * @param nodeA one end
 * @param nodeB the other end
 * @param up whether it generates key (not cut, not aborted, devices reachable)
 * @param keyRateBps effective secret key rate it generates, bit/s, {@code >= 0}
 * @param qber measured QBER, in [0, 1]
 */
public record KeyLink(String id, String nodeA, String nodeB, boolean up, long keyRateBps, double qber) {
    public KeyLink {
        requireNonNull(id, "id");
        requireNonNull(nodeA, "nodeA");
        requireNonNull(nodeB, "nodeB");
        if (nodeA.equals(nodeB)) {
            throw new IllegalArgumentException("link " + id + " joins " + nodeA + " to itself");
        }
        if (keyRateBps < 0) {
            throw new IllegalArgumentException("link " + id + ": negative key rate " + keyRateBps);
        }
        if (!(qber >= 0 && qber <= 1)) {
            throw new IllegalArgumentException("link " + id + ": QBER " + qber + " outside [0, 1]");
        }
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
