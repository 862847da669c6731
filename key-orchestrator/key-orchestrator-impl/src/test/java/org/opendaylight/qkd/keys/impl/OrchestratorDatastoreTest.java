/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.qkd.model.testing.QkdTopology.policy;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.model.testing.QkdTopology;
import org.opendaylight.qkd.pathcompute.impl.PathComputeAccess;
import org.opendaylight.qkd.southbound.api.ProgrammingException;
import org.opendaylight.qkd.southbound.api.SiteCounters;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
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
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPoliciesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.SaeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The orchestrator against a real data broker, the real path computation and a topology with two node-disjoint
 * two-hop paths a-r-b and a-s-b between SD-QKD nodes: services placed from configuration and programmed on the nodes,
 * rerouting and fallback on link changes, compromise reported to the nodes, and deletion.
 */
class OrchestratorDatastoreTest extends AbstractConcurrentDataBrokerTest {
    private static final DataObjectIdentifier<Network> NETWORK_ID = QkdTopology.networkId("qkd");
    private static final List<String> LINKS = List.of("a-r", "r-b", "a-s", "s-b");

    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Notification<?>> published = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor;
    private PathComputeAccess pathCompute;
    private ServiceOrchestrator orchestrator;
    private final List<Registration> registrations = new ArrayList<>();
    private final RecordingSites sites = new RecordingSites();

