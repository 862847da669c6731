/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;

/**
 * Path searches over a {@link KeyGraph} under {@link PathConstraints}.
 *
 * <p>Every search relays through trusted nodes only (the endpoints need not be relays), uses only links that are
 * usable under the constraints and nodes that no exclusion hits, and answers with the constraint in the way when
 * nothing satisfies them: each constraint is relaxed in turn, and the first whose relaxation yields a result is the
 * reason ({@link DecisionReason}).
 *
 * <p>Single paths come from A* with landmark lower bounds on hops, scaled by the metric's hop weight, which is
 * exact for every {@link PathMetric}. With the hop metric the cheapest path is also the one with fewest hops; with a
 * mixed metric whose cheapest path is longer than the hop limit, a search by hop levels finds the cheapest path
 * within the limit. Required nodes are visited in their order, segment by segment, each segment avoiding the nodes
 * of the previous ones.
 *
 * <p>This class holds the queries and the diagnosis of a failed one; each algorithm is a class of its own:
 * {@link ShortestRoutes}, {@link KShortestRoutes} (Yen), {@link DisjointRoutes} (Suurballe) and {@link FlowSplit}
 * (maximum flow), all working on {@link Route}s, which are graph indices valid under the graph's read lock.
 */
public final class PathFinder {
    private static final List<DecisionReason> RELAXATIONS = List.of(DecisionReason.INSUFFICIENT_RATE,
        DecisionReason.INSUFFICIENT_STORED_KEY, DecisionReason.MAX_HOPS_EXCEEDED, DecisionReason.LINK_COMPROMISED,
        DecisionReason.EXCLUDED_NODE, DecisionReason.REQUIRED_NODE_UNREACHABLE, DecisionReason.EXCLUDED_OPERATOR,
        DecisionReason.EXCLUDED_JURISDICTION, DecisionReason.UNTRUSTED_NODE);

    private PathFinder() {
        // static functions only
    }

    /**
     * Finds the cheapest path under the constraints' metric.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what the path must satisfy
     * @return the path, or why there is none
     */
    public static SearchResult<KeyPath> shortest(final KeyGraph graph, final String source, final String destination,
            final PathConstraints constraints) {
        return betweenEnds(graph, source, destination, (from, to) -> {
            final var route = ShortestRoutes.firstRoute(new Filter(graph, constraints, Set.of()), from, to);
            return route != null ? new SearchResult.Found<>(route.toPath(graph))
                : new SearchResult.NotFound<>(diagnose(graph, constraints,
                    filter -> ShortestRoutes.exists(filter, from, to)));
        });
    }

