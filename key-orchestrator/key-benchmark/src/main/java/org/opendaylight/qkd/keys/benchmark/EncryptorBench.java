/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.benchmark;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.etsi014.RequestObserver;
import org.opendaylight.qkd.keys.ipsec.KeyEndpoint;
import org.opendaylight.qkd.keys.site.SiteKme;
import org.opendaylight.qkd.keys.skip.PskFiles;
import org.opendaylight.qkd.keys.skip.SkipServer;

/**
 * Keys for encryptors: 16 clients (by default), each an encryptor pair that takes a key at the master's site KME and
 * the same key by its ID at the slave's, over ETSI GS QKD 014 (mutual TLS, the JDK's HTTP client) or SKIP (TLS 1.3
 * with a pre-shared key, Bouncy Castle), for keys of 256, 1,024 and 8,192 bits, all in one run against the same two
 * site KMEs (encrypted stores on disk, one ETSI GS QKD 020 hop over a synthetic link, production in the background,
 * the stock refilled before each measurement; a first round of every row is not counted). Prints a Markdown
 * table: key pairs/s, p50 and p99 of a pair (take at one end, then by ID at the other), and the ratios against the
 * baselines measured in the same run: 256-bit keys of the same protocol, and ETSI GS QKD 014 at the same size. Exits
 * with 1 when a request failed or the two ends' keys differed.
 *
 * <p>Options: {@code --clients 16}, {@code --sizes 256,1024,8192}, {@code --warmup-s 5}, {@code --measure-s 8},
 * {@code --max-stock 400000} (keys of 256 bits), {@code --store DIR}.
 */
public final class EncryptorBench {
    private static final String MASTER = "enc-a";
    private static final String SLAVE = "enc-b";
    private static final String PASSWORD = "changeit";
    private static final int UNIT_BITS = 256;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Result(String protocol, int bits, double keysPerSecond, double p50Ms, double p99Ms,
            long failures, String firstFailure) {
    }

    private EncryptorBench() {
        // main only
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class
     * @throws Exception when the sites cannot start
     */
    @SuppressWarnings("checkstyle:IllegalThrows")
    public static void main(final String[] args) throws Exception {
        final var options = options(args);
        final int status;
        try (var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8)) {
            status = run(options, out);
        }
        System.exit(status);
    }

