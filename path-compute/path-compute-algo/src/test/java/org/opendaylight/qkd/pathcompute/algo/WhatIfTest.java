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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.AddLink;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.CutLink;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.LinkRate;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.NodeDown;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.Outcome;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.Service;

/**
 * What-if answers on two routes from a to d, a-b-d and the longer a-c-e-d, with two services placed over b.
 */
class WhatIfTest {
    private static final KeyPolicy FALLBACK = new KeyPolicy("fallback", PolicyMode.QKD_PREFERRED_PQC_FALLBACK,
        PathConstraints.rateOnly(1));
    private static final KeyPolicy STRICT = new KeyPolicy("strict", PolicyMode.QKD_ONLY, PathConstraints.rateOnly(1));

    private KeyGraph graph;
    private final List<Service> services = new ArrayList<>();

    @BeforeEach
    void setUp() {
        graph = new KeyGraph();
        for (var node : List.of("a", "b", "c", "d", "e")) {
            graph.putNode(new KeyNode(node, true, "OpA", "DE"));
        }
        graph.putLink(KeyLink.up("a-b", "a", "b", 10_000, 0.01));
        graph.putLink(KeyLink.up("b-d", "b", "d", 10_000, 0.01));
        graph.putLink(KeyLink.up("a-c", "a", "c", 6_000, 0.02));
        graph.putLink(KeyLink.up("c-e", "c", "e", 6_000, 0.02));
        graph.putLink(KeyLink.up("e-d", "e", "d", 6_000, 0.02));
        place("s1", FALLBACK, 4_000);
        place("s2", STRICT, 4_000);
        assertEquals(List.of("a-b", "b-d"), WhatIf.links(services.get(0).current()));
        assertEquals(List.of("a-b", "b-d"), WhatIf.links(services.get(1).current()));
    }

    private void place(final String name, final KeyPolicy policy, final long rate) {
        final var demand = Demand.of("a", "d", rate);
        services.add(new Service(name, demand, policy, DemandPlanner.place(graph, policy, demand).decision()));
    }

    private Map<String, Outcome> ask(final WhatIf.Change change) {
        final var spareBefore = spares();
        final var answer = WhatIf.ask(graph, services, change, 0.25);
        assertEquals(spareBefore, spares(), "the graph in use is not changed");
        final var byName = new TreeMap<String, Outcome>();
        answer.affected().forEach(outcome -> byName.put(outcome.service(), outcome));
        return byName;
    }

    private Map<String, Long> spares() {
        final var spares = new TreeMap<String, Long>();
        graph.links().forEach(link -> spares.put(link.id(), graph.spareBps(link.id())));
        return spares;
    }

    @Test
    void aCutMovesWhatFitsAndFallsBackOrRefusesTheRest() {
        final var answer = WhatIf.ask(graph, services, new CutLink("b-d"), 0.5);
        assertEquals(2, answer.affected().size());
        final var first = answer.affected().get(0);
        assertEquals("s1", first.service());
        assertEquals(ServiceMode.QKD, first.after().mode());
        assertEquals(List.of("a-c", "c-e", "e-d"), WhatIf.links(first.after()));
        assertTrue(first.moved());
        // 6,000 bit/s on a-c-e-d carry one of the two: the second, qkd-only, is refused for the rate
        final var second = answer.affected().get(1);
        assertEquals(ServiceMode.REFUSED, second.after().mode());
        assertEquals(DecisionReason.INSUFFICIENT_RATE, second.after().reason());
        // a-c, c-e and e-d keep 2,000 of 6,000: below half (a quarter would not report them)
        assertEquals(List.of("a-c", "c-e", "e-d"), answer.lowOnRate().stream().map(WhatIf.LinkSpare::link).toList());
        assertEquals(6_000, answer.lowOnRate().get(0).spareBeforeBps());
        assertEquals(2_000, answer.lowOnRate().get(0).spareAfterBps());
        assertTrue(WhatIf.ask(graph, services, new CutLink("b-d"), 0.25).lowOnRate().isEmpty());
        ask(new CutLink("b-d"));
    }

    @Test
    void aNodeDownTakesItsServicesAndThePathsThroughIt() {
        final var through = ask(new NodeDown("b"));
        assertEquals(2, through.size());
        assertEquals(ServiceMode.QKD, through.get("s1").after().mode());
        final var endpoint = ask(new NodeDown("d"));
        assertEquals(DecisionReason.UNKNOWN_ENDPOINT, endpoint.get("s1").after().reason());
        assertEquals(ServiceMode.PQC, endpoint.get("s1").after().mode());
        assertEquals(ServiceMode.REFUSED, endpoint.get("s2").after().mode());
        assertTrue(ask(new NodeDown("c")).isEmpty(), "no service crosses c");
    }

    @Test
    void aLowerRateAffectsItsServicesOnlyWhenTheyNoLongerFit() {
        assertTrue(ask(new LinkRate("a-b", 8_000)).isEmpty(), "8,000 bit/s still carry both");
        final var squeezed = ask(new LinkRate("a-b", 5_000));
        assertEquals(2, squeezed.size());
        // one stays on a-b, the other moves to a-c-e-d: both keep QKD
        assertEquals(ServiceMode.QKD, squeezed.get("s1").after().mode());
        assertEquals(ServiceMode.QKD, squeezed.get("s2").after().mode());
        assertEquals(1, squeezed.values().stream().filter(Outcome::moved).count());
    }

    @Test
    void anAddedLinkDrawsTheServicesThatWouldTakeIt() {
        final var direct = ask(new AddLink(KeyLink.up("a-d", "a", "d", 6_000, 0.01)));
        // one hop is cheaper: the first takes it, the second no longer fits on it and stays
        assertEquals(List.of("s1"), List.copyOf(direct.keySet()));
        assertEquals(List.of("a-d"), WhatIf.links(direct.get("s1").after()));
        final var wide = ask(new AddLink(KeyLink.up("a-d", "a", "d", 20_000, 0.01)));
        assertEquals(List.of("s1", "s2"), List.copyOf(wide.keySet()));
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WhatIf.ask(graph, services, new CutLink("x"), 0.1));
        assertThrows(IllegalArgumentException.class, () -> WhatIf.ask(graph, services, new NodeDown("x"), 0.1));
        assertThrows(IllegalArgumentException.class, () -> WhatIf.ask(graph, services,
            new AddLink(KeyLink.up("a-b", "a", "b", 1, 0)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> WhatIf.ask(graph, services,
            new AddLink(KeyLink.up("a-x", "a", "x", 1, 0)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> WhatIf.ask(graph, services, new CutLink("a-b"), 2));
    }

    @Test
    void aCopyIsIndependent() {
        final var copy = graph.copy();
        assertEquals(graph.spareBps("a-b"), copy.spareBps("a-b"));
        copy.removeLink("a-b");
        copy.giveBack(List.of(new KeyGraph.PathShare(new KeyPath(List.of("b", "d"), List.of("b-d"), 0), 8_000)));
        assertEquals(2_000, graph.spareBps("a-b"));
        assertEquals(2_000, graph.spareBps("b-d"));
        assertEquals(10_000, copy.spareBps("b-d"));
        assertEquals(8_000, copy.reservedBps("a-b"), "a removed link's reservation stays with its name");
    }
}