    /**
     * Finds up to k loop-free paths, cheapest first (Yen's algorithm over the constrained search). With required
     * nodes only the one route through them is given.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what each path must satisfy
     * @param count how many paths at most, at least 1
     * @return the paths (at least one), or why there is none
     */
    public static SearchResult<List<KeyPath>> kShortest(final KeyGraph graph, final String source,
            final String destination, final PathConstraints constraints, final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("number of paths must be at least 1, was " + count);
        }
        return betweenEnds(graph, source, destination, (from, to) -> {
            final var filter = new Filter(graph, constraints, Set.of());
            final var first = ShortestRoutes.firstRoute(filter, from, to);
            if (first == null) {
                return new SearchResult.NotFound<>(diagnose(graph, constraints,
                    relaxed -> ShortestRoutes.exists(relaxed, from, to)));
            }
            final var found = new ArrayList<Route>();
            found.add(first);
            if (constraints.requiredNodes().isEmpty()) {
                KShortestRoutes.yen(filter, first, to, count, found);
            }
            return new SearchResult.Found<>(found.stream().map(route -> route.toPath(graph)).toList());
        });
    }

    /**
     * Finds two paths that share no relay and no link, with the least total cost (Suurballe's algorithm on the
     * node-split graph), both within the constraints. Not available with required nodes, which both paths would
     * have to share.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what each path must satisfy
     * @return the pair, or why there is none
     */
    public static SearchResult<DisjointPair> disjointPair(final KeyGraph graph, final String source,
            final String destination, final PathConstraints constraints) {
        return betweenEnds(graph, source, destination, (from, to) -> {
            if (!constraints.requiredNodes().isEmpty()) {
                return new SearchResult.NotFound<>(DecisionReason.REQUIRED_NODE_UNREACHABLE);
            }
            final var pair = DisjointRoutes.suurballe(new Filter(graph, constraints, Set.of()), from, to);
            return pair != null ? new SearchResult.Found<>(pair)
                : new SearchResult.NotFound<>(diagnose(graph, constraints,
                    relaxed -> DisjointRoutes.suurballe(relaxed, from, to) != null));
        });
    }

    /**
     * Splits a demand over several paths when no single one carries it: a maximum flow (shortest augmenting paths
     * over spare rates, through trusted relays, under the other constraints) is computed up to the demanded rate
     * and decomposed into paths. Paths over the hop limit are dropped, and at most {@code maxPaths} of the largest
     * are kept; they must still carry the whole rate.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints the constraints; their rate is the total demanded
     * @param maxPaths most paths to split over, at least 1
     * @return the paths with their rates, summing to the demanded rate, or why the demand does not fit
     */
    public static SearchResult<List<PathShare>> split(final KeyGraph graph, final String source,
            final String destination, final PathConstraints constraints, final int maxPaths) {
        if (maxPaths < 1) {
            throw new IllegalArgumentException("number of paths must be at least 1, was " + maxPaths);
        }
        return betweenEnds(graph, source, destination, (from, to) -> {
            if (!constraints.requiredNodes().isEmpty()) {
                final var single = ShortestRoutes.route(new Filter(graph, constraints, Set.of()), from, to);
                return single != null
                    ? new SearchResult.Found<>(List.of(new PathShare(single.toPath(graph), constraints.rateBps())))
                    : new SearchResult.NotFound<>(diagnose(graph, constraints,
                        relaxed -> ShortestRoutes.route(relaxed, from, to) != null));
            }
            final var anyRate = new Filter(graph, constraints, EnumSet.of(DecisionReason.INSUFFICIENT_RATE));
            final var shares = FlowSplit.maxFlowSplit(anyRate, from, to, constraints.rateBps(), maxPaths);
            if (shares != null) {
                return new SearchResult.Found<>(shares);
            }
            return new SearchResult.NotFound<>(ShortestRoutes.route(anyRate, from, to) != null
                ? DecisionReason.INSUFFICIENT_RATE
                : diagnose(graph, constraints, relaxed -> ShortestRoutes.route(relaxed, from, to) != null));
        });
    }

    /**
     * Checks that a given path, by its links, still satisfies the constraints: every link exists, is usable and has
     * the spare rate, the relays are usable trusted nodes, no node is visited twice, the hop limit holds and the
     * required nodes are on it. A controller that takes over keeps the paths it finds placed this way.
     *
     * @param graph the key graph
     * @param source source node, where the first link starts
     * @param destination destination node, not the source, where the last link ends
     * @param links the path's links, from the source
     * @param constraints what the path must satisfy
     * @return the path with its cost under the constraints' metric, or {@code no-path} when it does not satisfy them
     *     ({@code unknown-endpoint} when an end is not in the graph)
     */
    public static SearchResult<KeyPath> follow(final KeyGraph graph, final String source, final String destination,
            final List<String> links, final PathConstraints constraints) {
        return betweenEnds(graph, source, destination, (from, to) -> {
            final var filter = new Filter(graph, constraints, Set.of());
            final var route = ShortestRoutes.along(filter, from, to, links);
            return route != null ? new SearchResult.Found<>(route.toPath(graph))
                : new SearchResult.NotFound<>(DecisionReason.NO_PATH);
        });
    }

    // runs a search between two nodes under the read lock, or answers unknown-endpoint
    private static <T> SearchResult<T> betweenEnds(final KeyGraph graph, final String source,
            final String destination, final EndsSearch<T> search) {
        if (source.equals(destination)) {
            throw new IllegalArgumentException("source and destination are the same node " + source);
        }
        return graph.read(() -> {
            final var from = graph.indexOfNode(source);
            final var to = graph.indexOfNode(destination);
            return from == null || to == null ? new SearchResult.NotFound<>(DecisionReason.UNKNOWN_ENDPOINT)
                : search.between(from, to);
        });
    }

    @FunctionalInterface
    private interface EndsSearch<T> {
        SearchResult<T> between(int from, int to);
    }

    // The first relaxation that alone lets the search succeed names the reason; when none does alone, relaxations
    // accumulate and the last one needed is named.
    private static DecisionReason diagnose(final KeyGraph graph, final PathConstraints constraints,
            final Predicate<Filter> succeeds) {
        for (var reason : RELAXATIONS) {
            if (succeeds.test(new Filter(graph, constraints, EnumSet.of(reason)))) {
                return reason;
            }
        }
        final var relaxed = EnumSet.noneOf(DecisionReason.class);
        for (var reason : RELAXATIONS) {
            relaxed.add(reason);
            if (succeeds.test(new Filter(graph, constraints, relaxed))) {
                return reason;
            }
        }
        return DecisionReason.NO_PATH;
    }
}