    private static Map<String, String> options(final String[] args) {
        final var values = new LinkedHashMap<>(Map.of("--clients", "16", "--sizes", "256,1024,8192",
            "--warmup-s", "5", "--measure-s", "8", "--max-stock", "400000", "--store",
            System.getProperty("java.io.tmpdir")));
        for (int i = 0; i < args.length; i += 2) {
            if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: EncryptorBench [--clients 16] [--sizes 256,1024,8192] "
                    + "[--warmup-s 5] [--measure-s 8] [--max-stock 400000] [--store DIR]");
            }
            values.put(args[i], args[i + 1]);
        }
        return values;
    }

    @SuppressWarnings("checkstyle:IllegalThrows")
    private static int run(final Map<String, String> options, final PrintStream out) throws Exception {
        final int clients = Integer.parseInt(options.get("--clients"));
        final var sizes = Arrays.stream(options.get("--sizes").split(",")).map(Integer::parseInt).toList();
        final int warmup = Integer.parseInt(options.get("--warmup-s"));
        final int measure = Integer.parseInt(options.get("--measure-s"));
        final int maxStock = Integer.parseInt(options.get("--max-stock"));
        final var state = Files.createTempDirectory(Path.of(options.get("--store")), "qkd-encryptor-bench");
        try (var sites = Sites.start(state, maxStock)) {
            out.printf(Locale.ROOT, "Encryptor keys: %d clients, two site KMEs one hop apart (stores in %s), "
                + "%d s warm-up and %d s per row, %d cores%n%n", clients, state, warmup, measure,
                Runtime.getRuntime().availableProcessors());
            // every row's code paths compiled (the JIT) before the first row counts
            for (var protocol : List.of("ETSI 014", "SKIP")) {
                for (int bits : sizes) {
                    sites.refill(maxStock);
                    measure(protocol, bits, clients, warmup, warmup, sites);
                }
            }
            final var results = new ArrayList<Result>();
            for (var protocol : List.of("ETSI 014", "SKIP")) {
                for (int bits : sizes) {
                    sites.refill(maxStock);
                    results.add(measure(protocol, bits, clients, warmup, measure, sites));
                }
            }
            table(results, out);
            return results.stream().anyMatch(result -> result.failures() > 0) ? 1 : 0;
        } finally {
            try (var files = Files.walk(state)) {
                for (var path : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Result measure(final String protocol, final int bits, final int clients, final int warmup,
            final int measure, final Sites sites) throws Exception {
        final var stop = new AtomicBoolean();
        final var counting = new AtomicBoolean();
        final var pairs = new AtomicLong();
        final var failures = new AtomicLong();
        final var firstFailure = new AtomicReference<String>("");
        final var latencies = new ArrayList<Latencies>();
        final var threads = new ArrayList<Thread>();
        for (int i = 0; i < clients; i++) {
            final var own = new Latencies();
            latencies.add(own);
            final var master = sites.endpoint(protocol, MASTER);
            final var slave = sites.endpoint(protocol, SLAVE);
            threads.add(Thread.ofVirtual().start(() -> {
                try (master; slave) {
                    while (!stop.get()) {
                        final long start = System.nanoTime();
                        final var key = master.newKey(SLAVE, bits);
                        final var copy = slave.keyById(MASTER, key.id());
                        final long took = System.nanoTime() - start;
                        final boolean same = Arrays.equals(key.bits(), copy.bits()) && key.bits().length == bits / 8;
                        key.destroy();
                        copy.destroy();
                        if (!same) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet("", "the two ends' keys differ");
                        } else if (counting.get()) {
                            own.add(took);
                            pairs.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    if (!stop.get()) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet("", String.valueOf(e.getMessage()));
                    }
                }
            }));
        }
        TimeUnit.SECONDS.sleep(warmup);
        final long start = System.nanoTime();
        counting.set(true);
        TimeUnit.SECONDS.sleep(measure);
        counting.set(false);
        final double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (var thread : threads) {
            thread.join(TIMEOUT.toMillis());
        }
        final var sorted = Latencies.sorted(latencies);
        return new Result(protocol, bits, pairs.get() / seconds, Latencies.percentile(sorted, 50) / 1e6,
            Latencies.percentile(sorted, 99) / 1e6, failures.get(), firstFailure.get());
    }

    private static void table(final List<Result> results, final PrintStream out) {
        out.println("| protocol | key bits | key pairs/s | p50 ms | p99 ms | keys/s vs 256-bit, same protocol "
            + "| keys/s vs ETSI 014, same size | failures |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        final Map<String, Result> byKey = new HashMap<>();
        results.forEach(result -> byKey.put(result.protocol() + "/" + result.bits(), result));
        for (var result : results) {
            final var base = byKey.get(result.protocol() + "/" + UNIT_BITS);
            final var etsi = byKey.get("ETSI 014/" + result.bits());
            out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %.2f | %.2f | %s | %s | %d |%n", result.protocol(),
                result.bits(), result.keysPerSecond(), result.p50Ms(), result.p99Ms(),
                base == null ? "-" : String.format(Locale.ROOT, "%.2f", result.keysPerSecond()
                    / base.keysPerSecond()),
                etsi == null ? "-" : String.format(Locale.ROOT, "%.2f", result.keysPerSecond()
                    / etsi.keysPerSecond()), result.failures());
        }
        for (var result : results) {
            if (result.failures() > 0) {
                out.printf(Locale.ROOT, "%n%s %d bits failed: %s%n", result.protocol(), result.bits(),
                    result.firstFailure());
            }
        }
    }

    /**
     * The two site KMEs, their ETSI GS QKD 014 and SKIP servers, and the production that fills the master's stock.
     */
    private static final class Sites implements AutoCloseable {
        private final List<AutoCloseable> closing = new ArrayList<>();
        private final Map<String, Supplier<KeyEndpoint>> endpoints = new HashMap<>();
        private SiteKme master;
        private ScheduledExecutorService producer;

        @SuppressWarnings("checkstyle:IllegalThrows")
        static Sites start(final Path state, final int maxStock) throws Exception {
            final var sites = new Sites();
            sites.open(state, maxStock);
            return sites;
        }

        @SuppressWarnings("checkstyle:IllegalThrows")
        private void open(final Path state, final int maxStock) throws Exception {
            final var pki = DemoPki.open(state.resolve("pki"), PASSWORD, List.of());
            final var psks = new PskFiles(state.resolve("skip"), new SecureRandom());
            // the two key managers one hop apart, as the sites bench's line of one hop
            final var line = SitesProcess.Line.start(1, state, pki, PASSWORD.toCharArray());
            closing.add(line::close);
            final var kmes = line.kmes();
            final var first = kmes.getFirst();
            SitesProcess.putApplication(first, kmes.getLast(), 1, maxStock, MASTER, SLAVE);
            master = first;
            final var originate = line.relays().getFirst();
            producer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bench-production")
                .daemon(true).factory());
            producer.scheduleWithFixedDelay(() -> SitesProcess.produce(first, originate::originate), 0, 2,
                TimeUnit.MILLISECONDS);
            // production stops first, and what it sent settles before the relays go
            closing.add(0, () -> {
                producer.shutdownNow();
                TimeUnit.SECONDS.sleep(2);
            });
            // each site serves its encryptor over both protocols, one network thread each, as the node agent does
            for (int i = 0; i < 2; i++) {
                final var kme = kmes.get(i);
                final var sae = i == 0 ? MASTER : SLAVE;
                psks.enrol(sae);
                final var etsi014 = Etsi014Server.start(kme, pki.serverContext(), new InetSocketAddress("127.0.0.1",
                    0), 1, RequestObserver.NONE, KeyDeliveryBench.UNTHROTTLED);
                final var skip = SkipServer.start(kme, psks, new InetSocketAddress("127.0.0.1", 0), 1,
                    new SecureRandom(), "SKIP of kme-" + i);
                closing.add(0, etsi014);
                closing.add(0, skip);
                final var tls = pki.clientContext(sae);
                final var base = URI.create("https://localhost:" + etsi014.address().getPort() + "/api/v1/keys/");
                endpoints.put("ETSI 014/" + sae, () -> KeyEndpoint.Etsi014.of(base, tls, TIMEOUT));
                endpoints.put("SKIP/" + sae, () -> {
                    final var psk = psks.key(sae).orElseThrow();
                    try {
                        return KeyEndpoint.Skip.connect(skip.address(), sae, psk, TIMEOUT);
                    } catch (IOException e) {
                        throw new IllegalStateException("SKIP handshake failed", e);
                    } finally {
                        Arrays.fill(psk, (byte) 0);
                    }
                });
            }
        }

        KeyEndpoint endpoint(final String protocol, final String sae) {
            return endpoints.get(protocol + "/" + sae).get();
        }

        // waits until the master's stock is full within a batch
        void refill(final int maxStock) throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (master.counters("bench").orElseThrow().stored() < maxStock - 1024
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        @Override
        @SuppressWarnings("checkstyle:IllegalCatch")
        public void close() {
            final var failed = new ArrayList<String>();
            for (var resource : closing) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // the rest is closed anyway
                    failed.add(String.valueOf(e.getMessage()));
                }
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("closing the sites failed: " + failed);
            }
        }
    }
}
