/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.benchmark;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.opendaylight.qkd.pathcompute.algo.Demand;
import org.opendaylight.qkd.pathcompute.algo.DemandPlanner;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.algo.KeyLink;
import org.opendaylight.qkd.pathcompute.algo.KeyPolicy;
import org.opendaylight.qkd.pathcompute.algo.PolicyMode;
import org.opendaylight.qkd.pathcompute.algo.WhatIf;
import org.opendaylight.qkd.pathcompute.algo.WhatIf.Service;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What-if questions on a {@value #NODES}-node graph carrying {@value #SERVICES} key services (500-5,000 bit/s each
 * between endpoint pairs a constrained path joins, placed under a qkd-preferred policy), beside a full
 * re-placement of the same services on the same graph: every service placed again from an empty graph, which is
 * what answering without the what-if engine would take. The questions cycle through {@value #QUESTIONS} of each
 * kind, on the busiest links and nodes (the ones whose loss moves the most services): cut a link, take a node down,
 * halve a link's key rate (3 dB of extra loss, far below the link's reach), add a link between two nodes two radii
 * apart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@SuppressFBWarnings(value = "UWF_FIELD_NOT_INITIALIZED_IN_CONSTRUCTOR", justification = "JMH calls build() first")
public class WhatIfBenchmark {
    /** Size of the graph. */
    static final int NODES = 1_000;
    /** Services placed on it. */
    static final int SERVICES = 10_000;
    /** Questions of each kind. */
    static final int QUESTIONS = 8;
    /** The share of a link's rate below which its spare rate is reported low. */
    static final double LOW_SHARE = 0.1;

    private int[][] pairs;
    private KeyGraph empty;
    private KeyGraph loaded;
    private List<Service> services;
    private List<WhatIf.Change> cuts;
    private List<WhatIf.Change> nodesDown;
    private List<WhatIf.Change> degraded;
    private List<WhatIf.Change> added;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        final var graph = PathSearchBenchmark.graph(NODES);
        pairs = PathSearchBenchmark.pairs(graph, 2_048);
        empty = graph.keyGraph.copy();
        loaded = graph.keyGraph;
        services = place(loaded);
        final var linkLoad = new HashMap<String, Long>();
        final var nodeLoad = new HashMap<String, Integer>();
        for (var service : services) {
            for (var share : service.current().paths()) {
                share.path().links().forEach(link -> linkLoad.merge(link, share.rateBps(), Long::sum));
                share.path().relays().forEach(node -> nodeLoad.merge(node, 1, Integer::sum));
            }
        }
        final var busyLinks = linkLoad.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(QUESTIONS)
            .map(Map.Entry::getKey).toList();
        cuts = busyLinks.stream().<WhatIf.Change>map(WhatIf.CutLink::new).toList();
        degraded = busyLinks.stream().<WhatIf.Change>map(link -> new WhatIf.LinkRate(link,
            loaded.link(link).orElseThrow().keyRateBps() / 2)).toList();
        nodesDown = nodeLoad.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(QUESTIONS)
            .<WhatIf.Change>map(entry -> new WhatIf.NodeDown(entry.getKey())).toList();
        added = new ArrayList<>();
        final var random = new SplittableRandom(5);
        while (added.size() < QUESTIONS) {
            final int from = random.nextInt(NODES);
            final int to = random.nextInt(NODES);
            final double distance = graph.distance(from, to);
            if (distance > 1.8 * graph.radius && distance < 2.2 * graph.radius) {
                added.add(new WhatIf.AddLink(KeyLink.up("planned-" + added.size(), GeometricGraph.name(from),
                    GeometricGraph.name(to), 100_000, 0.02)));
            }
        }
    }

    /**
     * The services placed on a graph, the same ones in the same order each time.
     *
     * @param graph the graph, its rate reserved for them
     * @return the services
     */
    List<Service> place(final KeyGraph graph) {
        final var policy = new KeyPolicy("bench", PolicyMode.QKD_PREFERRED_PQC_FALLBACK,
            PathSearchBenchmark.CONSTRAINTS);
        final var random = new SplittableRandom(17);
        final var placed = new ArrayList<Service>(SERVICES);
        for (int i = 0; i < SERVICES; i++) {
            final var pair = pairs[random.nextInt(pairs.length)];
            final var demand = Demand.of(GeometricGraph.name(pair[0]), GeometricGraph.name(pair[1]),
                500 + random.nextInt(4_501));
            placed.add(new Service(String.format("s%05d", i), demand, policy,
                DemandPlanner.place(graph, policy, demand).decision()));
        }
        return placed;
    }

    private WhatIf.Answer ask(final List<WhatIf.Change> questions) {
        return WhatIf.ask(loaded, services, questions.get(next++ % questions.size()), LOW_SHARE);
    }

    @Benchmark
    public WhatIf.Answer cutLink() {
        return ask(cuts);
    }

    @Benchmark
    public WhatIf.Answer nodeDown() {
        return ask(nodesDown);
    }

    @Benchmark
    public WhatIf.Answer extraLoss() {
        return ask(degraded);
    }

    @Benchmark
    public WhatIf.Answer addLink() {
        return ask(added);
    }

    @Benchmark
    public List<Service> fullReplacement() {
        return place(empty.copy());
    }

    // for the report: how many services each kind of question affects, on average
    static double meanAffected(final WhatIfBenchmark bench, final String kind) {
        final var questions = switch (kind) {
            case "cutLink" -> bench.cuts;
            case "nodeDown" -> bench.nodesDown;
            case "extraLoss" -> bench.degraded;
            case "addLink" -> bench.added;
            default -> throw new IllegalArgumentException(kind);
        };
        return questions.stream().mapToInt(change -> WhatIf.ask(bench.loaded, bench.services, change, LOW_SHARE)
            .affected().size()).average().orElse(0);
    }
}
