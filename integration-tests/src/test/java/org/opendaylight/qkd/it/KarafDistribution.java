/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unpacked Karaf distribution as a child process: started in server mode, its log captured, stopped with its
 * whole process tree.
 */
final class KarafDistribution implements AutoCloseable {
    /** Ports the distribution binds: RESTCONF, SSH console, JMX (2), clustering, NETCONF. */
    static final List<Integer> PORTS = List.of(8181, 8101, 1099, 44444, 2550, 17830);

    private final Path home;
    private final Path consoleLog;
    private final Process process;

    private KarafDistribution(final Path home, final Path consoleLog, final Process process) {
        this.home = requireNonNull(home);
        this.consoleLog = requireNonNull(consoleLog);
        this.process = requireNonNull(process);
    }

    /**
     * Starts the distribution found under {@code unpackDir} from a clean state.
     *
     * @param unpackDir directory holding the unpacked distribution (one top-level folder)
     * @param consoleLog file receiving Karaf's standard output and error
     * @param etcFiles files to write into {@code etc/} before starting, by name
     * @return the running distribution
     * @throws IOException when it cannot be started
     * @throws IllegalStateException when a port it needs is taken
     */
    static KarafDistribution start(final Path unpackDir, final Path consoleLog, final Map<String, String> etcFiles)
            throws IOException {
        final var busy = PORTS.stream().filter(port -> !isFree(port)).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("Cannot start the distribution: port(s) " + busy
                + " already in use on this machine (another Karaf or OpenDaylight running?)");
        }
        final Path home;
        try (Stream<Path> entries = Files.list(unpackDir)) {
            home = entries.filter(dir -> Files.isExecutable(dir.resolve("bin/karaf"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("No Karaf distribution under " + unpackDir));
        }
        for (var state : List.of("data", "journal", "snapshots")) {
            deleteTree(home.resolve(state));
        }
        for (var file : etcFiles.entrySet()) {
            Files.writeString(home.resolve("etc").resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        final var process = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(consoleLog.toFile())
            .start();
        return new KarafDistribution(home, consoleLog, process);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path home() {
        return home;
    }

    /**
     * Resident set size of the distribution's JVM.
     *
     * @return RSS in kibibytes, if the JVM process is found
     */
    Optional<Long> rssKib() {
        final var jvm = Stream.concat(Stream.of(process.toHandle()), process.descendants())
            .filter(handle -> handle.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false))
            .findFirst();
        if (jvm.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(jvm.orElseThrow().pid()), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Karaf's own log so far.
     *
     * @return its text, empty before it exists
     */
    String karafLog() {
        final var log = home.resolve("data/log/karaf.log");
        try {
            return Files.isReadable(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Last lines Karaf printed and the tail of its own log, for failure messages.
     *
     * @param lines how many lines of each
     * @return the text
     */
    String diagnostics(final int lines) {
        return "--- console (" + consoleLog + ") ---\n" + tail(consoleLog, lines)
            + "\n--- karaf.log ---\n" + tail(home.resolve("data/log/karaf.log"), lines);
    }

    @Override
    public void close() throws InterruptedException {
        final var tree = new ArrayList<ProcessHandle>();
        process.descendants().forEach(tree::add);
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (var handle : tree) {
            handle.onExit().completeOnTimeout(handle, 30, TimeUnit.SECONDS).join();
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }

    private static boolean isFree(final int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(final Path file, final int lines) {
        if (!Files.isReadable(file)) {
            return "(no " + file + ")";
        }
        try {
            final var all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
