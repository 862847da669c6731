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
 * Lower bounds on hop distances from landmarks (the ALT technique): for landmarks L, the distance from v to t is at
 * least {@code |d(L, t) - d(L, v)|}. Distances are over every link regardless of state, so a bound holds for any
 * subgraph a search may be restricted to; bounds are recomputed when nodes or links appear, and stay valid when they
 * disappear.
 */
final class Landmarks {
    static final int UNREACHABLE = Integer.MAX_VALUE;
    private static final int MAX_LANDMARKS = 16;

    private final long version;
    private final int count;
    // node-major: the distances of one node from every landmark are adjacent in memory; 0 from a landmark in
    // another component, which then bounds nothing
    private final int[] distance;
    // by node: its component, for the bound between components
    private final int[] component;

    private Landmarks(final long version, final int[][] byLandmark, final int[] component) {
        this.version = version;
        this.component = component;
        final int slots = component.length;
        count = byLandmark.length;
        distance = new int[count * slots];
        for (int landmark = 0; landmark < count; landmark++) {
            for (int node = 0; node < slots; node++) {
                final int hops = byLandmark[landmark][node];
                distance[node * count + landmark] = hops == UNREACHABLE ? 0 : hops;
            }
        }
    }

    long version() {
        return version;
    }

    // called under the graph's read lock
    static Landmarks compute(final KeyGraph graph, final long version) {
        final int slots = graph.nodeSlots;
        int present = 0;
        int first = -1;
        for (int node = 0; node < slots; node++) {
            if (graph.nodes[node] != null) {
                present++;
                if (first < 0) {
                    first = node;
                }
            }
        }
        final int count = Math.min(MAX_LANDMARKS, present);
        final var distance = new int[count][];
        final var component = components(graph);
        if (count == 0) {
            return new Landmarks(version, distance, component);
        }
        // farthest-point selection: each landmark is the node farthest from those chosen (another component first)
        final var nearest = new int[slots];
        Arrays.fill(nearest, UNREACHABLE);
        final var queue = new int[slots];
        int next = farthest(graph, bfs(graph, first, queue));
        for (int i = 0; i < count; i++) {
            distance[i] = bfs(graph, next, queue);
            for (int node = 0; node < slots; node++) {
                nearest[node] = Math.min(nearest[node], distance[i][node]);
            }
            next = farthest(graph, nearest);
        }
        return new Landmarks(version, distance, component);
    }

    // component numbers by node, -1 for empty slots
    private static int[] components(final KeyGraph graph) {
        final var component = new int[graph.nodeSlots];
        Arrays.fill(component, -1);
        final var queue = new int[graph.nodeSlots];
        int count = 0;
        for (int start = 0; start < graph.nodeSlots; start++) {
            if (graph.nodes[start] == null || component[start] >= 0) {
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
                    final int next = graph.otherEnd(at[i], node);
                    if (component[next] < 0) {
                        component[next] = count;
                        queue[tail++] = next;
                    }
                }
            }
            count++;
        }
        return component;
    }

    /**
     * A target of searches, for {@link #hopsAtLeast(int, Target)}.
     *
     * @param target the target
     * @return its distances from the landmarks
     */
    Target from(final int target) {
        return new Target(component[target], Arrays.copyOfRange(distance, target * count, (target + 1) * count));
    }

    /**
     * A lower bound on the hops from a node to a target.
     *
     * @param node a node
     * @param target the target
     * @return the bound, or {@link #UNREACHABLE} when the target is in another component
     */
    int hopsAtLeast(final int node, final Target target) {
        if (component[node] != target.component) {
            return UNREACHABLE;
        }
        final var toTarget = target.distance;
        int bound = 0;
        final int base = node * count;
        for (int landmark = 0; landmark < count; landmark++) {
            bound = Math.max(bound, Math.abs(toTarget[landmark] - distance[base + landmark]));
        }
        return bound;
    }

    /**
     * A search's target: its component and distances from the landmarks.
     */
    static final class Target {
        private final int component;
        private final int[] distance;

        private Target(final int component, final int[] distance) {
            this.component = component;
            this.distance = distance;
        }
    }

    private static int farthest(final KeyGraph graph, final int[] distance) {
        int best = -1;
        long bestDistance = -1;
        for (int node = 0; node < graph.nodeSlots; node++) {
            if (graph.nodes[node] != null && distance[node] > bestDistance) {
                best = node;
                bestDistance = distance[node];
            }
        }
        return best;
    }

    private static int[] bfs(final KeyGraph graph, final int from, final int[] queue) {
        final var hops = new int[graph.nodeSlots];
        Arrays.fill(hops, UNREACHABLE);
        hops[from] = 0;
        int head = 0;
        int tail = 0;
        queue[tail++] = from;
        while (head < tail) {
            final int node = queue[head++];
            final var at = graph.adjacency[node];
            for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                final int link = at[i];
                final int next = graph.otherEnd(link, node);
                if (hops[next] == UNREACHABLE) {
                    hops[next] = hops[node] + 1;
                    queue[tail++] = next;
                }
            }
        }
        return hops;
    }
}
