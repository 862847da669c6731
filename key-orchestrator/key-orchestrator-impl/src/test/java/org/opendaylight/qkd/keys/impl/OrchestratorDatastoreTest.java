/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork.NodeSpec;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyRelay;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.StoredKey;
import org.opendaylight.qkd.pathcompute.impl.PathComputeAccess;
import org.opendaylight.qkd.southbound.api.ProgrammingException;
import org.opendaylight.qkd.southbound.api.SiteCounters;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NetworkTypesBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1Builder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.DestinationBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.SourceBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1.KeyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServiceModeChanged;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.SaeABuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.SaeBBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPoliciesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.network.types.QkdNetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.node.QkdNodeAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.SaeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * The orchestrator against a real data broker, the real path computation and an emulated network with two
 * node-disjoint two-hop paths a-r-b and a-s-b: services placed from configuration, keys identical at both ends,
 * rerouting and fallback on link changes, compromise, and deletion.
 */
class OrchestratorDatastoreTest extends AbstractConcurrentDataBrokerTest {
    private static final DataObjectIdentifier<Network> NETWORK_ID = DataObjectIdentifier.builder(Networks.class)
        .child(Network.class, new NetworkKey(new NetworkId("qkd"))).build();
    private static final List<String> LINKS = List.of("a-r", "r-b", "a-s", "s-b");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Notification<?>> published = new CopyOnWriteArrayList<>();
    private EmulatedNetwork network;
    private KeyPlane plane;
    private ScheduledExecutorService executor;
    private PathComputeAccess pathCompute;
    private ServiceOrchestrator orchestrator;
    private final List<Registration> registrations = new ArrayList<>();
    private final RecordingSites sites = new RecordingSites();

