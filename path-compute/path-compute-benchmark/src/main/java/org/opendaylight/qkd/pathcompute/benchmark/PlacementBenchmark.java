/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.benchmark;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.opendaylight.qkd.pathcompute.algo.Demand;
import org.opendaylight.qkd.pathcompute.algo.DemandPlanner;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.Reservation;
import org.opendaylight.qkd.pathcompute.algo.KeyPolicy;
import org.opendaylight.qkd.pathcompute.algo.PolicyMode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@value #PLACEMENTS} demand placements on the 10,000-node graph in one invocation: endpoint pairs drawn at random
 * from a fixed list of pairs a constrained path joins, 500-5,000 bit/s each, under a qkd-preferred policy with the
 * constraints of {@link PathSearchBenchmark}. Each placement searches and reserves. Demands live for
 * {@value #LIFETIME} placements: a placement first releases the reservation, if any, of the demand placed that many
 * placements before it (steady churn), so at most {@value #LIFETIME} reservations are held. Every invocation
 * starts from an empty graph and places the same demands. The {@link Outcome} counters tell how many were served by
 * QKD and how many fell back to PQC.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@SuppressFBWarnings(value = "UWF_FIELD_NOT_INITIALIZED_IN_CONSTRUCTOR", justification = "JMH calls build() first")
public class PlacementBenchmark {
    /** Placements per invocation. */
    static final int PLACEMENTS = 100_000;
    /** Placements a demand lives for, and so reservations held at most. */
    static final int LIFETIME = 20_000;
    /** Size of the graph. */
    static final int NODES = 10_000;
    private static final int PAIRS = 4_096;

    // the last LIFETIME placements' reservations, null for those that fell back, by placement modulo LIFETIME
    private final Reservation[] live = new Reservation[LIFETIME];
    private GeometricGraph graph;
    private int[][] pairs;
    private KeyPolicy policy;

    /**
     * How the placements of an invocation were decided.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        /** Placements served by a QKD path. */
        public long qkd;
        /** Placements that fell back to PQC. */
        public long fallback;

        @Setup(Level.Iteration)
        public void clear() {
            qkd = 0;
            fallback = 0;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        graph = PathSearchBenchmark.graph(NODES);
        pairs = graph.connectedPairs(PAIRS, PathSearchBenchmark.CONSTRAINTS, 11L);
        policy = new KeyPolicy("bench", PolicyMode.QKD_PREFERRED_PQC_FALLBACK, PathSearchBenchmark.CONSTRAINTS);
    }

    @TearDown(Level.Iteration)
    public void releaseAll() {
        for (int i = 0; i < LIFETIME; i++) {
            release(i);
        }
    }

    private void release(final int slot) {
        final var reservation = live[slot];
        if (reservation != null) {
            graph.keyGraph.release(reservation);
            live[slot] = null;
        }
    }

    @Benchmark
    public void place100k(final Outcome outcome) {
        final var random = new SplittableRandom(42);
        for (int i = 0; i < PLACEMENTS; i++) {
            final int slot = i % LIFETIME;
            release(slot);
            final var pair = pairs[random.nextInt(PAIRS)];
            final var placement = DemandPlanner.place(graph.keyGraph, policy, Demand.of(
                GeometricGraph.name(pair[0]), GeometricGraph.name(pair[1]), 500 + random.nextInt(4_501)));
            live[slot] = placement.reservation().orElse(null);
            if (live[slot] != null) {
                outcome.qkd++;
            } else {
                outcome.fallback++;
            }
        }
    }
}
