/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.netconf.shaded.sshd.common.config.keys.PublicKeyEntry;
import org.opendaylight.qkd.emulator.link.LinkSnapshot;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.emulator.topology.TopologyFile;

/**
 * The standalone emulator's devices answer NETCONF over SSH on their loopback ports with their ETSI GS QKD 015
 * state, refuse wrong passwords, and a device that cannot listen stops the whole start cleanly.
 */
@Timeout(120)
class NetconfEmulatorTest {
    private static final Credentials ADMIN = new Credentials("admin", "s3cret");
    private static final String GET_QKD_NODE = "<get><filter type=\"subtree\">"
        + "<qkd_node xmlns=\"urn:etsi:qkd:yang:etsi-qkd-node\"/></filter></get>";
    private static final String SUBSCRIBE =
        "<create-subscription xmlns=\"urn:ietf:params:xml:ns:netconf:notification:1.0\"/>";
    private static final String GET_CONFIG_QKD_NODE = "<get-config><source><running/></source>"
        + "<filter type=\"subtree\"><qkd_node xmlns=\"urn:etsi:qkd:yang:etsi-qkd-node\"/></filter></get-config>";

    private static Topology topology(final List<Integer> ports) throws Exception {
        return TopologyFile.parse("test", """
            {
              "seed": 11,
              "nodes": [
                { "id": "alice", "netconf-port": %d },
                { "id": "relay", "netconf-port": %d },
                { "id": "bob", "netconf-port": %d }
              ],
              "links": [
                { "id": "alice-relay", "a": "alice", "b": "relay", "fiber-length-km": 20 },
                { "id": "relay-bob", "a": "relay", "b": "bob", "fiber-length-km": 60 }
              ]
            }
            """.formatted(ports.get(0), ports.get(1), ports.get(2)));
    }

