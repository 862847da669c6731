/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Searches against a plain breadth-first reference while the graph churns: demands are placed and released, links
 * change state, nodes change trust, links appear and vanish. The graph is large enough and loaded enough that
 * searches fail after exploring hundreds of nodes, so the proofs of no route that failed searches leave behind
 * (cuts) and the connectivity kept for diagnosis are used and must follow every change.
 */
class ChurnCrossCheckTest {
    private static final int NODES = 300;
    private static final double RADIUS = 0.09;
    private static final double QBER_LIMIT = 0.045;
    private static final int STEPS = 6_000;
    private static final int LIFETIME = 60;
    private static final LinkState[] STATES = { LinkState.UP, LinkState.UP, LinkState.UP, LinkState.DEGRADED,
        LinkState.ABORTED, LinkState.DOWN };

    // the test's own model of the graph
    private final Map<String, Boolean> trusted = new HashMap<>();
    private final Map<String, KeyLink> links = new HashMap<>();
    private final Map<String, List<String>> linksAt = new HashMap<>();
    private final KeyGraph graph = new KeyGraph();

    @Test
    void searchesFollowEveryChange() {
        final var random = new SplittableRandom(7);
        final var x = new double[NODES];
        final var y = new double[NODES];
        for (int node = 0; node < NODES; node++) {
            x[node] = random.nextDouble();
            y[node] = random.nextDouble();
            putNode("n" + node, random.nextInt(10) != 0);
        }
        final var absent = new ArrayList<KeyLink>();
        for (int from = 0; from < NODES; from++) {
            for (int to = from + 1; to < NODES; to++) {
                if (Math.hypot(x[from] - x[to], y[from] - y[to]) < RADIUS) {
                    final var link = KeyLink.up("n" + from + "-n" + to, "n" + from, "n" + to,
                        4_000 + random.nextInt(8_000), random.nextDouble() * 0.05);
                    if (random.nextInt(20) == 0) {
                        absent.add(link);
                    } else {
                        putLink(link);
                    }
                }
            }
        }

        final var live = new KeyGraph.Reservation[LIFETIME];
        int served = 0;
        int bigRefusals = 0;
        final var reasons = new HashMap<DecisionReason, Integer>();
        for (int step = 0; step < STEPS; step++) {
            final int slot = step % LIFETIME;
            if (live[slot] != null) {
                graph.release(live[slot]);
                live[slot] = null;
            }
            if (step % 3 == 1) {
                final var ids = new ArrayList<>(links.keySet());
                final var old = links.get(ids.get(random.nextInt(ids.size())));
                putLink(new KeyLink(old.id(), old.nodeA(), old.nodeB(), STATES[random.nextInt(STATES.length)],
                    old.keyRateBps(), random.nextDouble() * 0.05, old.poolBits()));
            }
            if (step % 47 == 5) {
                final var node = "n" + random.nextInt(NODES);
                putNode(node, !trusted.get(node));
            }
            if (step % 61 == 13) {
                // a link vanishes and another one (re)appears
                final var ids = new ArrayList<>(links.keySet());
                final var gone = links.remove(ids.get(random.nextInt(ids.size())));
                linksAt.get(gone.nodeA()).remove(gone.id());
                linksAt.get(gone.nodeB()).remove(gone.id());
                graph.removeLink(gone.id());
                absent.add(gone);
                putLink(absent.remove(random.nextInt(absent.size())));
            }

            final var source = "n" + random.nextInt(NODES);
            var destination = source;
            while (destination.equals(source)) {
                destination = "n" + random.nextInt(NODES);
            }
            final long rate = 500 + random.nextInt(3_000);
            final var constraints = PathConstraints.builder(rate).maxLinkQber(QBER_LIMIT).build();
            final var result = PathFinder.shortest(graph, source, destination, constraints);
            final int expected = hops(source, destination, rate, false, false);
            final var context = "step " + step + ": " + source + " -> " + destination + " at " + rate;
            if (expected < 0) {
                final var reason = SearchResults.reason(result);
                assertEquals(expectedReason(source, destination, rate), reason, context);
                reasons.merge(reason, 1, Integer::sum);
                if (reached(source, rate) >= Cuts.MIN_NODES) {
                    bigRefusals++;
                }
                continue;
            }
            final var path = SearchResults.found(result);
            assertEquals(expected, path.hops(), context);
            checkPath(path, rate, context);
            live[slot] = graph.reserve(path, rate).orElseThrow();
            served++;
        }
        // the scenario must load the graph: many paths, many refusals after large searches, several reasons
        assertTrue(served > STEPS / 4, "served " + served);
        assertTrue(bigRefusals > STEPS / 10, "refusals after exploring many nodes " + bigRefusals);
        assertTrue(reasons.size() >= 3, "reasons " + reasons);
    }

