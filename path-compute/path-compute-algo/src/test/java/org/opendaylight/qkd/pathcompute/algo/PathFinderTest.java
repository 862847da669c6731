/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
        graph.putLink(new KeyLink(id, from, to, true, rate, qber));
    }

    private static PathConstraints constraints(final long rate, final int maxHops, final double maxQber,
            final Set<String> nodes, final Set<String> operators, final Set<String> jurisdictions) {
        return new PathConstraints(rate, maxHops, maxQber, nodes, operators, jurisdictions);
    }

    private KeyPath found(final PathConstraints constraints) {
        return assertInstanceOf(PathResult.Found.class, PathFinder.shortest(graph, "a", "b", constraints)).path();
    }

    private NoPathReason notFound(final PathConstraints constraints) {
        return assertInstanceOf(PathResult.NotFound.class, PathFinder.shortest(graph, "a", "b", constraints))
            .reason();
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
        assertEquals(NoPathReason.MAX_HOPS_EXCEEDED,
            notFound(constraints(1_000, 2, 1, Set.of("r1"), Set.of(), Set.of())));
        assertEquals(3, found(constraints(1_000, 3, 1, Set.of("r1"), Set.of(), Set.of())).hops());
    }

    @Test
    void rateBeyondSpareIsInsufficientRate() {
        // the trusted paths carry 10 kbit/s and 20 kbit/s; only the untrusted one carries 50 kbit/s
        assertEquals(List.of("a", "r2", "r3", "b"), found(PathConstraints.rateOnly(15_000)).nodes());
        assertEquals(NoPathReason.INSUFFICIENT_RATE, notFound(PathConstraints.rateOnly(25_000)));
    }

    @Test
    void qberLimitAvoidsNoisyLinksAndIsNamedWhenNothingElseIsLeft() {
        assertEquals(List.of("a", "r1", "b"), found(constraints(1_000, 10, 0.025, Set.of(), Set.of(), Set.of()))
            .nodes());
        assertEquals(NoPathReason.LINK_COMPROMISED, notFound(constraints(1_000, 10, 0.015, Set.of(), Set.of(),
            Set.of())));
    }

    @Test
    void excludedOperatorAndJurisdiction() {
        assertEquals(List.of("a", "r2", "r3", "b"),
            found(constraints(1_000, 10, 1, Set.of("r1"), Set.of("OpC"), Set.of("FR"))).nodes());
        // with r1 gone, only the operator (or the jurisdiction) of r2 and r3 stands in the way
        graph.removeNode("r1");
        assertEquals(NoPathReason.EXCLUDED_OPERATOR, notFound(constraints(1_000, 10, 1, Set.of(), Set.of("OpB"),
            Set.of())));
        assertEquals(NoPathReason.EXCLUDED_JURISDICTION, notFound(constraints(1_000, 10, 1, Set.of(), Set.of(),
            Set.of("PL"))));
        // an excluded endpoint leaves nothing, whatever else holds
        assertEquals(NoPathReason.EXCLUDED_NODE, notFound(constraints(1_000, 10, 1, Set.of("b"), Set.of(), Set.of())));
    }

    @Test
    void whenSeveralConstraintsEachBlockAPathTheFirstInOrderIsNamed() {
        // r1 is excluded by name, r2 and r3 by operator: relaxing either alone gives a path
        assertEquals(NoPathReason.EXCLUDED_NODE,
            notFound(constraints(1_000, 10, 1, Set.of("r1"), Set.of("OpB"), Set.of())));
    }

    @Test
    void onlyAnUntrustedRelayLeftIsNamed() {
        graph.removeNode("r1");
        graph.removeLink("r2-r3");
        assertEquals(NoPathReason.UNTRUSTED_NODE, notFound(PathConstraints.rateOnly(1_000)));
    }

    @Test
    void downLinksMeanNoPath() {
        graph.removeNode("r1");
        graph.removeNode("u");
        graph.putLink(new KeyLink("r2-r3", "r2", "r3", false, 20_000, 0.03));
        assertEquals(NoPathReason.NO_PATH, notFound(PathConstraints.rateOnly(1_000)));
    }

    @Test
    void unknownEndpointAndBadArguments() {
        assertEquals(NoPathReason.UNKNOWN_ENDPOINT, assertInstanceOf(PathResult.NotFound.class,
            PathFinder.shortest(graph, "a", "zz", PathConstraints.rateOnly(1))).reason());
        assertThrows(IllegalArgumentException.class,
            () -> PathFinder.shortest(graph, "a", "a", PathConstraints.rateOnly(1)));
        assertThrows(IllegalArgumentException.class, () -> PathConstraints.rateOnly(0));
        assertThrows(IllegalArgumentException.class,
            () -> new PathConstraints(1, 0, 1, Set.of(), Set.of(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new KeyLink("l", "a", "a", true, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KeyLink("l", "a", "b", true, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> graph.putLink(new KeyLink("l", "a", "nowhere", true, 1, 0)));
    }
}