    @BeforeEach
    void setUp() throws Exception {
        setup();
        sites.nodes.addAll(List.of("a", "r", "s", "b"));
        pathCompute = PathComputeAccess.start(getDataBroker(), clock);
        startOrchestrator(false);

        final var broker = getDataBroker();
        final var topologyLinks = new ArrayList<Link>();
        for (var link : LINKS) {
            topologyLinks.add(link(link, LinkState.Up, Instant.EPOCH));
        }
        final var tx = broker.newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, NETWORK_ID, QkdTopology.network("qkd", List.of(node("a"), node("r"),
            node("s"), node("b")), topologyLinks));
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
        stopOwner();
    }

    private static String qkdlId(final String link) {
        return UUID.nameUUIDFromBytes(link.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Node node(final String id) {
        return QkdTopology.node(id).trusted(true).build();
    }

    // a link with an ETSI 015 link ID, between the ends its name gives ("a-r"); an aborted one with a QBER to match
    private static Link link(final String name, final LinkState state, final Instant lastChange) {
        final var ends = name.split("-");
        return QkdTopology.link(qkdlId(name), ends[0], ends[1]).status(state).secretKeyRate(20_000)
            .effectiveSecretKeyRate(19_800).qber(state == LinkState.Aborted ? "0.150000" : "0.020000")
            .lastChange(lastChange).build();
    }

    private void putLink(final String name, final LinkState state, final Instant lastChange) throws Exception {
        final var link = link(name, state, lastChange);
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, QkdTopology.linkId(NETWORK_ID, link), link);
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

    private List<String> modeChanges(final String id) {
        return published.stream().filter(KeyServiceModeChanged.class::isInstance)
            .map(KeyServiceModeChanged.class::cast)
            .filter(change -> change.getServiceId().equals(id))
            .map(change -> change.getOldMode().getName() + ">" + change.getNewMode().getName()
                + ":" + change.getReason().getName())
            .toList();
    }

    @Test
    void aServiceIsPlacedProgrammedReroutedFallsBackAndComesBack() throws Exception {
        putService("svc", "sae-a", "a", "sae-b", "b", 2_560, 256, "fallback");
        var state = awaitMode("svc", ServiceMode.Qkd);
        final var first = hops(state);
        assertEquals(3, first.size());
        assertEquals(first, sites.plan("svc").hops());
        assertEquals(KeyMode.Qkd, sites.plan("svc").mode());

        // the path's second hop goes down: rerouted over the other relay, and the nodes reprogrammed
        final var relay = first.get(1);
        final var other = relay.equals("r") ? "s" : "r";
        final long cut = System.nanoTime();
        putLink(relay + "-b", LinkState.Down, clock.instant());
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
            .until(() -> hops(state("svc").orElseThrow()).contains(other) && sites.plan("svc").hops().contains(other));
        final long rerouteMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        assertTrue(rerouteMillis < 1_000, "rerouted after " + rerouteMillis + " ms");
        assertEquals(ServiceMode.Qkd, state("svc").orElseThrow().getMode());

        // the other path goes down too: PQC fallback, as the policy says
        putLink(other + "-b", LinkState.Down, clock.instant());
        state = awaitMode("svc", ServiceMode.Pqc);
        assertTrue(state.nonnullPath().isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> sites.plan("svc").mode() == KeyMode.Pqc);
        assertEquals(List.of(), sites.plan("svc").hops());

        // a link recovers: back to QKD
        putLink(relay + "-b", LinkState.Up, clock.instant());
        state = awaitMode("svc", ServiceMode.Qkd);
        assertEquals(List.of("a", relay, "b"), hops(state));
        assertEquals(List.of("a", relay, "b"), sites.plan("svc").hops());
        final var changes = modeChanges("svc");
        assertEquals(3, changes.size(), changes::toString);
        assertEquals("pending>qkd:none", changes.get(0));
        assertTrue(changes.get(1).startsWith("qkd>pqc:"), changes::toString);
        assertEquals("pqc>qkd:none", changes.get(2));
        assertEquals(clock.instant(), Instant.parse(state.getLastChange().getValue()));
    }

    @Test
    void anAbortedLinkIsReportedToTheNodesAndTheServiceMovesOffIt() throws Exception {
        putService("svc", "sae-a", "a", "sae-b", "b", 2_560, 256, "strict");
        final var first = hops(awaitMode("svc", ServiceMode.Qkd));
        final var since = clock.instant().plusMillis(1);
        putLink("a-" + first.get(1), LinkState.Aborted, since);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
            .until(() -> !hops(state("svc").orElseThrow()).contains(first.get(1)));
        // the nodes hold the keys: they are told, and discard those that crossed the link since then
        await().atMost(Duration.ofSeconds(5)).until(() -> !sites.compromised.isEmpty());
        assertEquals(List.of(Set.of("a", first.get(1))), sites.compromised);
        // what they discarded shows in the service's counters, which are the nodes'
        sites.counters.put("svc", new SiteCounters(90, 0, 10, Optional.empty()));
        executor.submit(orchestrator::refreshCounters).get();
        // the state is written asynchronously
        await().atMost(Duration.ofSeconds(5)).until(() -> state("svc").map(State::getKeysDiscarded)
            .map(discarded -> discarded.getValue().longValue()).orElse(0L) == 10);
        assertEquals(90, state("svc").orElseThrow().getKeysStored().longValue());
    }

    @Test
    void aServiceRefusedForNowStaysOnItsNodesPausedAndItsKeysWithIt() throws Exception {
        putService("svc", "sae-a", "a", "sae-b", "b", 2_560, 256, "strict");
        awaitMode("svc", ServiceMode.Qkd);
        assertEquals(2_560, sites.plan("svc").rateBps());
        // no path left: refused, but the nodes keep the application (and the keys they hold) on the path they had
        // last (the first cut may have moved it to the other relay), making no more
        putLink("r-b", LinkState.Down, clock.instant());
        putLink("s-b", LinkState.Down, clock.instant());
        assertEquals(DecisionReason.NoPath, awaitMode("svc", ServiceMode.Refused).getReason());
        await().atMost(Duration.ofSeconds(5)).until(() -> sites.plan("svc").rateBps() == 0);
        assertEquals(3, sites.plan("svc").hops().size(), () -> sites.plan("svc").toString());
        assertTrue(sites.removed.isEmpty(), sites.removed::toString);
        // a path again: the nodes make keys again
        putLink("r-b", LinkState.Up, clock.instant());
        awaitMode("svc", ServiceMode.Qkd);
        await().atMost(Duration.ofSeconds(5)).until(() -> sites.plan("svc").rateBps() == 2_560);
        assertEquals(List.of("a", "r", "b"), sites.plan("svc").hops());
        assertTrue(sites.removed.isEmpty(), sites.removed::toString);
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
        assertTrue(awaitMode("twin", ServiceMode.Refused).getDetail().contains("already served by key service "
            + "nowhere-pqc"));
        assertTrue(sites.plans.keySet().stream().noneMatch(Set.of("twin", "no-policy")::contains),
            sites.plans::toString);
        // the policy it waits for is created: placed under it; deleted again: refused; created again: placed
        for (int round = 0; round < 2; round++) {
            putPolicy(policy("missing", PolicyMode.QkdOnly).build());
            assertEquals(null, awaitMode("no-policy", ServiceMode.Qkd).getDetail());
            final var tx = getDataBroker().newWriteOnlyTransaction();
            tx.delete(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class)
                .child(Policy.class, new PolicyKey(new PolicyName("missing"))).build());
            tx.commit().get(10, TimeUnit.SECONDS);
            assertTrue(awaitMode("no-policy", ServiceMode.Refused).getDetail().contains("does not exist"));
        }
    }

    private void putPolicy(final Policy policy) throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class)
            .child(Policy.class, policy.key()).build(), policy);
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void deletingAServiceReleasesItsRateAndRemovesItFromTheNodes() throws Exception {
        putService("big-1", "sae-1", "a", "sae-2", "b", 19_000, 256, "strict");
        putService("big-2", "sae-3", "a", "sae-4", "b", 19_000, 256, "strict");
        awaitMode("big-1", ServiceMode.Qkd);
        awaitMode("big-2", ServiceMode.Qkd);
        putService("big-3", "sae-5", "a", "sae-6", "b", 19_000, 256, "strict");
        assertEquals(DecisionReason.InsufficientRate, awaitMode("big-3", ServiceMode.Refused).getReason());

        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.CONFIGURATION, serviceId("big-1"));
        tx.commit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("big-1").isEmpty());
        assertTrue(sites.removed.contains("big-1"), sites.removed::toString);
        assertTrue(!sites.plans.containsKey("big-1"));

        putService("big-4", "sae-7", "a", "sae-8", "b", 19_000, 256, "strict");
        awaitMode("big-4", ServiceMode.Qkd);
    }

    @Test
    void aNewOwnerKeepsThePathsItTakesOverAndPlacesNewServicesAroundThem() throws Exception {
        // where a service between a and b goes when nothing is taken over
        putService("probe", "sae-p", "a", "sae-q", "b", 1_000, 256, "strict");
        final var preferred = hops(awaitMode("probe", ServiceMode.Qkd)).get(1);
        final var other = preferred.equals("r") ? "s" : "r";
        final var delete = getDataBroker().newWriteOnlyTransaction();
        delete.delete(LogicalDatastoreType.CONFIGURATION, serviceId("probe"));
        delete.commit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("probe").isEmpty());

        // the owner dies: its orchestrator and path computation stop, with their reservations
        stopOwner();
        // what it had placed, as the operational datastore has it: svc-1 on the path the search would not choose now
        final var since = clock.instant().minusSeconds(3_600);
        putService("svc-1", "sae-1", "a", "sae-2", "b", 10_000, 256, "strict");
        putService("svc-2", "sae-3", "a", "sae-4", "b", 9_000, 256, "strict");
        putPlaced("svc-1", other, since);
        putPlaced("svc-2", preferred, since);
        // and one created while there was no owner, which would take svc-2's path if placed before it
        putService("big", "sae-5", "a", "sae-6", "b", 12_000, 256, "strict");

        published.clear();
        pathCompute = PathComputeAccess.start(getDataBroker(), clock);
        startOrchestrator(true);
        assertEquals(DecisionReason.InsufficientRate, awaitMode("big", ServiceMode.Refused).getReason());
        await().atMost(Duration.ofSeconds(5)).until(() -> sites.plans.containsKey("svc-1")
            && sites.plans.containsKey("svc-2"));
        for (var kept : Map.of("svc-1", other, "svc-2", preferred).entrySet()) {
            final var state = state(kept.getKey()).orElseThrow();
            final var path = List.of("a", kept.getValue(), "b");
            assertEquals(path, hops(state));
            assertEquals(List.of(qkdlId("a-" + kept.getValue()), qkdlId(kept.getValue() + "-b")),
                state.nonnullPath().values().iterator().next().getLink().stream().map(LinkId::getValue).toList());
            assertEquals(path, sites.plan(kept.getKey()).hops());
            // the same mode since the same instant: no mode change to announce
            assertEquals(ServiceMode.Qkd, state.getMode());
            assertEquals(since, Instant.parse(state.getLastChange().getValue()));
            assertEquals(List.of(), modeChanges(kept.getKey()));
        }
        // the rate of the paths kept is reserved again: deleting svc-2 frees its path for the new service
        final var free = getDataBroker().newWriteOnlyTransaction();
        free.delete(LogicalDatastoreType.CONFIGURATION, serviceId("svc-2"));
        free.commit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("svc-2").isEmpty());
        putService("big", "sae-5", "a", "sae-6", "b", 12_001, 256, "strict");
        assertEquals(List.of("a", preferred, "b"), hops(awaitMode("big", ServiceMode.Qkd)));

        // a path taken over that is no longer good is not kept
        stopOwner();
        putPlaced("svc-1", other, since);
        putLink("a-" + other, LinkState.Down, clock.instant());
        pathCompute = PathComputeAccess.start(getDataBroker(), clock);
        startOrchestrator(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("svc-1").map(State::getMode).orElse(null)
            == ServiceMode.Refused);
        assertEquals(List.of("qkd>refused:insufficient-rate"), modeChanges("svc-1"));
        assertEquals(List.of("a", preferred, "b"), hops(state("big").orElseThrow()));
    }

    // the orchestrator and path computation stop, as on a member that dies or hands over: their reservations go
    private void stopOwner() throws InterruptedException {
        registrations.forEach(Registration::close);
        registrations.clear();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        orchestrator.close();
        pathCompute.close();
    }

    // an orchestrator wired as its provider wires it; one that takes over (a new cluster owner's, once its path
    // computation has the topology) reads what was placed first, then listens
    private void startOrchestrator(final boolean takingOver) {
        if (takingOver) {
            await().atMost(Duration.ofSeconds(5)).until(pathCompute::hasNetwork);
        }
        executor = Executors.newSingleThreadScheduledExecutor();
        orchestrator = new ServiceOrchestrator(getDataBroker(), pathCompute.paths(), new Recorder(published), sites,
            executor, 1_000, clock);
        if (takingOver) {
            executor.execute(orchestrator::takeOver);
        }
        final var broker = getDataBroker();
        registrations.add(pathCompute.paths().watchLinks(orchestrator::linksChanged));
        registrations.add(sites.watchConnections(orchestrator::nodeConnected));
        registrations.add(broker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
            DataObjectReference.builder(QkdPolicies.class).child(Policy.class).build(),
            orchestrator.policyListener()));
        registrations.add(broker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
            DataObjectReference.builder(KeyServices.class).child(KeyService.class).build(), orchestrator));
    }

    // a service's operational state as an owner writes it when it placed the service over a relay
    private void putPlaced(final String id, final String relay, final Instant since) throws Exception {
        final KeyService config;
        try (var read = getDataBroker().newReadOnlyTransaction()) {
            config = read.read(LogicalDatastoreType.CONFIGURATION, serviceId(id)).get(10, TimeUnit.SECONDS)
                .orElseThrow();
        }
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, serviceId(id), new KeyServiceBuilder(config)
            .setState(new StateBuilder().setMode(ServiceMode.Qkd).setReason(DecisionReason.None)
                .setLastChange(new DateAndTime(since.toString()))
                .setPath(BindingMap.of(new PathBuilder().setIndex(Uint8.ZERO)
                    .setHop(List.of(new NodeId("a"), new NodeId(relay), new NodeId("b")))
                    .setLink(List.of(new LinkId(qkdlId("a-" + relay)), new LinkId(qkdlId(relay + "-b"))))
                    .setRate(config.getRequiredRate()).build()))
                .build())
            .build());
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void hybridAndXorPoliciesAsTheNodesCarryThemOut() throws Exception {
        putService("mixed", "sae-1", "a", "sae-2", "b", 2_560, 256, "mixed");
        putService("split", "sae-3", "a", "sae-4", "b", 2_560, 256, "split");
        awaitMode("mixed", ServiceMode.Hybrid);
        assertEquals(KeyMode.Hybrid, sites.plan("mixed").mode());
        assertEquals(3, sites.plan("mixed").hops().size());
        // the nodes relay each key over one path: the policy's XOR over two paths is not offered, and says so
        final var split = awaitMode("split", ServiceMode.Qkd);
        assertTrue(split.nonnullBackupPath().isEmpty());
        assertTrue(split.getDetail().contains("multi-path-xor"), split::getDetail);
        assertEquals(KeyMode.Qkd, sites.plan("split").mode());
        assertEquals(hops(split), sites.plan("split").hops());
    }

    @Test
    void servicesBetweenSdQkdNodesAreProgrammedOnTheNodesReroutedAndRemoved() throws Exception {
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
        // a node connects: programmed again at once, not at the next retry
        sites.refusal = null;
        sites.connectionWatchers.forEach(Runnable::run);
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertEquals(KeyMode.Pqc, sites.plans.get("site").mode());
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
        final List<Set<String>> compromised = new CopyOnWriteArrayList<>();
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

        @Override
        public CompletableFuture<Integer> linkCompromised(final String nodeA, final String nodeB,
                final Instant since) {
            compromised.add(Set.of(nodeA, nodeB));
            return CompletableFuture.completedFuture(0);
        }

        final List<Runnable> connectionWatchers = new CopyOnWriteArrayList<>();

        @Override
        public Registration watchConnections(final Runnable connected) {
            connectionWatchers.add(connected);
            return () -> connectionWatchers.remove(connected);
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
