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
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendaylight.qkd.keys.benchmark.HttpsClients.Answer;
import org.opendaylight.qkd.keys.benchmark.HttpsClients.Connection;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.etsi014.RequestObserver;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;
import org.opendaylight.qkd.keys.plane.KeyPlan;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyRelay;
import org.opendaylight.qkd.keys.plane.KeyServiceSpec;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.RelayPath;

/**
 * Benchmarks ETSI GS QKD 014 key delivery in one JVM: a key plane whose service relays 256-bit keys over one hop of a
 * {@link SyntheticLinkKeys synthetic link} (produced in the background so that the stock never runs dry), the
 * {@link Etsi014Server} over mutual TLS, and N asynchronous clients on Netty ({@link HttpsClients}: one event-loop
 * thread by default, no blocking threads), each with two keep-alive HTTP/1.1 connections, one with the master SAE's
 * certificate and one with the slave's, looping: {@code enc_keys} for K keys as the master SAE, then {@code dec_keys}
 * for the same key IDs as the slave SAE, checking that both sides got identical keys. One operation is that pair of
 * requests; its latency runs from sending {@code enc_keys} to receiving the answer to {@code dec_keys}. The same N
 * clients then do pairs of GETs (master, then slave connection) against a baseline endpoint of the same server stack
 * that answers a constant body, so that the ratio of the two shows what the key plane and the ETSI 014 handling cost
 * beyond HTTPS itself.
 *
 * <p>Prints a Markdown table (keys/s, p50, p99 and max latency of an operation, the baseline's, their ratio) and
 * whether the goal is met: at least 10,000 keys/s and p99 under 5 ms at 16 clients.
 *
 * <p>Options: {@code --clients 1,16,100}, {@code --keys-per-request 1,16}, {@code --warmup-s 5},
 * {@code --measure-s 15}, {@code --server-threads <cores>}, {@code --max-stock 200000}, {@code --client-threads 1}.
 * With {@code --sites-hops}, {@code --relay-s} and {@code --sites-store}, the key managers at the sites too; with
 * {@code --sites-refill off} the relay stops once the sites' stock is full, and the end-to-end figure is what the
 * sites deliver from stock with the relay idle: not the goal's measurement (the relay refills as keys go), but what
 * the relay's share of the processor costs it.
 */
