/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A demand for key between two nodes.
 *
 * @param networkId the QKD network, null for the only one
 * @param source the node at one end
 * @param destination the node at the other end
 * @param rateBps the key rate, in bit/s
 * @param keyBits the size of one key, in bits
 * @param alternatives how many other paths to list
 * @param backup whether a node-disjoint backup path is wanted
 * @param maxPaths over how many paths the rate may be split
 * @param reserve whether the paths' rate is reserved
 * @param keep the links (from the source) of the path the demand has, kept when it still satisfies the policy;
 *     empty for none
 */
public record PlacementRequest(@Nullable String networkId, String source, String destination, long rateBps,
        long keyBits, int alternatives, boolean backup, int maxPaths, boolean reserve, List<String> keep) {
    public PlacementRequest {
        requireNonNull(source);
        requireNonNull(destination);
        keep = List.copyOf(keep);
    }

    /**
     * A demand placed over one path of the only QKD network, with its rate reserved, as a key service is.
     *
     * @param source the node at one end
     * @param destination the node at the other end
     * @param rateBps the key rate, in bit/s
     * @param keyBits the size of one key, in bits
     * @return the request
     */
    public static PlacementRequest reserving(final String source, final String destination, final long rateBps,
            final long keyBits) {
        return new PlacementRequest(null, source, destination, rateBps, keyBits, 0, false, 1, true, List.of());
    }

    /**
     * The same demand, keeping the path it has while that path still satisfies the policy.
     *
     * @param links the path's links, from the source
     * @return the request
     */
    public PlacementRequest keeping(final List<String> links) {
        return new PlacementRequest(networkId, source, destination, rateBps, keyBits, alternatives, backup, maxPaths,
            reserve, links);
    }
}
