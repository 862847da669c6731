/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.karaf.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.opendaylight.qkd.firststart.ControllerTls;

/**
 * The Karaf distribution as a child process in server mode: started from a clean state (no datastore in
 * {@code state/}, nothing in {@code data/}) with the caller's files in {@code etc/}, run by this JVM's Java, its
 * console output captured, stopped with its whole process tree. {@link #unpack(Path, Path)} makes a fresh copy of
 * the distribution to run.
 */
public final class KarafProcess implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The RESTCONF user admin's password: the distribution has no default one and makes its first start's
     * credentials from {@code $QKD_ADMIN_PASSWORD} (README, "First start"); random for each run of the tests.
     */
    public static final String ADMIN_PASSWORD = "Admin-" + randomText();
    /** The console user karaf's password, from {@code $QKD_CONSOLE_PASSWORD}: random for each run. */
    public static final String CONSOLE_PASSWORD = "Console-" + randomText();
    /** Ports the distribution binds: HTTPS (RESTCONF), SSH console, JMX (2), clustering, NETCONF. */
    public static final List<Integer> PORTS = List.of(8443, 8101, 1099, 44444, 2550, 17830);
    /** The distribution's HTTPS port: RESTCONF, the OpenAPI explorer, the operator view. */
    public static final int HTTPS_PORT = 8443;
    private static final String KARAF_LOG = "data/log/karaf.log";

    private final Path home;
    private final Path consoleLog;
    private final String maxHeap;
    private final Process process;

    private KarafProcess(final Path home, final Path consoleLog, final String maxHeap, final Process process) {
        this.home = requireNonNull(home);
        this.consoleLog = requireNonNull(consoleLog);
        this.maxHeap = maxHeap;
        this.process = requireNonNull(process);
    }

    /**
     * Starts the distribution at {@code home} from a clean state.
     *
     * @param home Karaf's home (holding {@code bin/karaf}); see {@link #findHome(Path)}
     * @param consoleLog file receiving Karaf's standard output and error
     * @param etcFiles files to write into {@code etc/} before starting, by name
     * @param maxHeap the JVM's maximum heap ({@code -Xmx} value such as {@code 2g}), or null for Karaf's default
     * @return the starting distribution
     * @throws IOException when it cannot be prepared or started
     * @throws IllegalStateException when a port it needs is taken
     */
    public static KarafProcess start(final Path home, final Path consoleLog, final Map<String, String> etcFiles,
            final String maxHeap) throws IOException {
        checkPortsFree();
        // state/ holds the datastore (the cluster shards' journals and snapshots), data/ the OSGi cache and logs
        for (var state : List.of("state", "data", "journal", "snapshots")) {
            deleteTree(home.resolve(state));
        }
        for (var file : etcFiles.entrySet()) {
            final var path = home.resolve("etc").resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        return new KarafProcess(home, consoleLog, maxHeap, launch(home, Redirect.to(consoleLog.toFile()), maxHeap));
    }

    /**
     * Stops the distribution and starts it again with the state it keeps (datastore, logs, files in {@code etc/}),
     * as an operator restarts a controller. Its console output is appended to the same file.
     *
     * @param portsTimeout how long to wait for the ports to be free after it stopped
     * @return the restarted distribution
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when a port is still taken after the timeout
     */
    public KarafProcess restart(final Duration portsTimeout) throws IOException, InterruptedException {
        close();
        final long deadline = System.nanoTime() + portsTimeout.toNanos();
        while (PORTS.stream().anyMatch(port -> !isFree(port)) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        checkPortsFree();
        return new KarafProcess(home, consoleLog, maxHeap, launch(home, Redirect.appendTo(consoleLog.toFile()),
            maxHeap));
    }

    private static Process launch(final Path home, final Redirect output, final String maxHeap) throws IOException {
        final var builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output);
        final var env = builder.environment();
        env.remove("JAVA_OPTS");
        // the Java running this, which the build provides (JDK 21), not whatever the machine has on its PATH
        env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        if (maxHeap != null) {
            env.put("EXTRA_JAVA_OPTS", "-Xmx" + maxHeap);
        }
        // the credentials its first start makes (bin/qkd-first-start, run by bin/setenv)
        env.put("QKD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("QKD_CONSOLE_PASSWORD", CONSOLE_PASSWORD);
        // its HTTPS certificate, given as an operator gives theirs (README, "HTTPS")
        env.put("QKD_TLS_KEYSTORE", Tls.KEY_STORE.toString());
        env.put("QKD_TLS_KEYSTORE_PASSWORD", Tls.PASSWORD);
        return builder.start();
    }

    /**
     * The HTTPS certificate of every distribution this JVM starts, PEM, for clients such as curl and Prometheus: one
     * per run, self-signed, naming {@code localhost} and the loopback addresses of the cluster members
     * (127.0.0.1-3). The distributions' first start installs it as an operator's own.
     *
     * @return the certificate's file
     */
    public static Path tlsCertificate() {
        return Tls.CERTIFICATE;
    }

    /**
     * The PKCS#12 file of the distributions' HTTPS certificate and its key, for a start that does not go through
     * this class ({@code scripts/cluster.sh}): {@code $QKD_TLS_KEYSTORE}.
     *
     * @return the file
     */
    public static Path tlsKeyStore() {
        return Tls.KEY_STORE;
    }

    /**
     * The password of {@link #tlsKeyStore()}: {@code $QKD_TLS_KEYSTORE_PASSWORD}.
     *
     * @return the password
     */
    public static String tlsKeyStorePassword() {
        return Tls.PASSWORD;
    }

    /**
     * A TLS context that trusts the distributions' HTTPS certificate, and nothing else.
     *
     * @return the context
     */
    public static SSLContext tlsContext() {
        return Tls.CONTEXT;
    }

    // made once, on first use
    private static final class Tls {
        static final String PASSWORD = randomText();
        static final Path KEY_STORE;
        static final Path CERTIFICATE;
        static final SSLContext CONTEXT;

        static {
            try {
                final var entry = ControllerTls.selfSigned("QKD test controller",
                    List.of("localhost", "127.0.0.1", "127.0.0.2", "127.0.0.3", "::1"), InstantSource.system());
                final var directory = Files.createTempDirectory("qkd-controller-tls");
                directory.toFile().deleteOnExit();
                KEY_STORE = directory.resolve("controller.p12");
                Files.write(KEY_STORE, entry.toPkcs12(PASSWORD.toCharArray()));
                KEY_STORE.toFile().deleteOnExit();
                CERTIFICATE = directory.resolve("controller.crt");
                Files.writeString(CERTIFICATE, ControllerTls.certificatesPem(entry.chain()[0]),
                    StandardCharsets.US_ASCII);
                CERTIFICATE.toFile().deleteOnExit();
                final var trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("controller", entry.chain()[0]);
                final var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trust);
                CONTEXT = SSLContext.getInstance("TLS");
                CONTEXT.init(null, trustManagers.getTrustManagers(), null);
            } catch (IOException | GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private static String randomText() {
        final var bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Throws when a port the distribution needs is in use, e.g. by another Karaf.
     *
     * @throws IllegalStateException naming the ports taken
     */
    public static void checkPortsFree() {
        final var busy = PORTS.stream().filter(port -> !isFree(port)).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("Cannot start the distribution: port(s) " + busy
                + " already in use on this machine (another Karaf or OpenDaylight running?)");
        }
    }

    /**
     * Karaf's home in a directory: the directory itself, or its one subdirectory that holds {@code bin/karaf}.
     *
     * @param dir the directory
     * @return Karaf's home
     * @throws IOException when there is none
     */
    public static Path findHome(final Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("bin/karaf"))) {
            return dir;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(entry -> Files.isRegularFile(entry.resolve("bin/karaf"))).findFirst()
                .orElseThrow(() -> new IOException("no Karaf distribution (bin/karaf) in " + dir));
        }
    }

    /**
     * A fresh copy of the distribution under {@code target}: the zip unpacked (its scripts made executable, which
     * zip does not record), or the unpacked assembly copied.
     *
     * @param distribution the distribution's zip, or a directory holding it unpacked
     * @param target an empty or missing directory
     * @return Karaf's home in the copy
     * @throws IOException when it cannot be copied
     */
    public static Path unpack(final Path distribution, final Path target) throws IOException {
        final var root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        if (Files.isDirectory(distribution)) {
            copyTree(findHome(distribution), root.resolve("karaf"));
            return root.resolve("karaf");
        }
        try (var archive = new ZipFile(distribution.toFile())) {
            final var entries = archive.entries();
            while (entries.hasMoreElements()) {
                final var entry = entries.nextElement();
                final var path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("zip entry " + entry.getName() + " points outside " + root);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    try (var in = archive.getInputStream(entry)) {
                        Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        final var home = findHome(root);
        try (Stream<Path> scripts = Files.walk(home.resolve("bin"))) {
            for (var script : scripts.filter(Files::isRegularFile).toList()) {
                if (!script.getFileName().toString().endsWith(".bat") && !script.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + script + " executable");
                }
            }
        }
        return home;
    }

    /**
     * Whether the distribution still runs.
     *
     * @return true while its start script runs
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Karaf's home.
     *
     * @return it
     */
    public Path home() {
        return home;
    }

    /**
     * The distribution's JVM (bin/karaf starts it as a child of a shell).
     *
     * @return its handle, if it runs
     */
    public Optional<ProcessHandle> jvm() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
            .filter(handle -> handle.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false))
            .findFirst();
    }

    /**
     * What the kernel says of the distribution's JVM.
     *
     * @return its figures, if the JVM runs
     */
    public Optional<ProcStats> stats() {
        return jvm().flatMap(handle -> ProcStats.of(handle.pid()));
    }

    /**
     * Karaf's own log so far.
     *
     * @return its text, empty before it exists
     */
    public String karafLog() {
        final var log = home.resolve(KARAF_LOG);
        try {
            return Files.isReadable(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies Karaf's log and console output, so that they outlive the distribution's copy.
     *
     * @param prefix file name prefix, e.g. {@code work/karaf-100}: gives {@code work/karaf-100.karaf.log} and
     *     {@code work/karaf-100.console.log}
     * @throws IOException when they cannot be copied
     */
    public void keepLogs(final Path prefix) throws IOException {
        final var log = home.resolve(KARAF_LOG);
        if (Files.isReadable(log)) {
            Files.copy(log, Path.of(prefix + ".karaf.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isReadable(consoleLog)) {
            Files.copy(consoleLog, Path.of(prefix + ".console.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Last lines Karaf printed and the tail of its own log, for failure messages.
     *
     * @param lines how many lines of each
     * @return the text
     */
    public String diagnostics(final int lines) {
        return "--- console (" + consoleLog + ") ---\n" + tail(consoleLog, lines)
            + "\n--- karaf.log ---\n" + tail(home.resolve(KARAF_LOG), lines);
    }

    /**
     * Stops the distribution and every process it started, forcibly after 30 s.
     *
     * @throws InterruptedException when interrupted while waiting for them to exit
     */
    @Override
    public void close() throws InterruptedException {
        final var tree = new ArrayList<ProcessHandle>();
        process.descendants().forEach(tree::add);
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (var handle : tree) {
            handle.onExit().completeOnTimeout(handle, 30, TimeUnit.SECONDS).join();
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }

    /**
     * Deletes a directory with everything in it.
     *
     * @param dir the directory; nothing happens when it does not exist
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (var path : paths) {
            Files.delete(path);
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

    private static void copyTree(final Path source, final Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (var path : walk.toList()) {
                final var copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
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
}
