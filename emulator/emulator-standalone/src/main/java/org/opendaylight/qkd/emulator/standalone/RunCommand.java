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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.emulator.topology.TopologyException;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: emulates the network of a topology file in real time, every node with a {@code netconf-port} as a
 * NETCONF device on the loopback address, until the process is stopped.
 */
final class RunCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final String SEEDED_FLAG = "--insecure-seeded-keys";
    private static final String DEMO_PKI_FLAG = "--demo-pki";
    private static final String DEMO_PASSWORD = "changeit";

    // a method, not a constant: a constant would be copied into every class that prints it
    static String usage() {
        return """
            usage: qkd-emulator run TOPOLOGY.json [options]
              --user NAME         NETCONF user (default admin)
              --password-file F   file holding the NETCONF password (else $QKD_EMULATOR_PASSWORD; there is no default,
                                  and no password on the command line, where ps shows it)
              --authorized-keys F OpenSSH authorized_keys file: its public keys authenticate the NETCONF user as well
                                  (SSH public key authentication; the password stays required)
              --refresh-ms N      how often devices publish their state (default 500)
              --keys DIR          run a key manager for every node with etsi014-port and etsi020-port, keeping
                                  its key-encryption keys, encrypted key stores and configuration in DIR (the
                                  owner's only), with the certificates of --certificates or --demo-pki
              --certificates DIR  the key managers' certificates: kme/<node>.p12, sae-ca.pem, kme-ca.pem, and
                                  optionally crl/, deny-list, sae/<sae-id>.p12 (README: "Certificates")
              --demo-pki          make a demo PKI in DIR/pki instead, its CA key in DIR-demo-ca (loopback only)
              --pki-password-file F  file holding the password of the PKCS#12 files (else $QKD_PKI_PASSWORD; the
                                  demo PKI's default is changeit)
              --listen ADDR       address of the key managers' ETSI GS QKD 014, 020 and SKIP servers (default
                                  127.0.0.1; the demo PKI only on a loopback address)
              --sae-rate N        ETSI GS QKD 014 requests per second of one SAE (default 1000, twice that at
                                  once); beyond it 503
              --key-expiry-s N    keys no SAE took expire: at the master's KME N s after they were made, at the
                                  slave's 2N s (default 86400); counted as expired and discarded
              --device-ca FILE    PEM certificates of the CAs of the QKD devices' ETSI GS QKD 014 endpoints, for
                                  links whose key the devices deliver (key-delivery); with --demo-pki its CA too
              --metrics-port N    serve the key managers' metrics for Prometheus on http://127.0.0.1:N/metrics
              --insecure-seeded-keys  allow a topology file's seed: predictable link keys, for tests only
              --syslog URI        also send the security events (refused SAEs, TLS handshakes and NETCONF logins) as
                                  RFC 5424 syslog to udp://HOST:PORT or tcp://HOST:PORT; always on standard error
            """;
    }

    private RunCommand() {
        // static functions only
    }

    static void run(final List<String> args, final PrintStream out) throws UsageException, DeviceStartException {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new UsageException("missing topology file");
        }
        final var options = Options.parse(args.subList(1, args.size()));
        options.check();
        final Credentials credentials;
        try {
            credentials = new Credentials(options.user, options.password, options.authorizedKeys);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        SecurityLog.configure(options.syslog);
        final var topology = topology(args.get(0), options, out);
        final var network = topology.createNetwork(InstantSource.system());
        final SiteMetrics metrics;
        try {
            metrics = options.metricsPort == null ? null : SiteMetrics.start(options.metricsPort);
        } catch (IOException e) {
            throw new UsageException("--metrics-port " + options.metricsPort + " cannot be bound: " + e.getMessage(),
                e);
        }
        final var keys = options.keys;
        final var emulator = NetconfEmulator.start(topology, network, credentials,
            Duration.ofMillis(options.refreshMillis), keys == null ? null : new NetconfEmulator.KeyManagerOptions(keys,
                options.pkiPassword == null ? DEMO_PASSWORD : options.pkiPassword, options.certificates, demoCa(keys),
                options.deviceCa, metrics, options.listen, options.limits, options.keyExpiry));
        if (metrics != null) {
            out.printf("Metrics of the key managers: http://%s:%d/metrics%n", NetconfEmulator.HOST, metrics.port());
        }
        out.printf("NETCONF SSH host key: %s%n", emulator.hostKeyFingerprint());
        for (var device : emulator.devices()) {
            out.printf("node %s: NETCONF over SSH on %s:%d (user %s)%n", device.name(), NetconfEmulator.HOST,
                device.port(), credentials.user());
            final var ports = topology.keyPorts().get(device.name());
            if (keys != null && ports != null) {
                out.printf("node %s: key manager %s, ETSI GS QKD 014 on https://%s:%d, ETSI GS QKD 020 on "
                    + "https://%s:%d%n", device.name(), device.name(), options.listen.getHostAddress(),
                    ports.etsi014(), options.listen.getHostAddress(), ports.etsi020());
            }
        }
        if (keys != null) {
            out.printf("SAE certificates: %s%n", emulator.saeCertificates());
        }
        out.printf("QKD emulator ready: %d devices, %d links%n", emulator.devices().size(),
            network.links().size());
        awaitShutdown(emulator, metrics);
    }

    /**
     * The options of {@code run}, as given: passwords from the environment unless a file gives them.
     */
    private static final class Options {
        String user = "admin";
        @Nullable String password = fromEnvironment("QKD_EMULATOR_PASSWORD");
        List<PublicKey> authorizedKeys = List.of();
        long refreshMillis = 500;
        @Nullable Path keys;
        @Nullable Path deviceCa;
        @Nullable String pkiPassword = fromEnvironment("QKD_PKI_PASSWORD");
        @Nullable Path certificates;
        boolean demoPki;
        InetAddress listen = InetAddress.getLoopbackAddress();
        ServerLimits limits = ServerLimits.DEFAULT;
        Duration keyExpiry = NetconfEmulator.KeyManagerOptions.DEFAULT_KEY_EXPIRY;
        SecurityLog.@Nullable Collector syslog;
        @Nullable Integer metricsPort;
        boolean seeded;

        private static @Nullable String fromEnvironment(final String variable) {
            final var value = System.getenv(variable);
            return value == null || value.isEmpty() ? null : value;
        }

        // the options after the topology file: flags, and options with a value each
        static Options parse(final List<String> args) throws UsageException {
            final var options = new Options();
            for (int i = 0; i < args.size(); i += 2) {
                if (SEEDED_FLAG.equals(args.get(i)) || DEMO_PKI_FLAG.equals(args.get(i))) {
                    options.seeded |= SEEDED_FLAG.equals(args.get(i));
                    options.demoPki |= DEMO_PKI_FLAG.equals(args.get(i));
                    i--;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new UsageException("missing value after " + args.get(i));
                }
                options.set(args.get(i), args.get(i + 1));
            }
            return options;
        }

        private void set(final String option, final String value) throws UsageException {
            switch (option) {
                case "--user" -> user = value;
                case "--password" -> throw new UsageException("--password is not taken: the command line shows in ps; "
                    + "give the NETCONF password in $QKD_EMULATOR_PASSWORD or a file with --password-file");
                case "--password-file" -> password = passwordFile("--password-file", Path.of(value));
                case "--authorized-keys" -> authorizedKeys = authorizedKeys(Path.of(value));
                case "--keys" -> keys = Path.of(value);
                case "--pki-password" -> throw new UsageException("--pki-password is not taken: the command line "
                    + "shows in ps; give it in $QKD_PKI_PASSWORD or a file with --pki-password-file");
                case "--pki-password-file" -> pkiPassword = passwordFile("--pki-password-file", Path.of(value));
                case "--certificates" -> certificates = Path.of(value);
                case "--listen" -> listen = address(value);
                case "--key-expiry-s" -> keyExpiry = Duration.ofSeconds(number("--key-expiry-s", value, 1,
                    365L * 86_400));
                case "--sae-rate" -> {
                    final long rate = number("--sae-rate", value, 1, 1_000_000);
                    limits = ServerLimits.DEFAULT.withRate(rate, (int) (2 * rate));
                }
                case "--device-ca" -> deviceCa = Path.of(value);
                case "--syslog" -> syslog = SecurityLog.Collector.parse(value);
                case "--metrics-port" -> metricsPort = (int) number("--metrics-port", value, 1, 65_535);
                case "--refresh-ms" -> refreshMillis = number("--refresh-ms", value, 10, 60_000);
                default -> throw new UsageException("unknown option " + option);
            }
        }

        // options that need others, or exclude them
        void check() throws UsageException {
            if (deviceCa != null && keys == null) {
                throw new UsageException("--device-ca is for the key managers: give --keys too");
            }
            if (metricsPort != null && keys == null) {
                throw new UsageException("--metrics-port is for the key managers: give --keys too");
            }
            if (keys == null && (certificates != null || demoPki)) {
                throw new UsageException("--certificates and --demo-pki are for the key managers: give --keys too");
            }
            if (certificates != null && demoPki) {
                throw new UsageException("give --certificates DIR or --demo-pki, not both");
            }
            if (keys != null && certificates == null && !demoPki) {
                throw new UsageException("the key managers need certificates: give --certificates DIR (the sites' "
                    + "own), or --demo-pki for a demo PKI made here (loopback only)");
            }
            if (demoPki && !listen.isLoopbackAddress()) {
                throw new UsageException("--demo-pki serves on a loopback address only, not on "
                    + listen.getHostAddress() + ": its certificates are made without an operator; give "
                    + "--certificates DIR to listen there");
            }
            if (certificates != null && pkiPassword == null) {
                throw new UsageException("no password for the certificates' PKCS#12 files: set $QKD_PKI_PASSWORD or "
                    + "give --pki-password-file FILE");
            }
            if (password == null) {
                throw new UsageException("no NETCONF password: set $QKD_EMULATOR_PASSWORD or give --password-file "
                    + "FILE (there is no default password)");
            }
        }
    }

    // the topology file, refused when it serves nothing or sets a seed it was not allowed
    private static Topology topology(final String file, final Options options, final PrintStream out)
            throws UsageException {
        final var topology = readTopology(Path.of(file));
        if (topology.seed().isPresent()) {
            if (!options.seeded) {
                throw new UsageException(file + " sets a seed: its link keys would be predictable, from a "
                    + "seeded generator instead of the DRBG; remove the seed, or give " + SEEDED_FLAG
                    + " (tests only)");
            }
            LOG.warn("INSECURE: link keys come from a generator seeded with {} ({}): anyone who knows the seed knows "
                + "every key; for tests only", topology.seed().getAsLong(), SEEDED_FLAG);
            out.printf("WARNING: INSECURE, link keys are seeded (%s): anyone who knows the seed knows every key; "
                + "for tests only%n", SEEDED_FLAG);
        }
        if (topology.netconfPorts().isEmpty()) {
            throw new UsageException("no node of " + file + " has a netconf-port: nothing to serve");
        }
        if (options.keys != null && topology.keyPorts().isEmpty()) {
            throw new UsageException("--keys given, but no node of " + file + " has etsi014-port and "
                + "etsi020-port");
        }
        return topology;
    }

    private static List<PublicKey> authorizedKeys(final Path file) throws UsageException {
        try {
            return Credentials.readAuthorizedKeys(file);
        } catch (IOException e) {
            throw new UsageException("--authorized-keys: " + e.getMessage(), e);
        }
    }

    // the first line of a password file
    private static String passwordFile(final String option, final Path file) throws UsageException {
        try {
            final var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.getFirst().isEmpty()) {
                throw new UsageException(option + " " + file + " holds no password");
            }
            return lines.getFirst();
        } catch (IOException e) {
            throw new UsageException(option + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static InetAddress address(final String value) throws UsageException {
        // a literal address only: a host name would be looked up, and could name another address tomorrow
        if (!value.matches("[0-9.]+|\\[?[0-9A-Fa-f:.]+]?")) {
            throw new UsageException("--listen takes an IP address, not " + value);
        }
        try {
            return InetAddress.getByName(value.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new UsageException("--listen " + value + " is not an IP address", e);
        }
    }

    // the demo PKI's CA key: beside the key managers' directory, not in it
    private static Path demoCa(final Path keys) {
        final var absolute = keys.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-demo-ca");
    }

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

    private static Topology readTopology(final Path file)
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
