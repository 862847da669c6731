/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.benchmark;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.plane.KeyPlan;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyRelay;
import org.opendaylight.qkd.keys.plane.KeyServiceSpec;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.RelayPath;

/**
 * Benchmarks ETSI GS QKD 014 key delivery in one JVM: a key plane whose service relays 256-bit keys over one hop of a
 * {@link SyntheticLinkKeys synthetic link} (produced in the background so that the stock never runs dry), the
 * {@link Etsi014Server} over mutual TLS, and N client threads on the JDK HttpClient (HTTP/1.1, keep-alive), each
 * looping: {@code enc_keys} for K keys as the master SAE, then {@code dec_keys} for the same key IDs as the slave SAE,
 * checking that both sides got identical keys. One operation is that pair of requests. The same N threads then do
 * pairs of GETs against a baseline endpoint of the same server stack that answers a constant body, so that the ratio
 * of the two shows what the key plane and the ETSI 014 handling cost beyond HTTPS itself.
 *
 * <p>Prints a Markdown table (keys/s, p50, p99 and max latency of an operation, the baseline's, their ratio) and
 * whether the goal is met: at least 10,000 keys/s and p99 under 5 ms at 16 clients.
 *
 * <p>Options: {@code --clients 1,16,100}, {@code --keys-per-request 1,16}, {@code --warmup-s 5},
 * {@code --measure-s 15}, {@code --server-threads <cores>}, {@code --max-stock 200000}.
 */
public final class KeyDeliveryBench {
    private static final String SERVICE = "bench";
    private static final String MASTER = "sae-m";
    private static final String SLAVE = "sae-s";
    private static final String LINK = "a-b";
    private static final int KEY_BITS = 256;
    // ten Gbit/s: production refills the stock in every round, whatever the clients take
    private static final long RATE_BPS = 10_000_000_000L;
    private static final long PRODUCE_EVERY_MILLIS = 2;
    private static final int GOAL_CLIENTS = 16;
    private static final double GOAL_KEYS_PER_SECOND = 10_000;
    private static final double GOAL_P99_MILLIS = 5;

    private final Options options;
    private final PrintStream progress;
    private final AtomicInteger lowestStock = new AtomicInteger(Integer.MAX_VALUE);
    private volatile boolean measuring;

