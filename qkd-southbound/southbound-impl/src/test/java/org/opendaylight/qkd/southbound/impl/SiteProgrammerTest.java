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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.southbound.api.DeviceConnector;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.ProgrammingException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.qkd.southbound.api.SiteCounters;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.QkdApplicationsBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinksBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlLocalBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlRemoteBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1.KeyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.qkd_node.qkd_applications.qkd_app.KeyCountersBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevicesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * Programming key services on SD-QKD nodes: nodes that keep the configuration they are given (as the node agent
 * does over NETCONF) in a ring alice - r1 - bob - r2 - alice, so that alice and bob have two relayed paths and carol
 * is alice's neighbour. Checks what each node holds after each change, the order of the writes, the undo when a
 * node refuses, and the counters.
 */
class SiteProgrammerTest extends AbstractConcurrentDataBrokerTest {
    private static final List<String> NODES = List.of("alice", "r1", "bob", "r2", "carol");
    private static final List<String> LINKS = List.of("alice-r1", "r1-bob", "bob-r2", "r2-alice", "alice-carol");
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final Map<String, FakeNode> nodes = new ConcurrentHashMap<>();
    // the writes in the order the nodes got them
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;
    private DeviceManager manager;
    private SiteProgrammer sites;

    @BeforeEach
    void setUp() throws Exception {
        setup();
        for (var name : NODES) {
            nodes.put(name, new FakeNode(name));
        }
        scheduler = Executors.newScheduledThreadPool(2);
        manager = new DeviceManager(getDataBroker(), List.of(new FakeConnector()), scheduler, Clock.systemUTC(),
            notification -> { }, new TestEncryption());
        sites = new SiteProgrammer(manager, Runnable::run);
        final var declared = new ArrayList<Device>();
        for (var name : NODES) {
            declared.add(EmulatedConnector.declaration(name, name, true));
        }
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdDevices.class).build(),
            new QkdDevicesBuilder().setPollingInterval(Uint32.valueOf(100)).setDevice(BindingMap.of(declared))
                .build());
        tx.commit().get(10, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> NODES.stream().allMatch(name -> manager.lastRead(name).isPresent()));
    }

    @AfterEach
    void tearDown() throws Exception {
        manager.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Uuid qkdnId(final String node) {
        return new Uuid(UUID.nameUUIDFromBytes(("node:" + node).getBytes()).toString());
    }

    private static String qkdlId(final String link) {
        return UUID.nameUUIDFromBytes(("link:" + link).getBytes()).toString();
    }

    private static SitePlan plan(final List<String> hops, final List<String> links) {
        return new SitePlan("sae-a", "sae-b", hops.getFirst(), hops.getLast(), hops,
            links.stream().map(SiteProgrammerTest::qkdlId).toList(), KeyMode.Qkd, MlKemParameterSet.MlKem768, 256,
            2_560, 500);
    }

    @Test
    void aServiceIsProgrammedAlongItsPathReprogrammedOnAnotherAndRemoved() throws Exception {
        final var appId = SiteProgrammer.applicationId("svc");
        sites.program("svc", plan(List.of("alice", "r1", "bob"), List.of("alice-r1", "r1-bob")));
        final var first = SiteProgrammer.virtualLinkId("svc", List.of("alice", "r1", "bob"));
        assertEquals(List.of("alice put link " + first.getValue(), "r1 put link " + first.getValue(),
            "bob put link " + first.getValue(), "bob put app " + appId.getValue(),
            "alice put app " + appId.getValue()), writes, "links first hop first, then the slave, then the master");

        final var atAlice = nodes.get("alice").links.get(first);
        assertEquals(qkdnId("bob"), atAlice.getQkdlRemote().getQkdnId());
        assertNull(atAlice.getVirtPrevHop());
        assertEquals(Set.of(qkdnId("r1")), atAlice.getVirtNextHop());
        final var atRelay = nodes.get("r1").links.get(first);
        assertEquals(qkdnId("alice"), atRelay.getVirtPrevHop());
        assertEquals(Set.of(qkdnId("bob")), atRelay.getVirtNextHop());
        assertEquals(qkdnId("alice"), nodes.get("bob").links.get(first).getQkdlRemote().getQkdnId());

        final var master = nodes.get("alice").apps.get(appId);
        assertEquals("sae-a", master.getServerAppId().getValue());
        assertEquals("sae-b", master.getClientAppId().iterator().next().getValue());
        assertEquals(qkdnId("bob"), master.getRemoteQkdnId());
        assertEquals(Set.of(first), master.getBackingQkdlId());
        assertEquals(2_560, master.getAppQos().getMaxBandwidth().longValue());
        final var extension = master.augmentation(QkdApp1.class);
        assertEquals(QkdApp1.SaeRole.Master, extension.getSaeRole());
        assertEquals(256, extension.getKeySize().getValue().longValue());
        assertEquals(500, extension.getMaxStoredKeys().longValue());
        // the nodes name the service in the keys they deliver
        assertEquals("svc", extension.getService());
        assertEquals("svc", nodes.get("bob").apps.get(appId).augmentation(QkdApp1.class).getService());
        assertEquals(QkdApp1.SaeRole.Slave, nodes.get("bob").apps.get(appId).augmentation(QkdApp1.class)
            .getSaeRole());
        assertTrue(nodes.get("r1").apps.isEmpty(), "a relay holds no application");

        // the same plan again changes nothing
        writes.clear();
        sites.program("svc", plan(List.of("alice", "r1", "bob"), List.of("alice-r1", "r1-bob")));
        assertEquals(List.of(), writes);

        // a reroute: the new path's links, both applications, then the old path's links go, last hop first
        sites.program("svc", plan(List.of("alice", "r2", "bob"), List.of("r2-alice", "bob-r2")));
        final var second = SiteProgrammer.virtualLinkId("svc", List.of("alice", "r2", "bob"));
        assertEquals(List.of("alice put link " + second.getValue(), "r2 put link " + second.getValue(),
            "bob put link " + second.getValue(), "bob put app " + appId.getValue(),
            "alice put app " + appId.getValue(), "bob delete link " + first.getValue(),
            "r1 delete link " + first.getValue(), "alice delete link " + first.getValue()), writes);
        assertEquals(Set.of(second), nodes.get("bob").apps.get(appId).getBackingQkdlId());
        assertTrue(nodes.get("r1").links.isEmpty());

        // counters come from both ends as the nodes report them
        nodes.get("alice").counters(appId, 40, 100, 2, "link r2-alice short of key");
        nodes.get("bob").counters(appId, 60, 90, 1, null);
        await().atMost(BOUND).until(() -> sites.counters("svc").map(SiteCounters::delivered).orElse(0L) == 90);
        assertEquals(new SiteCounters(40, 90, 3, Optional.of("link r2-alice short of key")),
            sites.counters("svc").orElseThrow());

        // removal: the applications first, master first, then the links last hop first
        writes.clear();
        sites.program("svc", null);
        assertEquals(List.of("alice delete app " + appId.getValue(), "bob delete app " + appId.getValue(),
            "bob delete link " + second.getValue(), "r2 delete link " + second.getValue(),
            "alice delete link " + second.getValue()), writes);
        for (var node : nodes.values()) {
            assertTrue(node.apps.isEmpty() && node.links.isEmpty(), node.name);
        }
        assertTrue(sites.counters("svc").isEmpty());
    }

    @Test
    void aControllerThatTakesOverWritesOnlyWhatTheNodesDoNotHave() throws Exception {
        final var appId = SiteProgrammer.applicationId("svc");
        final var path = List.of("alice", "r1", "bob");
        sites.program("svc", plan(path, List.of("alice-r1", "r1-bob")));
        // the nodes report the service with their own state besides what was written
        nodes.get("alice").counters(appId, 40, 100, 2, null);
        nodes.get("bob").counters(appId, 60, 90, 1, null);
        // (a read from before the application was written has none)
        await().atMost(BOUND).until(() -> manager.lastRead("bob").map(node -> node.getQkdApplications())
            .map(apps -> apps.nonnullQkdApp().get(new QkdAppKey(appId))).map(app -> app.augmentation(QkdApp1.class))
            .map(counted -> counted.getKeyCounters() != null).orElse(false));

        // another controller (a cluster's new owner) programs the same plan: nothing is written
        final var taker = new SiteProgrammer(manager, Runnable::run);
        writes.clear();
        taker.program("svc", plan(path, List.of("alice-r1", "r1-bob")));
        assertEquals(List.of(), writes);
        assertEquals(90, taker.counters("svc").orElseThrow().delivered());

        // a plan that differs in one item: only that item is written
        final var another = new SiteProgrammer(manager, Runnable::run);
        final var faster = new SitePlan("sae-a", "sae-b", "alice", "bob", path,
            List.of(qkdlId("alice-r1"), qkdlId("r1-bob")), KeyMode.Qkd, MlKemParameterSet.MlKem768, 256, 2_560, 800);
        another.program("svc", faster);
        assertEquals(List.of("bob put app " + appId.getValue(), "alice put app " + appId.getValue()), writes);

        // another slave SAE that may share the keys: both applications name it among their client SAEs
        writes.clear();
        another.program("svc", new SitePlan("sae-a", "sae-b", "alice", "bob", path,
            List.of(qkdlId("alice-r1"), qkdlId("r1-bob")), KeyMode.Qkd, MlKemParameterSet.MlKem768, 256, 2_560, 800,
            List.of("sae-c")));
        assertEquals(List.of("bob put app " + appId.getValue(), "alice put app " + appId.getValue()), writes);
        for (var node : List.of("alice", "bob")) {
            assertEquals(Set.of(new Uri("sae-b"), new Uri("sae-c")), nodes.get(node).apps.get(appId)
                .getClientAppId());
        }

        // what it took over is its own from then on: a reroute removes the old path's links
        writes.clear();
        another.program("svc", plan(List.of("alice", "r2", "bob"), List.of("r2-alice", "bob-r2")));
        final var old = SiteProgrammer.virtualLinkId("svc", path);
        assertTrue(writes.containsAll(List.of("bob delete link " + old.getValue(), "r1 delete link "
            + old.getValue(), "alice delete link " + old.getValue())), writes::toString);
        assertTrue(nodes.get("r1").links.isEmpty());
    }

    @Test
    void neighboursShareTheirQkdLinkAndARefusalUndoesEverythingInReverseOrder() throws Exception {
        final var appId = SiteProgrammer.applicationId("near");
        sites.program("near", plan(List.of("alice", "carol"), List.of("alice-carol")));
        assertEquals(Set.of(new Uuid(qkdlId("alice-carol"))), nodes.get("carol").apps.get(appId)
            .getBackingQkdlId());
        assertTrue(nodes.get("alice").links.isEmpty(), "no virtual link between neighbours");

        sites.program("far", plan(List.of("alice", "r1", "bob"), List.of("alice-r1", "r1-bob")));
        final var before = snapshot();
        writes.clear();
        nodes.get("bob").refusal = "application: unknown SAE 'sae-b'";
        final var refused = assertThrows(ProgrammingException.class, () -> sites.program("far",
            plan(List.of("alice", "r2", "bob"), List.of("r2-alice", "bob-r2"))));
        assertTrue(refused.getMessage().contains("node bob refused application"), refused.getMessage());
        assertTrue(refused.getMessage().contains("unknown SAE 'sae-b'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("undone 3 of 3 changes"), refused.getMessage());
        final var second = SiteProgrammer.virtualLinkId("far", List.of("alice", "r2", "bob")).getValue();
        assertEquals(List.of("alice put link " + second, "r2 put link " + second, "bob put link " + second,
            "bob delete link " + second, "r2 delete link " + second, "alice delete link " + second), writes);
        assertEquals(before, snapshot(), "the nodes hold what they held before");

        // a node that is down when the service leaves it has its part removed once it answers again
        nodes.get("bob").refusal = null;
        nodes.get("r1").down = true;
        await().atMost(BOUND).until(() -> manager.lastRead("r1").isEmpty());
        sites.program("far", plan(List.of("alice", "r2", "bob"), List.of("r2-alice", "bob-r2")));
        assertFalse(nodes.get("r1").links.isEmpty(), "r1 was not reachable");
        nodes.get("r1").down = false;
        await().atMost(BOUND).until(() -> manager.lastRead("r1").isPresent());
        sites.program("near", plan(List.of("alice", "carol"), List.of("alice-carol")));
        assertTrue(nodes.get("r1").links.isEmpty(), "removed at the next programming");

        // a part the node lost by itself while it did not answer: its removal fails, the node's report lacks it, so
        // it is not asked for again
        nodes.get("r2").down = true;
        await().atMost(BOUND).until(() -> manager.lastRead("r2").isEmpty());
        sites.program("far", plan(List.of("alice", "r1", "bob"), List.of("alice-r1", "r1-bob")));
        nodes.get("r2").links.clear();
        nodes.get("r2").down = false;
        await().atMost(BOUND).until(() -> manager.lastRead("r2").map(node -> node.getQkdLinks().nonnullQkdLink()
            .size() == 2).orElse(false));
        writes.clear();
        sites.program("near", plan(List.of("alice", "carol"), List.of("alice-carol")));
        assertEquals(1, writes.stream().filter(write -> write.startsWith("r2 delete")).count(), writes::toString);
        writes.clear();
        sites.program("near", plan(List.of("alice", "carol"), List.of("alice-carol")));
        assertEquals(List.of(), writes);
    }

    @Test
    void aNodeThatIsNotConnectedIsNamed() {
        nodes.get("bob").down = true;
        await().atMost(BOUND).until(() -> manager.lastRead("bob").isEmpty());
        final var refused = assertThrows(ProgrammingException.class, () -> sites.program("svc",
            plan(List.of("alice", "r1", "bob"), List.of("alice-r1", "r1-bob"))));
        assertTrue(refused.getMessage().contains("node bob is not connected"), refused.getMessage());
        assertTrue(nodes.values().stream().allMatch(node -> node.apps.isEmpty() && node.links.isEmpty()));
    }

    @Test
    void reconciliationRemovesWhatNoServiceHasAndLeavesOthersConfiguration() throws Exception {
        sites.program("kept", plan(List.of("alice", "r1", "bob"), List.of("alice-r1", "r1-bob")));
        // left on the nodes while the controller was stopped: a deleted service's application and virtual link,
        // and an application an operator configured on the node directly (not a name-based ID)
        final var gone = SiteProgrammer.applicationId("deleted-while-stopped");
        final var goneLink = SiteProgrammer.virtualLinkId("deleted-while-stopped", List.of("bob", "r2", "alice"));
        final var foreign = new Uuid(UUID.randomUUID().toString());
        final var keptApp = nodes.get("alice").apps.values().iterator().next();
        nodes.get("alice").apps.put(gone, new QkdAppBuilder(keptApp).withKey(new QkdAppKey(gone)).build());
        nodes.get("alice").apps.put(foreign, new QkdAppBuilder(keptApp).withKey(new QkdAppKey(foreign)).build());
        final var keptLink = nodes.get("r1").links.values().iterator().next();
        nodes.get("r2").links.put(goneLink, new QkdLinkBuilder(keptLink).withKey(new QkdLinkKey(goneLink))
            .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(qkdnId("r2")).build()).build());
        await().atMost(BOUND).until(() -> manager.lastRead("alice").orElseThrow().getQkdApplications()
            .nonnullQkdApp().size() == 3 && manager.lastRead("r2").orElseThrow().getQkdLinks().nonnullQkdLink()
            .size() == 3);
        writes.clear();

        // a configured service that is not programmed now keeps its application (and its keys at the sites), and the
        // virtual link its application stands on
        final var pending = SiteProgrammer.applicationId("configured-not-placed-yet");
        final var pendingLink = SiteProgrammer.virtualLinkId("configured-not-placed-yet", List.of("bob", "r2",
            "alice"));
        nodes.get("bob").apps.put(pending, new QkdAppBuilder(nodes.get("bob").apps.values().iterator().next())
            .withKey(new QkdAppKey(pending)).setBackingQkdlId(Set.of(pendingLink)).build());
        nodes.get("r2").links.put(pendingLink, new QkdLinkBuilder(keptLink).withKey(new QkdLinkKey(pendingLink))
            .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(qkdnId("r2")).build()).build());
        await().atMost(BOUND).until(() -> manager.lastRead("bob").orElseThrow().getQkdApplications()
            .nonnullQkdApp().size() == 2 && manager.lastRead("r2").orElseThrow().getQkdLinks().nonnullQkdLink()
            .size() == 4);
        assertEquals(2, sites.reconcile(Set.of("kept", "configured-not-placed-yet")));
        assertEquals(Set.of("alice delete app " + gone.getValue(), "r2 delete link " + goneLink.getValue()),
            Set.copyOf(writes));
        assertEquals(Set.of(SiteProgrammer.applicationId("kept"), foreign), nodes.get("alice").apps.keySet());
        assertEquals(1, nodes.get("r1").links.size(), "the programmed service keeps its link");
        assertEquals(2, nodes.get("bob").apps.size());
        assertTrue(nodes.get("r2").links.containsKey(pendingLink));
        await().atMost(BOUND).until(() -> manager.lastRead("alice").orElseThrow().getQkdApplications()
            .nonnullQkdApp().size() == 2 && manager.lastRead("r2").orElseThrow().getQkdLinks().nonnullQkdLink()
            .size() == 3);
        writes.clear();
        assertEquals(2, sites.reconcile(Set.of("kept")));
        assertEquals(Set.of("bob delete app " + pending.getValue(), "r2 delete link " + pendingLink.getValue()),
            Set.copyOf(writes), "once no longer configured");
    }

    private Map<String, String> snapshot() {
        final var out = new java.util.TreeMap<String, String>();
        nodes.forEach((name, node) -> out.put(name, node.apps.toString() + node.links));
        return out;
    }

    /**
     * A node that keeps its configuration and reports it with its QKD links of the ring.
     */
    private final class FakeNode {
        final String name;
        final Map<Uuid, QkdApp> apps = new ConcurrentHashMap<>();
        final Map<Uuid, QkdLink> links = new ConcurrentHashMap<>();
        volatile @Nullable String refusal;
        volatile boolean down;

        FakeNode(final String name) {
            this.name = name;
        }

        void counters(final Uuid appId, final long stored, final long delivered, final long discarded,
                final @Nullable String failure) {
            final var app = apps.get(appId);
            apps.put(appId, new QkdAppBuilder(app).addAugmentation(new QkdApp1Builder(app.augmentation(
                QkdApp1.class)).setKeyCounters(new KeyCountersBuilder().setStored(Uint64.valueOf(stored))
                    .setDelivered(Uint64.valueOf(delivered)).setDiscarded(Uint64.valueOf(discarded))
                    .setLastFailure(failure).build()).build()).build());
        }

        QkdNode read() throws DeviceException {
            check();
            final var all = new ArrayList<QkdLink>(links.values());
            for (var link : LINKS) {
                final var ends = link.split("-");
                if (ends[0].equals(name) || ends[1].equals(name)) {
                    all.add(new QkdLinkBuilder().setQkdlId(new Uuid(qkdlId(link))).setQkdlType(PHYS.VALUE)
                        .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(qkdnId(name)).build())
                        .setQkdlRemote(new QkdlRemoteBuilder().setQkdnId(qkdnId(ends[0].equals(name) ? ends[1]
                            : ends[0])).build())
                        .build());
                }
            }
            return new QkdNodeBuilder().setQkdnId(qkdnId(name))
                .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.of(all)).build())
                .setQkdApplications(new QkdApplicationsBuilder().setQkdApp(BindingMap.of(apps.values())).build())
                .build();
        }

        void check() throws DeviceException {
            if (down) {
                throw DeviceException.unreachable(name + " does not answer", null);
            }
        }

        void write(final String what, final boolean put) throws DeviceException {
            check();
            if (put && refusal != null && what.startsWith("app")) {
                throw DeviceException.failed(refusal, null);
            }
            writes.add(name + (put ? " put " : " delete ") + what);
        }
    }

    private final class FakeConnector implements DeviceConnector {
        @Override
        public boolean serves(final Device declaration) {
            return true;
        }

        @Override
        public QkdDevice open(final Device declaration) {
            final var node = nodes.get(declaration.getName().getValue());
            return new QkdDevice() {
                @Override
                public QkdNode read(final Duration timeout) throws DeviceException {
                    return node.read();
                }

                @Override
                public boolean takesApplications() {
                    return true;
                }

                @Override
                public void putApplication(final QkdApp application, final Duration timeout) throws DeviceException {
                    node.write("app " + application.getAppId().getValue(), true);
                    node.apps.put(application.getAppId(), application);
                }

                @Override
                public void deleteApplication(final Uuid appId, final Duration timeout) throws DeviceException {
                    node.write("app " + appId.getValue(), false);
                    if (node.apps.remove(appId) == null) {
                        throw DeviceException.failed("data-missing: no application " + appId.getValue(), null);
                    }
                }

                @Override
                public void putLink(final QkdLink link, final Duration timeout) throws DeviceException {
                    node.write("link " + link.getQkdlId().getValue(), true);
                    node.links.put(link.getQkdlId(), link);
                }

                @Override
                public void deleteLink(final Uuid qkdlId, final Duration timeout) throws DeviceException {
                    node.write("link " + qkdlId.getValue(), false);
                    if (node.links.remove(qkdlId) == null) {
                        throw DeviceException.failed("data-missing: no link " + qkdlId.getValue(), null);
                    }
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }
}
