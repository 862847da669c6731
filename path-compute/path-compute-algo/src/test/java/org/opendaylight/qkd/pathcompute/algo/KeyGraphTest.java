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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reservations: all or nothing on a path, never below zero spare, safe under concurrency; incremental updates.
 */
class KeyGraphTest {
    private static final KeyPath A_R_B = new KeyPath(List.of("a", "r", "b"), List.of("a-r", "r-b"), 2);

    private KeyGraph graph;

    @BeforeEach
    void setUp() {
        graph = new KeyGraph();
        for (var node : List.of("a", "r", "b")) {
            graph.putNode(new KeyNode(node, true, "", ""));
        }
        graph.putLink(KeyLink.up("a-r", "a", "r", 10_000, 0.01));
        graph.putLink(KeyLink.up("r-b", "r", "b", 4_000, 0.01));
    }

    @Test
    void reservationTakesTheRateOnEveryLinkOrNone() {
        final var first = graph.reserve(A_R_B, 3_000).orElseThrow();
        assertEquals(7_000, graph.spareBps("a-r"));
        assertEquals(1_000, graph.spareBps("r-b"));
        // r-b cannot carry 2 kbit/s more: nothing is taken, not even on a-r
        assertTrue(graph.reserve(A_R_B, 2_000).isEmpty());
        assertEquals(7_000, graph.spareBps("a-r"));
        graph.release(first);
        graph.release(first);
        assertEquals(10_000, graph.spareBps("a-r"));
        assertEquals(4_000, graph.spareBps("r-b"));
    }

    @Test
    void aLinkLosingRateNeverGoesNegative() {
        graph.reserve(A_R_B, 3_000).orElseThrow();
        graph.putLink(KeyLink.up("r-b", "r", "b", 1_000, 0.01));
        assertEquals(0, graph.spareBps("r-b"));
        graph.putLink(KeyLink.up("r-b", "r", "b", 5_000, 0.01));
        assertEquals(2_000, graph.spareBps("r-b"), "the reservation survives the update");
    }

    @Test
    void removingANodeRemovesItsLinks() {
        graph.removeNode("r");
        assertEquals(0, graph.spareBps("a-r"));
        assertTrue(graph.reserve(A_R_B, 1).isEmpty());
        assertEquals(DecisionReason.NO_PATH,
            SearchResults.reason(PathFinder.shortest(graph, "a", "b", PathConstraints.rateOnly(1))));
    }

    @Test
    void concurrentPlacementsNeverOverbook() throws Exception {
        final var executor = Executors.newFixedThreadPool(8);
        final var granted = new AtomicLong();
        final var start = new CountDownLatch(1);
        final var reservations = new ArrayList<java.util.concurrent.Future<?>>();
        for (int thread = 0; thread < 8; thread++) {
            reservations.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    graph.reserve(A_R_B, 7).ifPresent(reservation -> granted.addAndGet(reservation.rateBps()));
                }
                return null;
            }));
        }
        start.countDown();
        for (var future : reservations) {
            future.get(30, TimeUnit.SECONDS);
        }
        executor.shutdown();
        // r-b (4000 bit/s) is the bottleneck: exactly floor(4000 / 7) reservations fit
        assertEquals(4_000 / 7 * 7, granted.get());
        assertEquals(4_000 - 4_000 / 7 * 7, graph.spareBps("r-b"));
        assertEquals(10_000 - 4_000 / 7 * 7, graph.spareBps("a-r"));
    }

    @Test
    void sharesOfOneReservationAddUpOnACommonLink() {
        final var viaR = new KeyPath(List.of("a", "r"), List.of("a-r"), 1);
        // 6000 + 5000 on a-r exceeds its 10000: refused as a whole
        assertTrue(graph.reserve(List.of(new KeyGraph.PathShare(viaR, 6_000),
            new KeyGraph.PathShare(A_R_B, 5_000))).isEmpty());
        final var both = graph.reserve(List.of(new KeyGraph.PathShare(viaR, 6_000),
            new KeyGraph.PathShare(A_R_B, 4_000))).orElseThrow();
        assertEquals(0, graph.spareBps("a-r"));
        assertEquals(10_000, both.rateBps());
        graph.release(both);
        assertEquals(10_000, graph.spareBps("a-r"));
    }

    @Test
    void reservationsOutliveALinkThatGoesAndComesBack() {
        final var held = graph.reserve(A_R_B, 3_000).orElseThrow();
        graph.removeLink("r-b");
        assertEquals(3_000, graph.reservedBps("r-b"));
        assertTrue(graph.link("r-b").isEmpty());
        graph.putLink(KeyLink.up("r-b", "r", "b", 4_000, 0.01));
        assertEquals(1_000, graph.spareBps("r-b"));
        graph.removeLink("r-b");
        graph.release(held);
        assertEquals(0, graph.reservedBps("r-b"));
        graph.putLink(KeyLink.up("r-b", "r", "b", 4_000, 0.01));
        assertEquals(4_000, graph.spareBps("r-b"));
        assertEquals(3, graph.nodeCount());
        assertEquals(2, graph.linkCount());
    }

    @Test
    void aLinkMovedToOtherEndsIsReattached() {
        graph.putNode(new KeyNode("c", true, "", ""));
        graph.putLink(KeyLink.up("r-b", "r", "c", 4_000, 0.01));
        assertEquals(DecisionReason.NO_PATH,
            SearchResults.reason(PathFinder.shortest(graph, "a", "b", PathConstraints.rateOnly(1))));
        assertEquals(List.of("a", "r", "c"),
            SearchResults.found(PathFinder.shortest(graph, "a", "c", PathConstraints.rateOnly(1))).nodes());
    }
}
