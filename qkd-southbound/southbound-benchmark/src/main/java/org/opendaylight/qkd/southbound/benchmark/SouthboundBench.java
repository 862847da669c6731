/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.benchmark;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.standalone.Credentials;
import org.opendaylight.qkd.emulator.standalone.DeviceStartException;
import org.opendaylight.qkd.emulator.standalone.NetconfEmulator;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.emulator.topology.TopologyException;
import org.opendaylight.qkd.karaf.process.KarafProcess;
import org.opendaylight.qkd.karaf.process.ProcStats;

/**
 * Benchmarks the southbound in the running distribution: for each number of devices, starts a fresh distribution,
 * starts that many emulated NETCONF devices (a ring, in this JVM), declares them all in one RESTCONF request and
 * measures the time until every device is connected and every link is up in the operational topology; then cuts a
 * few links one after another and measures, for each, the time from the cut to the active link-down alarm in
 * {@code qkd-alarms}. Prints a Markdown table and whether the goals are met: 500 devices synced in under 60 s, a
 * fault's alarm in under 1 s.
 *
 * <p>Options: {@code --devices 10,100,500}, {@code --distribution <zip or directory>} (required),
 * {@code --work-dir <dir>}, {@code --polling-ms 5000}, {@code --refresh-ms 200}, {@code --faults 10},
 * {@code --karaf-heap 2g} ({@code default}: the JVM's own), {@code --sync-timeout-s 300}, {@code --settle-s 10}.
 */
public final class SouthboundBench {
    private static final String DEVICES = "/data/qkd-devices:qkd-devices";
    private static final String DEVICE_STATES = DEVICES + "?content=nonconfig";
    private static final String ALARMS = "/data/qkd-devices:qkd-alarms";
    private static final String TOPOLOGY = "/data/ietf-network:networks/network=qkd?content=nonconfig";
    private static final Credentials CREDENTIALS = new Credentials("qkd", "bench-s3cret");
    private static final Duration ALARM_POLL = Duration.ofMillis(20);
    private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KARAF_START_TIMEOUT = Duration.ofSeconds(300);
    private static final String SOUTHBOUND_STARTED = "QKD southbound started";
    private static final int SYNC_GOAL_DEVICES = 500;
    private static final double SYNC_GOAL_SECONDS = 60;
    private static final long ALARM_GOAL_MILLIS = 1000;

    private final Options options;
    private final PrintStream progress;
    private final RestconfClient restconf = new RestconfClient("admin", KarafProcess.ADMIN_PASSWORD,
        Duration.ofSeconds(60));
    // what a shutdown hook must stop when the benchmark is interrupted
    private final AtomicReference<KarafProcess> runningKaraf = new AtomicReference<>();
    private final AtomicReference<NetconfEmulator> runningEmulator = new AtomicReference<>();
    // cuts come at random phases of the polling cycle, the same ones run after run
    private final Random phases = new Random(42);

