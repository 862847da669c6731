/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.VirtualLink;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.opendaylight.qkd.southbound.api.DeviceConnector;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinksBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlLocalBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlRemoteBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmCleared;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmRaised;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.ProvisionRelayLinkInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevicesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.RelayLinks;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.RemoveRelayLinkInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.Alarm;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.AlarmThresholdsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.Status.ConnectionStatus;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServicesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcError;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * The device manager against a real in-memory data broker and a real emulated network read in process (the tests'
 * {@link EmulatedConnector}): declarations in the configuration datastore become nodes and links of the operational
 * QKD topology, faults in the emulator become link states, unreachable and failed devices are reported per device.
 */
class SouthboundDatastoreTest extends AbstractConcurrentDataBrokerTest {
    private static final String TOPOLOGY = """
        {
          "seed": 3,
          "defaults": { "preset": "metro", "block-bits": 256, "pool-bits": 65536 },
          "nodes": [ { "id": "alice" }, { "id": "relay" }, { "id": "bob" } ],
          "links": [
            { "id": "alice-relay", "a": "alice", "b": "relay", "fiber-length-km": 20 },
            { "id": "relay-bob", "a": "relay", "b": "bob", "fiber-length-km": 35 }
          ]
        }""";
    private static final long POLLING_MILLIS = 100;
    private static final long CLEAR_HOLD_MILLIS = 400;
    private static final Duration BOUND = Duration.ofSeconds(10);
    // dates the relay links provisioned
    private static final InstantSource PROVISIONED = InstantSource.fixed(Instant.parse("2026-12-07T10:00:00Z"));

    private final AtomicReference<EmulatedNetwork> emulator = new AtomicReference<>();
    // called with an emulated node's name before a link is written to it
    private final AtomicReference<Consumer<String>> beforeWrite = new AtomicReference<>(node -> { });
    private final List<Notification<?>> sent = new CopyOnWriteArrayList<>();
    // devices the fake adapter opened
    private final AtomicInteger opened = new AtomicInteger();
    // devices the fake adapter closed (their connection ended)
    private final AtomicInteger closed = new AtomicInteger();
    private final Map<String, QkdNode> fakeDevices = new java.util.concurrent.ConcurrentHashMap<>();
    // what the manager asked fake devices to call on an event, and how often it read each
    private final Map<String, Runnable> fakeWatchers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fakeReads = new java.util.concurrent.ConcurrentHashMap<>();
    // how long the manager gave each fake device's last read to answer
    private final Map<String, Duration> fakeReadTimeouts = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor scheduler;
    private DeviceManager manager;
    private TestEncryption encryption;
    private EmulatedNetwork network;

    @BeforeEach
    void setUp() throws Exception {
        setup();
        encryption = new TestEncryption();
        network = TopologyFile.parse("test", TOPOLOGY).createNetwork(new ManualClock(Instant.parse(
            "2026-11-25T10:00:00Z")));
        network.advance();
        emulator.set(network);
        scheduler = new ScheduledThreadPoolExecutor(2);
        manager = new DeviceManager(getDataBroker(), List.of(new FakeConnector(),
            new EmulatedConnector(emulator::get, node -> beforeWrite.get().accept(node))), scheduler,
            java.time.Clock.systemUTC(), sent::add, encryption);
    }

    @AfterEach
    void tearDown() throws Exception {
        manager.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void declaredDevicesBecomeTheQkdTopology() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 2);
        final var net = readNetwork().orElseThrow();
        assertNotNull(net.getNetworkTypes().augmentation(NetworkTypes1.class).getQkdNetwork());
        assertEquals(3, net.nonnullNode().size());
        final var relay = net.nonnullNode().values().stream().filter(n -> n.getNodeId().getValue().equals("relay"))
            .findFirst().orElseThrow().augmentation(Node1.class).getQkdNodeAttributes();
        assertEquals(network.node("relay").qkdnId().toString(), relay.getQkdnId().getValue());
        assertEquals(Boolean.TRUE, relay.getReachable());
        assertEquals(Boolean.FALSE, relay.getTrusted(), "the declaration's trust is the node's");

        final var link = links().get(network.link("alice-relay").qkdlId().toString());
        assertEquals("alice", link.getSource().getSourceNode().getValue(), "the transmitting end is the source");
        assertEquals("relay", link.getDestination().getDestNode().getValue());
        final var attributes = attributes(link);
        assertEquals(LinkState.Up, attributes.getStatus());
        final long expected = Math.round(network.link("alice-relay").snapshot().secretKeyRateBps());
        assertTrue(expected > 0);
        assertEquals(expected, attributes.getSecretKeyRate().getValue().longValue());
        assertTrue(attributes.getQber().getValue().doubleValue() > 0);
        assertNotNull(attributes.getKeyPoolFill());

