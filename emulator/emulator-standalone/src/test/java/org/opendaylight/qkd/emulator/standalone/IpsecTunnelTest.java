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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.ipsec.IpsecConnector;
import org.opendaylight.qkd.keys.ipsec.KeyEndpoint;
import org.opendaylight.qkd.keys.ipsec.Vici;
import org.opendaylight.qkd.keys.skip.PskFiles;

/**
 * An IPsec tunnel keyed by the network: two strongSwan gateways in network namespaces, the initiator the master SAE
 * (sae-a, its keys over ETSI GS QKD 014 at alice's KME), the responder the slave SAE (sae-b, its keys over SKIP at
 * bob's KME, three hops away through a relay). Each IKE SA uses a fresh key as its PPK; a wrong PPK fails
 * authentication; traffic flows through the tunnel.
 *
 * <p>It needs root (network namespaces) and strongSwan (Debian's {@code strongswan-charon},
 * {@code libcharon-extra-plugins}); {@code .ci/run} installs them and sets {@code QKD_REQUIRE_IPSEC}, under which a
 * machine without them fails the test instead of skipping it.
 */
@Timeout(300)
class IpsecTunnelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void eachIkeSaOfTheTunnelUsesAFreshKeyOfTheNetworkAsItsPpk() throws Exception {
        if (System.getenv("QKD_REQUIRE_IPSEC") == null) {
            Assumptions.assumeTrue(IpsecGateways.available(), "needs root and strongSwan's charon");
        }
        assertTrue(IpsecGateways.available(), "QKD_REQUIRE_IPSEC is set: root and " + IpsecGateways.CHARON
            + " are required");
        final var ports = NetconfEmulator.freePorts(11);
        final var topology = NodeAgentTest.topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        try (var emulator = NetconfEmulator.start(topology, network, NodeAgentTest.ADMIN, Duration.ofMillis(100),
                new NetconfEmulator.KeyManagerOptions(directory.resolve("sites"), NodeAgentTest.PASSWORD))) {
            NodeAgentTest.configureLine(ports, network, "");
            final var psks = new PskFiles(directory.resolve("sites/skip"), new SecureRandom());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> psks.key("sae-b").isPresent()
                && Files.exists(directory.resolve("sites/pki/sae/sae-a.p12")));
            final var pki = DemoPki.open(directory.resolve("sites/pki"), NodeAgentTest.PASSWORD, List.of());
            final var skipKey = psks.key("sae-b").orElseThrow();
            final var aliceKeys = KeyEndpoint.Etsi014.of(NodeAgentTest.kme(ports, 1), pki.clientContext("sae-a"),
                TIMEOUT);
            final var bobKeys = KeyEndpoint.Skip.connect(new InetSocketAddress("127.0.0.1", ports.get(10)), "sae-b",
                skipKey, TIMEOUT);
            final var tampering = new Tampering(bobKeys);
            try (var gateways = IpsecGateways.start(directory.resolve("ipsec"));
                    var viciA = Vici.connect(gateways.vici("a"));
                    var viciB = Vici.connect(gateways.vici("b"))) {
                final var gatewayA = new IpsecConnector.Gateway("sae-a", aliceKeys, viciA, IpsecGateways.OUTER_A,
                    "gw-a", IpsecGateways.INNER_A + "/32");
                final var gatewayB = new IpsecConnector.Gateway("sae-b", tampering, viciB, IpsecGateways.OUTER_B,
                    "gw-b", IpsecGateways.INNER_B + "/32");
                final var connector = new IpsecConnector("qkd-tunnel", "net", gatewayA, gatewayB, 256,
                    InstantSource.system());
                final var ikePsk = new byte[32];
                new SecureRandom().nextBytes(ikePsk);
                connector.configure(ikePsk);

                // the keys flow once the controller's configuration reached the nodes
                final var rotations = new ArrayList<IpsecConnector.Rotation>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> rotations.add(connector.rotate()));
                assertTunnel(gateways, connector, gatewayA, gatewayB, rotations.getLast());

                // a responder PPK that is not the initiator's: authentication fails, the tunnel keeps its IKE SA
                tampering.tamper = true;
                final var refused = assertThrows(IOException.class, connector::rotate);
                assertTrue(refused.getMessage().contains("initiate"), refused.getMessage());
                tampering.tamper = false;
                assertTunnel(gateways, connector, gatewayA, gatewayB, rotations.getLast());
                assertTrue(Files.readString(gateways.log("b"), StandardCharsets.UTF_8).contains("AUTH_FAILED")
                    || Files.readString(gateways.log("a"), StandardCharsets.UTF_8).contains("AUTHENTICATION_FAILED"),
                    "the gateways' logs name the failed authentication");

