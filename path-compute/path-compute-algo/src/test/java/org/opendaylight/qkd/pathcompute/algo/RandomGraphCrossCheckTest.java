/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every search against an exhaustive enumeration of the simple paths of small random graphs: untrusted relays, down
 * links, tight rates and excluded operators included, under the hop metric and a mixed one.
 */
class RandomGraphCrossCheckTest {
    private static final int GRAPHS = 600;
    private static final double EPSILON = 1e-9;

    private record Edge(String id, String nodeA, String nodeB) {
    }

    private record Candidate(List<String> nodes, List<String> links, double cost) {
    }

    @Test
    void searchesAgreeWithExhaustiveEnumeration() {
        final var random = new SplittableRandom(20261125);
        int withPath = 0;
        int withPair = 0;
        for (int round = 0; round < GRAPHS; round++) {
            final int size = 4 + random.nextInt(6);
            final var graph = new KeyGraph();
            final var edges = new ArrayList<Edge>();
            for (int node = 0; node < size; node++) {
                graph.putNode(new KeyNode("n" + node, random.nextInt(6) != 0, random.nextInt(4) == 0 ? "OpX" : "OpA",
                    "DE"));
            }
            for (int from = 0; from < size; from++) {
                for (int to = from + 1; to < size; to++) {
                    if (random.nextDouble() < 0.45) {
                        final var state = random.nextInt(8) == 0 ? LinkState.DOWN : LinkState.UP;
                        final var id = "n" + from + "-n" + to;
                        graph.putLink(new KeyLink(id, "n" + from, "n" + to, state, 1_000 + random.nextInt(9_000),
                            random.nextDouble() * 0.1, Long.MAX_VALUE));
                        edges.add(new Edge(id, "n" + from, "n" + to));
                    }
                }
            }
            final var metric = round % 2 == 0 ? PathMetric.HOPS : new PathMetric(1, 3, 2);
            final var builder = PathConstraints.builder(2_000 + random.nextInt(4_000)).metric(metric);
            if (round % 3 == 0) {
                builder.excludedOperators(Set.of("OpX"));
            }
            if (round % 5 == 0) {
                builder.maxHops(2 + random.nextInt(2));
            }
            final var constraints = builder.build();
            final var all = enumerate(graph, edges, "n0", "n" + (size - 1), constraints);
            all.sort((one, other) -> Double.compare(one.cost(), other.cost()));

            final var shortest = PathFinder.shortest(graph, "n0", "n" + (size - 1), constraints);
            if (all.isEmpty()) {
                assertInstanceOf(SearchResult.NotFound.class, shortest, "round " + round);
                continue;
            }
            withPath++;
            final var path = SearchResults.found(shortest);
            assertEquals(all.get(0).cost(), path.cost(), EPSILON, "round " + round + ": " + path);
            assertTrue(all.stream().anyMatch(candidate -> candidate.links().equals(path.links())), "round " + round);

            // k = 4: the same costs as the 4 cheapest simple paths, no path twice
            final var ranked = SearchResults.found(PathFinder.kShortest(graph, "n0", "n" + (size - 1), constraints,
                4));
            assertEquals(Math.min(4, all.size()), ranked.size(), "round " + round);
            assertEquals(ranked.size(), new HashSet<>(ranked.stream().map(KeyPath::links).toList()).size());
            for (int i = 0; i < ranked.size(); i++) {
                assertEquals(all.get(i).cost(), ranked.get(i).cost(), EPSILON, "round " + round + " rank " + i);
                assertEquals(new HashSet<>(ranked.get(i).nodes()).size(), ranked.get(i).nodes().size(), "loop-free");
            }

            // disjoint pair: least total cost over all pairs without a common relay or link
            double bestPair = Double.POSITIVE_INFINITY;
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    if (disjoint(all.get(i), all.get(j))) {
                        bestPair = Math.min(bestPair, all.get(i).cost() + all.get(j).cost());
                    }
                }
            }
            final var pair = PathFinder.disjointPair(graph, "n0", "n" + (size - 1), constraints);
            if (bestPair == Double.POSITIVE_INFINITY) {
                assertInstanceOf(SearchResult.NotFound.class, pair, "round " + round);
            } else if (constraints.maxHops() == PathConstraints.UNLIMITED_HOPS) {
                withPair++;
                final var found = SearchResults.found(pair);
                assertEquals(bestPair, found.primary().cost() + found.backup().cost(), EPSILON, "round " + round);
                assertFalse(found.primary().cost() > found.backup().cost());
            }
        }
        assertTrue(withPath > GRAPHS / 3, "enough graphs with a path: " + withPath);
        assertTrue(withPair > GRAPHS / 15, "enough graphs with a disjoint pair: " + withPair);
    }

    private static boolean disjoint(final Candidate one, final Candidate other) {
        final var relays = new HashSet<>(one.nodes().subList(1, one.nodes().size() - 1));
        return other.nodes().subList(1, other.nodes().size() - 1).stream().noneMatch(relays::contains)
            && other.links().stream().noneMatch(one.links()::contains);
    }

    // every simple path whose relays are trusted and whose links and nodes pass the constraints
    private static List<Candidate> enumerate(final KeyGraph graph, final List<Edge> edges, final String source,
            final String destination, final PathConstraints constraints) {
        final var result = new ArrayList<Candidate>();
        final var nodes = new ArrayList<String>(List.of(source));
        walk(graph, edges, destination, constraints, nodes, new ArrayList<>(), 0, result);
        return result;
    }

    private static void walk(final KeyGraph graph, final List<Edge> edges, final String destination,
            final PathConstraints constraints, final List<String> nodes, final List<String> links, final double cost,
            final List<Candidate> result) {
        final var here = nodes.get(nodes.size() - 1);
        if (here.equals(destination)) {
            if (links.size() <= constraints.maxHops()) {
                result.add(new Candidate(List.copyOf(nodes), List.copyOf(links), cost));
            }
            return;
        }
        if (nodes.size() > 1 && !graph.node(here).orElseThrow().trusted()) {
            return;
        }
        for (var edge : edges) {
            final String next;
            if (edge.nodeA().equals(here)) {
                next = edge.nodeB();
            } else if (edge.nodeB().equals(here)) {
                next = edge.nodeA();
            } else {
                continue;
            }
            final var link = graph.link(edge.id()).orElseThrow();
            final var node = graph.node(next).orElseThrow();
            if (nodes.contains(next) || link.state() != LinkState.UP || link.keyRateBps() < constraints.rateBps()
                    || constraints.excludedOperators().contains(node.operator())
                    || constraints.excludedOperators().contains(graph.node(nodes.get(0)).orElseThrow().operator())) {
                continue;
            }
            nodes.add(next);
            links.add(edge.id());
            walk(graph, edges, destination, constraints, nodes, links, cost + constraints.metric().cost(link.qber(),
                constraints.rateBps(), link.keyRateBps()), result);
            nodes.remove(nodes.size() - 1);
            links.remove(links.size() - 1);
        }
    }
}