        final var status = status("bob");
        assertEquals(ConnectionStatus.Connected, status.getConnectionStatus());
        assertEquals(Uint32.ONE, status.getLinkCount());
        assertNotNull(status.getLastRead());
    }

    @Test
    void aContinuousVariableLinkShowsItsExcessNoise() throws Exception {
        final var cv = TopologyFile.parse("cv", """
            {
              "nodes": [ { "id": "alice" }, { "id": "bob" } ],
              "links": [ { "id": "alice-bob", "a": "alice", "b": "bob", "fiber-length-km": 20,
                "preset": "cv-metro", "protocol": "cv-gg02", "excess-noise": 0.02 } ]
            }""").createNetwork(new ManualClock(Instant.parse("2026-11-25T10:00:00Z")));
        cv.advance();
        emulator.set(cv);
        declare(emulated("alice", "alice"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 1);
        final var attributes = attributes(links().get(cv.link("alice-bob").qkdlId().toString()));
        assertEquals(cv.link("alice-bob").snapshot().physics().excessNoise(),
            attributes.getExcessNoise().doubleValue(), 1e-6);
        assertTrue(attributes.getExcessNoise().doubleValue() >= 0.02, attributes::toString);
        assertEquals(0, attributes.getQber().getValue().doubleValue(), 1e-9);
    }

    @Test
    void faultsInTheEmulatorBecomeLinkStates() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        final var cutId = network.link("relay-bob").qkdlId().toString();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Up);

        network.link("relay-bob").cut();
        network.advance();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Down);
        assertEquals(LinkState.Up, state(network.link("alice-relay").qkdlId().toString()));

        network.link("relay-bob").restore();
        network.advance();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Up);

        // an eavesdropper intercepting everything pushes QBER over the abort threshold
        network.link("relay-bob").eavesdrop(1.0);
        network.advance();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Aborted);
    }

    @Test
    void aNetconfPasswordIsKeptEncryptedOnlyAndTheDeviceStillConnects() throws Exception {
        declare(emulated("alice", "alice"));
        final var path = DataObjectIdentifier.builder(QkdDevices.class).child(Device.class,
            new DeviceKey(new NodeId("alice"))).build();
        await().atMost(BOUND).until(() -> {
            try (var tx = getDataBroker().newReadOnlyTransaction()) {
                final var stored = tx.read(LogicalDatastoreType.CONFIGURATION, path).get(10, TimeUnit.SECONDS);
                return stored.isPresent() && netconf(stored.orElseThrow()).getEncryptedPassword() != null;
            }
        });
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            final var stored = netconf(tx.read(LogicalDatastoreType.CONFIGURATION, path).get(10, TimeUnit.SECONDS)
                .orElseThrow());
            assertEquals(null, stored.getPassword(), "the clear password is gone from the datastore");
            assertEquals("test", new String(encryption.decrypt(stored.getEncryptedPassword()),
                StandardCharsets.UTF_8));
        }
        // the declaration written back is the one the device runs with: it connects, and stays connected
        await().atMost(BOUND).until(() -> status("alice").getConnectionStatus() == ConnectionStatus.Connected);
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device
            .connection.netconf.Netconf netconf(final Device device) {
        return ((org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection
            .Netconf) device.getConnection()).getNetconf();
    }

    @Test
    void aKeyServiceRunningOutRaisesKeyExhaustionSoonUntilProductionKeepsUp() throws Exception {
        declare(emulated("alice", "alice"));
        // the orchestrator's prediction for a service: 120 s left, under the default horizon of 600 s
        writeExhaustion("vpn", 120L);
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.KeyExhaustionSoon, "vpn") == 1);
        final var raised = alarms().stream().filter(alarm -> alarm.getType() == AlarmType.KeyExhaustionSoon)
            .findFirst().orElseThrow();
        assertTrue(raised.getMessage().contains("run out in about 120 s"), raised.getMessage());
        // production keeps up again: the prediction goes, the alarm clears after the hold time
        writeExhaustion("vpn", null);
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.KeyExhaustionSoon, "vpn") == 0);
    }

    private void writeExhaustion(final String service, final @Nullable Long seconds) throws Exception {
        final var state = new StateBuilder();
        if (seconds != null) {
            state.setExhaustionTime(Uint64.valueOf(seconds));
        }
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(KeyServices.class).build(),
            new KeyServicesBuilder().setKeyService(BindingMap.of(new KeyServiceBuilder().setServiceId(service)
                .setState(state.build()).build())).build());
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void faultsRaiseOneAlarmEachAndClearIt() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        final var cutId = network.link("relay-bob").qkdlId().toString();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Up);
        final var initial = alarms();
        assertTrue(initial.isEmpty(), () -> "no alarm on a healthy network: " + initial);

        // a flapping link: down, up for less than the hold time, down again: one alarm
        network.link("relay-bob").cut();
        network.advance();
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.LinkDown, cutId) == 1);
        network.link("relay-bob").restore();
        network.advance();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Up);
        network.link("relay-bob").cut();
        network.advance();
        await().atMost(BOUND).until(() -> state(cutId) == LinkState.Down);
        assertEquals(1, alarms().stream().filter(alarm -> alarm.getResource().equals(cutId)).count(),
            alarms()::toString);

        // back for good: cleared after the hold time, with its notification
        network.link("relay-bob").restore();
        network.advance();
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.LinkDown, cutId) == 0);
        final var alarm = alarms().stream().filter(entry -> entry.getResource().equals(cutId)).findFirst()
            .orElseThrow();
        assertEquals(Boolean.FALSE, alarm.getActive());
        assertNotNull(alarm.getCleared());
        assertEquals(1, sent.stream().filter(AlarmRaised.class::isInstance).map(AlarmRaised.class::cast)
            .filter(raised -> raised.getResource().equals(cutId)).count(), sent::toString);
        assertEquals(1, sent.stream().filter(AlarmCleared.class::isInstance).map(AlarmCleared.class::cast)
            .filter(cleared -> cleared.getResource().equals(cutId)).count(), sent::toString);

        // an eavesdropper: QBER alarm and the link aborted
        final var tappedId = network.link("alice-relay").qkdlId().toString();
        network.link("alice-relay").eavesdrop(1.0);
        network.advance();
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.QberHigh, tappedId) == 1
            && activeAlarms(AlarmType.LinkDown, tappedId) == 1);

        // a device that stops answering
        network.setNodeUp("bob", false);
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.DeviceUnreachable, "bob") == 1);
    }

    @Test
    void aLinkWhoseQberIsOverTheAlarmThresholdButUnderTheAbortIsDegraded() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        final var tappedId = network.link("alice-relay").qkdlId().toString();
        await().atMost(BOUND).until(() -> state(tappedId) == LinkState.Up);

        // an eavesdropper on part of the pulses: QBER over qber-high (0.08), under the abort threshold (0.11)
        network.link("alice-relay").eavesdrop(0.3);
        network.advance();
        await().atMost(BOUND).until(() -> state(tappedId) == LinkState.Degraded);
        final var degraded = attributes(links().get(tappedId));
        final double qber = degraded.getQber().getValue().doubleValue();
        assertTrue(qber > 0.08 && qber < 0.11, "QBER " + qber);
        assertEquals(1, activeAlarms(AlarmType.QberHigh, tappedId));
        assertEquals(0, activeAlarms(AlarmType.LinkDown, tappedId));
        assertNotNull(degraded.getLastChange());
        assertEquals(LinkState.Up, state(network.link("relay-bob").qkdlId().toString()));

        // gone: up again at once, and the alarm clears after its hold time
        network.link("alice-relay").eavesdrop(0);
        network.advance();
        await().atMost(BOUND).until(() -> state(tappedId) == LinkState.Up);
        await().atMost(BOUND).until(() -> activeAlarms(AlarmType.QberHigh, tappedId) == 0);
    }

    @Test
    void anUnreachableDeviceTakesItsLinksDownAndKeepsItsDeclaration() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        final var linkId = network.link("alice-relay").qkdlId().toString();
        await().atMost(BOUND).until(() -> state(linkId) == LinkState.Up);

        network.setNodeUp("alice", false);
        await().atMost(BOUND).until(() -> status("alice").getConnectionStatus() == ConnectionStatus.Unreachable);
        await().atMost(BOUND).until(() -> state(linkId) == LinkState.Down);
        assertEquals(Boolean.FALSE, nodeAttributes("alice").getReachable());
        assertTrue(status("alice").getError().contains("down"), status("alice").getError());
        assertTrue(readDeclaration("alice").isPresent(), "the declaration stays");

        network.setNodeUp("alice", true);
        network.advance();
        await().atMost(BOUND).until(() -> state(linkId) == LinkState.Up);
        assertEquals(ConnectionStatus.Connected, status("alice").getConnectionStatus());
    }

    @Test
    void withdrawnDeclarationsLeaveTheTopology() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 2);
        declare(emulated("alice", "alice"), emulated("relay", "relay"));
        await().atMost(BOUND).until(() -> links().size() == 1 && readNetwork().orElseThrow().nonnullNode().size() == 2);
        final var tx = getDataBroker().newReadOnlyTransaction();
        assertFalse(tx.read(LogicalDatastoreType.OPERATIONAL, deviceId("bob")).get().isPresent(),
            "no status for a device no longer declared");
    }

    @Test
    void badDeclarationsAndBadDataAreReportedPerDevice() throws Exception {
        final var aliceId = network.node("alice").qkdnId().toString();
        // a device that names another node as the local end of its link, and one that claims alice's qkdn_id
        fakeDevices.put("liar", new QkdNodeBuilder().setQkdnId(new Uuid("11111111-2222-4333-8444-555555555555"))
            .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.of(new QkdLinkBuilder()
                .setQkdlId(new Uuid("99999999-2222-4333-8444-555555555555"))
                .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(new Uuid(aliceId)).build())
                .build())).build())
            .build());
        fakeDevices.put("twin", new QkdNodeBuilder().setQkdnId(new Uuid(aliceId)).build());
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("ghost", "no-such-node"),
            fake("liar"));
        await().atMost(BOUND).until(() -> links().size() == 1);
        await().atMost(BOUND).until(() -> status("ghost").getConnectionStatus() == ConnectionStatus.Failed
            && status("liar").getConnectionStatus() == ConnectionStatus.Failed);
        assertTrue(status("ghost").getError().contains("no node named 'no-such-node'"), status("ghost").getError());
        assertTrue(status("liar").getError().contains("local end"), status("liar").getError());
        // the good devices are untouched
        assertEquals(ConnectionStatus.Connected, status("alice").getConnectionStatus());
        assertEquals(LinkState.Up, state(network.link("alice-relay").qkdlId().toString()));

        // a device claiming alice's identity: neither is believed, each names the other
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("ghost", "no-such-node"),
            fake("liar"), fake("twin"));
        await().atMost(BOUND).until(() -> status("twin").getConnectionStatus() == ConnectionStatus.Failed
            && status("alice").getConnectionStatus() == ConnectionStatus.Failed);
        assertTrue(status("twin").getError().contains("also reported by device alice"), status("twin").getError());
        assertTrue(status("alice").getError().contains("also reported by device twin"), status("alice").getError());
        await().atMost(BOUND).until(() -> links().isEmpty());
        // the impostor withdrawn, alice is believed again
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("ghost", "no-such-node"),
            fake("liar"));
        await().atMost(BOUND).until(() -> status("alice").getConnectionStatus() == ConnectionStatus.Connected
            && links().size() == 1);
        assertEquals(Boolean.FALSE, nodeAttributes("liar").getReachable());
    }

    @Test
    void aDeviceEventIsReadAtOnceAndABurstOfEventsGivesOneRead() throws Exception {
        final var solo = new Uuid("11111111-2222-4333-8444-555555555555");
        fakeDevices.put("solo", new QkdNodeBuilder().setQkdnId(solo).build());
        // an hour between polls: after the first read, only the device's events can make it be read again
        declare(3_600_000, fake("solo"));
        await().atMost(BOUND).until(() -> status("solo").getLinkCount() != null
            && fakeWatchers.containsKey("solo"));
        assertEquals(Uint32.ZERO, status("solo").getLinkCount());
        final int readsBefore = fakeReads.get("solo").get();

        // the device gets a link and says so, in a burst of events (as a cut fiber gives one per link)
        fakeDevices.put("solo", new QkdNodeBuilder().setQkdnId(solo)
            .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.of(new QkdLinkBuilder()
                .setQkdlId(new Uuid("99999999-2222-4333-8444-555555555555"))
                .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(solo).build())
                .setQkdlRemote(new QkdlRemoteBuilder()
                    .setQkdnId(new Uuid("77777777-2222-4333-8444-555555555555")).build())
                .build())).build())
            .build());
        final var changed = fakeWatchers.get("solo");
        for (int i = 0; i < 50; i++) {
            changed.run();
        }
        await().atMost(BOUND).until(() -> Uint32.ONE.equals(status("solo").getLinkCount()));
        // the link goes again, with one event: a device's reads run one at a time, so once a read has seen it go,
        // every read the burst queued has run (one per event would be 50, and the last event's one more)
        fakeDevices.put("solo", new QkdNodeBuilder().setQkdnId(solo).build());
        changed.run();
        await().atMost(BOUND).until(() -> Uint32.ZERO.equals(status("solo").getLinkCount()));
        final int eventReads = fakeReads.get("solo").get() - readsBefore;
        assertTrue(eventReads >= 2 && eventReads <= 4, "reads after 50 events and one: " + eventReads);

        // withdrawn, the device is no longer watched
        declare(3_600_000);
        await().atMost(BOUND).until(() -> !fakeWatchers.containsKey("solo"));
    }

    @Test
    void aNewPollingIntervalKeepsTheDevicesSessions() throws Exception {
        fakeDevices.put("solo", new QkdNodeBuilder().setQkdnId(new Uuid("11111111-2222-4333-8444-555555555555"))
            .build());
        declare(fake("solo"));
        await().atMost(BOUND).until(() -> status("solo").getConnectionStatus() == ConnectionStatus.Connected);
        final var firstRead = status("solo").getLastRead();
        // polled often, a device still gets 3 s to answer before it is unreachable
        assertEquals(Duration.ofSeconds(3), fakeReadTimeouts.get("solo"));
        declare(300, fake("solo"));
        await().atMost(BOUND).until(() -> !firstRead.equals(status("solo").getLastRead()));
        assertEquals(1, opened.get(), "the device is not opened again");
        assertEquals(ConnectionStatus.Connected, status("solo").getConnectionStatus());
        // polled seldom, a read may take the polling interval
        declare(10_000, fake("solo"));
        await().atMost(BOUND).until(() -> Duration.ofSeconds(10).equals(fakeReadTimeouts.get("solo")));
        assertEquals(1, opened.get(), "the device is not opened again");
        // a changed declaration is a new session
        declare(300, new DeviceBuilder(fake("solo")).setTrusted(false).build());
        await().atMost(BOUND).until(() -> opened.get() == 2);
    }

    @Test
    void aManagerThatHandsOverLeavesTheDevicesConnectedAndTheirStateToTheNext() throws Exception {
        fakeDevices.put("solo", new QkdNodeBuilder().setQkdnId(new Uuid("11111111-2222-4333-8444-555555555555"))
            .build());
        declare(300, fake("solo"));
        await().atMost(BOUND).until(() -> status("solo").getConnectionStatus() == ConnectionStatus.Connected);
        // the member that managed the devices hands over (a cluster's owner changes): reads stop, and neither the
        // device's connection nor what the datastore says of it goes
        manager.close();
        final int reads = fakeReads.get("solo").get();
        // a manager that handed over reads no more: nothing is left to read the device, neither its polling nor its
        // events
        assertTrue(scheduler.getQueue().stream().allMatch(task -> ((Future<?>) task).isCancelled()),
            "the device's polling is cancelled");
        assertFalse(fakeWatchers.containsKey("solo"), "the device's events are heard no more");
        assertEquals(0, closed.get(), "the device's connection is left to the next manager");
        assertEquals(ConnectionStatus.Connected, status("solo").getConnectionStatus());
        assertTrue(readNetwork().isPresent());

        // the next one takes the device over; a declaration withdrawn then ends its connection
        manager = new DeviceManager(getDataBroker(), List.of(new FakeConnector(),
            new EmulatedConnector(emulator::get)), scheduler, java.time.Clock.systemUTC(), sent::add, encryption);
        await().atMost(BOUND).until(() -> fakeReads.get("solo").get() > reads);
        assertEquals(ConnectionStatus.Connected, status("solo").getConnectionStatus());
        declare(300);
        await().atMost(BOUND).until(() -> closed.get() == 1);
    }

    @Test
    void relayLinksAreProvisionedAlongThePathAndRemoved() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 2
            && status("bob").getConnectionStatus() == ConnectionStatus.Connected);
        final var rpcs = new RelayLinkRpcs(new RelayLinkProvisioner(manager, PROVISIONED), scheduler);
        final var result = rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("alice"), new NodeId("relay"), new NodeId("bob")))
            .setBandwidth(Uint32.valueOf(2000)).build()).get(10, TimeUnit.SECONDS);
        assertTrue(result.isSuccessful(), result::toString);
        assertOnlyLinkAliceRelayBob(UUID.fromString(result.getResult().getLinkId().getValue()), 2000);
        // the answer comes once the record is committed: read at once
        final var record = relayLinkRecords().stream().findFirst().orElseThrow();
        assertEquals(List.of("alice", "relay", "bob"), record.getHop().stream().map(NodeId::getValue).toList());
        assertEquals(TopologyView.time(PROVISIONED.instant()), record.getCreated());
        // the devices now report the virtual link too; it is not a link of the QKD topology
        await().atMost(BOUND).until(() -> Uint32.TWO.equals(status("bob").getLinkCount()));
        assertEquals(2, links().size());

        final var removed = rpcs.removeRelayLink().invoke(new RemoveRelayLinkInputBuilder()
            .setLinkId(result.getResult().getLinkId()).build()).get(10, TimeUnit.SECONDS);
        assertTrue(removed.isSuccessful(), removed::toString);
        for (var node : List.of("alice", "relay", "bob")) {
            assertTrue(network.node(node).virtualLinks().isEmpty(), node);
        }
        assertEquals(List.of(), relayLinkRecords());
        assertRpcError(rpcs.removeRelayLink().invoke(new RemoveRelayLinkInputBuilder()
            .setLinkId(result.getResult().getLinkId()).build()).get(10, TimeUnit.SECONDS), ErrorTag.INVALID_VALUE,
            "unknown-relay-link");
    }

    @Test
    void aRefusingDeviceUndoesTheRelayLinkInReverseOrder() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 2
            && status("bob").getConnectionStatus() == ConnectionStatus.Connected);
        network.node("bob").refuseConfiguration("maintenance window");
        final var rpcs = new RelayLinkRpcs(new RelayLinkProvisioner(manager, PROVISIONED), scheduler);
        final var error = assertRpcError(rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("alice"), new NodeId("relay"), new NodeId("bob"))).build())
            .get(10, TimeUnit.SECONDS), ErrorTag.OPERATION_FAILED, "device-refused");
        assertTrue(error.getMessage().contains("device bob refused"), error::getMessage);
        assertTrue(error.getMessage().contains("maintenance window"), error::getMessage);
        assertTrue(error.getMessage().contains("undone on relay, alice"), error::getMessage);
        for (var node : List.of("alice", "relay", "bob")) {
            assertTrue(network.node(node).virtualLinks().isEmpty(), node);
        }
        assertEquals(List.of(), relayLinkRecords());

        // input errors, each with its app-tag
        assertRpcError(rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("alice"))).build()).get(10, TimeUnit.SECONDS), ErrorTag.INVALID_VALUE,
            "too-few-hops");
        assertRpcError(rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("alice"), new NodeId("relay"), new NodeId("alice"))).build())
            .get(10, TimeUnit.SECONDS), ErrorTag.INVALID_VALUE, "repeated-hop");
        assertRpcError(rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("alice"), new NodeId("carol"))).build()).get(10, TimeUnit.SECONDS),
            ErrorTag.INVALID_VALUE, "unknown-device");
        network.node("bob").refuseConfiguration(null);
        final var first = rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("alice"), new NodeId("relay"))).build()).get(10, TimeUnit.SECONDS);
        assertTrue(first.isSuccessful(), first::toString);
        assertRpcError(rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setLinkId(first.getResult().getLinkId())
            .setHop(List.of(new NodeId("relay"), new NodeId("bob"))).build()).get(10, TimeUnit.SECONDS),
            ErrorTag.INVALID_VALUE, "relay-link-exists");
        network.setNodeUp("bob", false);
        await().atMost(BOUND).until(() -> status("bob").getConnectionStatus() == ConnectionStatus.Unreachable);
        assertRpcError(rpcs.provisionRelayLink().invoke(new ProvisionRelayLinkInputBuilder()
            .setHop(List.of(new NodeId("relay"), new NodeId("bob"))).build()).get(10, TimeUnit.SECONDS),
            ErrorTag.INVALID_VALUE, "device-not-connected");
    }

    @Test
    void aRelayLinkBeingProvisionedIsNotProvisionedAgainAndARefusedOneCanBe() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 2
            && status("bob").getConnectionStatus() == ConnectionStatus.Connected);
        final var provisioner = new RelayLinkProvisioner(manager, PROVISIONED);
        final var linkId = new Uuid(UUID.randomUUID().toString());
        // the first request holds while it writes to relay, alice having the link already
        final var atRelay = new CountDownLatch(1);
        final var release = new CountDownLatch(1);
        beforeWrite.set(node -> {
            if ("relay".equals(node)) {
                atRelay.countDown();
                try {
                    release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        final var first = CompletableFuture.supplyAsync(() -> {
            try {
                return provisioner.provision(List.of("alice", "relay", "bob"), linkId, 2000);
            } catch (ProvisionException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(atRelay.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the first request did not reach relay");
        // the same ID meanwhile, on another path: refused before a device is written (or undone)
        final var second = assertThrows(ProvisionException.class,
            () -> provisioner.provision(List.of("alice", "bob"), linkId, 1000));
        assertEquals("relay-link-exists", second.appTag(), second::getMessage);
        assertTrue(second.getMessage().contains("is being provisioned"), second::getMessage);
        release.countDown();
        assertEquals(linkId, first.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertOnlyLinkAliceRelayBob(UUID.fromString(linkId.getValue()), 2000);
        assertEquals(List.of(linkId), relayLinkRecords().stream().map(record -> record.getLinkId()).toList());

        // a request a device refused leaves its ID free for the next one
        beforeWrite.set(node -> { });
        network.node("bob").refuseConfiguration("maintenance window");
        final var retried = new Uuid(UUID.randomUUID().toString());
        assertEquals("device-refused", assertThrows(ProvisionException.class,
            () -> provisioner.provision(List.of("relay", "bob"), retried, 1000)).appTag());
        network.node("bob").refuseConfiguration(null);
        assertEquals(retried, provisioner.provision(List.of("relay", "bob"), retried, 1000));
        assertEquals(Set.of(linkId, retried), relayLinkRecords().stream().map(record -> record.getLinkId())
            .collect(Collectors.toSet()));
    }

    @Test
    void aRelayLinkProvisionedBeforeATakeOverIsNotProvisionedAgainAndIsRemoved() throws Exception {
        declare(emulated("alice", "alice"), emulated("relay", "relay"), emulated("bob", "bob"));
        await().atMost(BOUND).until(() -> links().size() == 2
            && status("bob").getConnectionStatus() == ConnectionStatus.Connected);
        final var linkId = new Uuid(UUID.randomUUID().toString());
        new RelayLinkProvisioner(manager, PROVISIONED).provision(List.of("alice", "relay", "bob"), linkId, 2000);
        await().atMost(BOUND).until(() -> Stream.of("alice", "relay", "bob").allMatch(node -> reports(node, linkId)));

        // the provisioner of a member that takes the devices over (or of a restarted controller) has not written it:
        // the devices' reports tell it the link is there
        final var taken = new RelayLinkProvisioner(manager, PROVISIONED);
        final var again = assertThrows(ProvisionException.class,
            () -> taken.provision(List.of("alice", "bob"), linkId, 1000));
        assertEquals("relay-link-exists", again.appTag(), again::getMessage);
        assertTrue(again.getMessage().contains("already on alice, bob, relay"), again::getMessage);
        taken.remove(linkId);
        for (var node : List.of("alice", "relay", "bob")) {
            assertTrue(network.node(node).virtualLinks().isEmpty(), node);
        }
        assertEquals(List.of(), relayLinkRecords());
        // removed: gone for this provisioner, though the devices' reports may show it until their next read
        assertEquals("unknown-relay-link", assertThrows(ProvisionException.class, () -> taken.remove(linkId))
            .appTag());

        // a physical link's ID is in use, and not a relay link to remove
        final var physical = manager.lastRead("alice").orElseThrow().getQkdLinks().nonnullQkdLink().values().stream()
            .filter(link -> PHYS.VALUE.equals(link.getQkdlType())).findFirst().orElseThrow().getQkdlId();
        assertEquals("relay-link-exists", assertThrows(ProvisionException.class,
            () -> taken.provision(List.of("alice", "relay"), physical, 1000)).appTag());
        assertEquals("unknown-relay-link", assertThrows(ProvisionException.class, () -> taken.remove(physical))
            .appTag());
        assertEquals(2, links().size());

        // the IDs of the key services' virtual links (name-based) are neither provisioned nor removed here
        final var serviceLink = new Uuid(UUID.nameUUIDFromBytes("vault-sync".getBytes(StandardCharsets.UTF_8))
            .toString());
        assertEquals("reserved-link-id", assertThrows(ProvisionException.class,
            () -> taken.provision(List.of("alice", "bob"), serviceLink, 1000)).appTag());
        final var ends = List.of(new Uuid(network.node("alice").qkdnId().toString()),
            new Uuid(network.node("bob").qkdnId().toString()));
        manager.connectedDevice("alice").orElseThrow().putLink(VirtualLinks.along(serviceLink, ends, 1000).get(0),
            BOUND);
        await().atMost(BOUND).until(() -> reports("alice", serviceLink));
        assertEquals("unknown-relay-link", assertThrows(ProvisionException.class,
            () -> taken.remove(serviceLink)).appTag());
        assertEquals(1, network.node("alice").virtualLinks().size());
    }

    // whether the device's last read has a link with this ID
    private boolean reports(final String node, final Uuid linkId) {
        return manager.lastRead(node).map(QkdNode::getQkdLinks)
            .map(read -> read.nonnullQkdLink().containsKey(new QkdLinkKey(linkId))).orElse(false);
    }

    // the relay links recorded in the operational datastore, read now
    private List<org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.relay.links.RelayLink>
            relayLinkRecords() throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(RelayLinks.class).build())
                .get(10, TimeUnit.SECONDS).map(links -> List.copyOf(links.nonnullRelayLink().values()))
                .orElse(List.of());
        }
    }

    // the emulated nodes hold one virtual link each: the one along alice, relay, bob
    private void assertOnlyLinkAliceRelayBob(final UUID linkId, final long bandwidthBps) {
        final var alice = network.node("alice").qkdnId();
        final var relay = network.node("relay").qkdnId();
        final var bob = network.node("bob").qkdnId();
        assertEquals(List.of(new VirtualLink(linkId, bob, null, List.of(relay), bandwidthBps)),
            network.node("alice").virtualLinks());
        assertEquals(List.of(new VirtualLink(linkId, bob, alice, List.of(bob), bandwidthBps)),
            network.node("relay").virtualLinks());
        assertEquals(List.of(new VirtualLink(linkId, alice, relay, List.of(), bandwidthBps)),
            network.node("bob").virtualLinks());
    }

    private static RpcError assertRpcError(final RpcResult<?> result, final ErrorTag tag, final String appTag) {
        assertFalse(result.isSuccessful(), result::toString);
        final var error = result.getErrors().iterator().next();
        assertEquals(ErrorType.APPLICATION, error.getErrorType());
        assertEquals(tag, error.getTag());
        assertEquals(appTag, error.getApplicationTag(), error::getMessage);
        return error;
    }

    @Test
    void noEmulatorMeansUnreachable() throws Exception {
        emulator.set(null);
        declare(emulated("alice", "alice"));
        await().atMost(BOUND).until(() -> status("alice").getConnectionStatus() == ConnectionStatus.Unreachable);
        assertTrue(status("alice").getError().contains("no emulated network"));
        emulator.set(network);
        await().atMost(BOUND).until(() -> status("alice").getConnectionStatus() == ConnectionStatus.Connected);
    }

    private List<Alarm> alarms() throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(QkdAlarms.class).build())
                .get(10, TimeUnit.SECONDS).map(alarms -> List.copyOf(alarms.nonnullAlarm().values()))
                .orElse(List.of());
        }
    }

    private long activeAlarms(final AlarmType type, final String resource) throws Exception {
        return alarms().stream().filter(alarm -> alarm.getType() == type && alarm.getResource().equals(resource)
            && Boolean.TRUE.equals(alarm.getActive())).count();
    }

    private static Device emulated(final String name, final String emulatedNode) {
        return EmulatedConnector.declaration(name, emulatedNode, !name.equals("relay"));
    }

    // served by FakeConnector: the name says which fake data the device answers with
    private static Device fake(final String name) {
        return EmulatedConnector.declaration(name, "fake-" + name, true);
    }

    private void declare(final Device... devices) throws Exception {
        declare(POLLING_MILLIS, devices);
    }

    private void declare(final long pollingMillis, final Device... devices) throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdDevices.class).build(),
            new QkdDevicesBuilder().setPollingInterval(Uint32.valueOf(pollingMillis))
                .setAlarmThresholds(new AlarmThresholdsBuilder().setClearHoldTime(Uint32.valueOf(CLEAR_HOLD_MILLIS))
                    .build())
                .setDevice(BindingMap.of(devices)).build());
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    private Optional<Network> readNetwork() throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(Networks.class)
                .child(Network.class, new NetworkKey(new NetworkId(DeviceManager.DEFAULT_NETWORK))).build())
                .get(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Link> links() throws Exception {
        final var net = readNetwork();
        if (net.isEmpty() || net.orElseThrow().augmentation(Network1.class) == null) {
            return Map.of();
        }
        return net.orElseThrow().augmentation(Network1.class).nonnullLink().values().stream()
            .collect(Collectors.toMap(link -> link.getLinkId().getValue(), link -> link));
    }

    private static QkdLinkAttributes attributes(final Link link) {
        return link.augmentation(Link1.class).getQkdLinkAttributes();
    }

    private LinkState state(final String linkId) throws Exception {
        final var link = links().get(linkId);
        return link == null ? null : attributes(link).getStatus();
    }

    private org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.node
            .QkdNodeAttributes nodeAttributes(final String name) throws Exception {
        return readNetwork().orElseThrow().nonnullNode().values().stream()
            .filter(node -> node.getNodeId().getValue().equals(name)).findFirst().orElseThrow()
            .augmentation(Node1.class).getQkdNodeAttributes();
    }

    private static DataObjectIdentifier<Device> deviceId(final String name) {
        return DataObjectIdentifier.builder(QkdDevices.class).child(Device.class, new DeviceKey(new NodeId(name)))
            .build();
    }

    private Optional<Device> readDeclaration(final String name) throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.CONFIGURATION, deviceId(name)).get(10, TimeUnit.SECONDS);
        }
    }

    private org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.Status status(
            final String name) throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            final var device = tx.read(LogicalDatastoreType.OPERATIONAL, deviceId(name)).get(10, TimeUnit.SECONDS);
            return device.map(Device::getStatus).orElse(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd
                .devices.rev261125.qkd.devices.device.StatusBuilder().build());
        }
    }

    // answers devices whose emulated node is "fake:<name>" with the test's data for that name
    private final class FakeConnector implements DeviceConnector {
        @Override
        public boolean serves(final Device declaration) {
            return declaration.getConnection()
                instanceof org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device
                    .connection.Netconf netconf
                && netconf.getNetconf().getHost().stringValue().startsWith("fake-");
        }

        @Override
        public QkdDevice open(final Device declaration) {
            opened.incrementAndGet();
            final var name = declaration.getName().getValue();
            return new QkdDevice() {
                @Override
                public QkdNode read(final Duration timeout) throws DeviceException {
                    fakeReads.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
                    fakeReadTimeouts.put(name, timeout);
                    final var data = fakeDevices.get(name);
                    if (data == null) {
                        throw DeviceException.unreachable("no fake data", null);
                    }
                    return data;
                }

                @Override
                public void putLink(final QkdLink link, final Duration timeout) throws DeviceException {
                    throw DeviceException.failed("fake devices take no configuration", null);
                }

                @Override
                public void deleteLink(final Uuid qkdlId, final Duration timeout) throws DeviceException {
                    throw DeviceException.failed("fake devices take no configuration", null);
                }

                @Override
                public Registration watch(final Runnable changed) {
                    fakeWatchers.put(name, changed);
                    return () -> fakeWatchers.remove(name, changed);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }
}
