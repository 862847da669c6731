/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each constraint changes the path or, when nothing is left, is named as the reason.
 *
 * <pre>
 *        r1 (trusted, OpA, DE)
 *       /  \
 *   a --- u --- b        u: untrusted
 *       \          /
 *        r2 --- r3       r2, r3 trusted, OpB, PL
 * </pre>
 */
class PathFinderTest {
    private KeyGraph graph;

    @BeforeEach
    void setUp() {
        graph = new KeyGraph();
        graph.putNode(new KeyNode("a", true, "OpA", "DE"));
        graph.putNode(new KeyNode("b", true, "OpA", "DE"));
        graph.putNode(new KeyNode("r1", true, "OpA", "DE"));
        graph.putNode(new KeyNode("u", false, "OpA", "DE"));
        graph.putNode(new KeyNode("r2", true, "OpB", "PL"));
        graph.putNode(new KeyNode("r3", true, "OpB", "PL"));
        link("a-r1", "a", "r1", 10_000, 0.02);
        link("r1-b", "r1", "b", 10_000, 0.02);
        link("a-u", "a", "u", 50_000, 0.01);
        link("u-b", "u", "b", 50_000, 0.01);
        link("a-r2", "a", "r2", 20_000, 0.03);
        link("r2-r3", "r2", "r3", 20_000, 0.03);
        link("r3-b", "r3", "b", 20_000, 0.03);
    }

    private void link(final String id, final String from, final String to, final long rate, final double qber) {
        graph.putLink(KeyLink.up(id, from, to, rate, qber));
    }

    private static PathConstraints constraints(final long rate, final int maxHops, final double maxQber,
            final Set<String> nodes, final Set<String> operators, final Set<String> jurisdictions) {
        return PathConstraints.builder(rate).maxHops(maxHops).maxLinkQber(maxQber).excludedNodes(nodes)
            .excludedOperators(operators).excludedJurisdictions(jurisdictions).build();
    }

    private KeyPath found(final PathConstraints constraints) {
        return SearchResults.found(PathFinder.shortest(graph, "a", "b", constraints));
    }

    private DecisionReason notFound(final PathConstraints constraints) {
        return SearchResults.reason(PathFinder.shortest(graph, "a", "b", constraints));
    }

    @Test
    void fewestHopsThroughATrustedRelayNotTheUntrustedOne() {
        final var path = found(PathConstraints.rateOnly(1_000));
        assertEquals(List.of("a", "r1", "b"), path.nodes());
        assertEquals(List.of("a-r1", "r1-b"), path.links());
        assertEquals(2, path.hops());
    }

    @Test
    void excludedNodeIsAvoided() {
        assertEquals(List.of("a", "r2", "r3", "b"),
            found(constraints(1_000, 10, 1, Set.of("r1"), Set.of(), Set.of())).nodes());
    }

    @Test
    void hopLimitIsTheReasonWhenOnlyALongerPathRemains() {
        assertEquals(DecisionReason.MAX_HOPS_EXCEEDED,
            notFound(constraints(1_000, 2, 1, Set.of("r1"), Set.of(), Set.of())));
        assertEquals(3, found(constraints(1_000, 3, 1, Set.of("r1"), Set.of(), Set.of())).hops());
    }

    @Test
    void rateBeyondSpareIsInsufficientRate() {
        // the trusted paths carry 10 kbit/s and 20 kbit/s; only the untrusted one carries 50 kbit/s
        assertEquals(List.of("a", "r2", "r3", "b"), found(PathConstraints.rateOnly(15_000)).nodes());
        assertEquals(DecisionReason.INSUFFICIENT_RATE, notFound(PathConstraints.rateOnly(25_000)));
    }

    @Test
    void qberLimitAvoidsNoisyLinksAndIsNamedWhenNothingElseIsLeft() {
        assertEquals(List.of("a", "r1", "b"), found(constraints(1_000, 10, 0.025, Set.of(), Set.of(), Set.of()))
            .nodes());
        assertEquals(DecisionReason.LINK_COMPROMISED, notFound(constraints(1_000, 10, 0.015, Set.of(), Set.of(),
            Set.of())));
    }

    @Test
    void excludedOperatorAndJurisdiction() {
        assertEquals(List.of("a", "r2", "r3", "b"),
            found(constraints(1_000, 10, 1, Set.of("r1"), Set.of("OpC"), Set.of("FR"))).nodes());
        // with r1 gone, only the operator (or the jurisdiction) of r2 and r3 stands in the way
        graph.removeNode("r1");
        assertEquals(DecisionReason.EXCLUDED_OPERATOR, notFound(constraints(1_000, 10, 1, Set.of(), Set.of("OpB"),
            Set.of())));
        assertEquals(DecisionReason.EXCLUDED_JURISDICTION, notFound(constraints(1_000, 10, 1, Set.of(), Set.of(),
            Set.of("PL"))));
        // an excluded endpoint leaves nothing, whatever else holds
        assertEquals(DecisionReason.EXCLUDED_NODE,
            notFound(constraints(1_000, 10, 1, Set.of("b"), Set.of(), Set.of())));
    }

