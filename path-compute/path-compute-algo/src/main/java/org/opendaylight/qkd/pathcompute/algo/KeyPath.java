/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.List;

/**
 * A loop-free chain of links between two nodes.
 *
 * @param nodes the nodes, from source to destination
 * @param links the links, one fewer than the nodes
 * @param cost the path's cost under the metric that found it
 */
public record KeyPath(List<String> nodes, List<String> links, double cost) {
    public KeyPath {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        if (nodes.size() != links.size() + 1) {
            throw new IllegalArgumentException("a path of " + links.size() + " links has " + (links.size() + 1)
                + " nodes, not " + nodes.size());
        }
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a path joins two different nodes");
        }
    }

    /**
     * Number of links (hops).
     *
     * @return hops
     */
    public int hops() {
        return links.size();
    }

    /**
     * Relay nodes: the nodes between the two ends.
     *
     * @return relays, in path order
     */
    public List<String> relays() {
        return nodes.subList(1, nodes.size() - 1);
    }
}
