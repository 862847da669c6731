/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.KeyPlan;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyRelay;
import org.opendaylight.qkd.keys.plane.KeyServiceSpec;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.RelayPath;
import org.opendaylight.qkd.keys.skip.PskFiles;
import org.opendaylight.qkd.keys.skip.SkipClient;

/**
 * Emulated SD-QKD nodes with their key managers: a controller's {@code <edit-config>} of a virtual link and an
 * application at both ends makes keys flow from the master's node through a relay to the slave's node, which the
 * two SAEs fetch over ETSI GS QKD 014 at their own nodes; configurations that cannot work are refused with an
 * {@code rpc-error} and change nothing.
 */
@Timeout(180)
class NodeAgentTest {
    static final Credentials ADMIN = new Credentials("admin", "s3cret");
    static final String PASSWORD = "changeit";
    private static final Pattern KEY = Pattern.compile("\"key_ID\"\\s*:\\s*\"([0-9a-f-]{36})\"\\s*,\\s*"
        + "\"key\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path directory;

    // the demo PKI, once the nodes made their SAEs' certificates
    private DemoPki saePki() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(directory.resolve(
            "pki/sae/sae-a.crt")) && Files.exists(directory.resolve("pki/sae/sae-b.crt")));
        return DemoPki.open(directory.resolve("pki"), PASSWORD, List.of());
    }

    // the ETSI GS QKD 014 endpoint of a node whose 014 port is ports.get(index)
    static URI kme(final List<Integer> ports, final int index) {
        return URI.create("https://localhost:" + ports.get(index) + "/api/v1/keys/");
    }

    // the emulated nodes of a topology, with their key managers under the test's directory
    private NetconfEmulator start(final Topology topology, final EmulatedNetwork network) throws Exception {
        return NetconfEmulator.start(topology, network, ADMIN, Duration.ofMillis(100),
            new NetconfEmulator.KeyManagerOptions(directory, PASSWORD));
    }

    // three nodes on the first 9 ports; given two more, alice and bob serve SKIP there
    static Topology topology(final List<Integer> ports) throws Exception {
        var json = """
            {
              "seed": 5,
              "nodes": [
                { "id": "alice", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "relay", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "bob", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d }
              ],
              "links": [
                { "id": "alice-relay", "a": "alice", "b": "relay", "fiber-length-km": 10 },
                { "id": "relay-bob", "a": "relay", "b": "bob", "fiber-length-km": 10 }
              ]
            }
            """.formatted(ports.subList(0, 9).toArray());
        if (ports.size() > 9) {
            json = json.replace("\"id\": \"alice\",", "\"id\": \"alice\", \"skip-port\": " + ports.get(9) + ",")
                .replace("\"id\": \"bob\",", "\"id\": \"bob\", \"skip-port\": " + ports.get(10) + ",");
        }
        return TopologyFile.parse("test", json);
    }

    private static String editConfig(final String qkdNode) {
        return "<edit-config><target><candidate/></target><config>" + qkdNode + "</config></edit-config>";
    }

    private static String qkdNode(final UUID self, final String body) {
        return "<qkd_node xmlns=\"urn:etsi:qkd:yang:etsi-qkd-node\"><qkdn_id>" + self + "</qkdn_id>" + body
            + "</qkd_node>";
    }

    private static String virtualLink(final UUID id, final UUID remote, final UUID previous, final UUID next) {
        return "<qkd_links><qkd_link><qkdl_id>" + id + "</qkdl_id>"
            + "<qkdl_type xmlns:t=\"urn:etsi:qkd:yang:etsi-qkd-node-types\">t:VIRT</qkdl_type>"
            + "<qkdl_remote><qkdn_id>" + remote + "</qkdn_id></qkdl_remote>"
            + (previous == null ? "" : "<virt_prev_hop>" + previous + "</virt_prev_hop>")
            + (next == null ? "" : "<virt_next_hop>" + next + "</virt_next_hop>")
            + "<virt_bandwidth>25600</virt_bandwidth></qkd_link></qkd_links>";
    }

    private static String application(final UUID id, final String role, final UUID backing, final UUID remote) {
        return "<qkd_applications><qkd_app><app_id>" + id + "</app_id>"
            + "<server_app_id>sae-a</server_app_id><client_app_id>sae-b</client_app_id>"
            + "<app_qos><max_bandwidth>25600</max_bandwidth></app_qos>"
            + "<backing_qkdl_id>" + backing + "</backing_qkdl_id><remote_qkdn_id>" + remote + "</remote_qkdn_id>"
            + "<sae-role xmlns=\"urn:opendaylight:qkd:device-ext\">" + role + "</sae-role>"
            + "</qkd_app></qkd_applications>";
    }

    private static String configure(final int port, final String qkdNode) throws Exception {
        try (var client = NetconfTestClient.connect(port, "admin", "s3cret")) {
            final var edited = client.rpc(editConfig(qkdNode));
            if (!edited.contains("<ok/>")) {
                return edited;
            }
            return client.rpc("<commit/>");
        }
    }

    private static String getConfig(final int port) throws Exception {
        try (var client = NetconfTestClient.connect(port, "admin", "s3cret")) {
            return client.rpc("<get-config><source><running/></source><filter type=\"subtree\">"
                + "<qkd_node xmlns=\"urn:etsi:qkd:yang:etsi-qkd-node\"/></filter></get-config>");
        }
    }

    private record Key(String id, String value) {
    }

    private static List<Key> keys(final String body) {
        final var keys = new ArrayList<Key>();
        final var matcher = KEY.matcher(body);
        while (matcher.find()) {
            keys.add(new Key(matcher.group(1), matcher.group(2)));
        }
        return keys;
    }

    @Test
    void aConfiguredApplicationGivesIdenticalKeysAcrossARestartAndBadConfigurationIsRefused() throws Exception {
        final var ports = NetconfEmulator.freePorts(9);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var alice = network.node("alice").qkdnId();
        final var relay = network.node("relay").qkdnId();
        final var bob = network.node("bob").qkdnId();
        final var virtual = UUID.randomUUID();
        final var app = UUID.randomUUID();
        final var aliceKme = kme(ports, 1);
        final var bobKme = kme(ports, 7);
        final var pending = new ArrayList<Key>();
        DemoPki pki;
        HttpClient asMaster;
        HttpClient asSlave;
        try (var emulator = start(topology, network)) {
            // refused: a backing link no node has, and a virtual link that goes back where it came from
            final var unknownLink = configure(ports.get(0), qkdNode(alice,
                application(app, "master", UUID.randomUUID(), bob)));
            assertTrue(unknownLink.contains("<rpc-error>") && unknownLink.contains("unknown link"), unknownLink);
            final var loop = configure(ports.get(3), qkdNode(relay, virtualLink(virtual, bob, alice, alice)));
            assertTrue(loop.contains("<rpc-error>") && loop.contains("loops"), loop);
            assertFalse(getConfig(ports.get(0)).contains("qkd_app"), "nothing of a refused edit is applied");
            assertFalse(getConfig(ports.get(3)).contains("VIRT"), "nothing of a refused edit is applied");

            // the controller's work: the virtual link along alice, relay, bob, and the application at both ends
            assertTrue(configure(ports.get(0), qkdNode(alice, virtualLink(virtual, bob, null, relay)
                + application(app, "master", virtual, bob))).contains("<ok/>"));
            assertTrue(configure(ports.get(3), qkdNode(relay, virtualLink(virtual, bob, alice, bob)))
                .contains("<ok/>"));
            assertTrue(configure(ports.get(6), qkdNode(bob, virtualLink(virtual, alice, relay, null)
                + application(app, "slave", virtual, alice))).contains("<ok/>"));

            // each node makes the certificate of the SAE it serves (the master's node sae-a, the slave's sae-b)
            pki = saePki();
            asMaster = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
            asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build();
            final var taken = new ArrayList<Key>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys?number=4"))
                    .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    return false;
                }
                taken.addAll(keys(answer.body()));
                return true;
            });
            assertEquals(4, taken.size());
            assertSlaveGets(asSlave, bobKme, taken);
            // the nodes report the application's counters (the master's count of deliveries may lag the slave's
            // fetch: it is read until it shows, within a bound)
            try (var client = NetconfTestClient.connect(ports.get(0), "admin", "s3cret")) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        final var state = client.rpc("<get><filter type=\"subtree\"><qkd_node "
                            + "xmlns=\"urn:etsi:qkd:yang:etsi-qkd-node\"><qkd_applications/></qkd_node></filter>"
                            + "</get>");
                        assertTrue(state.contains("<delivered>4</delivered>"), state);
                    });
            }
            // the master takes two more keys; then every node stops
            final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys?number=2"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            pending.addAll(keys(answer.body()));
        }

        // started again on the same state, without a controller: the slave gets the keys the master took before,
        // and keys flow again along the configuration the nodes kept
        final var again = topology.createNetwork(InstantSource.system());
        final var restarted = new ArrayList<NetconfEmulator>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> restarted.add(
            start(topology, again)));
        try (var emulator = restarted.getFirst()) {
            assertEquals(2, pending.size());
            for (var key : pending) {
                final var answer = asSlave.send(HttpRequest.newBuilder(bobKme.resolve("sae-a/dec_keys?key_ID="
                    + key.id())).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(List.of(key), keys(answer.body()), "the same key at bob's KME after the restart");
            }
            assertTrue(getConfig(ports.get(3)).contains(virtual.toString()), "the relay kept its virtual link");
            final var fresh = new ArrayList<Key>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys"))
                    .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    fresh.addAll(keys(answer.body()));
                }
                return !fresh.isEmpty();
            });
            final var answer = asSlave.send(HttpRequest.newBuilder(bobKme.resolve("sae-a/dec_keys?key_ID="
                + fresh.getFirst().id())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(List.of(fresh.getFirst()), keys(answer.body()));
        } finally {
            asMaster.close();
            asSlave.close();
        }
    }

    @Test
    void aPqcApplicationGivesIdenticalKeysBetweenSitesWithoutAQkdLink() throws Exception {
        final var ports = NetconfEmulator.freePorts(9);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var alice = network.node("alice").qkdnId();
        final var bob = network.node("bob").qkdnId();
        final var app = UUID.randomUUID();
        final var aliceKme = kme(ports, 1);
        final var bobKme = kme(ports, 7);
        try (var emulator = start(topology, network)) {
            // hybrid keys are relayed QKD keys (mixed with ML-KEM): they need their QKD route
            final var hybrid = configure(ports.get(0), qkdNode(alice, pqcApplication(app, "master", bob, "hybrid")));
            assertTrue(hybrid.contains("<rpc-error>") && hybrid.contains("exactly one backing_qkdl_id is required"),
                hybrid);
            final var backed = configure(ports.get(0), qkdNode(alice, pqcApplication(app, "master", bob, "pqc")
                .replace("</remote_qkdn_id>", "</remote_qkdn_id><backing_qkdl_id>" + UUID.randomUUID()
                    + "</backing_qkdl_id>")));
            assertTrue(backed.contains("<rpc-error>") && backed.contains("backing_qkdl_id shall be empty"), backed);

            // the slave's end first, as the controller writes it; alice and bob share no QKD link
            assertTrue(configure(ports.get(6), qkdNode(bob, pqcApplication(app, "slave", alice, "pqc")))
                .contains("<ok/>"));
            assertTrue(configure(ports.get(0), qkdNode(alice, pqcApplication(app, "master", bob, "pqc")))
                .contains("<ok/>"));
            final var pki = saePki();
            try (var asMaster = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
                    var asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build()) {
                final var taken = new ArrayList<Key>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve(
                        "sae-b/enc_keys?number=8")).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        taken.addAll(keys(answer.body()));
                    }
                    return !taken.isEmpty();
                });
                assertEquals(8, taken.size());
                final var labelled = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys"))
                    .build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(labelled.body().contains("\"provenance\":\"pqc\""), labelled.body());
                taken.addAll(keys(labelled.body()));
                assertSlaveGets(asSlave, bobKme, taken);
            }
            // the relay took no part
            try (var client = NetconfTestClient.connect(ports.get(3), "admin", "s3cret")) {
                assertFalse(client.rpc("<get><filter type=\"subtree\"><qkd_node xmlns=\"urn:etsi:qkd:yang:"
                    + "etsi-qkd-node\"><qkd_applications/></qkd_node></filter></get>").contains("qkd_app"));
            }
        }
    }

    @Test
    void aHybridApplicationMixesEachRelayedKeyWithAnMlKemEpochOfItsEnds() throws Exception {
        final var ports = NetconfEmulator.freePorts(9);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var aliceKme = kme(ports, 1);
        final var bobKme = kme(ports, 7);
        try (var emulator = start(topology, network)) {
            // relayed over alice, relay, bob like QKD keys; the relay knows nothing of ML-KEM
            configureLine(ports, network, "<key-mode xmlns=\"urn:opendaylight:qkd:device-ext\">hybrid</key-mode>"
                + "<ml-kem-parameter-set xmlns=\"urn:opendaylight:qkd:device-ext\">ml-kem-1024</ml-kem-parameter-set>");
            final var pki = saePki();
            try (var asMaster = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
                    var asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build()) {
                final var bodies = new ArrayList<String>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve(
                        "sae-b/enc_keys?number=8")).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        bodies.add(answer.body());
                    }
                    return !bodies.isEmpty();
                });
                assertTrue(bodies.getFirst().contains("\"provenance\":\"hybrid\""), bodies::getFirst);
                final var taken = keys(bodies.getFirst());
                assertEquals(8, taken.size());
                assertTrue(assertSlaveGets(asSlave, bobKme, taken).stream()
                    .allMatch(body -> body.contains("\"provenance\":\"hybrid\"")), "hybrid at bob's KME too");
            }
        }
    }

    @Test
    void aLinkWhoseDevicesDeliverItsKeyOverEtsi014CarriesAnApplication() throws Exception {
        // the QKD devices of a vendor at the link's two ends: one ETSI GS QKD 014 endpoint that knows the key
        // managers as SAEs kme-alice and kme-bob, and hands them the same link key
        final var pki = DemoPki.open(directory.resolve("pki"), PASSWORD, List.of());
        final var fiber = new EmulatedLink(new LinkSpec("fiber", "qa", "qb", LinkPhysics.metro(10),
            DecoyProtocol.vacuumWeak(0.1), 256, LinkSpec.DEFAULT_POOL_BITS, 0.01), KeyMaterial.secure(),
            InstantSource.system());
        final var devices = new KeyPlane(new KeyRelay(id -> new EmulatedLinkKeys(fiber)), new SecureRandom(),
            InstantSource.system(), 128);
        devices.putService(new KeyServiceSpec("link", "kme-alice", "kme-bob", "qa", "qb", 256, 512_000, 100_000));
        devices.setPlan("link", Optional.of(KeyPlan.relayed(Provenance.QKD, List.of(new RelayPath(List.of("qa",
            "qb"), List.of("fiber"))), List.of(512_000L), MlKemParameterSet.ML_KEM_768)));
        final var production = Executors.newSingleThreadScheduledExecutor();
        production.scheduleWithFixedDelay(devices::produce, 0, 50, TimeUnit.MILLISECONDS);
        final var vendor = Etsi014Server.start(devices, pki.serverContext(), new InetSocketAddress("127.0.0.1", 0),
            1);
        final var ports = NetconfEmulator.freePorts(6);
        final var vendorUrl = "https://localhost:" + vendor.address().getPort();
        final var topology = TopologyFile.parse("vendor", """
            {
              "nodes": [
                { "id": "alice", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "bob", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d }
              ],
              "links": [
                { "id": "alice-bob", "a": "alice", "b": "bob", "fiber-length-km": 10,
                  "key-delivery": { "key-size": 256, "a": { "url": "%s", "sae-id": "kme-alice" },
                    "b": { "url": "%s", "sae-id": "kme-bob" } } }
              ]
            }
            """.formatted(ports.get(0), ports.get(1), ports.get(2), ports.get(3), ports.get(4), ports.get(5),
                vendorUrl, vendorUrl));
        final var network = topology.createNetwork(InstantSource.system());
        final var alice = network.node("alice").qkdnId();
        final var bob = network.node("bob").qkdnId();
        final var link = network.link("alice-bob").qkdlId();
        final var app = UUID.randomUUID();
        final var aliceKme = kme(ports, 1);
        final var bobKme = kme(ports, 4);
        try (var emulator = start(topology, network)) {
            assertTrue(configure(ports.get(3), qkdNode(bob, application(app, "slave", link, alice))).contains("<ok/>"));
            assertTrue(configure(ports.get(0), qkdNode(alice, application(app, "master", link, bob)))
                .contains("<ok/>"));
            // the SAEs' certificates, once their nodes made them
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(directory.resolve(
                "pki/sae/sae-a.crt")) && Files.exists(directory.resolve("pki/sae/sae-b.crt")));
            try (var asMaster = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
                    var asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build()) {
                final var taken = new ArrayList<Key>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve(
                        "sae-b/enc_keys?number=4")).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        taken.addAll(keys(answer.body()));
                    }
                    return !taken.isEmpty();
                });
                assertSlaveGets(asSlave, bobKme, taken);
            }
            // the key managers drew the link's key from the devices, the master with enc_keys, the slave by ID
            final var counters = devices.counters("link").orElseThrow();
            assertTrue(counters.delivered() >= 4, counters::toString);
        } finally {
            vendor.close();
            production.shutdownNow();
        }
    }

    // the slave SAE fetches each key the master took, by its ID, at bob's KME: the same key; the answers
    // the controller's work for an application of sae-a and sae-b over the line alice, relay, bob: the virtual link at
    // the three nodes (the relay first), then the application at the slave's end and at the master's, each with extra
    // leaves of qkd-device-ext
    static void configureLine(final List<Integer> ports, final EmulatedNetwork network, final String extra)
            throws Exception {
        final var alice = network.node("alice").qkdnId();
        final var relay = network.node("relay").qkdnId();
        final var bob = network.node("bob").qkdnId();
        final var virtual = UUID.randomUUID();
        final var app = UUID.randomUUID();
        assertTrue(configure(ports.get(3), qkdNode(relay, virtualLink(virtual, bob, alice, bob))).contains("<ok/>"));
        assertTrue(configure(ports.get(6), qkdNode(bob, virtualLink(virtual, alice, relay, null)
            + application(app, "slave", virtual, alice).replace("</qkd_app>", extra + "</qkd_app>")))
            .contains("<ok/>"));
        assertTrue(configure(ports.get(0), qkdNode(alice, virtualLink(virtual, bob, null, relay)
            + application(app, "master", virtual, bob).replace("</qkd_app>", extra + "</qkd_app>")))
            .contains("<ok/>"));
    }

    private static String restart(final String node, final String downSeconds) {
        return "<restart-key-manager xmlns=\"urn:opendaylight:qkd:emulator\"><node>" + node + "</node><down-seconds>"
            + downSeconds + "</down-seconds></restart-key-manager>";
    }

    private static int stored(final HttpClient asMaster, final URI aliceKme) throws Exception {
        final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        final var matcher = Pattern.compile("\"stored_key_count\"\\s*:\\s*(\\d+)").matcher(answer.body());
        assertTrue(matcher.find(), answer.body());
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void aRelayKeyManagerRestartedMidStreamLosesNoKeyTheMasterHandedOut() throws Exception {
        final var ports = NetconfEmulator.freePorts(9);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var aliceKme = kme(ports, 1);
        final var bobKme = kme(ports, 7);
        try (var emulator = start(topology, network)) {
            configureLine(ports, network, "");
            final var pki = saePki();
            try (var asMaster = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
                    var asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build();
                    var relay = NetconfTestClient.connect(ports.get(3), "admin", "s3cret")) {
                final var take = HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys?number=2")).build();
                final var taken = takeKeys(asMaster, take, 10);

                // refused, and nothing changed: another node's key manager, a down time out of range
                final var other = relay.rpc(restart("bob", "1"));
                assertTrue(other.contains("<rpc-error>") && other.contains("this is node relay"), other);
                final var tooLong = relay.rpc(restart("relay", "99999"));
                assertTrue(tooLong.contains("<rpc-error>") && tooLong.contains("between 0 and 3600"), tooLong);

                final var restarted = relay.rpc(restart("relay", "3"));
                assertTrue(restarted.contains("restarts-at"), restarted);
                final var again = relay.rpc(restart("relay", "3"));
                assertTrue(again.contains("<rpc-error>") && again.contains("down already"), again);
                // the relay's ETSI GS QKD 020 endpoint is gone; alice hands out what she holds, and makes no more
                try (var socket = new Socket()) {
                    assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress("127.0.0.1",
                        ports.get(5)), 1000));
                }
                final int whileDown = stored(asMaster, aliceKme);
                for (int i = 0; i < 10; i++) {
                    final var answer = asMaster.send(take, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        taken.addAll(keys(answer.body()));
                    }
                    Thread.sleep(50);
                }
                // started again from its store: alice's stock grows again, and the master goes on taking keys
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stored(asMaster, aliceKme) > whileDown);
                final int before = taken.size();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    final var answer = asMaster.send(take, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        taken.addAll(keys(answer.body()));
                    }
                    return taken.size() >= before + 10;
                });
                // every key the master was given, before, during and after the relay's restart, bob gives sae-b
                assertSlaveGets(asSlave, bobKme, taken);
            }
        }
    }

    @Test
    void saesGetKeysOfAnySizeAndKeysSeveralSlaveSaesShareOverEtsi014() throws Exception {
        final var ports = NetconfEmulator.freePorts(9);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var aliceKme = kme(ports, 1);
        final var bobKme = kme(ports, 7);
        try (var emulator = start(topology, network)) {
            // sae-b and sae-c are the slave SAEs of one application, both at bob's node
            configureLine(ports, network, "<client_app_id>sae-c</client_app_id>");
            final var pki = saePki();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(directory.resolve(
                "pki/sae/sae-c.crt")));
            try (var asMaster = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
                    var asSlave = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build();
                    var asOther = HttpClient.newBuilder().sslContext(DemoPki.open(directory.resolve("pki"), PASSWORD,
                        List.of()).clientContext("sae-c")).build()) {
                final var status = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                for (var field : List.of("\"key_size\":256", "\"min_key_size\":64", "\"max_key_size\":8192",
                        "\"max_SAE_ID_count\":1")) {
                    assertTrue(status.replace(" ", "").contains(field), status);
                }
                final var taken = new ArrayList<Key>();
                for (int bits : new int[] {64, 512, 8192}) {
                    final var request = HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"number\": 2, \"size\": " + bits + "}")).build();
                    final var keys = takeKeys(asMaster, request, 1);
                    for (var key : keys) {
                        assertEquals(bits / 8, Base64.getDecoder().decode(key.value()).length, bits + " bits");
                    }
                    taken.addAll(keys);
                }
                assertSlaveGets(asSlave, bobKme, taken);
                for (int bits : new int[] {56, 8200}) {
                    final var answer = asMaster.send(HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys?size="
                        + bits)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(400, answer.statusCode(), answer.body());
                    assertTrue(answer.body().contains("size shall be between min_key_size and max_key_size (64 to 8192 "
                        + "bits), was " + bits), answer.body());
                }

                // the same two keys to sae-b and sae-c, each once
                final var multicast = HttpRequest.newBuilder(aliceKme.resolve("sae-b/enc_keys"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"number\": 2, \"additional_slave_SAE_IDs\": [\"sae-c\"]}")).build();
                final var shared = takeKeys(asMaster, multicast, 1);
                assertSlaveGets(asSlave, bobKme, shared);
                assertSlaveGets(asOther, bobKme, shared);
                for (var client : List.of(asSlave, asOther)) {
                    final var again = client.send(HttpRequest.newBuilder(bobKme.resolve("sae-a/dec_keys?key_ID="
                        + shared.getFirst().id())).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(400, again.statusCode(), again.body());
                }
            }
        }
    }

    @Test
    void anEncryptorTakesAKeyOverSkipAndItsPeerTakesItOverSkipOrEtsi014() throws Exception {
        final var ports = NetconfEmulator.freePorts(11);
        final var topology = topology(ports);
        final var network = topology.createNetwork(InstantSource.system());
        final var bobKme = kme(ports, 7);
        try (var emulator = start(topology, network)) {
            configureLine(ports, network, "");
            // each node made the pre-shared key of the SAE it serves, readable by its owner only
            final var psks = new PskFiles(directory.resolve("skip"), new SecureRandom());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> psks.key("sae-a").isPresent()
                && psks.key("sae-b").isPresent());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(psks.file("sae-a"))));
            final var alice = new InetSocketAddress("127.0.0.1", ports.get(9));
            final var bob = new InetSocketAddress("127.0.0.1", ports.get(10));
            final var timeout = Duration.ofSeconds(5);
            try (var atAlice = SkipClient.connect(alice, "sae-a", psks.key("sae-a").orElseThrow(), true, timeout);
                    var atBob = SkipClient.connect(bob, "sae-b", psks.key("sae-b").orElseThrow(), false, timeout);
                    var asSlave = HttpClient.newBuilder().sslContext(saePki().clientContext("sae-b")).build()) {
                final var capabilities = atAlice.get("/capabilities").text();
                assertTrue(capabilities.contains("\"localSystemID\":\"sae-a\"")
                    && capabilities.contains("\"remoteSystemID\":[\"sae-b\"]"), capabilities);
                final var taken = new ArrayList<String>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    final var answer = atAlice.get("/key?remoteSystemID=sae-b&size=512");
                    if (answer.status() == 200) {
                        taken.add(answer.text());
                    }
                    return taken.size() == 2;
                });
                final var skipKey = Pattern.compile("\\{\"keyId\":\"([0-9a-f]{32})\",\"key\":\"([0-9a-f]+)\"\\}");
                // the first at bob's SKIP endpoint by its ID, the second at bob's ETSI GS QKD 014 endpoint by the
                // same ID written as a UUID: the same bytes
                final var first = skipKey.matcher(taken.getFirst());
                assertTrue(first.matches(), taken.getFirst());
                assertEquals(128, first.group(2).length());
                final var copy = atBob.get("/key/" + first.group(1) + "?remoteSystemID=sae-a");
                assertEquals(200, copy.status(), copy.text());
                assertEquals(taken.getFirst(), copy.text());
                assertEquals(400, atBob.get("/key/" + first.group(1) + "?remoteSystemID=sae-a").status());
                final var second = skipKey.matcher(taken.getLast());
                assertTrue(second.matches(), taken.getLast());
                final var hex = second.group(1);
                final var uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20);
                final var answer = asSlave.send(HttpRequest.newBuilder(bobKme.resolve("sae-a/dec_keys?key_ID="
                    + uuid)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(List.of(new Key(uuid, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
                    second.group(2))))), keys(answer.body()));
            }
            // an identity the site has no key for: refused at the handshake
            assertThrows(IOException.class, () -> SkipClient.connect(new InetSocketAddress("127.0.0.1",
                ports.get(9)), "sae-x", new byte[32], true, Duration.ofSeconds(5)).close());
        }
    }

    // the keys a master SAE takes with a request, repeated until it has taken at least that many (the stock fills)
    private static List<Key> takeKeys(final HttpClient asMaster, final HttpRequest request, final int atLeast) {
        final var taken = new ArrayList<Key>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            final var answer = asMaster.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                taken.addAll(keys(answer.body()));
            }
            return taken.size() >= atLeast;
        });
        return taken;
    }

    private static List<String> assertSlaveGets(final HttpClient asSlave, final URI bobKme, final List<Key> taken)
            throws Exception {
        final var bodies = new ArrayList<String>();
        for (var key : taken) {
            final var answer = asSlave.send(HttpRequest.newBuilder(bobKme.resolve("sae-a/dec_keys?key_ID="
                + key.id())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(List.of(key), keys(answer.body()), "the same key at bob's KME");
            bodies.add(answer.body());
        }
        return bodies;
    }

    private static String pqcApplication(final UUID id, final String role, final UUID remote, final String mode) {
        return "<qkd_applications><qkd_app><app_id>" + id + "</app_id>"
            + "<server_app_id>sae-a</server_app_id><client_app_id>sae-b</client_app_id>"
            + "<app_qos><max_bandwidth>25600</max_bandwidth></app_qos>"
            + "<remote_qkdn_id>" + remote + "</remote_qkdn_id>"
            + "<sae-role xmlns=\"urn:opendaylight:qkd:device-ext\">" + role + "</sae-role>"
            + "<key-mode xmlns=\"urn:opendaylight:qkd:device-ext\">" + mode + "</key-mode>"
            + "</qkd_app></qkd_applications>";
    }
}