public final class KeyDeliveryBench {
    /**
     * The servers' bounds in a benchmark: the defaults, with a request rate per SAE no bench reaches, so that the
     * servers measured check each request against it as in service and throttle none.
     */
    static final ServerLimits UNTHROTTLED = ServerLimits.DEFAULT.withRate(1e9, 1_000_000_000);

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
    private static final double GOAL_SITES_P99_MILLIS = 10;
    private static final String IN_PROCESS = "in-process";
    // what a sites row measured with the relay idle (--sites-refill off) is called after its hops
    private static final String FROM_STOCK = ", from stock, relay idle";
    private static final String PKI_PASSWORD = "changeit";
    // keys per request that stands for the baseline's GETs
    private static final int BASELINE = 0;
    // how long the clients may take to connect, and to get the answers in flight at the end of a measurement
    private static final long CONNECT_WAIT_SECONDS = 30;
    private static final long GRACE_SECONDS = 3;

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
            return run(out, DemoPki.open(pkiDirectory, PKI_PASSWORD, List.of()), pkiDirectory);
        } finally {
            deleteTree(pkiDirectory);
        }
    }

    private boolean run(final PrintStream out, final DemoPki pki, final Path pkiDirectory) throws IOException,
            GeneralSecurityException, InterruptedException, ExecutionException {
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
        try (var keyServer = Etsi014Server.start(plane, tls, loopback, options.serverThreads, RequestObserver.NONE,
                UNTHROTTLED);
             var baselineServer = Etsi014Server.baseline(tls, loopback, options.serverThreads);
             var https = new HttpsClients(pki, PKI_PASSWORD.toCharArray(), List.of(MASTER, SLAVE),
                 options.clientThreads)) {
            final ScheduledFuture<?> production = producer.scheduleWithFixedDelay(() -> produce(plane), 0,
                PRODUCE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            final var endpoints = new Endpoints(https, keyServer.address().getPort(),
                baselineServer.address().getPort(), options.keysPerRequest);
            final var tlsSession = endpoints.check();
            printEnvironment(progress, tlsSession);
            // both endpoints run once before anything counts, so that neither is measured with a cold JIT
            measure(endpoints, "JVM warm-up, discarded: baseline", GOAL_CLIENTS, BASELINE, production);
            measure(endpoints, "JVM warm-up, discarded: keys", GOAL_CLIENTS, 1, production);
            for (int clients : options.clients) {
                final var baseline = measure(endpoints, "baseline", clients, BASELINE, production);
                for (int perRequest : options.keysPerRequest) {
                    final var keys = measure(endpoints, perRequest + " key(s)/request", clients, perRequest,
                        production);
                    results.add(new Row(IN_PROCESS, clients, perRequest, keys, baseline));
                    progress.println();
                    printTable(progress, results);
                    progress.println();
                }
            }
            production.cancel(false);
            // the key managers at the sites, in a process of their own, against the same clients
            final var relays = new ArrayList<RelayRow>();
            for (int hops : options.sitesHops) {
                relays.add(measureSites(https, pkiDirectory, baselineServer.address().getPort(), hops, results));
            }
            out.println();
            printEnvironment(out, tlsSession);
            out.println();
            printTable(out, results);
            final boolean inProcess = printVerdict(out, results);
            if (relays.isEmpty()) {
                return inProcess;
            }
            out.println();
            printRelays(out, relays);
            out.println();
            printFlush(out, measureFlush(options.sitesStore));
            return printSitesVerdict(out, results) && inProcess;
        } finally {
            producer.shutdownNow();
        }
    }

    /**
     * What the relay between the sites' key managers did alone.
     *
     * @param hops hops between the master's and the slave's key manager
     * @param keysPerSecond keys confirmed by the slave's key manager per second
     * @param p50Millis median time from sending a batch to its confirmation
     * @param p99Millis 99th percentile of the same
     * @param meanBatch keys per batch
     * @param inProcessPerSecond keys per second of the in-process relay over the same number of hops
     * @param rssMiB resident memory of the sites process after the end-to-end measurement
     */
    private record RelayRow(int hops, double keysPerSecond, double p50Millis, double p99Millis, double meanBatch,
            double inProcessPerSecond, long rssMiB) {
    }

    private RelayRow measureSites(final HttpsClients https, final Path pkiDirectory, final int baselinePort,
            final int hops, final List<Row> results) throws IOException, InterruptedException, ExecutionException {
        final double inProcess = inProcessRelay(hops, options.relaySeconds);
        final var state = Files.createTempDirectory(options.sitesStore, "qkd-sites-bench");
        final var java = ProcessHandle.current().info().command().orElse("java");
        final var classpath = System.getProperty("java.class.path");
        final var process = new ProcessBuilder(java, "-Xmx1g", "-cp", classpath,
            SitesProcess.class.getName(), String.valueOf(hops), state.toString(), pkiDirectory.toString(),
            PKI_PASSWORD, String.valueOf(options.relaySeconds), String.valueOf(options.maxStock),
            String.valueOf(options.sitesRefill))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        log("Sites process (pid %d): %d key managers in a line, %d hop(s); relay alone for %d s", process.pid(),
            hops + 1, hops, options.relaySeconds);
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            final var relay = lines.readLine();
            if (relay == null || !relay.startsWith("RELAY ")) {
                throw new IOException("the sites process did not report its relay: " + relay);
            }
            final var figures = relay.split(" ");
            final var ready = lines.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                throw new IOException("the sites process did not start its ETSI 014 servers: " + ready);
            }
            final var ports = ready.split(" ");
            final var endpoints = new Endpoints(https, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]),
                baselinePort, options.keysPerRequest);
            final var never = new CompletableFuture<Void>();
            measure(endpoints, "JVM warm-up, discarded: sites, " + hops + " hop(s)", GOAL_CLIENTS, 1, never);
            final var keys = measure(endpoints, "sites, " + hops + " hop(s), 1 key(s)/request", GOAL_CLIENTS, 1,
                never);
            final var baseline = results.stream().filter(row -> row.clients() == GOAL_CLIENTS).map(Row::baseline)
                .findFirst();
            results.add(new Row("sites, " + hops + " hop(s)" + (options.sitesRefill ? "" : FROM_STOCK), GOAL_CLIENTS,
                1, keys,
                baseline.isPresent() ? baseline.orElseThrow() : measure(endpoints, "baseline", GOAL_CLIENTS,
                    BASELINE, never)));
            final long rss = residentMiB(process.pid());
            return new RelayRow(hops, Double.parseDouble(figures[1]), Double.parseDouble(figures[2]),
                Double.parseDouble(figures[3]), Double.parseDouble(figures[5]), inProcess, rss);
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            deleteTree(state);
        }
    }

    // the in-process relay of the controller's key plane, over the same synthetic links: keys per second
    private static double inProcessRelay(final int hops, final int seconds) throws IOException {
        final var nodes = new ArrayList<String>();
        final var linkIds = new ArrayList<String>();
        final var links = new HashMap<String, SyntheticLinkKeys>();
        for (int i = 0; i <= hops; i++) {
            nodes.add("n" + i);
        }
        for (int i = 0; i < hops; i++) {
            final var id = nodes.get(i) + "-" + nodes.get(i + 1);
            linkIds.add(id);
            links.put(id, new SyntheticLinkKeys(id, nodes.get(i), nodes.get(i + 1)));
        }
        final var relay = new KeyRelay(links::get);
        final var path = new RelayPath(nodes, linkIds);
        final var key = new byte[KEY_BITS / Byte.SIZE];
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long count = 0;
        try {
            while (System.nanoTime() < end) {
                Arrays.fill(relay.relay(path, key), (byte) 0);
                count++;
            }
        } catch (KeyUnavailableException e) {
            throw new IOException("the synthetic links ran out of key", e);
        }
        return count / (double) seconds;
    }

    private static long residentMiB(final long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * How long the sites' key stores wait for their disk: a forced write of one record's size.
     *
     * @param directory where the stores are
     * @param fileSystem its file system's type
     * @param p50Millis median time of a 100-byte write forced to disk
     * @param p99Millis 99th percentile of the same
     */
    private record Flush(Path directory, String fileSystem, double p50Millis, double p99Millis) {
    }

    // the baseline of the key stores: 2,000 forced 100-byte writes (fdatasync), as a store appends or erases
    private static Flush measureFlush(final Path directory) throws IOException {
        final var file = Files.createTempFile(directory, "qkd-flush-bench", ".bin");
        final var times = new long[2_000];
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            final var record = ByteBuffer.allocate(100);
            for (int i = 0; i < times.length; i++) {
                record.clear();
                final long start = System.nanoTime();
                channel.write(record, (long) i * record.capacity());
                channel.force(false);
                times[i] = System.nanoTime() - start;
            }
        } finally {
            Files.delete(file);
        }
        Arrays.sort(times);
        return new Flush(directory, Files.getFileStore(directory).type(), Latencies.percentile(times, 50) / 1e6,
            Latencies.percentile(times, 99) / 1e6);
    }

    private static void printFlush(final PrintStream out, final Flush flush) {
        out.printf(Locale.ROOT, "Key store flush in %s (%s), measured in this run: p50 %.3f ms, p99 %.3f ms per "
            + "forced 100-byte write (fdatasync). A site answers enc_keys or dec_keys once the keys it hands out "
            + "are erased on disk (a restarted key manager never hands a key out twice), so each enc_keys+dec_keys "
            + "pair waits for at least two flushes, one at each end: with %d clients, one pair in flight each, the "
            + "flushes alone bound the end-to-end rate to %,.0f keys/s at 1 key per request.%n", flush.directory(),
            flush.fileSystem(), flush.p50Millis(), flush.p99Millis(), GOAL_CLIENTS,
            GOAL_CLIENTS / (2 * flush.p50Millis() / 1e3));
    }

    private static void printRelays(final PrintStream out, final List<RelayRow> relays) {
        out.println("| hops | relay between sites, keys/s | batch p50 ms | batch p99 ms | keys/batch "
            + "| in-process relay, keys/s | ratio | sites process RSS MiB |");
        out.println("|-----:|----------------------------:|-------------:|-------------:|-----------:"
            + "|-------------------------:|------:|----------------------:|");
        for (var row : relays) {
            out.printf(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %.0f | %,.0f | %.2f | %d |%n", row.hops(),
                row.keysPerSecond(), row.p50Millis(), row.p99Millis(), row.meanBatch(), row.inProcessPerSecond(),
                row.inProcessPerSecond() > 0 ? row.keysPerSecond() / row.inProcessPerSecond() : 0, row.rssMiB());
        }
        out.println();
        out.println("The relay between sites: the master's key manager makes 256-bit keys as fast as they are "
            + "confirmed (no stock limit), in batches, each an ETSI GS QKD 020 ext_keys per hop with its asynchronous "
            + "acknowledgement; a batch's latency runs from sending to the last hop's confirmation, every key stored "
            + "(AES-GCM, forced to disk) at both ends. The in-process relay is the controller's key plane over the "
            + "same synthetic links, one key at a time, nothing stored.");
    }

    private boolean printSitesVerdict(final PrintStream out, final List<Row> rows) {
        final var inProcess = rows.stream().filter(row -> IN_PROCESS.equals(row.where())
            && row.clients() == GOAL_CLIENTS && row.keysPerRequest() == 1).findFirst();
        boolean valid = true;
        for (var row : rows) {
            if (IN_PROCESS.equals(row.where())) {
                continue;
            }
            final var keys = row.keys();
            final double perSecond = keys.opsPerSecond();
            valid &= keys.unavailable() == 0 && keys.otherErrors() == 0 && keys.mismatches() == 0;
            if (!options.sitesRefill) {
                out.printf(Locale.ROOT, "Not the goal's measurement (there the relay refills the stock as keys go): "
                    + "%s, %d clients, %,.0f keys/s, p99 %.2f ms end to end%s%n", row.where(), row.clients(), perSecond,
                    keys.p99Millis(), keys.unavailable() == 0 ? ""
                        : "; the stock ran dry (503), a larger --max-stock is needed");
                continue;
            }
            out.printf(Locale.ROOT, "Sites goal, %s, %d clients (>= %,.0f keys/s and p99 < %.0f ms end to end): %s "
                + "(%,.0f keys/s, p99 %.2f ms%s)%n", row.where(), row.clients(), GOAL_KEYS_PER_SECOND,
                GOAL_SITES_P99_MILLIS, perSecond >= GOAL_KEYS_PER_SECOND && keys.p99Millis() < GOAL_SITES_P99_MILLIS
                    ? "met" : "NOT met", perSecond, keys.p99Millis(), inProcess.isEmpty() ? ""
                    : String.format(Locale.ROOT, "; %.2f of the in-process key plane's %,.0f keys/s in this run",
                        perSecond / inProcess.orElseThrow().keys().opsPerSecond(),
                        inProcess.orElseThrow().keys().opsPerSecond()));
        }
        return valid;
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

    private Result measure(final Endpoints endpoints, final String what, final int clients, final int perRequest,
            final Future<?> production) throws InterruptedException, ExecutionException {
        log("%d client(s), %s: warm-up %d s, then measuring %d s", clients, what, options.warmupSeconds,
            options.measureSeconds);
        final var runners = new ArrayList<Client>(clients);
        for (int i = 0; i < clients; i++) {
            runners.add(new Client(endpoints, perRequest));
        }
        // connections and handshakes are made before the clock starts; one that fails ends its client
        try {
            CompletableFuture.allOf(runners.stream().map(Client::connect).toArray(CompletableFuture[]::new))
                .get(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            runners.forEach(Client::abandon);
            throw new IllegalStateException("the clients did not connect in " + CONNECT_WAIT_SECONDS + " s", e);
        }
        final long start = System.nanoTime();
        final long warmupEnd = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
        final long end = warmupEnd + TimeUnit.SECONDS.toNanos(options.measureSeconds);
        for (var client : runners) {
            client.start(warmupEnd, end);
        }
        final long untilWindow = warmupEnd - System.nanoTime();
        if (untilWindow > 0) {
            TimeUnit.NANOSECONDS.sleep(untilWindow);
        }
        lowestStock.set(Integer.MAX_VALUE);
        measuring = true;
        // a client ends by itself at the end, or GRACE_SECONDS later without the answer it waited for
        final long deadline = end + TimeUnit.SECONDS.toNanos(GRACE_SECONDS + 2);
        final var tallies = new ArrayList<Tally>(clients);
        for (var client : runners) {
            tallies.add(client.tally(deadline));
        }
        measuring = false;
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

    private void printEnvironment(final PrintStream out, final String tlsSession) {
        final var runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "JVM %s %s (%s), %d cores available, max heap %d MiB; %s %s %s; load average %s%n",
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.vendor"), runtime.availableProcessors(), runtime.maxMemory() >> 20,
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
            loadAverage());
        out.printf(Locale.ROOT, "Server: Netty, %d worker thread(s), %s; clients: Netty, %d event-loop thread(s), "
            + "two HTTP/1.1 keep-alive connections per client (one per SAE), one request in flight per client. Keys of "
            + "%d bits relayed over one hop of a synthetic in-memory link; stock limit %d, production every %d ms. "
            + "Warm-up %d s, measured %d s.%n", options.serverThreads, tlsSession, options.clientThreads, KEY_BITS,
            options.maxStock, PRODUCE_EVERY_MILLIS, options.warmupSeconds, options.measureSeconds);
    }

    private static void printTable(final PrintStream out, final List<Row> rows) {
        out.println("| key managers | clients | keys/request | keys/s | ops/s | p50 ms | p99 ms | max ms "
            + "| baseline ops/s | baseline p50 ms | baseline p99 ms | baseline max ms | ops ratio | lowest stock "
            + "| 503 | other errors | key mismatches |");
        out.println("|---|--------:|-------------:|-------:|------:|-------:|-------:|-------:"
            + "|---------------:|----------------:|----------------:|----------------:|----------:|-------------:"
            + "|----:|-------------:|---------------:|");
        for (var row : rows.stream().sorted(Comparator.comparing(Row::where).thenComparingInt(Row::keysPerRequest)
                .thenComparingInt(Row::clients)).toList()) {
            final var keys = row.keys();
            final var baseline = row.baseline();
            out.printf(Locale.ROOT, "| %s | %d | %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %,.0f | %.2f | %.2f "
                + "| %.2f | %.2f | %s | %d | %d | %d |%n", row.where(), row.clients(), row.keysPerRequest(),
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
            final var goal = rows.stream().filter(row -> IN_PROCESS.equals(row.where())
                && row.clients() == GOAL_CLIENTS && row.keysPerRequest() == perRequest).findFirst();
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

    /**
     * The clients' event loops and connections, the two servers' ports, and the requests' paths and bodies.
     */
    private static final class Endpoints {
        private static final String BASELINE_PATH = "/";
        private static final String KEYS_PATH = "/api/v1/keys/";
        private static final String ENC_KEYS = KEYS_PATH + SLAVE + "/enc_keys";
        private static final String DEC_KEYS = KEYS_PATH + MASTER + "/dec_keys";
        private static final String STATUS = KEYS_PATH + SLAVE + "/status";

        private final HttpsClients https;
        private final int keyPort;
        private final int slaveKeyPort;
        private final int baselinePort;
        private final Map<Integer, byte[]> encBodies = new HashMap<>();

        Endpoints(final HttpsClients https, final int keyPort, final int baselinePort,
                final List<Integer> keysPerRequest) {
            this(https, keyPort, keyPort, baselinePort, keysPerRequest);
        }

        // enc_keys at the master's key manager, dec_keys at the slave's
        Endpoints(final HttpsClients https, final int keyPort, final int slaveKeyPort, final int baselinePort,
                final List<Integer> keysPerRequest) {
            this.https = https;
            this.keyPort = keyPort;
            this.slaveKeyPort = slaveKeyPort;
            this.baselinePort = baselinePort;
            for (int perRequest : keysPerRequest) {
                encBody(perRequest);
            }
            encBody(1);
        }

        private void encBody(final int perRequest) {
            encBodies.put(perRequest, ("{\"number\":" + perRequest + "}").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Checks that both servers answer, before any measurement.
         *
         * @return the TLS protocol and cipher suite of the key server's session
         */
        String check() throws IOException, InterruptedException {
            final var session = once(MASTER, keyPort, STATUS);
            once(SLAVE, baselinePort, BASELINE_PATH);
            return session;
        }

        // one GET on a connection of its own, which must be answered 200: the connection's TLS session
        private String once(final String saeId, final int port, final String path) throws IOException,
                InterruptedException {
            final var answer = new CompletableFuture<Answer>();
            final var listener = new HttpsClients.Listener() {
                @Override
                public void answered(final Connection from, final Answer got) {
                    answer.complete(got);
                }

                @Override
                public void failed(final Connection from, final String why) {
                    answer.completeExceptionally(new IOException(why));
                }
            };
            final Connection connection;
            try {
                connection = https.connect(https.next(), saeId, port, listener)
                    .get(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException("cannot connect as " + saeId + " to port " + port + ": " + e.getCause(), e);
            } catch (TimeoutException e) {
                throw new IOException("no connection as " + saeId + " to port " + port, e);
            }
            try {
                connection.send(HttpMethod.GET, path, null);
                final var got = answer.get(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS);
                if (got.status() != 200) {
                    throw new IOException(path + " answered " + got.status() + ": " + got.body());
                }
                return connection.tlsSession();
            } catch (ExecutionException e) {
                throw new IOException("GET " + path + " as " + saeId + " failed: " + e.getCause(), e);
            } catch (TimeoutException e) {
                throw new IOException("GET " + path + " as " + saeId + " was not answered", e);
            } finally {
                connection.close();
            }
        }
    }

    /**
     * A client: two connections on one event loop, one with the master SAE's certificate, one with the slave's,
     * and a state machine that runs operations one after the other on that loop until the end of the measurement.
     * Everything but {@link #connect()}, {@link #start(long, long)}, {@link #abandon()} and {@link #tally(long)}
     * runs on the loop.
     */
    private static final class Client implements HttpsClients.Listener {
        private final Tally tally = new Tally();
        private final CompletableFuture<Tally> done = new CompletableFuture<>();
        private final Endpoints endpoints;
        private final EventLoop loop;
        private final int perRequest;
        private final int port;
        private final int slavePort;
        private final String firstRequest;
        private final String secondRequest;
        private Connection master;
        private Connection slave;
        private ScheduledFuture<?> deadline;
        private long warmupEnd;
        private long end;
        // when the operation in flight started: enc_keys (or the first GET) was sent
        private long begin;
        private List<Key> encKeyList = List.of();
        private boolean inFlight;
        private boolean awaitingSlave;
        private boolean finished;

        Client(final Endpoints endpoints, final int perRequest) {
            this.endpoints = endpoints;
            this.perRequest = perRequest;
            loop = endpoints.https.next();
            port = perRequest == BASELINE ? endpoints.baselinePort : endpoints.keyPort;
            slavePort = perRequest == BASELINE ? endpoints.baselinePort : endpoints.slaveKeyPort;
            firstRequest = perRequest == BASELINE ? "GET " + Endpoints.BASELINE_PATH + " as " + MASTER
                : "POST " + Endpoints.ENC_KEYS;
            secondRequest = perRequest == BASELINE ? "GET " + Endpoints.BASELINE_PATH + " as " + SLAVE
                : "POST " + Endpoints.DEC_KEYS;
        }

        // both connections made, or the client ended with an error; never fails
        CompletableFuture<Void> connect() {
            final var toMaster = endpoints.https.connect(loop, MASTER, port, this);
            final var toSlave = endpoints.https.connect(loop, SLAVE, slavePort, this);
            return CompletableFuture.allOf(toMaster, toSlave).handleAsync((ignored, failure) -> {
                master = made(toMaster);
                slave = made(toSlave);
                if (failure != null) {
                    final var cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure;
                    tally.error("connecting to port " + port + " or " + slavePort + " failed: " + cause);
                    finish();
                } else if (finished) {
                    // a connection failed before both were made
                    closeConnections();
                }
                return null;
            }, loop);
        }

        private static Connection made(final CompletableFuture<Connection> connection) {
            return connection.state() == Future.State.SUCCESS ? connection.resultNow() : null;
        }

        void start(final long windowStart, final long windowEnd) {
            loop.execute(() -> {
                warmupEnd = windowStart;
                end = windowEnd;
                if (!finished) {
                    deadline = loop.schedule(this::overdue, windowEnd + TimeUnit.SECONDS.toNanos(GRACE_SECONDS)
                        - System.nanoTime(), TimeUnit.NANOSECONDS);
                    next();
                }
            });
        }

        // what the client saw, once it ended; a tally of one error when it did not end by the deadline
        Tally tally(final long deadlineNanos) throws InterruptedException, ExecutionException {
            try {
                return done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                abandon();
                final var lost = new Tally();
                lost.error("a client did not end " + (GRACE_SECONDS + 2) + " s after the end: " + e);
                return lost;
            }
        }

        void abandon() {
            loop.execute(this::finish);
        }

        private void next() {
            inFlight = false;
            if (finished) {
                return;
            }
            final long now = System.nanoTime();
            if (now - end >= 0) {
                finish();
                return;
            }
            begin = now;
            inFlight = true;
            awaitingSlave = false;
            if (perRequest == BASELINE) {
                master.send(HttpMethod.GET, Endpoints.BASELINE_PATH, null);
            } else {
                master.send(HttpMethod.POST, Endpoints.ENC_KEYS, endpoints.encBodies.get(perRequest));
            }
        }

        @Override
        public void answered(final Connection from, final Answer answer) {
            if (finished) {
                return;
            }
            if (!inFlight || from != (awaitingSlave ? slave : master)) {
                tally.error("an answer nobody asked for came on a connection: " + answer.status());
                finish();
            } else if (awaitingSlave) {
                second(answer);
            } else {
                first(answer);
            }
        }

        // the answer to enc_keys or to the first GET: then dec_keys or the second GET
        private void first(final Answer answer) {
            if (!tally.ok(answer, firstRequest)) {
                next();
                return;
            }
            awaitingSlave = true;
            if (perRequest == BASELINE) {
                slave.send(HttpMethod.GET, Endpoints.BASELINE_PATH, null);
                return;
            }
            encKeyList = keys(answer.body());
            if (encKeyList.size() != perRequest) {
                tally.mismatch("enc_keys gave " + encKeyList.size() + " keys, " + perRequest + " asked");
                next();
                return;
            }
            final var ids = new StringBuilder("{\"key_IDs\":[");
            for (int i = 0; i < encKeyList.size(); i++) {
                ids.append(i == 0 ? "" : ",").append("{\"key_ID\":\"").append(encKeyList.get(i).id()).append("\"}");
            }
            slave.send(HttpMethod.POST, Endpoints.DEC_KEYS, ids.append("]}").toString()
                .getBytes(StandardCharsets.UTF_8));
        }

        // the answer to dec_keys or to the second GET: the operation is over
        private void second(final Answer answer) {
            final long answered = System.nanoTime();
            if (tally.ok(answer, secondRequest) && (perRequest == BASELINE || sameKeys(keys(answer.body())))
                    && begin - warmupEnd >= 0 && answered - end <= 0) {
                tally.latencies.add(answered - begin);
            }
            next();
        }

        private boolean sameKeys(final List<Key> decKeyList) {
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

        @Override
        public void failed(final Connection from, final String why) {
            if (!finished) {
                tally.error(why + (inFlight ? " (a request in flight)" : ""));
                finish();
            }
        }

        // GRACE_SECONDS after the end, the answer waited for has not come
        private void overdue() {
            if (!finished) {
                tally.error((awaitingSlave ? secondRequest : firstRequest) + " not answered " + GRACE_SECONDS
                    + " s after the end");
                finish();
            }
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            inFlight = false;
            if (deadline != null) {
                deadline.cancel(false);
            }
            closeConnections();
            done.complete(tally);
        }

        private void closeConnections() {
            if (master != null) {
                master.close();
            }
            if (slave != null) {
                slave.close();
            }
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
     * What one client saw: its latencies in the measurement window, and its failures throughout.
     */
    private static final class Tally {
        final Latencies latencies = new Latencies();
        long unavailable;
        long otherErrors;
        long mismatches;
        long keysCompared;
        String firstError;

        // whether the answer is a 200; counts the failure otherwise
        boolean ok(final Answer answer, final String request) {
            if (answer.status() == 200) {
                return true;
            }
            if (answer.status() == 503) {
                unavailable++;
            } else {
                otherErrors++;
            }
            note(request + " answered " + answer.status() + ": " + answer.body());
            return false;
        }

        void error(final String what) {
            otherErrors++;
            note(what);
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
    private record Row(String where, int clients, int keysPerRequest, Result keys, Result baseline) {
    }

    /**
     * The command line.
     */
    private record Options(List<Integer> clients, List<Integer> keysPerRequest, long warmupSeconds,
            long measureSeconds, int serverThreads, int maxStock, int clientThreads, List<Integer> sitesHops,
            int relaySeconds, Path sitesStore, boolean sitesRefill) {
        static final String USAGE = """
            usage: KeyDeliveryBench [--clients 1,16,100] [--keys-per-request 1,16] [--warmup-s 5] [--measure-s 15]
                   [--server-threads <cores>] [--max-stock 200000] [--client-threads 1] [--sites-hops 1,3]
                   [--relay-s 10] [--sites-store <java.io.tmpdir>] [--sites-refill on|off]
            """;

        static Options parse(final String[] args) {
            final Map<String, String> values = new HashMap<>(Map.of(
                "--clients", "1,16,100",
                "--keys-per-request", "1,16",
                "--warmup-s", "5",
                "--measure-s", "15",
                "--server-threads", String.valueOf(Runtime.getRuntime().availableProcessors()),
                "--max-stock", "200000",
                "--client-threads", "1",
                "--sites-hops", "1,3",
                "--relay-s", "10",
                "--sites-store", System.getProperty("java.io.tmpdir")));
            values.put("--sites-refill", "on");
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
                positive("--server-threads", values.get("--server-threads")), maxStock,
                positive("--client-threads", values.get("--client-threads")),
                list("--sites-hops", values.get("--sites-hops")), positive("--relay-s", values.get("--relay-s")),
                directory("--sites-store", values.get("--sites-store")), onOff("--sites-refill",
                    values.get("--sites-refill")));
        }

        private static boolean onOff(final String option, final String value) {
            return switch (value) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException(option + ": on or off, not '" + value + "'");
            };
        }

        private static Path directory(final String option, final String value) {
            final var path = Path.of(value);
            if (!Files.isDirectory(path) || !Files.isWritable(path)) {
                throw new IllegalArgumentException(option + ": a writable directory, not '" + value + "'");
            }
            return path;
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