    private KeyDeliveryBench(final Options options, final PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Runs the benchmark; exits with 1 when a response was not 200 or keys differed, 2 on bad options.
     *
     * @param args the options
     * @throws IOException when the demo PKI cannot be written
     * @throws GeneralSecurityException when its keys and certificates cannot be made
     * @throws InterruptedException when interrupted
     * @throws ExecutionException when a client thread or key production failed
     */
    public static void main(final String[] args) throws IOException, GeneralSecurityException, InterruptedException,
            ExecutionException {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            try (var err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8)) {
                err.append("KeyDeliveryBench: ").append(e.getMessage()).append('\n').append(Options.USAGE);
            }
            System.exit(2);
            return;
        }
        final var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final var progress = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        if (!new KeyDeliveryBench(options, progress).run(out)) {
            System.exit(1);
        }
    }

    private boolean run(final PrintStream out) throws IOException, GeneralSecurityException, InterruptedException,
            ExecutionException {
        final var pkiDirectory = Files.createTempDirectory("qkd-key-bench-pki");
        try {
            return run(out, DemoPki.open(pkiDirectory, "changeit", List.of()));
        } finally {
            deleteTree(pkiDirectory);
        }
    }

    private boolean run(final PrintStream out, final DemoPki pki) throws IOException, GeneralSecurityException,
            InterruptedException, ExecutionException {
        final var link = new SyntheticLinkKeys(LINK, "a", "b");
        final var plane = new KeyPlane(new KeyRelay(id -> LINK.equals(id) ? link : null), new SecureRandom(),
            InstantSource.system(), KeyPlane.DEFAULT_MAX_KEYS_PER_REQUEST);
        plane.putService(new KeyServiceSpec(SERVICE, MASTER, SLAVE, "a", "b", KEY_BITS, RATE_BPS, options.maxStock));
        plane.setPlan(SERVICE, Optional.of(KeyPlan.relayed(Provenance.QKD,
            List.of(new RelayPath(List.of("a", "b"), List.of(LINK))), List.of(RATE_BPS),
            MlKemParameterSet.ML_KEM_768)));
        fill(plane);

        final var results = new ArrayList<Row>();
        final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("key-production").daemon(true).factory());
        final var tls = pki.serverContext();
        final var loopback = new InetSocketAddress("127.0.0.1", 0);
        try (var keyServer = Etsi014Server.start(plane, tls, loopback, options.serverThreads);
             var baselineServer = Etsi014Server.baseline(tls, loopback, options.serverThreads);
             var master = client(pki, MASTER);
             var slave = client(pki, SLAVE)) {
            final ScheduledFuture<?> production = producer.scheduleWithFixedDelay(() -> produce(plane), 0,
                PRODUCE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            final var endpoints = new Endpoints(master, slave, keyServer.address().getPort(),
                baselineServer.address().getPort(), options.keysPerRequest);
            final var tlsSession = endpoints.check();
            printEnvironment(progress, tlsSession);
            // both endpoints run once before anything counts, so that neither is measured with a cold JIT
            measure("JVM warm-up, discarded: baseline", GOAL_CLIENTS, endpoints::baselinePair, production);
            measure("JVM warm-up, discarded: keys", GOAL_CLIENTS, tally -> endpoints.keyPair(1, tally), production);
            for (int clients : options.clients) {
                final var baseline = measure("baseline", clients, endpoints::baselinePair, production);
                for (int perRequest : options.keysPerRequest) {
                    final var keys = measure(perRequest + " key(s)/request", clients,
                        tally -> endpoints.keyPair(perRequest, tally), production);
                    results.add(new Row(clients, perRequest, keys, baseline));
                    progress.println();
                    printTable(progress, results);
                    progress.println();
                }
            }
            production.cancel(false);
            out.println();
            printEnvironment(out, tlsSession);
            out.println();
            printTable(out, results);
            return printVerdict(out, results);
        } finally {
            producer.shutdownNow();
        }
    }

    // the stock at its limit before the first measurement: the clients never wait for the first fill
    private void fill(final KeyPlane plane) throws InterruptedException {
        final long start = System.nanoTime();
        plane.produce();
        while (stocked(plane) < options.maxStock) {
            Thread.sleep(PRODUCE_EVERY_MILLIS);
            plane.produce();
        }
        log("Stocked %d keys in %.1f s", options.maxStock, (System.nanoTime() - start) / 1e9);
    }

    private void produce(final KeyPlane plane) {
        if (measuring) {
            lowestStock.accumulateAndGet(stocked(plane), Math::min);
        }
        plane.produce();
    }

    private static int stocked(final KeyPlane plane) {
        return plane.counters(SERVICE).orElseThrow().stocked();
    }

    private static HttpClient client(final DemoPki pki, final String saeId) throws IOException,
            GeneralSecurityException {
        return HttpClient.newBuilder()
            .sslContext(pki.clientContext(saeId))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    }

    private Result measure(final String what, final int clients, final Operation operation,
            final Future<?> production) throws InterruptedException, ExecutionException {
        log("%d client(s), %s: warm-up %d s, then measuring %d s", clients, what, options.warmupSeconds,
            options.measureSeconds);
        final long start = System.nanoTime();
        final long warmupEnd = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
        final long end = warmupEnd + TimeUnit.SECONDS.toNanos(options.measureSeconds);
        final var tallies = new ArrayList<Tally>(clients);
        try (var pool = Executors.newFixedThreadPool(clients,
                Thread.ofPlatform().name("bench-client-", 0).daemon(true).factory())) {
            final var futures = new ArrayList<Future<Tally>>(clients);
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> loop(operation, warmupEnd, end)));
            }
            final long untilWindow = warmupEnd - System.nanoTime();
            if (untilWindow > 0) {
                TimeUnit.NANOSECONDS.sleep(untilWindow);
            }
            lowestStock.set(Integer.MAX_VALUE);
            measuring = true;
            for (var future : futures) {
                tallies.add(future.get());
            }
            measuring = false;
        }
        tallies.stream().map(tally -> tally.firstError).filter(error -> error != null).findFirst()
            .ifPresent(error -> log("  first failure: %s", error));
        if (production.isDone()) {
            // key production failed: get() throws its failure
            production.get();
            throw new IllegalStateException("key production stopped");
        }
        final int lowest = lowestStock.get();
        return Result.of(tallies, options.measureSeconds, lowest == Integer.MAX_VALUE ? -1 : lowest);
    }

    private static Tally loop(final Operation operation, final long warmupEnd, final long end)
            throws InterruptedException {
        final var tally = new Tally();
        while (true) {
            final long begin = System.nanoTime();
            if (begin - end >= 0) {
                return tally;
            }
            final boolean succeeded = operation.run(tally);
            final long done = System.nanoTime();
            if (succeeded && begin - warmupEnd >= 0 && done - end <= 0) {
                tally.latencies.add(done - begin);
            }
        }
    }

    private void printEnvironment(final PrintStream out, final String tlsSession) {
        final var runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "JVM %s %s (%s), %d cores available, max heap %d MiB; %s %s %s; load average %s%n",
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.vendor"), runtime.availableProcessors(), runtime.maxMemory() >> 20,
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
            loadAverage());
        out.printf(Locale.ROOT, "Server: Netty, %d worker thread(s), %s; clients: JDK HttpClient, HTTP/1.1 "
            + "keep-alive, one client per SAE shared by the client threads. Keys of %d bits relayed over one hop of a "
            + "synthetic in-memory link; stock limit %d, production every %d ms. Warm-up %d s, measured %d s.%n",
            options.serverThreads, tlsSession, KEY_BITS, options.maxStock, PRODUCE_EVERY_MILLIS,
            options.warmupSeconds, options.measureSeconds);
    }

    private static void printTable(final PrintStream out, final List<Row> rows) {
        out.println("| clients | keys/request | keys/s | ops/s | p50 ms | p99 ms | max ms | baseline ops/s "
            + "| baseline p50 ms | baseline p99 ms | baseline max ms | ops ratio | lowest stock | 503 | other errors "
            + "| key mismatches |");
        out.println("|--------:|-------------:|-------:|------:|-------:|-------:|-------:|---------------:"
            + "|----------------:|----------------:|----------------:|----------:|-------------:|----:|-------------:"
            + "|---------------:|");
        for (var row : rows.stream().sorted(Comparator.comparingInt(Row::keysPerRequest)
                .thenComparingInt(Row::clients)).toList()) {
            final var keys = row.keys();
            final var baseline = row.baseline();
            out.printf(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f "
                + "| %.2f | %s | %d | %d | %d |%n", row.clients(), row.keysPerRequest(),
                keys.opsPerSecond() * row.keysPerRequest(), keys.opsPerSecond(), keys.p50Millis(), keys.p99Millis(),
                keys.maxMillis(), baseline.opsPerSecond(), baseline.p50Millis(), baseline.p99Millis(),
                baseline.maxMillis(), baseline.opsPerSecond() > 0 ? keys.opsPerSecond() / baseline.opsPerSecond() : 0,
                keys.lowestStock() < 0 ? "?" : String.format(Locale.ROOT, "%,d", keys.lowestStock()),
                keys.unavailable(), keys.otherErrors() + baseline.otherErrors() + baseline.unavailable(),
                keys.mismatches());
        }
    }

    private boolean printVerdict(final PrintStream out, final List<Row> rows) {
        out.println();
        out.println("keys/s = keys/request x ops/s; an operation is enc_keys as the master then dec_keys as the slave "
            + "(two GETs for the baseline); latencies are per operation. 503, other errors and mismatches count the "
            + "warm-up too.");
        for (int perRequest : options.keysPerRequest) {
            final var goal = rows.stream().filter(row -> row.clients() == GOAL_CLIENTS
                && row.keysPerRequest() == perRequest).findFirst();
            if (goal.isEmpty()) {
                out.printf(Locale.ROOT, "Goal at %d clients, %d key(s)/request (>= %,.0f keys/s and p99 < %.0f ms): "
                    + "not measured (run with --clients including %d)%n", GOAL_CLIENTS, perRequest,
                    GOAL_KEYS_PER_SECOND, GOAL_P99_MILLIS, GOAL_CLIENTS);
                continue;
            }
            final var keys = goal.orElseThrow().keys();
            final double keysPerSecond = keys.opsPerSecond() * perRequest;
            out.printf(Locale.ROOT, "Goal at %d clients, %d key(s)/request (>= %,.0f keys/s and p99 < %.0f ms): %s "
                + "(%,.0f keys/s, p99 %.2f ms)%n", GOAL_CLIENTS, perRequest, GOAL_KEYS_PER_SECOND, GOAL_P99_MILLIS,
                keysPerSecond >= GOAL_KEYS_PER_SECOND && keys.p99Millis() < GOAL_P99_MILLIS ? "met" : "NOT met",
                keysPerSecond, keys.p99Millis());
        }
        final long unavailable = rows.stream().mapToLong(row -> row.keys().unavailable()).sum();
        final long errors = rows.stream().mapToLong(row -> row.keys().otherErrors() + row.baseline().otherErrors()
            + row.baseline().unavailable()).sum();
        final long mismatches = rows.stream().mapToLong(row -> row.keys().mismatches()).sum();
        final long compared = rows.stream().mapToLong(row -> row.keys().keysCompared()).sum();
        if (unavailable == 0) {
            out.printf(Locale.ROOT, "Stock never ran dry: no 503; lowest stock while measuring %s of %,d.%n",
                rows.stream().mapToInt(row -> row.keys().lowestStock()).filter(stock -> stock >= 0).min().stream()
                    .mapToObj(stock -> String.format(Locale.ROOT, "%,d", stock)).findFirst().orElse("?"),
                options.maxStock);
        } else {
            out.printf(Locale.ROOT, "STOCK RAN DRY: %d enc_keys answered 503; the figures are not valid.%n",
                unavailable);
        }
        if (errors > 0) {
            out.printf(Locale.ROOT, "ERRORS: %d requests failed or were not answered 200 (see the log above).%n",
                errors);
        }
        if (mismatches == 0) {
            out.printf(Locale.ROOT, "Keys identical at both SAEs: %,d keys compared, no mismatch.%n", compared);
        } else {
            out.printf(Locale.ROOT, "KEY MISMATCHES: %d operations gave the two SAEs different keys.%n", mismatches);
        }
        return unavailable == 0 && errors == 0 && mismatches == 0;
    }

    // other work on the machine skews every figure: it is printed with them
    private static String loadAverage() {
        try {
            final var fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void log(final String format, final Object... args) {
        progress.printf(Locale.ROOT, format + "%n", args);
    }

    /**
     * One operation of a client thread.
     */
    @FunctionalInterface
    private interface Operation {
        /**
         * Runs the operation once.
         *
         * @param tally where failures are counted
         * @return true when it succeeded
         * @throws InterruptedException when interrupted
         */
        boolean run(Tally tally) throws InterruptedException;
    }

    /**
     * The two SAEs' clients and the two servers' URIs.
     */
    private static final class Endpoints {
        private final HttpClient master;
        private final HttpClient slave;
        private final URI encKeys;
        private final URI decKeys;
        private final URI status;
        private final HttpRequest baseline;
        private final Map<Integer, HttpRequest> encRequests = new HashMap<>();

        Endpoints(final HttpClient master, final HttpClient slave, final int keyPort, final int baselinePort,
                final List<Integer> keysPerRequest) {
            this.master = master;
            this.slave = slave;
            final var base = "https://localhost:" + keyPort + "/api/v1/keys/";
            encKeys = URI.create(base + SLAVE + "/enc_keys");
            decKeys = URI.create(base + MASTER + "/dec_keys");
            status = URI.create(base + SLAVE + "/status");
            baseline = HttpRequest.newBuilder(URI.create("https://localhost:" + baselinePort + "/")).GET().build();
            for (int perRequest : keysPerRequest) {
                encRequests.put(perRequest, post(encKeys, "{\"number\": " + perRequest + "}"));
            }
        }

        /**
         * Checks that both servers answer, before any measurement.
         *
         * @return the TLS protocol and cipher suite of the key server's session
         */
        String check() throws IOException, InterruptedException {
            final var answer = master.send(HttpRequest.newBuilder(status).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException("status answered " + answer.statusCode() + ": " + answer.body());
            }
            final var plain = slave.send(baseline, HttpResponse.BodyHandlers.ofString());
            if (plain.statusCode() != 200) {
                throw new IOException("the baseline answered " + plain.statusCode() + ": " + plain.body());
            }
            return answer.sslSession().map(session -> session.getProtocol() + " " + session.getCipherSuite())
                .orElse("no TLS session");
        }

        private static HttpRequest post(final URI uri, final String body) {
            return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        boolean keyPair(final int perRequest, final Tally tally) throws InterruptedException {
            final var enc = tally.send(master, encRequests.get(perRequest));
            if (enc == null) {
                return false;
            }
            final var encKeyList = keys(enc.body());
            if (encKeyList.size() != perRequest) {
                tally.mismatch("enc_keys gave " + encKeyList.size() + " keys, " + perRequest + " asked");
                return false;
            }
            final var ids = new StringBuilder("{\"key_IDs\":[");
            for (int i = 0; i < encKeyList.size(); i++) {
                ids.append(i == 0 ? "" : ",").append("{\"key_ID\":\"").append(encKeyList.get(i).id()).append("\"}");
            }
            final var dec = tally.send(slave, post(decKeys, ids.append("]}").toString()));
            if (dec == null) {
                return false;
            }
            final var decKeyList = keys(dec.body());
            if (decKeyList.size() != perRequest) {
                tally.mismatch("dec_keys gave " + decKeyList.size() + " keys, " + perRequest + " asked");
                return false;
            }
            for (int i = 0; i < perRequest; i++) {
                final var atMaster = encKeyList.get(i);
                final var atSlave = decKeyList.get(i);
                if (!atMaster.id().equals(atSlave.id()) || atMaster.bits().length != KEY_BITS / Byte.SIZE
                        || !Arrays.equals(atMaster.bits(), atSlave.bits())) {
                    tally.mismatch("key " + atMaster.id() + " differs at the two SAEs (or came in another order)");
                    return false;
                }
            }
            tally.keysCompared += perRequest;
            return true;
        }

        boolean baselinePair(final Tally tally) throws InterruptedException {
            return tally.send(master, baseline) != null && tally.send(slave, baseline) != null;
        }

        // a Key container's keys; empty when the body is not one
        private static List<Key> keys(final String body) {
            try {
                if (JsonParser.parseString(body) instanceof JsonObject container
                        && container.get("keys") instanceof JsonArray array) {
                    final var out = new ArrayList<Key>(array.size());
                    for (var element : array) {
                        if (!(element instanceof JsonObject key) || !(key.get("key_ID") instanceof JsonPrimitive id)
                                || !(key.get("key") instanceof JsonPrimitive bits)) {
                            return List.of();
                        }
                        out.add(new Key(id.getAsString(), Base64.getDecoder().decode(bits.getAsString())));
                    }
                    return out;
                }
            } catch (JsonParseException | IllegalArgumentException e) {
                // not a Key container
            }
            return List.of();
        }
    }

    /**
     * A key as an SAE got it.
     *
     * @param id its key_ID
     * @param bits its bits
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    private record Key(String id, byte[] bits) {
    }

    /**
     * What one client thread saw: its latencies in the measurement window, and its failures throughout.
     */
    private static final class Tally {
        final Latencies latencies = new Latencies();
        long unavailable;
        long otherErrors;
        long mismatches;
        long keysCompared;
        String firstError;

        // the response when it is a 200; counts the failure otherwise
        HttpResponse<String> send(final HttpClient client, final HttpRequest request) throws InterruptedException {
            final HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                otherErrors++;
                note(request.method() + " " + request.uri().getPath() + " failed: " + e);
                // a failing connection fails at once: do not spin
                Thread.sleep(10);
                return null;
            }
            if (response.statusCode() == 200) {
                return response;
            }
            if (response.statusCode() == 503) {
                unavailable++;
            } else {
                otherErrors++;
            }
            note(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": "
                + response.body());
            return null;
        }

        void mismatch(final String what) {
            mismatches++;
            note(what);
        }

        private void note(final String what) {
            if (firstError == null) {
                firstError = what;
            }
        }
    }

    /**
     * The figures of one endpoint at one number of clients.
     */
    private record Result(long operations, double opsPerSecond, double p50Millis, double p99Millis,
            double maxMillis, long unavailable, long otherErrors, long mismatches, long keysCompared,
            int lowestStock) {
        static Result of(final List<Tally> tallies, final long seconds, final int lowestStock) {
            final var sorted = Latencies.sorted(tallies.stream().map(tally -> tally.latencies).toList());
            final long unavailable = tallies.stream().mapToLong(tally -> tally.unavailable).sum();
            final long otherErrors = tallies.stream().mapToLong(tally -> tally.otherErrors).sum();
            final long mismatches = tallies.stream().mapToLong(tally -> tally.mismatches).sum();
            final long compared = tallies.stream().mapToLong(tally -> tally.keysCompared).sum();
            if (sorted.length == 0) {
                return new Result(0, 0, Double.NaN, Double.NaN, Double.NaN, unavailable, otherErrors, mismatches,
                    compared, lowestStock);
            }
            return new Result(sorted.length, sorted.length / (double) seconds,
                Latencies.percentile(sorted, 50) / 1e6, Latencies.percentile(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6, unavailable, otherErrors, mismatches, compared, lowestStock);
        }
    }

    /**
     * A line of the table: the key endpoint and the baseline at the same number of clients.
     */
    private record Row(int clients, int keysPerRequest, Result keys, Result baseline) {
    }

    /**
     * The command line.
     */
    private record Options(List<Integer> clients, List<Integer> keysPerRequest, long warmupSeconds,
            long measureSeconds, int serverThreads, int maxStock) {
        static final String USAGE = """
            usage: KeyDeliveryBench [--clients 1,16,100] [--keys-per-request 1,16] [--warmup-s 5] [--measure-s 15]
                   [--server-threads <cores>] [--max-stock 200000]
            """;

        static Options parse(final String[] args) {
            final Map<String, String> values = new HashMap<>(Map.of(
                "--clients", "1,16,100",
                "--keys-per-request", "1,16",
                "--warmup-s", "5",
                "--measure-s", "15",
                "--server-threads", String.valueOf(Runtime.getRuntime().availableProcessors()),
                "--max-stock", "200000"));
            for (int i = 0; i < args.length; i += 2) {
                if (!values.containsKey(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                values.put(args[i], args[i + 1]);
            }
            final var perRequest = list("--keys-per-request", values.get("--keys-per-request"));
            if (perRequest.stream().anyMatch(count -> count > KeyPlane.DEFAULT_MAX_KEYS_PER_REQUEST)) {
                throw new IllegalArgumentException("--keys-per-request: at most max_key_per_request, "
                    + KeyPlane.DEFAULT_MAX_KEYS_PER_REQUEST);
            }
            final int maxStock = positive("--max-stock", values.get("--max-stock"));
            if (perRequest.stream().anyMatch(count -> count > maxStock)) {
                throw new IllegalArgumentException("--max-stock: at least the largest --keys-per-request");
            }
            return new Options(list("--clients", values.get("--clients")), perRequest,
                positive("--warmup-s", values.get("--warmup-s")), positive("--measure-s", values.get("--measure-s")),
                positive("--server-threads", values.get("--server-threads")), maxStock);
        }

        private static List<Integer> list(final String option, final String value) {
            final var out = new ArrayList<Integer>();
            for (var item : value.split(",")) {
                out.add(positive(option, item.strip()));
            }
            return List.copyOf(out);
        }

        private static int positive(final String option, final String value) {
            try {
                final int parsed = Integer.parseInt(value);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + ": a positive number, not '" + value + "'");
        }
    }
}