    @Test
    void whenSeveralConstraintsEachBlockAPathTheFirstInOrderIsNamed() {
        // r1 is excluded by name, r2 and r3 by operator: relaxing either alone gives a path
        assertEquals(DecisionReason.EXCLUDED_NODE,
            notFound(constraints(1_000, 10, 1, Set.of("r1"), Set.of("OpB"), Set.of())));
    }

    @Test
    void onlyAnUntrustedRelayLeftIsNamed() {
        graph.removeNode("r1");
        graph.removeLink("r2-r3");
        assertEquals(DecisionReason.UNTRUSTED_NODE, notFound(PathConstraints.rateOnly(1_000)));
    }

    @Test
    void downLinksMeanNoPath() {
        graph.removeNode("r1");
        graph.removeNode("u");
        graph.putLink(new KeyLink("r2-r3", "r2", "r3", LinkState.DOWN, 20_000, 0.03, 0));
        assertEquals(DecisionReason.NO_PATH, notFound(PathConstraints.rateOnly(1_000)));
    }

    @Test
    void unknownEndpointAndBadArguments() {
        assertEquals(DecisionReason.UNKNOWN_ENDPOINT,
            SearchResults.reason(PathFinder.shortest(graph, "a", "zz", PathConstraints.rateOnly(1))));
        assertThrows(IllegalArgumentException.class,
            () -> PathFinder.shortest(graph, "a", "a", PathConstraints.rateOnly(1)));
        assertThrows(IllegalArgumentException.class, () -> PathConstraints.rateOnly(0));
        assertThrows(IllegalArgumentException.class, () -> PathConstraints.builder(1).maxHops(0).build());
        assertThrows(IllegalArgumentException.class, () -> PathConstraints.builder(1).maxLinkQber(1.5).build());
        assertThrows(IllegalArgumentException.class,
            () -> PathConstraints.builder(1).excludedNodes(Set.of("r1")).requiredNodes(List.of("r1")).build());
        assertThrows(IllegalArgumentException.class, () -> KeyLink.up("l", "a", "a", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyLink.up("l", "a", "b", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> graph.putLink(KeyLink.up("l", "a", "nowhere", 1, 0)));
    }

    @Test
    void abortedLinkIsCompromisedAndDegradedLinksFollowThePolicy() {
        graph.removeNode("u");
        graph.putLink(new KeyLink("r1-b", "r1", "b", LinkState.ABORTED, 10_000, 0.2, 1_000_000));
        assertEquals(List.of("a", "r2", "r3", "b"), found(PathConstraints.rateOnly(1_000)).nodes());
        graph.putLink(new KeyLink("r2-r3", "r2", "r3", LinkState.DEGRADED, 20_000, 0.03, 1_000_000));
        assertEquals(List.of("a", "r2", "r3", "b"), found(PathConstraints.rateOnly(1_000)).nodes());
        final var healthyOnly = PathConstraints.builder(1_000).allowDegraded(false).build();
        assertEquals(DecisionReason.LINK_COMPROMISED, notFound(healthyOnly));
        graph.putLink(KeyLink.up("r1-b", "r1", "b", 10_000, 0.02));
        assertEquals(List.of("a", "r1", "b"), found(healthyOnly).nodes());
    }

    @Test
    void keyPoolFillIsASecondResource() {
        graph.removeNode("u");
        graph.putLink(new KeyLink("r1-b", "r1", "b", LinkState.UP, 10_000, 0.02, 100));
        final var oneKey = PathConstraints.builder(1_000).minPoolBits(256).build();
        assertEquals(List.of("a", "r2", "r3", "b"), found(oneKey).nodes());
        graph.putLink(new KeyLink("r2-r3", "r2", "r3", LinkState.UP, 20_000, 0.03, 255));
        assertEquals(DecisionReason.INSUFFICIENT_STORED_KEY, notFound(oneKey));
        assertEquals(List.of("a", "r1", "b"), found(PathConstraints.rateOnly(1_000)).nodes());
    }

    @Test
    void requiredNodesAreVisitedInOrder() {
        final var viaR3 = PathConstraints.builder(1_000).requiredNodes(List.of("r3")).build();
        assertEquals(List.of("a", "r2", "r3", "b"), found(viaR3).nodes());
        graph.putNode(new KeyNode("r4", true, "OpA", "DE"));
        graph.putLink(KeyLink.up("r1-r4", "r1", "r4", 10_000, 0.01));
        // r4 is a dead end apart from r1: a -> r1 -> r4 -> r1 would revisit r1
        assertEquals(DecisionReason.REQUIRED_NODE_UNREACHABLE,
            notFound(PathConstraints.builder(1_000).requiredNodes(List.of("r4")).build()));
        graph.putLink(KeyLink.up("r4-r3", "r4", "r3", 10_000, 0.01));
        assertEquals(List.of("a", "r1", "r4", "r3", "b"),
            found(PathConstraints.builder(1_000).requiredNodes(List.of("r4", "r3")).build()).nodes());
        assertEquals(List.of("a", "r2", "r3", "r4", "r1", "b"),
            found(PathConstraints.builder(1_000).requiredNodes(List.of("r3", "r4")).build()).nodes());
        // an untrusted node cannot be required as a relay
        assertEquals(DecisionReason.REQUIRED_NODE_UNREACHABLE,
            notFound(PathConstraints.builder(1_000).requiredNodes(List.of("u")).build()));
        assertEquals(DecisionReason.REQUIRED_NODE_UNREACHABLE,
            notFound(PathConstraints.builder(1_000).requiredNodes(List.of("nowhere")).build()));
    }

    @Test
    void metricWeighsQberMarginAndSpareRate() {
        graph.removeNode("u");
        // hops alone: a-r1-b (2 hops); QBER 0.02 on r1's links, 0.03 on r2/r3's
        assertEquals(List.of("a", "r1", "b"), found(PathConstraints.rateOnly(1_000)).nodes());
        graph.putLink(KeyLink.up("a-r1", "a", "r1", 10_000, 0.10));
        final var margin = PathConstraints.builder(1_000).metric(new PathMetric(1, 5, 0)).build();
        // a-r1-b: 2 + 5 * (0.10 + 0.02) / 0.11 = 7.45; a-r2-r3-b: 3 + 5 * 0.09 / 0.11 = 7.09
        final var viaR2 = found(margin);
        assertEquals(List.of("a", "r2", "r3", "b"), viaR2.nodes());
        assertEquals(3 + 5 * 0.09 / 0.11, viaR2.cost(), 1e-9);
        // the same links, but the demand takes 90 % of r1's spare rate and 45 % of r2's
        graph.putLink(KeyLink.up("a-r1", "a", "r1", 10_000, 0.02));
        final var spare = PathConstraints.builder(9_000).metric(new PathMetric(1, 0, 4)).build();
        // a-r1-b: 2 + 4 * 0.9 * 2 = 9.2; a-r2-r3-b: 3 + 4 * 0.45 * 3 = 8.4
        assertEquals(List.of("a", "r2", "r3", "b"), found(spare).nodes());
        assertEquals(List.of("a", "r1", "b"), found(PathConstraints.builder(9_000).build()).nodes());
    }

    @Test
    void cheapestPathWithinTheHopLimitUnderAMixedMetric() {
        graph.removeNode("u");
        graph.putNode(new KeyNode("r4", true, "OpA", "DE"));
        graph.putLink(KeyLink.up("a-r1", "a", "r1", 10_000, 0.10));
        graph.putLink(KeyLink.up("r1-b", "r1", "b", 10_000, 0.10));
        // a 4-hop path of quiet links is the cheapest: 4 + 10 * 0 = 4 against 2 + 10 * 2 * 0.909 and 3 + 10 * 0.82
        graph.putLink(KeyLink.up("a-r4", "a", "r4", 10_000, 0));
        graph.putLink(KeyLink.up("r4-r2", "r4", "r2", 10_000, 0));
        graph.putLink(KeyLink.up("r2-r3", "r2", "r3", 10_000, 0));
        graph.putLink(KeyLink.up("r3-b", "r3", "b", 10_000, 0));
        final var metric = new PathMetric(1, 10, 0);
        assertEquals(List.of("a", "r4", "r2", "r3", "b"),
            found(PathConstraints.builder(1).metric(metric).build()).nodes());
        // within 3 hops the cheapest is a-r2-r3-b (3 + 10 * 0.03 / 0.11), not the fewest-hop a-r1-b
        assertEquals(List.of("a", "r2", "r3", "b"),
            found(PathConstraints.builder(1).metric(metric).maxHops(3).build()).nodes());
        assertEquals(List.of("a", "r1", "b"),
            found(PathConstraints.builder(1).metric(metric).maxHops(2).build()).nodes());
        assertEquals(DecisionReason.MAX_HOPS_EXCEEDED, notFound(PathConstraints.builder(1).metric(metric)
            .maxHops(1).build()));
    }
}
