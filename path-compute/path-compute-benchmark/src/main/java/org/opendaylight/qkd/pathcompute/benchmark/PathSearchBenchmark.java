/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.benchmark;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.AStarShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.opendaylight.qkd.pathcompute.algo.DisjointPair;
import org.opendaylight.qkd.pathcompute.algo.KeyPath;
import org.opendaylight.qkd.pathcompute.algo.PathConstraints;
import org.opendaylight.qkd.pathcompute.algo.PathFinder;
import org.opendaylight.qkd.pathcompute.algo.SearchResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One query per invocation, each between the next of a fixed list of endpoint pairs (cycled, from the first one in
 * every iteration): the constrained path, k = 3 and the disjoint pair under {@link #CONSTRAINTS}, and JGraphT's
 * Dijkstra and A* (Euclidean heuristic) for the fewest hops on the same graph, which know no constraints. The
 * constraints are active on every link and node (spare rate, QBER limit, and as always trusted relays only) but
 * bind rarely: no link has less than 20 kbit/s, an eighth of the links are above the QBER limit and a tenth of the
 * nodes are untrusted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@SuppressFBWarnings(value = "UWF_FIELD_NOT_INITIALIZED_IN_CONSTRUCTOR", justification = "JMH calls build() first")
public class PathSearchBenchmark {
    /** The constraints of the searches: 1 kbit/s, QBER at most 4.5 %, hop metric, trusted relays. */
    static final PathConstraints CONSTRAINTS = PathConstraints.builder(1_000).maxLinkQber(0.045).build();
    /** Seed of a graph of the given size. */
    static final long GRAPH_SEED = 20_261_125L;
    /** Number of endpoint pairs cycled through. */
    static final int PAIRS = 1_024;

    @Param({"10000", "100000"})
    public int nodes;

    private GeometricGraph graph;
    private int[][] pairs;
    private String[][] names;
    private DijkstraShortestPath<Integer, DefaultWeightedEdge> dijkstra;
    private AStarShortestPath<Integer, DefaultWeightedEdge> astar;
    private int next;

    /**
     * The graph of a size, the same in every run.
     *
     * @param size number of nodes
     * @return the graph
     */
    static GeometricGraph graph(final int size) {
        return new GeometricGraph(size, GRAPH_SEED + size);
    }

    /**
     * The endpoint pairs of a graph, the same in every run.
     *
     * @param graph the graph
     * @param count how many: the first pairs of any count are the same
     * @return node numbers
     */
    static int[][] pairs(final GeometricGraph graph, final int count) {
        return graph.connectedPairs(count, CONSTRAINTS, 7L * graph.nodes);
    }

    @Setup(Level.Trial)
    public void build() {
        graph = graph(nodes);
        pairs = pairs(graph, PAIRS);
        names = new String[PAIRS][];
        for (int i = 0; i < PAIRS; i++) {
            names[i] = new String[] {GeometricGraph.name(pairs[i][0]), GeometricGraph.name(pairs[i][1])};
        }
        dijkstra = new DijkstraShortestPath<>(graph.jgrapht);
        astar = new AStarShortestPath<>(graph.jgrapht, graph.hopsHeuristic);
    }

    // every iteration walks the pairs from the first: slow searches, which get through a few pairs only, see the
    // same ones as fast searches
    @Setup(Level.Iteration)
    public void rewind() {
        next = -1;
    }

    private int nextPair() {
        next = next + 1 >= PAIRS ? 0 : next + 1;
        return next;
    }

    @Benchmark
    public SearchResult<KeyPath> constrained() {
        final var pair = names[nextPair()];
        return PathFinder.shortest(graph.keyGraph, pair[0], pair[1], CONSTRAINTS);
    }

    @Benchmark
    public SearchResult<List<KeyPath>> kShortest3() {
        final var pair = names[nextPair()];
        return PathFinder.kShortest(graph.keyGraph, pair[0], pair[1], CONSTRAINTS, 3);
    }

    @Benchmark
    public SearchResult<DisjointPair> disjointPair() {
        final var pair = names[nextPair()];
        return PathFinder.disjointPair(graph.keyGraph, pair[0], pair[1], CONSTRAINTS);
    }

    @Benchmark
    public GraphPath<Integer, DefaultWeightedEdge> jgraphtDijkstra() {
        final var pair = pairs[nextPair()];
        return dijkstra.getPath(pair[0], pair[1]);
    }

    @Benchmark
    public GraphPath<Integer, DefaultWeightedEdge> jgraphtAStar() {
        final var pair = pairs[nextPair()];
        return astar.getPath(pair[0], pair[1]);
    }
}
