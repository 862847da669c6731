/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.benchmark;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.AStarAdmissibleHeuristic;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.algo.KeyLink;
import org.opendaylight.qkd.pathcompute.algo.KeyNode;
import org.opendaylight.qkd.pathcompute.algo.PathConstraints;
import org.opendaylight.qkd.pathcompute.algo.PathFinder;
import org.opendaylight.qkd.pathcompute.algo.SearchResult;

/**
 * A random geometric graph, the same for the same size and seed: nodes uniform in the unit square, a link between
 * every two nodes closer than a radius chosen for an expected average degree of 8 (about 4 links per node). It is
 * built twice over the same links: as a {@link KeyGraph} (10 % of the nodes untrusted, two operators and two
 * jurisdictions, key rates uniform in 20-200 kbit/s, QBER uniform in 1-5 %) and as a JGraphT graph of unit
 * weights (the hop metric), with an admissible A* heuristic for hops: no link is longer than the radius, so a path
 * has at least the Euclidean distance over the radius hops.
 */
final class GeometricGraph {
    /** Expected average degree. */
    static final double AVERAGE_DEGREE = 8;

    final KeyGraph keyGraph = new KeyGraph();
    final SimpleWeightedGraph<Integer, DefaultWeightedEdge> jgrapht =
        new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    final AStarAdmissibleHeuristic<Integer> hopsHeuristic = new HopsHeuristic();
    final int nodes;
    final int links;
    final double radius;
    private final double[] xs;
    private final double[] ys;
    private final boolean[] trusted;
    // the links' ends and QBER, by link number
    private final int[] linkA;
    private final int[] linkB;
    private final double[] linkQber;

    /**
     * Generates a graph.
     *
     * @param nodes number of nodes
     * @param seed random seed
     */
    GeometricGraph(final int nodes, final long seed) {
        final var random = new SplittableRandom(seed);
        this.nodes = nodes;
        radius = Math.sqrt(AVERAGE_DEGREE / (Math.PI * nodes));
        xs = new double[nodes];
        ys = new double[nodes];
        trusted = new boolean[nodes];
        for (int node = 0; node < nodes; node++) {
            xs[node] = random.nextDouble();
            ys[node] = random.nextDouble();
            trusted[node] = random.nextInt(10) != 0;
            keyGraph.putNode(new KeyNode(name(node), trusted[node], random.nextBoolean() ? "OpA" : "OpB",
                random.nextBoolean() ? "DE" : "FR"));
            jgrapht.addVertex(node);
        }

        // grid of cells no smaller than the radius: a node's neighbours are in its cell or the eight around it
        final int side = Math.max(1, (int) (1 / radius));
        final var cellStart = new int[side * side + 1];
        for (int node = 0; node < nodes; node++) {
            cellStart[cellOf(node, side) + 1]++;
        }
        for (int cell = 0; cell < side * side; cell++) {
            cellStart[cell + 1] += cellStart[cell];
        }
        final var byCell = new int[nodes];
        final var fill = Arrays.copyOf(cellStart, side * side);
        for (int node = 0; node < nodes; node++) {
            byCell[fill[cellOf(node, side)]++] = node;
        }

        final int expected = (int) (nodes * AVERAGE_DEGREE / 2 * 1.1) + 16;
        var ends = new int[2 * expected];
        var qbers = new double[expected];
        int count = 0;
        for (int node = 0; node < nodes; node++) {
            final int cx = column(xs[node], side);
            final int cy = column(ys[node], side);
            for (int x = Math.max(0, cx - 1); x <= Math.min(side - 1, cx + 1); x++) {
                for (int y = Math.max(0, cy - 1); y <= Math.min(side - 1, cy + 1); y++) {
                    final int cell = x * side + y;
                    for (int i = cellStart[cell]; i < cellStart[cell + 1]; i++) {
                        final int other = byCell[i];
                        if (other <= node || Math.hypot(xs[node] - xs[other], ys[node] - ys[other]) >= radius) {
                            continue;
                        }
                        if (count == qbers.length) {
                            ends = Arrays.copyOf(ends, 4 * count);
                            qbers = Arrays.copyOf(qbers, 2 * count);
                        }
                        final long rate = 20_000 + random.nextInt(180_001);
                        final double qber = 0.01 + 0.04 * random.nextDouble();
                        keyGraph.putLink(KeyLink.up("l" + count, name(node), name(other), rate, qber));
                        jgrapht.setEdgeWeight(jgrapht.addEdge(node, other), 1);
                        ends[2 * count] = node;
                        ends[2 * count + 1] = other;
                        qbers[count] = qber;
                        count++;
                    }
                }
            }
        }
        links = count;
        linkA = new int[count];
        linkB = new int[count];
        for (int link = 0; link < count; link++) {
            linkA[link] = ends[2 * link];
            linkB[link] = ends[2 * link + 1];
        }
        linkQber = Arrays.copyOf(qbers, count);
    }

