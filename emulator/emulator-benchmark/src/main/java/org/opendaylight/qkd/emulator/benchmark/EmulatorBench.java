/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.benchmark;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KeyGenerationBenchmark} with one thread and with as many threads as cores, and prints the figures:
 * emulated links kept in real time, key bytes per second per core, and their ratio to AES-CTR and ChaCha20 on the
 * same machine in the same run.
 */
public final class EmulatorBench {
    private EmulatorBench() {
        // entry point only
    }

    /**
     * Runs the benchmarks.
     *
     * @param args ignored
     * @throws RunnerException when JMH fails
     */
    public static void main(final String[] args) throws RunnerException {
        try (var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8)) {
            report(out);
        }
    }

    private static void report(final PrintStream out) throws RunnerException {
        final int cores = Runtime.getRuntime().availableProcessors();
        final var single = run(1, ".*");
        final var all = run(cores, ".*linkSecond.*");

        final double linkBytes = KeyGenerationBenchmark.linkBitsPerSecond() / 8;
        final double aes = score(single, "aesCtr") * KeyGenerationBenchmark.BUFFER;
        final double chacha = score(single, "chacha20") * KeyGenerationBenchmark.BUFFER;
        final double drbg = score(single, "drbg") * KeyGenerationBenchmark.BUFFER;
        out.println();
        out.printf(Locale.ROOT, "Emulated link: metro preset at 20 km, %.0f key bytes per second into each pool%n",
            linkBytes);
        out.printf(Locale.ROOT, "%-44s %14s %14s%n", "", "1 thread", cores + " threads");
        for (var material : new String[] {"drbg", "seeded"}) {
            final var key = "linkSecond:" + material;
            out.printf(Locale.ROOT, "%-44s %14.1f %14.1f%n", "links kept in real time (" + material + ")",
                score(single, key), score(all, key));
            out.printf(Locale.ROOT, "%-44s %14.3e %14.3e%n", "key bytes/s, unique (" + material + ")",
                score(single, key) * linkBytes, score(all, key) * linkBytes);
        }
        out.printf(Locale.ROOT, "%-44s %14.3e%n", "AES-256-CTR bytes/s", aes);
        out.printf(Locale.ROOT, "%-44s %14.3e%n", "ChaCha20 bytes/s", chacha);
        out.printf(Locale.ROOT, "%-44s %14.3e%n", "DRBG (SecureRandom) bytes/s", drbg);
        // each key byte is stored at both ends: the unique key is what a cipher would be compared with
        final double perCore = score(single, "linkSecond:drbg") * linkBytes;
        out.printf(Locale.ROOT, "unique key bytes/s per core (DRBG) / AES-CTR: %.4f, / ChaCha20: %.4f, "
            + "/ raw DRBG: %.3f%n",
            perCore / aes, perCore / chacha, perCore / drbg);
    }

    private static Map<String, Double> run(final int threads, final String include) throws RunnerException {
        final var options = new OptionsBuilder()
            .include(KeyGenerationBenchmark.class.getName() + include)
            .threads(threads)
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2))
            .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .build();
        final var scores = new HashMap<String, Double>();
        for (RunResult result : new Runner(options).run()) {
            final var name = result.getParams().getBenchmark();
            final var material = result.getParams().getParam("material");
            scores.put(name.substring(name.lastIndexOf('.') + 1) + (material == null ? "" : ":" + material),
                result.getPrimaryResult().getScore());
        }
        return scores;
    }

    private static double score(final Map<String, Double> scores, final String key) {
        final var score = scores.get(key);
        if (score == null) {
            throw new IllegalStateException("benchmark " + key + " produced no result, see JMH's output above");
        }
        return score;
    }
}