    @BeforeEach
    void setUp() throws Exception {
        setup();
        final var nodes = new ArrayList<NodeSpec>();
        for (var node : List.of("a", "r", "s", "b")) {
            nodes.add(new NodeSpec(node, UUID.nameUUIDFromBytes(node.getBytes()), node));
        }
        final var links = new ArrayList<LinkSpec>();
        for (var link : LINKS) {
            final var ends = link.split("-");
            links.add(new LinkSpec(link, ends[0], ends[1], LinkPhysics.metro(20), DecoyProtocol.vacuumWeak(0.1),
                256, LinkSpec.DEFAULT_POOL_BITS, 0.01));
        }
        network = EmulatedNetwork.create(nodes, links, id -> KeyMaterial.seeded(id.hashCode()), clock);
        clock.advance(Duration.ofSeconds(10));
        final var orchestratorRef = new AtomicReference<ServiceOrchestrator>();
        final var topology = new TopologyWatcher(changes -> orchestratorRef.get().linksChanged(changes));
        final var linkKeys = new DeviceLinkKeys(() -> network, topology::link, saeId -> null);
        for (var node : List.of("a", "r", "s", "b")) {
            linkKeys.declare(node, node, null);
        }
        plane = new KeyPlane(new KeyRelay(linkKeys::forLink), new SecureRandom(), clock, 16);
        executor = Executors.newSingleThreadScheduledExecutor();
        pathCompute = PathComputeAccess.start(getDataBroker());
        orchestrator = new ServiceOrchestrator(getDataBroker(), pathCompute.compute(), pathCompute.release(),
            new Recorder(published), plane, sites, topology, executor, 1_000, sae -> { });
        orchestratorRef.set(orchestrator);

        final var broker = getDataBroker();
        registrations.add(broker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(Networks.class).child(Network.class).build(),
            orchestrator.topologyListener()));
        registrations.add(broker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
            DataObjectReference.builder(QkdPolicies.class).child(Policy.class).build(),
            orchestrator.policyListener()));
        registrations.add(broker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
            DataObjectReference.builder(KeyServices.class).child(KeyService.class).build(), orchestrator));

        final var topologyLinks = new ArrayList<Link>();
        for (var link : LINKS) {
            topologyLinks.add(link(link, LinkState.Up, Instant.EPOCH));
        }
        final var tx = broker.newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, NETWORK_ID, new NetworkBuilder().setNetworkId(new NetworkId("qkd"))
            .setNetworkTypes(new NetworkTypesBuilder().addAugmentation(new NetworkTypes1Builder()
                .setQkdNetwork(new QkdNetworkBuilder().build()).build()).build())
            .setNode(BindingMap.of(List.of(node("a"), node("r"), node("s"), node("b"))))
            .addAugmentation(new Network1Builder().setLink(BindingMap.of(topologyLinks)).build())
            .build());
        tx.commit().get(10, TimeUnit.SECONDS);
        final var config = broker.newWriteOnlyTransaction();
        config.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class).build(),
            new QkdPoliciesBuilder().setPolicy(BindingMap.of(
                policy("fallback", PolicyMode.QkdPreferredPqcFallback).build(),
                policy("strict", PolicyMode.QkdOnly).build(),
                policy("mixed", PolicyMode.Hybrid).build(),
                policy("split", PolicyMode.QkdPreferredPqcFallback).setMultiPathXor(true).build())).build());
        config.commit().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        registrations.forEach(Registration::close);
        pathCompute.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private String qkdlId(final String link) {
        return network.link(link).qkdlId().toString();
    }

    private static Node node(final String id) {
        return new NodeBuilder().setNodeId(new NodeId(id)).addAugmentation(new Node1Builder()
            .setQkdNodeAttributes(new QkdNodeAttributesBuilder().setTrusted(true).build()).build()).build();
    }

    private Link link(final String name, final LinkState state, final Instant lastChange) {
        final var ends = name.split("-");
        return new LinkBuilder().setLinkId(new LinkId(qkdlId(name)))
            .setSource(new SourceBuilder().setSourceNode(new NodeId(ends[0])).build())
            .setDestination(new DestinationBuilder().setDestNode(new NodeId(ends[1])).build())
            .addAugmentation(new Link1Builder().setQkdLinkAttributes(new QkdLinkAttributesBuilder().setStatus(state)
                .setSecretKeyRate(new BitRate(Uint64.valueOf(20_000)))
                .setEffectiveSecretKeyRate(new BitRate(Uint64.valueOf(19_800)))
                .setQber(new Qber(Decimal64.valueOf(state == LinkState.Aborted ? "0.150000" : "0.020000")))
                .setLastChange(new DateAndTime(lastChange.toString()))
                .build()).build())
            .build();
    }

    private static PolicyBuilder policy(final String name, final PolicyMode mode) {
        return new PolicyBuilder().setName(new PolicyName(name)).setMode(mode);
    }

    private void putLink(final String name, final LinkState state, final Instant lastChange) throws Exception {
        final var link = link(name, state, lastChange);
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, NETWORK_ID.toBuilder().augmentation(Network1.class)
            .child(Link.class, link.key()).build(), link);
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    private void putService(final String id, final String saeA, final String nodeA, final String saeB,
            final String nodeB, final long rate, final long keySize, final String policy) throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, serviceId(id), new KeyServiceBuilder().setServiceId(id)
            .setSaeA(new SaeABuilder().setSaeId(new SaeId(saeA)).setNode(new NodeId(nodeA)).build())
            .setSaeB(new SaeBBuilder().setSaeId(new SaeId(saeB)).setNode(new NodeId(nodeB)).build())
            .setRequiredRate(new BitRate(Uint64.valueOf(rate)))
            .setKeySize(new KeySize(Uint32.valueOf(keySize)))
            .setPolicy(new PolicyName(policy))
            .build());
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    private static DataObjectIdentifier<KeyService> serviceId(final String id) {
        return DataObjectIdentifier.builder(KeyServices.class).child(KeyService.class, new KeyServiceKey(id)).build();
    }

    private Optional<State> state(final String id) throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.OPERATIONAL, serviceId(id).toBuilder().child(State.class).build())
                .get(10, TimeUnit.SECONDS);
        }
    }

    private State awaitMode(final String id, final ServiceMode mode) throws Exception {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
            .until(() -> state(id).map(State::getMode).orElse(null) == mode);
        return state(id).orElseThrow();
    }

    private static List<String> hops(final State state) {
        return state.nonnullPath().values().iterator().next().getHop().stream().map(NodeId::getValue).toList();
    }

    private void produce(final int seconds) {
        plane.produce();
        for (int i = 0; i < seconds * 10; i++) {
            clock.advance(Duration.ofMillis(100));
            plane.produce();
        }
    }

    private List<Provenance> exchange(final String master, final String slave, final int count) throws Exception {
        final var keys = plane.encKeys(master, slave, OptionalInt.of(count), OptionalInt.empty());
        final var copies = plane.decKeys(slave, master, keys.stream().map(key -> key.id().toString()).toList());
        final var out = new ArrayList<Provenance>();
        for (int i = 0; i < count; i++) {
            assertEquals(keys.get(i).id(), copies.get(i).id());
            assertArrayEquals(keys.get(i).withBits(byte[]::clone), copies.get(i).withBits(byte[]::clone));
            out.add(keys.get(i).provenance());
        }
        keys.forEach(StoredKey::destroy);
        copies.forEach(StoredKey::destroy);
        return out;
    }

    private List<String> modeChanges(final String id) {
        return published.stream().filter(KeyServiceModeChanged.class::isInstance)
            .map(KeyServiceModeChanged.class::cast)
            .filter(change -> change.getServiceId().equals(id))
            .map(change -> change.getOldMode().getName() + ">" + change.getNewMode().getName()
                + ":" + change.getReason().getName())
            .toList();
    }

    @Test
    void aServiceIsPlacedServedReroutedFallsBackAndComesBack() throws Exception {
        putService("svc", "sae-a", "a", "sae-b", "b", 2_560, 256, "fallback");
        var state = awaitMode("svc", ServiceMode.Qkd);
        final var first = hops(state);
        assertEquals(3, first.size());
        produce(1);
        assertEquals(List.of(Provenance.QKD, Provenance.QKD, Provenance.QKD, Provenance.QKD),
            exchange("sae-a", "sae-b", 4));

        // the path's second hop goes down: rerouted over the other relay
        final var relay = first.get(1);
        final var other = relay.equals("r") ? "s" : "r";
        final long cut = System.nanoTime();
        putLink(relay + "-b", LinkState.Down, clock.instant());
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
            .until(() -> hops(state("svc").orElseThrow()).contains(other));
        final long rerouteMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        assertTrue(rerouteMillis < 1_000, "rerouted after " + rerouteMillis + " ms");
        assertEquals(ServiceMode.Qkd, state("svc").orElseThrow().getMode());

        // the other path goes down too: PQC fallback, as the policy says; the keys made before stay valid
        putLink(other + "-b", LinkState.Down, clock.instant());
        state = awaitMode("svc", ServiceMode.Pqc);
        assertTrue(state.nonnullPath().isEmpty());
        produce(1);
        final var provenances = exchange("sae-a", "sae-b", 16);
        assertEquals(6, provenances.stream().filter(Provenance.QKD::equals).count(), provenances::toString);
        assertEquals(Provenance.PQC, provenances.getLast());

        // a link recovers: back to QKD
        putLink(relay + "-b", LinkState.Up, clock.instant());
        state = awaitMode("svc", ServiceMode.Qkd);
        assertEquals(List.of("a", relay, "b"), hops(state));
        final var changes = modeChanges("svc");
        assertEquals(3, changes.size(), changes::toString);
        assertEquals("pending>qkd:none", changes.get(0));
        assertTrue(changes.get(1).startsWith("qkd>pqc:"), changes::toString);
        assertEquals("pqc>qkd:none", changes.get(2));
        assertTrue(state.getLastChange() != null);
    }

    @Test
    void keysRelayedOverALinkAfterItAbortedAreDiscarded() throws Exception {
        putService("svc", "sae-a", "a", "sae-b", "b", 2_560, 256, "strict");
        final var first = hops(awaitMode("svc", ServiceMode.Qkd));
        produce(1);
        final var since = clock.instant().plusMillis(1);
        produce(1);
        putLink("a-" + first.get(1), LinkState.Aborted, since);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
            .until(() -> !hops(state("svc").orElseThrow()).contains(first.get(1)));
        executor.submit(orchestrator::refreshCounters).get();
        final var state = state("svc").orElseThrow();
        assertEquals(10, state.getKeysDiscarded().getValue().longValue());
        assertEquals(10, state.getKeysStored().longValue());
        assertEquals(List.of(Provenance.QKD, Provenance.QKD), exchange("sae-a", "sae-b", 2));
    }

    @Test
    void badServicesAreRefusedWithTheReasonAndUnknownEndpointsFallBack() throws Exception {
        putService("odd", "sae-1", "a", "sae-2", "b", 1_000, 255, "fallback");
        var state = awaitMode("odd", ServiceMode.Refused);
        assertTrue(state.getDetail().contains("multiple of 8"), state.getDetail());
        putService("odd", "sae-1", "a", "sae-2", "b", 1_000, 256, "fallback");
        assertEquals(null, awaitMode("odd", ServiceMode.Qkd).getDetail(), "a mended service is placed");
        putService("nowhere", "sae-3", "a", "sae-4", "z", 1_000, 256, "strict");
        state = awaitMode("nowhere", ServiceMode.Refused);
        assertEquals(DecisionReason.UnknownEndpoint, state.getReason());
        putService("nowhere-pqc", "sae-5", "a", "sae-6", "z", 1_000, 256, "fallback");
        assertEquals(DecisionReason.UnknownEndpoint, awaitMode("nowhere-pqc", ServiceMode.Pqc).getReason());
        putService("no-policy", "sae-7", "a", "sae-8", "b", 1_000, 256, "missing");
        assertTrue(awaitMode("no-policy", ServiceMode.Refused).getDetail().contains("missing"));
        putService("twin", "sae-5", "a", "sae-6", "b", 1_000, 256, "fallback");
        assertTrue(awaitMode("twin", ServiceMode.Refused).getDetail().contains("already served"));
    }

    @Test
    void deletingAServiceReleasesItsRateAndErasesItsKeys() throws Exception {
        putService("big-1", "sae-1", "a", "sae-2", "b", 19_000, 256, "strict");
        putService("big-2", "sae-3", "a", "sae-4", "b", 19_000, 256, "strict");
        awaitMode("big-1", ServiceMode.Qkd);
        awaitMode("big-2", ServiceMode.Qkd);
        putService("big-3", "sae-5", "a", "sae-6", "b", 19_000, 256, "strict");
        assertEquals(DecisionReason.InsufficientRate, awaitMode("big-3", ServiceMode.Refused).getReason());
        produce(1);

        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.CONFIGURATION, serviceId("big-1"));
        tx.commit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("big-1").isEmpty());
        assertTrue(plane.counters("big-1").isEmpty());
        assertEquals(0, plane.manager("a").stocked("big-1"));
        assertEquals(0, plane.manager("b").held("big-1"));

        putService("big-4", "sae-7", "a", "sae-8", "b", 19_000, 256, "strict");
        awaitMode("big-4", ServiceMode.Qkd);
    }

    @Test
    void hybridAndXorPoliciesShapeTheKeys() throws Exception {
        putService("mixed", "sae-1", "a", "sae-2", "b", 2_560, 256, "mixed");
        putService("split", "sae-3", "a", "sae-4", "b", 2_560, 256, "split");
        awaitMode("mixed", ServiceMode.Hybrid);
        final var split = awaitMode("split", ServiceMode.Qkd);
        assertEquals(1, split.nonnullBackupPath().size());
        final var main = hops(split);
        final var backup = split.nonnullBackupPath().values().iterator().next().getHop().stream()
            .map(NodeId::getValue).toList();
        assertTrue(!main.get(1).equals(backup.get(1)), main + " and " + backup + " share a relay");
        produce(1);
        assertEquals(List.of(Provenance.HYBRID, Provenance.HYBRID), exchange("sae-1", "sae-2", 2));
        final var keys = plane.encKeys("sae-3", "sae-4", OptionalInt.of(1), OptionalInt.empty());
        assertEquals(2, keys.getFirst().paths().size(), "an XOR share over each path");
        assertEquals(1, plane.decKeys("sae-4", "sae-3", List.of(keys.getFirst().id().toString())).size());
    }

    @Test
    void servicesBetweenSdQkdNodesAreProgrammedOnTheNodesReroutedAndRemoved() throws Exception {
        sites.nodes.addAll(List.of("a", "r", "s", "b"));
        putService("site", "sae-a", "a", "sae-b", "b", 2_560, 512, "fallback");
        var state = awaitMode("site", ServiceMode.Qkd);
        final var first = hops(state);
        var plan = sites.plan("site");
        assertEquals(first, plan.hops());
        assertEquals(List.of(qkdlId("a-" + first.get(1)), qkdlId(first.get(1) + "-b")), plan.links());
        assertEquals(List.of("sae-a", "sae-b", "a", "b"), List.of(plan.masterSae(), plan.slaveSae(),
            plan.masterNode(), plan.slaveNode()));
        assertEquals(KeyMode.Qkd, plan.mode());
        assertEquals(512, plan.keyBits());
        assertEquals(2_560, plan.rateBps());
        // once the service is on its nodes, the nodes are reconciled with the configured services
        executor.submit(orchestrator::refreshCounters).get();
        assertEquals(List.of(Set.of("site")), sites.reconciled);
        // the controller's key plane makes none of its keys
        produce(1);
        assertEquals(0, plane.manager("a").stocked("site"));

        // the counters come from the nodes
        sites.counters.put("site", new SiteCounters(7, 5, 1, Optional.empty()));
        executor.execute(orchestrator::refreshCounters);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("site").map(State::getKeysDelivered)
            .map(delivered -> delivered.getValue().longValue()).orElse(0L) == 5);
        state = state("site").orElseThrow();
        assertEquals(7, state.getKeysStored().longValue());
        assertEquals(1, state.getKeysDiscarded().getValue().longValue());

        // a cut reprograms the nodes along the other relay
        final var relay = first.get(1);
        final var other = relay.equals("r") ? "s" : "r";
        putLink(relay + "-b", LinkState.Down, clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> sites.plan("site").hops().contains(other));
        assertEquals(ServiceMode.Qkd, state("site").orElseThrow().getMode());

        // nodes that refuse: the decision stands, the reason is in the state, and the nodes are asked again
        sites.refusal = "node a refused application x: key-mode pqc is not offered";
        putLink(other + "-b", LinkState.Down, clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> Optional.ofNullable(state("site").orElseThrow()
            .getDetail()).orElse("").contains("the nodes did not take it: node a refused"));
        assertEquals(ServiceMode.Pqc, state("site").orElseThrow().getMode());
        assertTrue(sites.plan("site").hops().contains(other), "the nodes keep what they had");
        sites.refusal = null;
        await().atMost(Duration.ofSeconds(15)).until(() -> sites.plan("site").mode() == KeyMode.Pqc);
        assertTrue(sites.plan("site").hops().isEmpty());

        // deleting the service removes it from the nodes
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.CONFIGURATION, serviceId("site"));
        tx.commit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sites.plans.containsKey("site"));
        assertEquals(List.of("site"), sites.removed);
    }

    /**
     * Nodes as the southbound would program them: the plans they took, the counters they report; refuses
     * everything while a refusal is set.
     */
    private static final class RecordingSites implements SiteKeyServices {
        final Set<String> nodes = ConcurrentHashMap.newKeySet();
        final Map<String, SitePlan> plans = new ConcurrentHashMap<>();
        final Map<String, SiteCounters> counters = new ConcurrentHashMap<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final List<Set<String>> reconciled = new CopyOnWriteArrayList<>();
        volatile String refusal;

        @Override
        public boolean takesApplications(final String device) {
            return nodes.contains(device);
        }

        @Override
        public void program(final String serviceId, final SitePlan plan) throws ProgrammingException {
            if (refusal != null) {
                throw new ProgrammingException(refusal, null);
            }
            if (plan == null) {
                plans.remove(serviceId);
                removed.add(serviceId);
            } else {
                plans.put(serviceId, plan);
            }
        }

        @Override
        public Optional<SiteCounters> counters(final String serviceId) {
            return Optional.ofNullable(counters.get(serviceId));
        }

        @Override
        public int reconcile(final Set<String> configured) {
            reconciled.add(configured);
            return 0;
        }

        SitePlan plan(final String serviceId) {
            return await().atMost(Duration.ofSeconds(5)).until(() -> plans.get(serviceId), Objects::nonNull);
        }
    }

    /**
     * Records what is published.
     */
    private record Recorder(List<Notification<?>> published) implements NotificationPublishService {
        @Override
        public void putNotification(final Notification<?> notification) {
            published.add(notification);
        }

        @Override
        public ListenableFuture<? extends Object> offerNotification(final Notification<?> notification) {
            published.add(notification);
            return Futures.immediateFuture(null);
        }

        @Override
        public ListenableFuture<? extends Object> offerNotification(final Notification<?> notification,
                final int timeout, final TimeUnit unit) {
            return offerNotification(notification);
        }
    }
}
