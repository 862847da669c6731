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

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each policy mode, with and without a path; backup, split and alternatives; placement reserves.
 *
 * <pre>
 *      r1 ---- r2
 *     /          \
 *   a              b       every link 10 kbit/s, r3 in jurisdiction XX
 *     \          /
 *      r3 ---- r4
 * </pre>
 */
class DemandPlannerTest {
    private KeyGraph graph;

    @BeforeEach
    void setUp() {
        graph = new KeyGraph();
        for (var node : List.of("a", "b", "r1", "r2", "r4")) {
            graph.putNode(new KeyNode(node, true, "OpA", "DE"));
        }
        graph.putNode(new KeyNode("r3", true, "OpA", "XX"));
        for (var link : List.of("a-r1", "r1-r2", "r2-b", "a-r3", "r3-r4", "r4-b")) {
            final var ends = link.split("-");
            graph.putLink(KeyLink.up(link, ends[0], ends[1], 10_000, 0.02));
        }
    }

    private static KeyPolicy policy(final PolicyMode mode) {
        return new KeyPolicy("p", mode, PathConstraints.rateOnly(1));
    }

    private static KeyPolicy policy(final PolicyMode mode, final Set<String> excludedJurisdictions) {
        return new KeyPolicy("p", mode, PathConstraints.builder(1).excludedJurisdictions(excludedJurisdictions)
            .build());
    }