                // three reauthentications, each with a fresh key
                for (int i = 0; i < 3; i++) {
                    rotations.add(connector.rotate());
                    assertTunnel(gateways, connector, gatewayA, gatewayB, rotations.getLast());
                }
                final var ids = rotations.stream().map(IpsecConnector.Rotation::keyId).toList();
                assertEquals(4, Set.copyOf(ids).size(), ids.toString());
                final var logA = Files.readString(gateways.log("a"), StandardCharsets.UTF_8);
                final var logB = Files.readString(gateways.log("b"), StandardCharsets.UTF_8);
                for (var id : ids) {
                    // both charons used the PPK of that ID
                    assertTrue(logA.contains("using PPK for PPK_ID '" + id + "'"), id + " in " + ppkLines(logA));
                    assertTrue(logB.contains("using PPK for PPK_ID '" + id + "'"), id + " in " + ppkLines(logB));
                }
                // each key was delivered once at each end: neither KME has them any more
                try (var asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build()) {
                    for (var id : ids) {
                        final var again = asSlave.send(HttpRequest.newBuilder(NodeAgentTest.kme(ports, 7).resolve(
                            "sae-a/dec_keys?key_ID=" + id)).build(), HttpResponse.BodyHandlers.ofString());
                        assertEquals(400, again.statusCode(), again.body());
                    }
                }
                connector.close();
            }
        }
    }

    // one established IKE SA at each end, with a PPK, the current one; a ping through the tunnel gets its answer
    private static void assertTunnel(final IpsecGateways gateways, final IpsecConnector connector,
            final IpsecConnector.Gateway initiator, final IpsecConnector.Gateway responder,
            final IpsecConnector.Rotation rotation) throws Exception {
        for (var gateway : List.of(initiator, responder)) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(
                () -> {
                    final var sas = connector.ikeSas(gateway);
                    assertEquals(1, sas.size(), sas.toString());
                    assertEquals("ESTABLISHED", sas.getFirst().text("state"), sas.toString());
                    assertEquals("yes", sas.getFirst().text("ppk"), "the IKE SA used a PPK: " + sas);
                });
        }
        assertEquals(rotation.initiatorSa(), connector.ikeSas(initiator).getFirst().text("uniqueid"));
        assertEquals(rotation.keyId(), connector.currentKey());
        final long before = packetsIn(connector, responder);
        final var ping = gateways.exec("a", "ping", "-c", "3", "-W", "2", "-I", IpsecGateways.INNER_A,
            IpsecGateways.INNER_B);
        assertEquals(0, ping.status(), ping.output());
        assertTrue(ping.output().contains("3 received"), ping.output());
        // the echo requests reached the responder through its CHILD SA (its only route back to the initiator's
        // address is the tunnel too)
        assertTrue(packetsIn(connector, responder) >= before + 3, "ESP packets in at the responder");
    }

    private static List<String> ppkLines(final String log) {
        return log.lines().filter(line -> line.contains("PPK")).toList();
    }

    private static long packetsIn(final IpsecConnector connector, final IpsecConnector.Gateway gateway)
            throws IOException {
        long packets = 0;
        for (var sa : connector.ikeSas(gateway)) {
            final var children = sa.sectionOf("child-sas");
            if (children != null) {
                for (var name : children.keys()) {
                    final var count = children.sectionOf(name).text("packets-in");
                    packets += count == null ? 0 : Long.parseLong(count);
                }
            }
        }
        return packets;
    }

    // the responder's KME as it is, or giving a key one bit off
    private static final class Tampering implements KeyEndpoint {
        private final KeyEndpoint delegate;
        volatile boolean tamper;

        Tampering(final KeyEndpoint delegate) {
            this.delegate = delegate;
        }

        @Override
        public Key newKey(final String peerSae, final int bits) throws IOException {
            return delegate.newKey(peerSae, bits);
        }

        @Override
        public Key keyById(final String peerSae, final String id) throws IOException {
            final var key = delegate.keyById(peerSae, id);
            if (tamper) {
                key.bits()[0] ^= 1;
            }
            return key;
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
