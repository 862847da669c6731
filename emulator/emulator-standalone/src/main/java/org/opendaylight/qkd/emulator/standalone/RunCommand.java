/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.topology.TopologyException;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: emulates the network of a topology file in real time, every node with a {@code netconf-port} as a
 * NETCONF device on the loopback address, until the process is stopped.
 */
final class RunCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final String SEEDED_FLAG = "--insecure-seeded-keys";

    static final String USAGE = """
        usage: qkd-emulator run TOPOLOGY.json [options]
          --user NAME         NETCONF user (default admin)
          --password-file F   file holding the NETCONF password (else $QKD_EMULATOR_PASSWORD; there is no default,
                              and no password on the command line, where ps shows it)
          --refresh-ms N      how often devices publish their state (default 500)
          --keys DIR          run a key manager for every node with etsi014-port and etsi020-port, keeping
                              its PKI, key-encryption keys, encrypted key stores and configuration in DIR
          --pki-password P    password of the PKI's PKCS#12 files (default: $QKD_PKI_PASSWORD, else changeit)
          --device-ca FILE    PEM certificates of the CAs of the QKD devices' ETSI GS QKD 014 endpoints, for
                              links whose key the devices deliver (key-delivery); the PKI's own CA is trusted too
          --metrics-port N    serve the key managers' metrics for Prometheus on http://127.0.0.1:N/metrics
          --insecure-seeded-keys  allow a topology file's seed: predictable link keys, for tests only
          --syslog URI        also send the security events (refused SAEs, TLS handshakes and NETCONF logins) as
                              RFC 5424 syslog to udp://HOST:PORT or tcp://HOST:PORT; always on standard error
        """;

    private RunCommand() {
        // static functions only
    }

    static void run(final List<String> args, final PrintStream out) throws UsageException, DeviceStartException {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new UsageException("missing topology file");
        }
        String user = "admin";
        final var fromEnv = System.getenv("QKD_EMULATOR_PASSWORD");
        String password = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        long refreshMillis = 500;
        Path keys = null;
        Path deviceCa = null;
        final var pkiFromEnv = System.getenv("QKD_PKI_PASSWORD");
        String pkiPassword = pkiFromEnv == null || pkiFromEnv.isEmpty() ? "changeit" : pkiFromEnv;
        SecurityLog.Collector syslog = null;
        Integer metricsPort = null;
        boolean seeded = false;
        for (int i = 1; i < args.size(); i += 2) {
            if (SEEDED_FLAG.equals(args.get(i))) {
                seeded = true;
                i--;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new UsageException("missing value after " + args.get(i));
            }
            final var value = args.get(i + 1);
            switch (args.get(i)) {
                case "--user" -> user = value;
                case "--password" -> throw new UsageException("--password is not taken: the command line shows in ps; "
                    + "give the NETCONF password in $QKD_EMULATOR_PASSWORD or a file with --password-file");
                case "--password-file" -> password = passwordFile(Path.of(value));
                case "--keys" -> keys = Path.of(value);
                case "--pki-password" -> pkiPassword = value;
                case "--device-ca" -> deviceCa = Path.of(value);
                case "--syslog" -> syslog = SecurityLog.Collector.parse(value);
                case "--metrics-port" -> metricsPort = (int) number("--metrics-port", value, 1, 65_535);
                case "--refresh-ms" -> refreshMillis = number("--refresh-ms", value, 10, 60_000);
                default -> throw new UsageException("unknown option " + args.get(i));
            }
        }
        if (deviceCa != null && keys == null) {
            throw new UsageException("--device-ca is for the key managers: give --keys too");
        }
        if (metricsPort != null && keys == null) {
            throw new UsageException("--metrics-port is for the key managers: give --keys too");
        }
        if (password == null) {
            throw new UsageException("no NETCONF password: set $QKD_EMULATOR_PASSWORD or give --password-file FILE "
                + "(there is no default password)");
        }
        final Credentials credentials;
        try {
            credentials = new Credentials(user, password);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        SecurityLog.configure(syslog);
        final var topology = readTopology(Path.of(args.get(0)));
        if (topology.seed().isPresent()) {
            if (!seeded) {
                throw new UsageException(args.get(0) + " sets a seed: its link keys would be predictable, from a "
                    + "seeded generator instead of the DRBG; remove the seed, or give " + SEEDED_FLAG
                    + " (tests only)");
            }
            LOG.warn("INSECURE: link keys come from a generator seeded with {} ({}): anyone who knows the seed knows "
                + "every key; for tests only", topology.seed().getAsLong(), SEEDED_FLAG);
            out.printf("WARNING: INSECURE, link keys are seeded (%s): anyone who knows the seed knows every key; "
                + "for tests only%n", SEEDED_FLAG);
        }
        if (topology.netconfPorts().isEmpty()) {
            throw new UsageException("no node of " + args.get(0) + " has a netconf-port: nothing to serve");
        }
        final var network = topology.createNetwork(InstantSource.system());
        if (keys != null && topology.keyPorts().isEmpty()) {
            throw new UsageException("--keys given, but no node of " + args.get(0) + " has etsi014-port and "
                + "etsi020-port");
        }
        final SiteMetrics metrics;
        try {
            metrics = metricsPort == null ? null : SiteMetrics.start(metricsPort);
        } catch (IOException e) {
            throw new UsageException("--metrics-port " + metricsPort + " cannot be bound: " + e.getMessage(), e);
        }
        final var emulator = NetconfEmulator.start(topology, network, credentials, Duration.ofMillis(refreshMillis),
            keys == null ? null : new NetconfEmulator.KeyManagerOptions(keys, pkiPassword, deviceCa, metrics));
        if (metrics != null) {
            out.printf("Metrics of the key managers: http://%s:%d/metrics%n", NetconfEmulator.HOST, metrics.port());
        }
        for (var device : emulator.devices()) {
            out.printf("node %s: NETCONF over SSH on %s:%d (user %s)%n", device.name(), NetconfEmulator.HOST,
                device.port(), credentials.user());
            final var ports = topology.keyPorts().get(device.name());
            if (keys != null && ports != null) {
                out.printf("node %s: key manager %s, ETSI GS QKD 014 on https://%s:%d, ETSI GS QKD 020 on "
                    + "https://%s:%d%n", device.name(), device.name(), NetconfEmulator.HOST, ports.etsi014(),
                    NetconfEmulator.HOST, ports.etsi020());
            }
        }
        if (keys != null) {
            out.printf("SAE certificates (made for each SAE a node serves once an application names it): "
                + "%s/<sae-id>.crt, .key and .p12; CA %s%n", keys.resolve("pki").resolve("sae"),
                keys.resolve("pki").resolve("ca.crt"));
        }
        out.printf("QKD emulator ready: %d devices, %d links%n", emulator.devices().size(),
            network.links().size());
        awaitShutdown(emulator, metrics);
    }

    // the first line of a password file
    private static String passwordFile(final Path file) throws UsageException {
        try {
            final var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.getFirst().isEmpty()) {
                throw new UsageException("--password-file " + file + " holds no password");
            }
            return lines.getFirst();
        } catch (IOException e) {
            throw new UsageException("--password-file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    // a whole number option within bounds
    private static long number(final String option, final String value, final long min, final long max)
            throws UsageException {
        final long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + value + "'", e);
        }
        if (number < min || number > max) {
            throw new UsageException(option + " must be between " + min + " and " + max);
        }
        return number;
    }

    private static org.opendaylight.qkd.emulator.topology.Topology readTopology(final Path file)
            throws UsageException {
        try {
            return TopologyFile.read(file);
        } catch (TopologyException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static void awaitShutdown(final NetconfEmulator emulator, final @Nullable SiteMetrics metrics) {
        final var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                emulator.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "qkd-emulator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