    @Test
    void qkdOnlyServesOrRefusesWithTheReason() {
        final var served = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY), Demand.of("a", "b", 5_000));
        assertEquals(ServiceMode.QKD, served.mode());
        assertEquals(DecisionReason.NONE, served.reason());
        assertEquals(3, served.paths().get(0).path().hops());
        final var refused = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY), Demand.of("a", "b", 15_000));
        assertEquals(ServiceMode.REFUSED, refused.mode());
        assertEquals(DecisionReason.INSUFFICIENT_RATE, refused.reason());
        assertTrue(refused.paths().isEmpty());
    }

    @Test
    void qkdPreferredFallsBackToPqcWithTheReason() {
        final var served = DemandPlanner.decide(graph, policy(PolicyMode.QKD_PREFERRED_PQC_FALLBACK),
            Demand.of("a", "b", 5_000));
        assertEquals(ServiceMode.QKD, served.mode());
        graph.removeLink("r1-r2");
        final var fallback = DemandPlanner.decide(graph, policy(PolicyMode.QKD_PREFERRED_PQC_FALLBACK,
            Set.of("XX")), Demand.of("a", "b", 5_000));
        assertEquals(ServiceMode.PQC, fallback.mode());
        assertEquals(DecisionReason.EXCLUDED_JURISDICTION, fallback.reason());
    }

    @Test
    void hybridMixesWhenThereIsAPathAndIsPqcOtherwise() {
        final var mixed = DemandPlanner.decide(graph, policy(PolicyMode.HYBRID), Demand.of("a", "b", 5_000));
        assertEquals(ServiceMode.HYBRID, mixed.mode());
        assertEquals(DecisionReason.NONE, mixed.reason());
        assertEquals(1, mixed.paths().size());
        graph.putLink(new KeyLink("r2-b", "r2", "b", LinkState.ABORTED, 10_000, 0.3, 0));
        graph.putLink(new KeyLink("r4-b", "r4", "b", LinkState.ABORTED, 10_000, 0.3, 0));
        final var pqc = DemandPlanner.decide(graph, policy(PolicyMode.HYBRID), Demand.of("a", "b", 5_000));
        assertEquals(ServiceMode.PQC, pqc.mode());
        assertEquals(DecisionReason.LINK_COMPROMISED, pqc.reason());
    }

    @Test
    void pqcOnlyNeverSearches() {
        final var decision = DemandPlanner.decide(graph, policy(PolicyMode.PQC_ONLY), Demand.of("a", "zz", 5_000));
        assertEquals(ServiceMode.PQC, decision.mode());
        assertEquals(DecisionReason.POLICY_PQC_ONLY, decision.reason());
        assertTrue(decision.paths().isEmpty());
    }

    @Test
    void unknownEndpointIsAReasonNotAnException() {
        final var decision = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY), Demand.of("a", "zz", 1));
        assertEquals(ServiceMode.REFUSED, decision.mode());
        assertEquals(DecisionReason.UNKNOWN_ENDPOINT, decision.reason());
    }

    @Test
    void backupIsNodeDisjointOrItsAbsenceIsExplained() {
        final var demand = new Demand("a", "b", 5_000, 0, 0, true, 1);
        final var decision = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY), demand);
        final var primary = decision.paths().get(0).path();
        final var backup = decision.backup().orElseThrow();
        assertEquals(Set.of(List.of("a", "r1", "r2", "b"), List.of("a", "r3", "r4", "b")),
            Set.of(primary.nodes(), backup.nodes()));
        assertEquals(DecisionReason.NONE, decision.backupReason());
        // r3 excluded: a path remains, the backup does not
        final var noBackup = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY, Set.of("XX")), demand);
        assertEquals(ServiceMode.QKD, noBackup.mode());
        assertEquals(List.of("a", "r1", "r2", "b"), noBackup.paths().get(0).path().nodes());
        assertEquals(Optional.empty(), noBackup.backup());
        assertEquals(DecisionReason.EXCLUDED_JURISDICTION, noBackup.backupReason());
    }

    @Test
    void splitWhenNoSinglePathCarriesTheRate() {
        final var demand = new Demand("a", "b", 15_000, 0, 0, false, 2);
        final var decision = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY), demand);
        assertEquals(ServiceMode.QKD, decision.mode());
        assertEquals(2, decision.paths().size());
        assertEquals(15_000, decision.paths().stream().mapToLong(KeyGraph.PathShare::rateBps).sum());
        for (var share : decision.paths()) {
            assertTrue(share.rateBps() <= 10_000);
        }
        // more than both paths together: refused for rate; one path only allowed: refused too
        assertEquals(DecisionReason.INSUFFICIENT_RATE, DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY),
            new Demand("a", "b", 20_001, 0, 0, false, 4)).reason());
        assertEquals(ServiceMode.REFUSED, DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY),
            new Demand("a", "b", 15_000, 0, 0, false, 1)).mode());
    }

    @Test
    void alternativesAreOtherPathsCheapestFirst() {
        graph.putLink(KeyLink.up("r1-r4", "r1", "r4", 10_000, 0.02));
        final var decision = DemandPlanner.decide(graph, policy(PolicyMode.QKD_ONLY),
            new Demand("a", "b", 1_000, 0, 2, false, 1));
        assertEquals(2, decision.alternatives().size());
        final var chosen = decision.paths().get(0).path();
        for (var alternative : decision.alternatives()) {
            assertTrue(alternative.cost() >= chosen.cost());
            assertTrue(!alternative.links().equals(chosen.links()));
        }
    }

    @Test
    void placementReservesAndReleaseFrees() {
        final var policy = policy(PolicyMode.QKD_PREFERRED_PQC_FALLBACK);
        final var first = DemandPlanner.place(graph, policy, Demand.of("a", "b", 6_000));
        final var second = DemandPlanner.place(graph, policy, Demand.of("a", "b", 6_000));
        // each took one of the two disjoint paths
        assertEquals(4_000, graph.spareBps("a-r1"));
        assertEquals(4_000, graph.spareBps("a-r3"));
        final var third = DemandPlanner.place(graph, policy, Demand.of("a", "b", 6_000));
        assertEquals(ServiceMode.PQC, third.decision().mode());
        assertEquals(DecisionReason.INSUFFICIENT_RATE, third.decision().reason());
        assertTrue(third.reservation().isEmpty());
        graph.release(first.reservation().orElseThrow());
        graph.release(second.reservation().orElseThrow());
        assertEquals(10_000, graph.spareBps("a-r1"));
        assertEquals(10_000, graph.spareBps("a-r3"));
    }

    @Test
    void aPathTakenOverIsKeptWhileItIsStillGood() {
        final var policy = policy(PolicyMode.QKD_ONLY);
        final var viaR1 = List.of("a-r1", "r1-r2", "r2-b");
        final var viaR3 = List.of("a-r3", "r3-r4", "r4-b");
        // with nothing to keep, the search prefers the path through r3
        final var fresh = DemandPlanner.place(graph, policy, Demand.of("a", "b", 6_000), List.of());
        assertEquals(viaR3, fresh.decision().paths().get(0).path().links());
        graph.release(fresh.reservation().orElseThrow());

        final var kept = DemandPlanner.place(graph, policy, Demand.of("a", "b", 6_000), viaR1);
        assertEquals(ServiceMode.QKD, kept.decision().mode());
        assertEquals(List.of("a", "r1", "r2", "b"), kept.decision().paths().get(0).path().nodes());
        assertEquals(viaR1, kept.decision().paths().get(0).path().links());
        assertEquals(4_000, graph.spareBps("r1-r2"));
        assertEquals(10_000, graph.spareBps("r3-r4"));
        // the same path again: its links lack the rate now, so another is chosen and nothing is double-booked
        final var second = DemandPlanner.place(graph, policy, Demand.of("a", "b", 6_000), viaR1);
        assertEquals(viaR3, second.decision().paths().get(0).path().links());
        assertEquals(4_000, graph.spareBps("r1-r2"));
        graph.release(kept.reservation().orElseThrow());
        graph.release(second.reservation().orElseThrow());
    }

    @Test
    void aPathTakenOverIsNotKeptWhenItNoLongerSatisfiesThePolicy() {
        final var viaR1 = List.of("a-r1", "r1-r2", "r2-b");
        final var viaR3 = List.of("a-r3", "r3-r4", "r4-b");
        assertEquals(viaR1, placedLinks(policy(PolicyMode.QKD_ONLY), viaR1));
        // the policy excludes a relay of the path now
        assertEquals(viaR3, placedLinks(new KeyPolicy("p", PolicyMode.QKD_ONLY, PathConstraints.builder(1)
            .excludedNodes(Set.of("r2")).build()), viaR1));
        // a hop limit the path exceeds: no path at all
        final var twoHops = new KeyPolicy("p", PolicyMode.QKD_ONLY, PathConstraints.builder(1).maxHops(2).build());
        final var refused = DemandPlanner.place(graph, twoHops, Demand.of("a", "b", 1_000), viaR1);
        assertEquals(ServiceMode.REFUSED, refused.decision().mode());
        assertEquals(DecisionReason.MAX_HOPS_EXCEEDED, refused.decision().reason());
        // links that do not join up, or do not start at the source
        assertEquals(viaR3, placedLinks(policy(PolicyMode.QKD_ONLY), List.of("a-r1", "r3-r4", "r4-b")));
        assertEquals(viaR3, placedLinks(policy(PolicyMode.QKD_ONLY), List.of("r1-r2", "r2-b")));
        // a link that is gone, then back but down
        graph.removeLink("r1-r2");
        assertEquals(viaR3, placedLinks(policy(PolicyMode.QKD_ONLY), viaR1));
        graph.putLink(new KeyLink("r1-r2", "r1", "r2", LinkState.DOWN, 0, 0.5, 0));
        assertEquals(viaR3, placedLinks(policy(PolicyMode.QKD_ONLY), viaR1));
        // pqc-only keeps no path
        final var pqc = DemandPlanner.place(graph, policy(PolicyMode.PQC_ONLY), Demand.of("a", "b", 1_000), viaR3);
        assertEquals(ServiceMode.PQC, pqc.decision().mode());
        assertTrue(pqc.reservation().isEmpty());
    }

    // the links a placement that would keep a path chose; its reservation released
    private List<String> placedLinks(final KeyPolicy policy, final List<String> keep) {
        final var placement = DemandPlanner.place(graph, policy, Demand.of("a", "b", 1_000), keep);
        graph.release(placement.reservation().orElseThrow());
        return placement.decision().paths().get(0).path().links();
    }
}
