/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.Arrays;

/**
 * Which nodes are connected under a filter whatever the spare rate: every node that may relay carries the number of
 * its component (over usable links between usable relays). Computed once per {@link Filter.UsableKey} and graph
 * version, it answers "would any rate do?" without a search. Used under the graph's read lock.
 */
final class Components {
    private static final int NONE = -1;
    // reached(): a usable link joins the ends directly (compared by identity)
    private static final int[] DIRECT = { NONE };

    private final long version;
    private final Filter.UsableKey key;
    // by node: component number, NONE for a node that may not relay
    private final int[] component;

    private Components(final long version, final Filter.UsableKey key, final int[] component) {
        this.version = version;
        this.key = key;
        this.component = component;
    }

    // filter ignores the spare rate
    static Components compute(final Filter filter, final Filter.UsableKey key, final long version) {
        final var graph = filter.graph;
        final int slots = graph.nodeSlots;
        final var component = new int[slots];
        Arrays.fill(component, NONE);
        final var queue = new int[slots];
        int count = 0;
        for (int start = 0; start < slots; start++) {
            if (component[start] != NONE || !relay(filter, start)) {
                continue;
            }
            component[start] = count;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            while (head < tail) {
                final int node = queue[head++];
                final var at = graph.adjacency[node];
                for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                    final int link = at[i];
                    final int next = graph.otherEnd(link, node);
                    if (component[next] == NONE && filter.linkUsable(link) && relay(filter, next)) {
                        component[next] = count;
                        queue[tail++] = next;
                    }
                }
            }
            count++;
        }
        return new Components(version, key, component);
    }

    private static boolean relay(final Filter filter, final int node) {
        return filter.graph.nodes[node] != null && filter.nodeUsable(node) && filter.relays(node);
    }

    boolean matches(final Filter.UsableKey otherKey, final long otherVersion) {
        return version == otherVersion && key.equals(otherKey);
    }

    // whether a route joins the ends under the filter (which ignores the spare rate, as the components were made);
    // an end that may not relay reaches the components of its relaying neighbours
    boolean connected(final Filter filter, final int source, final int destination) {
        if (!filter.nodeUsable(source) || !filter.nodeUsable(destination)) {
            return false;
        }
        final var fromSource = reached(filter, source, destination);
        if (fromSource == DIRECT) {
            return true;
        }
        final var fromDestination = reached(filter, destination, source);
        if (fromDestination == DIRECT) {
            return true;
        }
        for (int mine : fromSource) {
            for (int theirs : fromDestination) {
                if (mine == theirs) {
                    return true;
                }
            }
        }
        return false;
    }

    // components an end's routes enter, or DIRECT when a usable link joins it to the other end directly
    private int[] reached(final Filter filter, final int end, final int otherEnd) {
        if (component[end] != NONE) {
            return new int[] { component[end] };
        }
        final var graph = filter.graph;
        final var at = graph.adjacency[end];
        final int degree = graph.degree[end];
        final var found = new int[degree];
        int count = 0;
        for (int i = 0; i < degree; i++) {
            final int link = at[i];
            if (!filter.linkUsable(link)) {
                continue;
            }
            final int next = graph.otherEnd(link, end);
            if (next == otherEnd) {
                return DIRECT;
            }
            if (component[next] != NONE) {
                found[count++] = component[next];
            }
        }
        return Arrays.copyOf(found, count);
    }
}
