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
 * A demand for keys between two nodes.
 *
 * @param source the node of one SAE
 * @param destination the node of the other SAE
 * @param rateBps key rate demanded, in bit/s
 * @param keySizeBits size of one key; every link of a path must hold at least this much key in its pool now
 * @param alternatives how many alternative paths to report besides the chosen one
 * @param backup whether a node-disjoint backup path is wanted
 * @param maxPaths most paths the rate may be split over when no single path carries it (1: no split)
 */
public record Demand(String source, String destination, long rateBps, long keySizeBits, int alternatives,
        boolean backup, int maxPaths) {
    public Demand {
        requireNonNull(source, "source");
        requireNonNull(destination, "destination");
        if (source.equals(destination)) {
            throw new IllegalArgumentException("source and destination are the same node " + source);
        }
        if (rateBps <= 0) {
            throw new IllegalArgumentException("demanded key rate must be positive, was " + rateBps);
        }
        if (keySizeBits < 0) {
            throw new IllegalArgumentException("key size must not be negative, was " + keySizeBits);
        }
        if (alternatives < 0 || alternatives > 16) {
            throw new IllegalArgumentException("alternatives must be in [0, 16], was " + alternatives);
        }
        if (maxPaths < 1 || maxPaths > 16) {
            throw new IllegalArgumentException("paths to split over must be in [1, 16], was " + maxPaths);
        }
    }

    /**
     * A demand for one path, no backup, no alternatives, no key size requirement.
     *
     * @param source source node
     * @param destination destination node
     * @param rateBps rate
     * @return the demand
     */
    public static Demand of(final String source, final String destination, final long rateBps) {
        return new Demand(source, destination, rateBps, 0, 0, false, 1);
    }
}
