/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.benchmark;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrapht.alg.shortestpath.AStarShortestPath;
import org.opendaylight.qkd.pathcompute.algo.KeyPath;
import org.opendaylight.qkd.pathcompute.algo.PathFinder;
import org.opendaylight.qkd.pathcompute.algo.SearchResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the path computation benchmarks in one go and prints Markdown tables: the median (and 90th percentile)
 * microseconds of one query for the constrained path, k = 3 and the disjoint pair beside JGraphT's Dijkstra and
 * A*, on random geometric graphs of 10,000 and 100,000 nodes, then the time of 100,000 placements on the
 * 10,000-node graph with the share served by QKD, and what the queries' paths look like. {@code --quick} runs one
 * short iteration of each, to check that everything works; its figures are rough.
 */
public final class PathComputeBench {
    private static final String[] SEARCHES = {"constrained", "kShortest3", "disjointPair", "jgraphtDijkstra",
        "jgraphtAStar"};
    private static final int[] SIZES = {10_000, 100_000};
    private static final int SAMPLE_PAIRS = 64;
    private static final String HEAP = "-Xmx4g";

    private PathComputeBench() {
        // entry point only
    }

    /**
     * Runs the benchmarks.
     *
     * @param args {@code --quick} for a short run
     * @throws RunnerException when JMH fails
     */
    public static void main(final String[] args) throws RunnerException {
        final boolean quick = Arrays.asList(args).contains("--quick");
        final boolean whatIfOnly = Arrays.asList(args).contains("--what-if");
        try (var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8)) {
            if (!whatIfOnly) {
                report(out, quick);
            }
            reportWhatIf(out, quick);
        }
    }

    private static void report(final PrintStream out, final boolean quick) throws RunnerException {
        final var searches = new HashMap<String, Statistics>();
        final var searchOptions = options(PathSearchBenchmark.class, quick ? 1 : 3, quick ? 1 : 5)
            .warmupTime(TimeValue.seconds(1))
            .measurementTime(TimeValue.seconds(quick ? 1 : 2));
        for (RunResult result : new Runner(searchOptions.build()).run()) {
            final var name = result.getParams().getBenchmark();
            searches.put(name.substring(name.lastIndexOf('.') + 1) + ":" + result.getParams().getParam("nodes"),
                result.getPrimaryResult().getStatistics());
        }
        final var placement = new Runner(options(PlacementBenchmark.class, quick ? 0 : 1, quick ? 1 : 3).build())
            .run().iterator().next();
        final var shapes = new HashMap<Integer, Shape>();
        for (int size : SIZES) {
            shapes.put(size, shape(size));
        }

        out.println();
        out.printf(Locale.ROOT, "%s, microseconds per query (JMH sample mode; same graphs, same %,d endpoint pairs "
            + "cycled, same run)%n", quick ? "Quick run: rough figures" : "Path searches", PathSearchBenchmark.PAIRS);
        for (double percentile : new double[] {50, 90}) {
            out.println();
            out.printf(Locale.ROOT, "p%.0f:%n%n", percentile);
            out.println("| nodes | links | constrained | k = 3 | disjoint pair | JGraphT Dijkstra | JGraphT A* "
                + "| constrained / A* |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int size : SIZES) {
                final var row = new StringBuilder(String.format(Locale.ROOT, "| %,d | %,d |", size,
                    shapes.get(size).links()));
                for (var search : SEARCHES) {
                    row.append(String.format(Locale.ROOT, " %.1f |", percentile(searches, search, size,
                        percentile)));
                }
                row.append(String.format(Locale.ROOT, " %.2f |", percentile(searches, "constrained", size, percentile)
                    / percentile(searches, "jgraphtAStar", size, percentile)));
                out.println(row);
            }
        }

        final var time = placement.getPrimaryResult().getStatistics();
        final double qkd = placement.getSecondaryResults().get("qkd").getStatistics().getMean();
        final double fallback = placement.getSecondaryResults().get("fallback").getStatistics().getMean();
        out.println();
        out.printf(Locale.ROOT, "%,d placements on the %,d-node graph (each demand lives for %,d placements): "
            + "%.2f s (mean of %d, worst %.2f s); QKD %.0f, PQC fallback %.0f: %.1f %% served by QKD%n",
            PlacementBenchmark.PLACEMENTS, PlacementBenchmark.NODES, PlacementBenchmark.LIFETIME,
            time.getMean() / 1_000, time.getN(), time.getMax() / 1_000, qkd, fallback, 100 * qkd / (qkd + fallback));
        out.println();
        for (int size : SIZES) {
            final double ratio = percentile(searches, "constrained", size, 50)
                / percentile(searches, "jgraphtAStar", size, 50);
            out.printf(Locale.ROOT, "Goal, median constrained query no slower than JGraphT A* on %,d nodes: %s "
                + "(%.2f)%n", size, ratio <= 1 ? "met" : "NOT met", ratio);
        }
        out.printf(Locale.ROOT, "Goal, %,d placements in under 10 s: %s (%.2f s)%n", PlacementBenchmark.PLACEMENTS,
            time.getMean() < 10_000 ? "met" : "NOT met", time.getMean() / 1_000);

        out.println();
        out.printf(Locale.ROOT, "The queries' paths, over the first %d endpoint pairs:%n%n", SAMPLE_PAIRS);
        out.println("| nodes | links | trusted | mean hops, constrained | mean hops, JGraphT | k = 3 found "
            + "| disjoint pair found |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int size : SIZES) {
            out.println(shapes.get(size).row());
        }
    }

    private static void reportWhatIf(final PrintStream out, final boolean quick) throws RunnerException {
        final var times = new HashMap<String, Double>();
        final var options = options(WhatIfBenchmark.class, quick ? 1 : 2, quick ? 1 : 5)
            .warmupTime(TimeValue.seconds(quick ? 1 : 5))
            .measurementTime(TimeValue.seconds(quick ? 1 : 10));
        for (RunResult result : new Runner(options.build()).run()) {
            final var name = result.getParams().getBenchmark();
            times.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        final var bench = new WhatIfBenchmark();
        bench.build();
        final double full = times.get("fullReplacement");
        out.println();
        out.printf(Locale.ROOT, "%s on the %,d-node graph carrying %,d services: milliseconds per question (JMH "
            + "average; the busiest %d links and nodes, %d planned links), beside a full re-placement of the same "
            + "services in the same run (%.0f ms)%n%n", quick ? "Quick run, rough figures: what-if" : "What-if",
            WhatIfBenchmark.NODES, WhatIfBenchmark.SERVICES, WhatIfBenchmark.QUESTIONS, WhatIfBenchmark.QUESTIONS,
            full);
        out.println("| question | ms | services affected (mean) | full re-placement / question |");
        out.println("|---|---:|---:|---:|");
        double worst = 0;
        for (var kind : List.of("cutLink", "nodeDown", "extraLoss", "addLink")) {
            final double time = times.get(kind);
            worst = Math.max(worst, time);
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", switch (kind) {
                case "cutLink" -> "cut link";
                case "nodeDown" -> "node down";
                case "extraLoss" -> "3 dB extra loss";
                default -> "add link";
            }, time, WhatIfBenchmark.meanAffected(bench, kind), full / time);
        }
        out.println();
        out.printf(Locale.ROOT, "Goal, a what-if question in under 2 s: %s (slowest kind %.0f ms)%n",
            worst < 2_000 ? "met" : "NOT met", worst);
    }

    private static ChainedOptionsBuilder options(final Class<?> benchmark, final int warmups,
            final int iterations) {
        return new OptionsBuilder()
            .include(benchmark.getName() + ".*")
            .forks(1)
            .warmupIterations(warmups)
            .measurementIterations(iterations)
            .jvmArgsAppend(HEAP);
    }

    private static double percentile(final Map<String, Statistics> searches, final String search, final int size,
            final double percentile) {
        final var statistics = searches.get(search + ":" + size);
        if (statistics == null) {
            throw new IllegalStateException("benchmark " + search + " on " + size
                + " nodes produced no result, see JMH's output above");
        }
        return statistics.getPercentile(percentile);
    }

    // the same graph and pairs as the benchmark's, in this JVM: path lengths and how often k = 3 and the disjoint
    // pair find what they look for
    private static Shape shape(final int size) {
        final var graph = PathSearchBenchmark.graph(size);
        final var pairs = PathSearchBenchmark.pairs(graph, SAMPLE_PAIRS);
        final var astar = new AStarShortestPath<>(graph.jgrapht, graph.hopsHeuristic);
        long ours = 0;
        long theirs = 0;
        int three = 0;
        int disjoint = 0;
        for (var pair : pairs) {
            final var from = GeometricGraph.name(pair[0]);
            final var to = GeometricGraph.name(pair[1]);
            if (PathFinder.shortest(graph.keyGraph, from, to, PathSearchBenchmark.CONSTRAINTS)
                    instanceof SearchResult.Found<KeyPath> found) {
                ours += found.value().links().size();
            }
            theirs += astar.getPath(pair[0], pair[1]).getLength();
            if (PathFinder.kShortest(graph.keyGraph, from, to, PathSearchBenchmark.CONSTRAINTS, 3)
                    instanceof SearchResult.Found<List<KeyPath>> found && found.value().size() == 3) {
                three++;
            }
            if (PathFinder.disjointPair(graph.keyGraph, from, to, PathSearchBenchmark.CONSTRAINTS)
                    instanceof SearchResult.Found) {
                disjoint++;
            }
        }
        return new Shape(graph.links, String.format(Locale.ROOT, "| %,d | %,d | %,d | %.1f | %.1f | %d / %d "
            + "| %d / %d |", size, graph.links, graph.trustedNodes(), (double) ours / pairs.length,
            (double) theirs / pairs.length, three, pairs.length, disjoint, pairs.length));
    }

    private record Shape(int links, String row) {
    }
}