    /**
     * The name of a node in the key graph.
     *
     * @param node node number
     * @return its name
     */
    static String name(final int node) {
        return "n" + node;
    }

    /**
     * The distance between two nodes in the unit square.
     *
     * @param from one node
     * @param to another
     * @return their distance
     */
    double distance(final int from, final int to) {
        return Math.hypot(xs[from] - xs[to], ys[from] - ys[to]);
    }

    /**
     * Number of trusted nodes.
     *
     * @return how many nodes may relay
     */
    int trustedNodes() {
        int count = 0;
        for (boolean relay : trusted) {
            if (relay) {
                count++;
            }
        }
        return count;
    }

    /**
     * Endpoint pairs, drawn at random, joined by a path under the constraints. Both endpoints must attach to the
     * largest component of trusted nodes over links within the QBER limit (the giant component: other pairs are
     * mostly not connected at all, and a failed search with its diagnosis would slow the set-up down); each pair
     * is then confirmed by {@link PathFinder#shortest} and skipped when it finds nothing.
     *
     * @param count how many pairs
     * @param constraints the constraints the path must meet; only rates below 20 kbit/s are sensible
     * @param seed random seed
     * @return pairs of node numbers
     */
    int[][] connectedPairs(final int count, final PathConstraints constraints, final long seed) {
        final var component = trustedComponents(constraints.maxLinkQber());
        final var size = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            if (component[node] >= 0) {
                size[component[node]]++;
            }
        }
        int giant = 0;
        for (int root = 0; root < nodes; root++) {
            if (size[root] > size[giant]) {
                giant = root;
            }
        }
        // whether a node is in the giant component or has a usable link into it
        final var attached = new boolean[nodes];
        for (int node = 0; node < nodes; node++) {
            attached[node] = component[node] == giant;
        }
        for (int link = 0; link < links; link++) {
            if (linkQber[link] <= constraints.maxLinkQber()) {
                attached[linkA[link]] |= component[linkB[link]] == giant;
                attached[linkB[link]] |= component[linkA[link]] == giant;
            }
        }
        final var random = new SplittableRandom(seed);
        final var pairs = new int[count][];
        int found = 0;
        for (int attempt = 0; found < count; attempt++) {
            if (attempt > 100 * count) {
                throw new IllegalStateException("graph too fragmented: only " + found + " connected pairs");
            }
            final int from = random.nextInt(nodes);
            final int to = random.nextInt(nodes);
            if (from != to && attached[from] && attached[to]
                    && PathFinder.shortest(keyGraph, name(from), name(to), constraints) instanceof SearchResult.Found) {
                pairs[found++] = new int[] {from, to};
            }
        }
        return pairs;
    }

    // components of trusted nodes over links within the QBER limit (union-find), by root; -1 for untrusted nodes
    private int[] trustedComponents(final double maxQber) {
        final var parent = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            parent[node] = node;
        }
        for (int link = 0; link < links; link++) {
            if (trusted[linkA[link]] && trusted[linkB[link]] && linkQber[link] <= maxQber) {
                parent[root(parent, linkA[link])] = root(parent, linkB[link]);
            }
        }
        final var component = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            component[node] = trusted[node] ? root(parent, node) : -1;
        }
        return component;
    }

    private static int root(final int[] parent, final int node) {
        int root = node;
        while (parent[root] != root) {
            root = parent[root];
        }
        int at = node;
        while (parent[at] != root) {
            final int up = parent[at];
            parent[at] = root;
            at = up;
        }
        return root;
    }

    private int cellOf(final int node, final int side) {
        return column(xs[node], side) * side + column(ys[node], side);
    }

    private static int column(final double coordinate, final int side) {
        return Math.min(side - 1, (int) (coordinate * side));
    }

    /**
     * Euclidean distance over the radius: a lower bound on hops that never drops by more than 1 over a link, so it
     * is consistent as well as admissible.
     */
    private final class HopsHeuristic implements AStarAdmissibleHeuristic<Integer> {
        @Override
        public double getCostEstimate(final Integer source, final Integer target) {
            return Math.hypot(xs[source] - xs[target], ys[source] - ys[target]) / radius;
        }

        @Override
        public <E> boolean isConsistent(final Graph<Integer, E> graph) {
            return true;
        }
    }
}