    private void putNode(final String id, final boolean isTrusted) {
        trusted.put(id, isTrusted);
        linksAt.putIfAbsent(id, new ArrayList<>());
        graph.putNode(new KeyNode(id, isTrusted, "OpA", "DE"));
    }

    private void putLink(final KeyLink link) {
        if (links.put(link.id(), link) == null) {
            linksAt.get(link.nodeA()).add(link.id());
            linksAt.get(link.nodeB()).add(link.id());
        }
        graph.putLink(link);
    }

    private void checkPath(final KeyPath path, final long rate, final String context) {
        final var nodes = path.nodes();
        for (int i = 0; i < path.links().size(); i++) {
            final var link = links.get(path.links().get(i));
            assertTrue(usable(link, rate, false), context + ": " + link);
            assertTrue(link.nodeA().equals(nodes.get(i)) && link.nodeB().equals(nodes.get(i + 1))
                || link.nodeB().equals(nodes.get(i)) && link.nodeA().equals(nodes.get(i + 1)), context);
        }
        for (var relay : path.relays()) {
            assertTrue(trusted.get(relay), context + ": untrusted relay " + relay);
        }
    }

    // the reason as the planner defines it, for the constraints used here (rate, link QBER and state, trust)
    private DecisionReason expectedReason(final String source, final String destination, final long rate) {
        if (hops(source, destination, 0, false, false) >= 0) {
            return DecisionReason.INSUFFICIENT_RATE;
        }
        if (hops(source, destination, rate, true, false) >= 0) {
            return DecisionReason.LINK_COMPROMISED;
        }
        if (hops(source, destination, rate, false, true) >= 0) {
            return DecisionReason.UNTRUSTED_NODE;
        }
        // relaxations accumulate: rate, then links, then trust
        if (hops(source, destination, 0, true, false) >= 0) {
            return DecisionReason.LINK_COMPROMISED;
        }
        return hops(source, destination, 0, true, true) >= 0 ? DecisionReason.UNTRUSTED_NODE
            : DecisionReason.NO_PATH;
    }

    private boolean usable(final KeyLink link, final long rate, final boolean anyLink) {
        // degraded links are allowed by default; aborted ones only when link state is relaxed; down never
        final boolean stateOk = link.state() == LinkState.UP || link.state() == LinkState.DEGRADED
            || anyLink && link.state() == LinkState.ABORTED;
        return stateOk && (anyLink || link.qber() <= QBER_LIMIT) && graph.spareBps(link.id()) >= rate;
    }

    // fewest hops through trusted relays (any relay when anyRelay), -1 when no route
    private int hops(final String source, final String destination, final long rate, final boolean anyLink,
            final boolean anyRelay) {
        final var distance = breadthFirst(source, destination, rate, anyLink, anyRelay);
        return distance.getOrDefault(destination, -1);
    }

    // how many nodes a search from the source under the constraints expands
    private int reached(final String source, final long rate) {
        return (int) breadthFirst(source, null, rate, false, false).keySet().stream()
            .filter(node -> node.equals(source) || trusted.get(node)).count();
    }

    private Map<String, Integer> breadthFirst(final String source, final String destination, final long rate,
            final boolean anyLink, final boolean anyRelay) {
        final var distance = new HashMap<String, Integer>();
        final var queue = new ArrayDeque<String>();
        distance.put(source, 0);
        queue.add(source);
        while (!queue.isEmpty()) {
            final var node = queue.poll();
            if (node.equals(destination)) {
                break;
            }
            if (!node.equals(source) && !anyRelay && !trusted.get(node)) {
                continue;
            }
            for (var id : linksAt.get(node)) {
                final var link = links.get(id);
                final var next = link.nodeA().equals(node) ? link.nodeB() : link.nodeA();
                if (!distance.containsKey(next) && usable(link, rate, anyLink)) {
                    distance.put(next, distance.get(node) + 1);
                    queue.add(next);
                }
            }
        }
        return distance;
    }
}