    private SouthboundBench(final Options options, final PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options
     * @throws IOException when the distribution or RESTCONF fails
     * @throws InterruptedException when interrupted
     * @throws DeviceStartException when the emulated devices cannot start
     * @throws TopologyException when the generated topology is invalid
     */
    public static void main(final String[] args) throws IOException, InterruptedException, DeviceStartException,
            TopologyException {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            try (var err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8)) {
                err.append("SouthboundBench: ").append(e.getMessage()).append('\n').append(Options.USAGE);
            }
            System.exit(2);
            return;
        }
        final var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final var progress = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        new SouthboundBench(options, progress).run(out);
    }

    private void run(final PrintStream out) throws IOException, InterruptedException, DeviceStartException,
            TopologyException {
        KarafProcess.checkPortsFree();
        Files.createDirectories(options.workDir);
        final var hook = new Thread(this::stopAll, "southbound-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        final var results = new ArrayList<RunResult>();
        try {
            for (int devices : options.devices) {
                results.add(runOnce(devices));
                printTable(progress, results);
            }
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        out.println();
        printTable(out, results);
        printGoals(out, results);
    }

    private RunResult runOnce(final int devices) throws IOException, InterruptedException, DeviceStartException,
            TopologyException {
        final var runDir = options.workDir.resolve("run-" + devices);
        KarafProcess.deleteTree(runDir);
        Files.createDirectories(runDir);
        log("%d devices: starting the distribution from %s in %s (heap %s); load average %s", devices,
            options.distribution, runDir, options.karafHeap == null ? "JVM default" : options.karafHeap,
            loadAverage());
        final long karafStart = System.nanoTime();
        final var karaf = KarafProcess.start(KarafProcess.unpack(options.distribution, runDir.resolve("karaf")),
            runDir.resolve("console.log"), Map.of(), options.karafHeap);
        runningKaraf.set(karaf);
        try {
            awaitReady(karaf);
            log("%d devices: RESTCONF and southbound ready after %.1f s, settling %d s", devices,
                seconds(karafStart), options.settleSeconds);
            Thread.sleep(Duration.ofSeconds(options.settleSeconds));
            final var before = karaf.stats();
            log("%d devices: idle distribution: %s", devices, before.map(SouthboundBench::describe).orElse("?"));
            return measure(devices, karaf);
        } finally {
            // the clients first: devices going away would make the controller reconnect while it stops
            karaf.keepLogs(options.workDir.resolve("karaf-" + devices));
            runningKaraf.set(null);
            try {
                karaf.close();
            } finally {
                stopEmulator();
            }
            KarafProcess.deleteTree(runDir);
            log("%d devices: distribution stopped; its logs are in %s", devices,
                options.workDir.resolve("karaf-" + devices + ".karaf.log"));
        }
    }

    private RunResult measure(final int devices, final KarafProcess karaf) throws IOException, InterruptedException,
            DeviceStartException, TopologyException {
        final long emulatorStart = System.nanoTime();
        final var started = startEmulator(devices);
        final var network = started.network;
        final var emulator = started.emulator;
        final long refreshStart = System.nanoTime();
        emulator.refresh();
        final double refreshMillis = (System.nanoTime() - refreshStart) / 1e6;
        log("%d devices: emulator up in %.1f s, one refresh of all devices takes %.0f ms (every %d ms)", devices,
            seconds(emulatorStart), refreshMillis, options.refreshMillis);

        // link-id in the QKD topology is the link's ETSI qkdl_id
        final var links = List.copyOf(network.links());
        final var linkIds = new HashMap<String, EmulatedLink>();
        links.forEach(link -> linkIds.put(link.qkdlId().toString(), link));

        final var cpuBefore = karaf.stats().map(ProcStats::cpuSeconds).orElse(0.0);
        final long declared = System.nanoTime();
        final var put = restconf.put(DEVICES, declaration(emulator, options.pollingMillis));
        if (put.statusCode() != 201 && put.statusCode() != 204) {
            throw new IllegalStateException("declaring the devices failed: " + put.statusCode() + " " + put.body());
        }
        log("%d devices: declared in one PUT in %.2f s", devices, seconds(declared));

        final var sync = awaitSync(devices, linkIds.keySet(), declared, karaf);
        final var karafAfterSync = karaf.stats();
        final var benchAfterSync = ProcStats.self();
        final double karafCpu = karafAfterSync.map(ProcStats::cpuSeconds).orElse(0.0) - cpuBefore;
        log("%d devices: %s after %.1f s (all connected after %.1f s); Karaf used %.1f CPU s (%.2f cores) meanwhile",
            devices, sync.complete ? "synced" : "NOT synced", sync.seconds, sync.connectedSeconds, karafCpu,
            karafCpu / sync.seconds);
        log("%d devices: distribution after sync: %s", devices, karafAfterSync.map(SouthboundBench::describe)
            .orElse("?"));
        log("%d devices: benchmark JVM after sync: %s", devices, benchAfterSync.map(SouthboundBench::describe)
            .orElse("?"));

        // faults are timed in the steady state: the devices polled, their subscriptions in place
        log("%d devices: load average %s; settling %d s before the faults", devices, loadAverage(),
            options.settleSeconds);
        Thread.sleep(Duration.ofSeconds(options.settleSeconds));
        log("%d devices: load average %s", devices, loadAverage());
        final var faults = injectFaults(devices, links, sync.upLinks);
        final var log = karaf.karafLog();
        final var result = new RunResult(devices, links.size(), sync, faults, karafAfterSync, benchAfterSync,
            count(log, ": unreachable"), count(log, ": failed"), count(log, "| WARN "), count(log, "| ERROR "),
            karafCpu, refreshMillis);
        log("%d devices: device status changes to unreachable %d, to failed %d; Karaf log WARN %d, ERROR %d",
            devices, result.unreachable, result.failed, result.warnings, result.errors);
        return result;
    }

    // until RESTCONF answers with data and the southbound has started
    private void awaitReady(final KarafProcess karaf) throws InterruptedException {
        final long deadline = System.nanoTime() + KARAF_START_TIMEOUT.toNanos();
        boolean answers = false;
        while (true) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited before it was ready\n" + karaf.diagnostics(60));
            }
            if (!answers) {
                answers = restconfAnswers();
            }
            if (answers && karaf.karafLog().contains(SOUTHBOUND_STARTED)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Karaf not ready within " + KARAF_START_TIMEOUT.toSeconds()
                    + " s (RESTCONF " + (answers ? "answers" : "does not answer") + ")\n" + karaf.diagnostics(60));
            }
            Thread.sleep(500);
        }
    }

    private boolean restconfAnswers() throws InterruptedException {
        try {
            // Jetty answers 404 before RESTCONF is deployed: only data, or RESTCONF's own data-missing, means ready
            final var response = restconf.get("/data/ietf-network:networks");
            return response.statusCode() == 200 || response.body().contains("data-missing");
        } catch (IOException e) {
            // not listening yet, or too busy starting to answer in time
            return false;
        }
    }

    // the devices on free ports; a port taken meanwhile by someone else makes a new attempt on other ports
    private Started startEmulator(final int devices) throws IOException, DeviceStartException, TopologyException {
        for (int attempt = 1;; attempt++) {
            final Topology topology = RingTopology.of(devices, NetconfEmulator.freePorts(devices));
            final var network = topology.createNetwork(InstantSource.system());
            try {
                final var emulator = NetconfEmulator.start(topology, network, CREDENTIALS,
                    Duration.ofMillis(options.refreshMillis));
                runningEmulator.set(emulator);
                return new Started(network, emulator);
            } catch (DeviceStartException e) {
                if (attempt == 3) {
                    throw e;
                }
                log("%d devices: emulator did not start (%s), trying other ports", devices, e.getMessage());
            }
        }
    }

    private static String declaration(final NetconfEmulator emulator, final long pollingMillis) {
        final var json = new StringBuilder("{\"qkd-devices:qkd-devices\": {\"polling-interval\": ")
            .append(pollingMillis).append(", \"device\": [");
        boolean first = true;
        for (var device : emulator.devices()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append(String.format(Locale.ROOT, "%n  {\"name\": \"%s\", \"netconf\": {\"host\": \"%s\", "
                + "\"port\": %d, \"username\": \"%s\", \"password\": \"%s\"}}", device.name(), device.host(),
                device.port(), CREDENTIALS.user(), CREDENTIALS.password()));
        }
        return json.append("]}}").toString();
    }

    // polls until every device is connected and every link is up, or the timeout
    private Sync awaitSync(final int devices, final Set<String> linkIds, final long declared,
            final KarafProcess karaf) throws IOException, InterruptedException {
        // a little load on RESTCONF: the answers grow with the devices
        final long pollMillis = Math.max(100, Math.min(500, 2L * devices));
        final long deadline = declared + Duration.ofSeconds(options.syncTimeoutSeconds).toNanos();
        long lastReport = System.nanoTime();
        double connectedSeconds = Double.NaN;
        while (true) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited during the sync\n" + karaf.diagnostics(60));
            }
            final int connected = connectedDevices();
            final long now = System.nanoTime();
            if (connected == devices && Double.isNaN(connectedSeconds)) {
                connectedSeconds = (now - declared) / 1e9;
            }
            // the topology is the larger answer: read it only once the devices are there
            if (connected == devices) {
                final var up = upLinks(linkIds);
                if (up.size() == linkIds.size()) {
                    return new Sync(true, (System.nanoTime() - declared) / 1e9, connectedSeconds, connected, up);
                }
            }
            if (now > deadline) {
                final var up = upLinks(linkIds);
                log("sync timed out after %d s: %d of %d devices connected, %d of %d links up",
                    options.syncTimeoutSeconds, connected, devices, up.size(), linkIds.size());
                return new Sync(false, (now - declared) / 1e9, connectedSeconds, connected, up);
            }
            if (now - lastReport > Duration.ofSeconds(5).toNanos()) {
                lastReport = now;
                log("  %.0f s: %d of %d devices connected", (now - declared) / 1e9, connected, devices);
            }
            Thread.sleep(pollMillis);
        }
    }

    private int connectedDevices() throws IOException, InterruptedException {
        final var doc = restconf.getObject(DEVICE_STATES);
        if (doc.isEmpty()) {
            return 0;
        }
        final var list = array(doc.orElseThrow().getAsJsonObject("qkd-devices:qkd-devices"), "device");
        int connected = 0;
        for (var element : list) {
            final var status = element.getAsJsonObject().getAsJsonObject("status");
            if (status != null && status.has("connection-status")
                    && "connected".equals(status.get("connection-status").getAsString())) {
                connected++;
            }
        }
        return connected;
    }

    // the expected links that are up in the QKD topology
    private Set<String> upLinks(final Set<String> linkIds) throws IOException, InterruptedException {
        final var doc = restconf.getObject(TOPOLOGY);
        if (doc.isEmpty()) {
            return Set.of();
        }
        final var networks = doc.orElseThrow().getAsJsonArray("ietf-network:network");
        if (networks == null || networks.isEmpty()) {
            return Set.of();
        }
        final var up = new HashSet<String>();
        for (var element : array(networks.get(0).getAsJsonObject(), "ietf-network-topology:link")) {
            final var link = element.getAsJsonObject();
            final var id = link.get("link-id").getAsString();
            final var attributes = link.getAsJsonObject("qkd-topology:qkd-link-attributes");
            if (linkIds.contains(id) && attributes != null && attributes.has("status")
                    && "up".equals(attributes.get("status").getAsString())) {
                up.add(id);
            }
        }
        return up;
    }

    // cuts links spread over the ring one after another; for each, the milliseconds until its alarm, -1 if none
    private List<Long> injectFaults(final int devices, final List<EmulatedLink> links, final Set<String> upLinks)
            throws IOException, InterruptedException {
        final var candidates = links.stream().filter(link -> upLinks.contains(link.qkdlId().toString())).toList();
        final int count = Math.min(options.faults, candidates.size());
        final var results = new ArrayList<Long>();
        for (int i = 0; i < count; i++) {
            final var link = candidates.get(i * candidates.size() / count);
            final var resource = link.qkdlId().toString();
            if (activeLinkDown(resource)) {
                log("%d devices: link %s already has an active link-down alarm, not cut", devices, link.id());
                continue;
            }
            Thread.sleep(phases.nextLong(options.pollingMillis));
            final long cut = System.nanoTime();
            link.cut();
            long millis = -1;
            while (System.nanoTime() - cut < FAULT_TIMEOUT.toNanos()) {
                if (activeLinkDown(resource)) {
                    millis = (System.nanoTime() - cut) / 1_000_000;
                    break;
                }
                Thread.sleep(ALARM_POLL);
            }
            link.restore();
            results.add(millis);
            log("%d devices: cut %s: %s", devices, link.id(), millis < 0
                ? "no link-down alarm within " + FAULT_TIMEOUT.toSeconds() + " s" : "link-down alarm after "
                    + millis + " ms");
        }
        return results;
    }

    private boolean activeLinkDown(final String resource) throws IOException, InterruptedException {
        final var doc = restconf.getObject(ALARMS);
        if (doc.isEmpty()) {
            return false;
        }
        for (var element : array(doc.orElseThrow().getAsJsonObject("qkd-devices:qkd-alarms"), "alarm")) {
            final var alarm = element.getAsJsonObject();
            if ("link-down".equals(alarm.get("type").getAsString())
                    && resource.equals(alarm.get("resource").getAsString())
                    && alarm.get("active").getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    private static JsonArray array(final JsonObject parent, final String name) {
        final var array = parent == null ? null : parent.getAsJsonArray(name);
        return array == null ? new JsonArray() : array;
    }

    private void stopEmulator() throws InterruptedException {
        final var emulator = runningEmulator.getAndSet(null);
        if (emulator != null) {
            emulator.close();
        }
    }

    // when interrupted (Ctrl-C): nothing of the run must be left behind
    private void stopAll() {
        try {
            stopEmulator();
            final var karaf = runningKaraf.getAndSet(null);
            if (karaf != null) {
                karaf.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printTable(final PrintStream out, final List<RunResult> results) {
        out.println("| devices | links | sync time (s) | devices/s | fault-to-alarm median (ms) | max (ms) "
            + "| Karaf RSS (MiB) | Karaf peak RSS (MiB) | Karaf threads | bench RSS (MiB) |");
        out.println("|--------:|------:|--------------:|----------:|---------------------------:|---------:"
            + "|----------------:|---------------------:|--------------:|----------------:|");
        for (var result : results) {
            out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", result.devices,
                result.links, result.sync.complete ? String.format(Locale.ROOT, "%.1f", result.sync.seconds)
                    : String.format(Locale.ROOT, "not synced in %.0f (%d connected, %d links up)",
                        result.sync.seconds, result.sync.connected, result.sync.upLinks.size()),
                result.sync.complete ? String.format(Locale.ROOT, "%.1f", result.devices / result.sync.seconds)
                    : "-",
                result.median().map(String::valueOf).orElse("-"), result.max().map(String::valueOf).orElse("-")
                    + (result.missedAlarms() > 0 ? " (" + result.missedAlarms() + " missed)" : ""),
                result.karaf.map(stats -> String.valueOf(stats.rssMib())).orElse("?"),
                result.karaf.map(stats -> String.valueOf(stats.peakRssMib())).orElse("?"),
                result.karaf.map(stats -> String.valueOf(stats.threads())).orElse("?"),
                result.bench.map(stats -> String.valueOf(stats.rssMib())).orElse("?"));
        }
    }

    private void printGoals(final PrintStream out, final List<RunResult> results) {
        out.println();
        out.printf(Locale.ROOT, "Polling interval %d ms, emulator refresh %d ms, Karaf heap %s.%n",
            options.pollingMillis, options.refreshMillis, options.karafHeap == null ? "JVM default"
                : options.karafHeap);
        final var goal = results.stream().filter(result -> result.devices == SYNC_GOAL_DEVICES).findFirst();
        if (goal.isEmpty()) {
            out.println(SYNC_GOAL_DEVICES + " devices synced in under 60 s: not measured (run with --devices "
                + SYNC_GOAL_DEVICES + ")");
        } else {
            final var sync = goal.orElseThrow().sync;
            out.printf(Locale.ROOT, "%d devices synced in under 60 s: %s (%s)%n", SYNC_GOAL_DEVICES,
                sync.complete && sync.seconds < SYNC_GOAL_SECONDS ? "met" : "NOT met",
                sync.complete ? String.format(Locale.ROOT, "%.1f s", sync.seconds)
                    : String.format(Locale.ROOT, "not synced after %.0f s", sync.seconds));
        }
        final var all = results.stream().flatMap(result -> result.faults.stream()).toList();
        if (all.isEmpty()) {
            out.println("fault-to-alarm under 1 s: not measured");
        } else {
            final long missed = all.stream().filter(millis -> millis < 0).count();
            final long max = all.stream().mapToLong(Long::longValue).max().orElseThrow();
            out.printf(Locale.ROOT, "fault-to-alarm under 1 s: %s (max %s over %d faults)%n",
                missed == 0 && max < ALARM_GOAL_MILLIS ? "met" : "NOT met",
                missed == 0 ? max + " ms" : missed + " without alarm in " + FAULT_TIMEOUT.toSeconds() + " s",
                all.size());
        }
    }

    private static String describe(final ProcStats stats) {
        return String.format(Locale.ROOT, "RSS %d MiB (peak %d MiB), %d threads, %d open files, %.1f CPU s",
            stats.rssMib(), stats.peakRssMib(), stats.threads(), stats.openFiles(), stats.cpuSeconds());
    }

    // other work on the machine skews every figure: it is logged with them
    private static String loadAverage() {
        try {
            final var fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2] + " on " + Runtime.getRuntime().availableProcessors()
                + " cores";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int count(final String text, final String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static double seconds(final long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void log(final String format, final Object... args) {
        progress.printf(Locale.ROOT, format + "%n", args);
    }

    private record Started(EmulatedNetwork network, NetconfEmulator emulator) {
    }

    /**
     * How far the devices got.
     *
     * @param complete whether every device got connected and every link up
     * @param seconds from the declaration until then, or until the timeout
     * @param connectedSeconds from the declaration until every device was connected, NaN if never
     * @param connected devices connected at the end
     * @param upLinks links up at the end
     */
    private record Sync(boolean complete, double seconds, double connectedSeconds, int connected,
            Set<String> upLinks) {
    }

    /**
     * The figures of one run.
     */
    private record RunResult(int devices, int links, Sync sync, List<Long> faults, Optional<ProcStats> karaf,
            Optional<ProcStats> bench, int unreachable, int failed, int warnings, int errors, double karafCpu,
            double refreshMillis) {
        Optional<Long> median() {
            final var seen = faults.stream().filter(millis -> millis >= 0).sorted().toList();
            return seen.isEmpty() ? Optional.empty() : Optional.of(seen.get(seen.size() / 2));
        }

        Optional<Long> max() {
            return faults.stream().filter(millis -> millis >= 0).max(Long::compare);
        }

        long missedAlarms() {
            return faults.stream().filter(millis -> millis < 0).count();
        }
    }

    /**
     * The command line.
     */
    private record Options(List<Integer> devices, Path distribution, Path workDir, long pollingMillis,
            long refreshMillis, int faults, String karafHeap, long syncTimeoutSeconds, long settleSeconds) {
        static final String USAGE = """
            usage: SouthboundBench --distribution <qkd-karaf zip or unpacked directory> [--devices 10,100,500]
                   [--work-dir DIR] [--polling-ms 5000] [--refresh-ms 200] [--faults 10] [--karaf-heap 2g|default]
                   [--sync-timeout-s 300] [--settle-s 10]
            """;

        static Options parse(final String[] args) {
            final Map<String, String> values = new HashMap<>(Map.of(
                "--devices", "10,100,500",
                "--work-dir", Path.of(System.getProperty("java.io.tmpdir"), "qkd-southbound-bench").toString(),
                "--polling-ms", "5000",
                "--refresh-ms", "200",
                "--faults", "10",
                "--karaf-heap", "2g",
                "--sync-timeout-s", "300",
                "--settle-s", "10"));
            for (int i = 0; i < args.length; i += 2) {
                if (!values.containsKey(args[i]) && !"--distribution".equals(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                values.put(args[i], args[i + 1]);
            }
            final var distribution = values.get("--distribution");
            if (distribution == null || !Files.exists(Path.of(distribution))) {
                throw new IllegalArgumentException("--distribution must name the distribution's zip or directory"
                    + (distribution == null ? "" : ", " + distribution + " does not exist"));
            }
            final var devices = new ArrayList<Integer>();
            for (var count : values.get("--devices").split(",")) {
                final int value = positive("--devices", count.strip());
                if (value < 2) {
                    throw new IllegalArgumentException("--devices: at least 2 devices, so that there is a link");
                }
                devices.add(value);
            }
            final var heap = values.get("--karaf-heap");
            if (!"default".equals(heap) && !heap.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("--karaf-heap: a size like 2g or 1536m, or default");
            }
            final long polling = positive("--polling-ms", values.get("--polling-ms"));
            if (polling < 100) {
                throw new IllegalArgumentException("--polling-ms: at least 100 (the model's lower bound)");
            }
            return new Options(List.copyOf(devices), Path.of(distribution), Path.of(values.get("--work-dir")),
                polling, positive("--refresh-ms", values.get("--refresh-ms")),
                positive("--faults", values.get("--faults")), "default".equals(heap) ? null : heap,
                positive("--sync-timeout-s", values.get("--sync-timeout-s")),
                Long.parseLong(values.get("--settle-s")));
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
