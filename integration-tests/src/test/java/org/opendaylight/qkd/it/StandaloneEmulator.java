/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone emulator (module emulator-standalone) as a separate process serving NETCONF devices on loopback,
 * as a lab would run it beside the controller.
 */
final class StandaloneEmulator implements AutoCloseable {
    private final List<String> command;
    private final Path output;
    private final String password;
    private Process process;

    private StandaloneEmulator(final List<String> command, final Path output, final String password) {
        this.command = List.copyOf(command);
        this.output = output;
        this.password = password;
    }

    /**
     * Starts the emulator on a topology and waits until its devices listen.
     *
     * @param workDir where the topology file and the output go
     * @param topology the topology (JSON)
     * @param user NETCONF user
     * @param password NETCONF password
     * @return the running emulator
     * @throws IOException when it cannot start or does not get ready within a minute
     * @throws InterruptedException when interrupted while waiting
     */
    static StandaloneEmulator start(final Path workDir, final String topology, final String user,
            final String password) throws IOException, InterruptedException {
        return start(workDir, topology, user, password, List.of());
    }

    /**
     * Starts the emulator on a topology with more options ({@code --keys DIR}: a key manager at every node with
     * ETSI GS QKD 014 and 020 ports) and waits until its devices listen.
     *
     * @param workDir where the topology file and the output go
     * @param topology the topology (JSON)
     * @param user NETCONF user
     * @param password NETCONF password
     * @param options more command line options
     * @return the running emulator
     * @throws IOException when it cannot start or does not get ready within a minute
     * @throws InterruptedException when interrupted while waiting
     */
    static StandaloneEmulator start(final Path workDir, final String topology, final String user,
            final String password, final List<String> options) throws IOException, InterruptedException {
        final var dir = Path.of(System.getProperty("qkd.emulator.dir"));
        final var jar = findJar(dir);
        Files.createDirectories(workDir);
        final var topologyFile = workDir.resolve("netconf-topology.json");
        Files.writeString(topologyFile, topology, StandardCharsets.UTF_8);
        final var output = workDir.resolve("emulator.log");
        final var java = ProcessHandle.current().info().command().orElse("java");
        final var command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp",
            jar + File.pathSeparator + dir.resolve("lib") + "/*",
            "org.opendaylight.qkd.emulator.standalone.Main", "run", topologyFile.toString(),
            "--user", user, "--refresh-ms", "200"));
        command.addAll(options);
        // the password from the environment, never the command line
        final var emulator = new StandaloneEmulator(command, output, password);
        emulator.launch();
        return emulator;
    }

    /**
     * Kills the emulator's process with SIGKILL, as a power cut or {@code kill -9} would, and waits until it is gone.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void kill() throws InterruptedException {
        close();
    }

    /**
     * Starts the killed emulator again with the same command line (the same key directory, so its key managers open
     * their stores again); the first run's output is kept beside the new one.
     *
     * @throws IOException when it does not get ready again within a minute
     * @throws InterruptedException when interrupted while waiting
     */
    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the emulator still runs");
        }
        Files.move(output, output.resolveSibling(output.getFileName() + "." + process.pid()));
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        final var builder = new ProcessBuilder(command);
        builder.environment().put("QKD_EMULATOR_PASSWORD", password);
        process = builder
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!log().contains("QKD emulator ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("standalone emulator not ready:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * The emulator's process ID.
     *
     * @return its pid
     */
    long pid() {
        return process.pid();
    }

    String log() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    private static Path findJar(final Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(file -> {
                final var name = file.getFileName().toString();
                return name.startsWith("qkd-emulator-standalone-") && name.endsWith(".jar")
                    && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar");
            }).findFirst().orElseThrow(() -> new IOException("no standalone emulator jar in " + dir));
        }
    }

    /**
     * Stops the emulator process with SIGKILL (its devices vanish at once, as a crashed device would).
     */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