    @Test
    void everyDeviceAnswersGetWithItsEtsiState() throws Exception {
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        try (var emulator = NetconfEmulator.start(topology, network, ADMIN, Duration.ofMillis(100))) {
            assertEquals(List.of(new DeviceEndpoint("alice", "127.0.0.1", ports.get(0)),
                new DeviceEndpoint("relay", "127.0.0.1", ports.get(1)),
                new DeviceEndpoint("bob", "127.0.0.1", ports.get(2))), emulator.devices());
            for (int i = 0; i < 3; i++) {
                final var node = topology.nodes().get(i);
                try (var client = NetconfTestClient.connect(ports.get(i), "admin", "s3cret")) {
                    assertTrue(client.serverHello().contains("urn:ietf:params:netconf:base:1.1"),
                        client::serverHello);
                    final var reply = client.rpc(GET_QKD_NODE);
                    assertTrue(reply.contains("<rpc-reply"), reply);
                    assertTrue(reply.contains("<qkdn_id>" + node.qkdnId() + "</qkdn_id>"), reply);
                    assertTrue(reply.contains("OPERATING"), reply);
                    for (var link : network.node(node.id()).links()) {
                        assertTrue(reply.contains("<qkdl_id>" + link.qkdlId() + "</qkdl_id>"), reply);
                    }
                    assertTrue(reply.contains("qber"), reply);

                    final var config = client.rpc(GET_CONFIG_QKD_NODE);
                    assertTrue(config.contains("<qkdn_id>" + node.qkdnId() + "</qkdn_id>"), config);
                    assertFalse(config.contains("<skr>") || config.contains("qkdn_status"), config);
                }
            }

            // the devices follow the emulated physics: a cut shows within a refresh
            network.link("relay-bob").cut();
            try (var client = NetconfTestClient.connect(ports.get(2), "admin", "s3cret")) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> skr(client.rpc(GET_QKD_NODE)) == 0);
                assertTrue(client.rpc(GET_QKD_NODE).contains("OFF"));
            }
        }
        assertPortsReleased(ports);
    }

    @Test
    void subscribedSessionsAreToldOfLinkChanges() throws Exception {
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        // emulated time: the notifications are dated by the network's clock
        final var network = topology.createNetwork(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")));
        final var link = network.link("relay-bob");
        final var qkdlId = "<qkdl_id>" + link.qkdlId() + "</qkdl_id>";
        try (var emulator = NetconfEmulator.start(topology, network, ADMIN, Duration.ofMillis(100));
             var client = NetconfTestClient.connect(ports.get(2), "admin", "s3cret");
             var other = NetconfTestClient.connect(ports.get(2), "admin", "s3cret")) {
            assertTrue(client.rpc(SUBSCRIBE).contains("<ok/>"));
            // RFC 5277: one subscription per session; one stream, no filters or replay
            assertTrue(client.rpc(SUBSCRIBE).contains("<error-tag>in-use</error-tag>"));
            assertTrue(other.rpc("<create-subscription xmlns=\"urn:ietf:params:xml:ns:netconf:notification:1.0\">"
                + "<stream>SYSLOG</stream></create-subscription>").contains("<error-tag>invalid-value</error-tag>"));
            assertTrue(other.rpc("<create-subscription xmlns=\"urn:ietf:params:xml:ns:netconf:notification:1.0\">"
                + "<startTime>2026-01-01T00:00:00Z</startTime></create-subscription>")
                .contains("<error-tag>operation-not-supported</error-tag>"));

            link.cut();
            final var alarm = next(client, message -> message.contains("<alarm"));
            assertTrue(alarm.contains("<notification") && alarm.contains("<eventTime>2026-01-01T00:00:00")
                && alarm.contains(qkdlId)
                && alarm.contains("OFF") && alarm.contains("MAJOR"), alarm);
            final var linkDown = next(client, message -> message.contains("<sdqkdn_link_down"));
            assertTrue(linkDown.contains(qkdlId) && linkDown.contains("<reason>"), linkDown);

            link.restore();
            final var up = next(client, message -> message.contains("<alarm"));
            assertTrue(up.contains(qkdlId) && up.contains("ACTIVE") && up.contains("MINOR"), up);
            // the session without a subscription was told nothing: its next message is the reply to its request
            final var reply = other.rpc(GET_QKD_NODE);
            assertTrue(reply.contains("<rpc-reply") && !reply.contains("<notification"), reply);
        }
    }

    @Test
    void aNodeInjectsFaultsIntoItsOwnLinksOverNetconf() throws Exception {
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var link = network.link("relay-bob");
        try (var emulator = NetconfEmulator.start(topology, network, ADMIN, Duration.ofMillis(60_000));
             var bob = NetconfTestClient.connect(ports.get(2), "admin", "s3cret")) {
            // the nodes name their links as the topology file does, the same at both ends
            assertTrue(bob.rpc(GET_QKD_NODE).contains("<label xmlns=\"urn:opendaylight:qkd:device-ext\">relay-bob"
                + "</label>"), () -> "no label");
            assertTrue(bob.serverHello().contains("urn:opendaylight:qkd:emulator"), bob::serverHello);

            final var cut = bob.rpc(fault("relay-bob", "cut", ""));
            assertTrue(cut.contains("<link xmlns=\"urn:opendaylight:qkd:emulator\">relay-bob</link>")
                && cut.contains(">0</secret-key-rate>"), cut);
            assertEquals(LinkSnapshot.State.CUT, link.snapshot().state());
            // the node reports it at once, not at its next (minute-long) refresh
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> bob.rpc(GET_QKD_NODE).contains("OFF"));

            // by qkdl_id as well; an eavesdropper on every pulse: QBER about 25 %
            final var eavesdrop = bob.rpc(fault(link.qkdlId().toString(), "restore", "")
                .replace("restore", "eavesdrop"));
            assertTrue(eavesdrop.contains("<qber"), eavesdrop);
            assertTrue(link.snapshot().qber() > 0.2, link.snapshot()::toString);
            bob.rpc(fault("relay-bob", "restore", ""));
            assertEquals(LinkSnapshot.State.GENERATING, link.snapshot().state());
            final var degrade = bob.rpc(fault("relay-bob", "degrade", "<extra-loss>6</extra-loss>"));
            assertTrue(degrade.contains("secret-key-rate"), degrade);
            assertEquals(6, link.physics().extraLossDb(), 1e-9);
            bob.rpc(fault("relay-bob", "restore", ""));

            // a link of another node, an unknown fault, a value out of range: refused, nothing changed
            for (var bad : List.of(fault("alice-relay", "cut", ""), fault("relay-bob", "flood", ""),
                    fault("relay-bob", "eavesdrop", "<eavesdrop-fraction>1.5</eavesdrop-fraction>"),
                    "<inject-link-fault xmlns=\"urn:opendaylight:qkd:emulator\"><fault>cut</fault>"
                    + "</inject-link-fault>")) {
                final var reply = bob.rpc(bad);
                assertTrue(reply.contains("<rpc-error>") && reply.contains("<error-message"), reply);
            }
            assertTrue(bob.rpc(fault("alice-relay", "cut", "")).contains("node bob has no link 'alice-relay'"));
            assertEquals(LinkSnapshot.State.GENERATING, link.snapshot().state());
            assertEquals(LinkSnapshot.State.GENERATING, network.link("alice-relay").snapshot().state());
            assertEquals(0, link.physics().eavesdropFraction(), 1e-9);
        }
    }

    private static String fault(final String link, final String fault, final String more) {
        return "<inject-link-fault xmlns=\"urn:opendaylight:qkd:emulator\"><link>" + link + "</link><fault>" + fault
            + "</fault>" + more + "</inject-link-fault>";
    }

    // the next notification that matches, skipping others (performance updates of a link whose QBER moves)
    private static String next(final NetconfTestClient client, final Predicate<String> wanted) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (true) {
                final var message = client.nextMessage();
                assertTrue(message.contains("<notification"), message);
                if (wanted.test(message)) {
                    return message;
                }
            }
        });
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        try (var emulator = NetconfEmulator.start(topology, topology.createNetwork(InstantSource.system()), ADMIN,
                Duration.ofSeconds(1))) {
            assertThrows(IOException.class, () -> NetconfTestClient.connect(ports.get(0), "admin", "guess").close());
            assertThrows(IOException.class, () -> NetconfTestClient.connect(ports.get(0), "root", "s3cret").close());
        }
    }

    @Test
    void anAuthorizedSshKeyLogsInAndAnotherIsRefused(@TempDir final Path dir) throws Exception {
        final var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        final var authorized = generator.generateKeyPair();
        final var other = generator.generateKeyPair();
        // as an operator gives them: an OpenSSH authorized_keys file
        final var file = dir.resolve("authorized_keys");
        Files.writeString(file, "# the controller\n" + PublicKeyEntry.toString(authorized.getPublic())
            + " controller@odl\n");
        final var credentials = new Credentials("admin", "s3cret", Credentials.readAuthorizedKeys(file));
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        try (var emulator = NetconfEmulator.start(topology, topology.createNetwork(InstantSource.system()),
                credentials, Duration.ofSeconds(1))) {
            try (var client = NetconfTestClient.connect(ports.get(0), "admin", authorized)) {
                assertTrue(client.serverHello().contains("urn:ietf:params:netconf:base:1.1"), client.serverHello());
            }
            assertThrows(IOException.class, () -> NetconfTestClient.connect(ports.get(0), "admin", other).close());
            assertThrows(IOException.class, () -> NetconfTestClient.connect(ports.get(0), "root", authorized)
                .close());
            // the password still works
            NetconfTestClient.connect(ports.get(0), "admin", "s3cret").close();
        }
        // a file that is not one: a clear refusal
        Files.writeString(file, "no-restrict ssh-ed25519 AAAA\n");
        assertThrows(IOException.class, () -> Credentials.readAuthorizedKeys(file));
        Files.writeString(file, "# nothing\n");
        assertTrue(assertThrows(IOException.class, () -> Credentials.readAuthorizedKeys(file)).getMessage()
            .contains("holds no public key"));
    }

    @Test
    void aNonPositiveRefreshStartsNothing() throws Exception {
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        assertThrows(IllegalArgumentException.class, () -> NetconfEmulator.start(topology,
            topology.createNetwork(InstantSource.system()), ADMIN, Duration.ZERO));
        assertPortsReleased(ports);
    }

    @Test
    void aTakenPortStopsTheWholeStart() throws Exception {
        final var ports = NetconfEmulator.freePorts(3);
        final var topology = topology(ports);
        try (var blocker = new ServerSocket()) {
            blocker.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(2)));
            final var error = assertThrows(DeviceStartException.class, () -> NetconfEmulator.start(topology,
                topology.createNetwork(InstantSource.system()), ADMIN, Duration.ofSeconds(1)));
            assertTrue(error.getMessage().contains("bob") && error.getMessage().contains(":" + ports.get(2)),
                error::getMessage);
        }
        // the devices started before the failure were closed
        assertPortsReleased(ports.subList(0, 2));
    }

    /**
     * Netty releases listening sockets on its event loop shortly after the close call returns: wait, boundedly, for
     * each port to be free. SO_REUSEADDR passes the TIME_WAIT of closed sessions, but Linux refuses it as long as
     * anything still listens on the port.
     */
    private static void assertPortsReleased(final List<Integer> ports) {
        for (var port : ports) {
            await("port " + port + " released").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (var socket = new ServerSocket()) {
                        socket.setReuseAddress(true);
                        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
        }
    }

    private static long skr(final String reply) {
        final var matcher = Pattern.compile("<skr>(\\d+)</skr>").matcher(reply);
        long max = 0;
        while (matcher.find()) {
            max = Math.max(max, Long.parseLong(matcher.group(1)));
        }
        return max;
    }
}
