/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;

/**
 * The key managers with the operator's certificates ({@code --certificates}): a dedicated CA for SAEs and another
 * for KMEs; an SAE certificate of the KMEs' CA refused; key files open to others stop the start; the demo PKI only
 * when asked for and only on loopback.
 */
@Timeout(180)
class SiteCertificatesTest {
    private static final String PASSWORD = "op-s3cret";
    private static final Pattern KEY_ID = Pattern.compile("\"key_ID\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TempDir
    Path directory;

    private DemoPki kmeCa() throws Exception {
        return DemoPki.open(directory.resolve("kme-pki"), directory.resolve("kme-pki-ca"), PASSWORD, List.of());
    }

    private DemoPki saeCa() throws Exception {
        return DemoPki.open(directory.resolve("sae-pki"), directory.resolve("sae-pki-ca"), PASSWORD, List.of());
    }

    // the operator's PKI: one CA for the KMEs (and the KME certificates of the three nodes), one for SAEs
    private Path certificates(final DemoPki kmeCa, final DemoPki saeCa) throws Exception {
        final var dir = directory.resolve("certificates");
        Files.createDirectories(dir.resolve("kme"), PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        for (var node : List.of("alice", "relay", "bob")) {
            Files.copy(kmeCa.kmeKeyStore(node), dir.resolve("kme/" + node + ".p12"));
        }
        Files.copy(kmeCa.caCertificateFile(), dir.resolve("kme-ca.pem"));
        Files.copy(saeCa.caCertificateFile(), dir.resolve("sae-ca.pem"));
        return dir;
    }

    private NetconfEmulator start(final List<Integer> ports, final Path certificates) throws Exception {
        final var topology = NodeAgentTest.topology(ports);
        return NetconfEmulator.start(topology, topology.createNetwork(InstantSource.system()), NodeAgentTest.ADMIN,
            Duration.ofMillis(100), new NetconfEmulator.KeyManagerOptions(directory.resolve("keys"), PASSWORD,
                certificates, directory.resolve("unused-demo-ca"), null, null, InetAddress.getLoopbackAddress(),
                ServerLimits.DEFAULT, NetconfEmulator.KeyManagerOptions.DEFAULT_KEY_EXPIRY));
    }

    @Test
    void saesOfTheirOwnCaGetKeysAndACertificateOfTheKmesCaIsRefused() throws Exception {
        final var kmeCa = kmeCa();
        final var saeCa = saeCa();
        final var certificates = certificates(kmeCa, saeCa);
        final var ports = NetconfEmulator.freePorts(9);
        try (var emulator = start(ports, certificates)) {
            final var topology = NodeAgentTest.topology(ports);
            NodeAgentTest.configureLine(ports, topology.createNetwork(InstantSource.system()), "");
            // the SAEs trust the KMEs' CA for the server and present certificates of their own CA
            final var kmeTrust = kmeCa.trustStore();
            final var master = HttpClient.newBuilder().sslContext(DemoPki.clientContext(saeCa.clientKeyStore("sae-a"),
                PASSWORD.toCharArray(), kmeTrust)).build();
            final var slave = HttpClient.newBuilder().sslContext(DemoPki.clientContext(saeCa.clientKeyStore("sae-b"),
                PASSWORD.toCharArray(), kmeTrust)).build();
            final var alice = NodeAgentTest.kme(ports, 1);
            final var bob = NodeAgentTest.kme(ports, 7);
            final var taken = new String[1];
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                final var answer = master.send(HttpRequest.newBuilder(alice.resolve("sae-b/enc_keys")).build(),
                    HttpResponse.BodyHandlers.ofString());
                taken[0] = answer.body();
                return answer.statusCode() == 200;
            });
            final var matcher = KEY_ID.matcher(taken[0]);
            assertTrue(matcher.find(), taken[0]);
            final var id = matcher.group(1);
            final var got = slave.send(HttpRequest.newBuilder(bob.resolve("sae-a/dec_keys?key_ID=" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, got.statusCode(), got.body());
            assertEquals(taken[0], got.body(), "the same key at both ends");

            // the right CN and SAN, but from the KMEs' CA: TLS refuses it, and nothing is answered
            final var impostor = HttpClient.newBuilder().sslContext(DemoPki.clientContext(kmeCa.clientKeyStore(
                "sae-b"), PASSWORD.toCharArray(), kmeTrust)).build();
            assertThrows(IOException.class, () -> impostor.send(HttpRequest.newBuilder(bob.resolve(
                "sae-a/dec_keys?key_ID=" + id)).build(), HttpResponse.BodyHandlers.ofString()));
            // the slave still gets its next key by ID: the refused request took nothing
            final var more = master.send(HttpRequest.newBuilder(alice.resolve("sae-b/enc_keys")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, more.statusCode(), more.body());
        }
    }

    @Test
    void aKeyFileOthersMayReadStopsTheStart() throws Exception {
        final var certificates = certificates(kmeCa(), saeCa());
        final var relayKey = certificates.resolve("kme/relay.p12");
        Files.setPosixFilePermissions(relayKey, PosixFilePermissions.fromString("rw-r--r--"));
        final var ports = NetconfEmulator.freePorts(9);
        final var failure = assertThrows(DeviceStartException.class, () -> start(ports, certificates));
        assertTrue(failure.getMessage().contains(relayKey + " may be accessed by others (rw-r--r--)"),
            failure.getMessage());

        Files.setPosixFilePermissions(relayKey, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(certificates.resolve("kme"), PosixFilePermissions.fromString("rwxr-xr-x"));
        final var directoryFailure = assertThrows(DeviceStartException.class, () -> start(ports, certificates));
        assertTrue(directoryFailure.getMessage().contains("directory " + certificates.resolve("kme")
            + " holds private keys and may be accessed by others"), directoryFailure.getMessage());

        // the demo PKI's files are checked the same way
        final var topology = NodeAgentTest.topology(ports);
        final var keys = directory.resolve("demo");
        NetconfEmulator.start(topology, topology.createNetwork(InstantSource.system()), NodeAgentTest.ADMIN,
            Duration.ofMillis(100), new NetconfEmulator.KeyManagerOptions(keys, PASSWORD)).close();
        Files.setPosixFilePermissions(keys.resolve("pki/server.p12"), PosixFilePermissions.fromString("rw-r-----"));
        final var demoFailure = assertThrows(DeviceStartException.class, () -> NetconfEmulator.start(topology,
            topology.createNetwork(InstantSource.system()), NodeAgentTest.ADMIN, Duration.ofMillis(100),
            new NetconfEmulator.KeyManagerOptions(keys, PASSWORD)));
        assertTrue(demoFailure.getMessage().contains("server.p12 may be accessed by others"),
            demoFailure.getMessage());
    }

    @Test
    void theDemoPkiOnlyWhenAskedForAndOnlyOnLoopback() throws Exception {
        final var keys = directory.resolve("keys");
        final var refused = assertThrows(IllegalArgumentException.class, () -> new NetconfEmulator.KeyManagerOptions(
            keys, PASSWORD, null, directory.resolve("ca"), null, null, InetAddress.getByName("192.0.2.10"),
            ServerLimits.DEFAULT, NetconfEmulator.KeyManagerOptions.DEFAULT_KEY_EXPIRY));
        assertTrue(refused.getMessage().contains("the demo PKI serves on a loopback address only"),
            refused.getMessage());

        final var topology = directory.resolve("topology.json");
        Files.writeString(topology, "{}");
        assertEquals("the key managers need certificates: give --certificates DIR (the sites' own), or --demo-pki for "
            + "a demo PKI made here (loopback only)", usage(topology, "--keys", keys.toString()));
        assertTrue(usage(topology, "--demo-pki", "--keys", keys.toString(), "--listen", "192.0.2.10")
            .startsWith("--demo-pki serves on a loopback address only, not on 192.0.2.10"));
        assertTrue(usage(topology, "--demo-pki", "--keys", keys.toString(), "--listen", "0.0.0.0")
            .startsWith("--demo-pki serves on a loopback address only, not on 0.0.0.0"));
        assertTrue(usage(topology, "--keys", keys.toString(), "--pki-password", "x")
            .startsWith("--pki-password is not taken"));
        assertTrue(usage(topology, "--listen", "site-a.example").startsWith("--listen takes an IP address"));
    }

    private static String usage(final Path topology, final String... options) {
        final var args = new ArrayList<String>();
        args.add(topology.toString());
        args.addAll(List.of(options));
        final var out = new ByteArrayOutputStream();
        return assertThrows(UsageException.class, () -> RunCommand.run(args, new PrintStream(out, true,
            StandardCharsets.UTF_8))).getMessage();
    }
}
