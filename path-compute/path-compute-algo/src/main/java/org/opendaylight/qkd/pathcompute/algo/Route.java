/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path by indices into a {@link KeyGraph}, valid under the read lock it was found in.
 */
final class Route {
    final int[] nodes;
    final int[] links;
    final double cost;

    Route(final int[] nodes, final int[] links, final double cost) {
        this.nodes = nodes;
        this.links = links;
        this.cost = cost;
    }

    int hops() {
        return links.length;
    }

    boolean sharesPrefix(final Route other, final int length) {
        for (int i = 0; i <= length; i++) {
            if (nodes[i] != other.nodes[i]) {
                return false;
            }
        }
        return true;
    }

    Route prefix(final int length, final double prefixCost) {
        return new Route(Arrays.copyOf(nodes, length + 1), Arrays.copyOf(links, length),
            prefixCost);
    }

    Route append(final Route tail) {
        final var joinedNodes = Arrays.copyOf(nodes, nodes.length + tail.links.length);
        System.arraycopy(tail.nodes, 1, joinedNodes, nodes.length, tail.links.length);
        final var joinedLinks = Arrays.copyOf(links, links.length + tail.links.length);
        System.arraycopy(tail.links, 0, joinedLinks, links.length, tail.links.length);
        return new Route(joinedNodes, joinedLinks, cost + tail.cost);
    }

    List<Integer> linkList() {
        return Arrays.stream(links).boxed().toList();
    }

    KeyPath toPath(final KeyGraph graph) {
        final var nodeNames = new ArrayList<String>(nodes.length);
        for (int node : nodes) {
            nodeNames.add(graph.nodes[node].id());
        }
        final var linkNames = new ArrayList<String>(links.length);
        for (int link : links) {
            linkNames.add(graph.links[link].id());
        }
        return new KeyPath(nodeNames, linkNames, cost);
    }
}
