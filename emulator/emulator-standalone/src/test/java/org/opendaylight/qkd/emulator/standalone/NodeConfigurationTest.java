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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.QkdApplicationsBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinksBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlRemoteBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * What a node accepts of the applications and virtual links the controller configures, and the reason it gives
 * for each refusal, read without a NETCONF session (the node agent's tests cover the session).
 */
class NodeConfigurationTest {
    // this node (alice), its one QKD link (to the relay), and bob beyond the relay
    private static final UUID ALICE = UUID.fromString("0a11ce00-0000-4000-8000-000000000001");
    private static final UUID RELAY = UUID.fromString("0a11ce00-0000-4000-8000-000000000002");
    private static final UUID BOB = UUID.fromString("0a11ce00-0000-4000-8000-000000000003");
    private static final UUID TO_RELAY = UUID.fromString("11111111-0000-4000-8000-000000000001");
    private static final UUID VIRTUAL = UUID.fromString("22222222-0000-4000-8000-000000000001");
    private static final UUID APP = UUID.fromString("33333333-0000-4000-8000-000000000001");
    private static final Map<UUID, UUID> PHYSICAL = Map.of(TO_RELAY, RELAY);
    private static final Map<UUID, String> KMES = Map.of(ALICE, "kme-alice", RELAY, "kme-relay", BOB, "kme-bob");

    private static NodeConfiguration read(final QkdNode config) throws Exception {
        return NodeConfiguration.of(config, ALICE, PHYSICAL, KMES);
    }

    private static Uuid uuid(final UUID id) {
        return new Uuid(id.toString());
    }

    // a virtual link of this node to a remote node, with its previous and next hop (null for none)
    private static QkdLink virtual(final UUID remote, final UUID previous, final UUID next) {
        final var builder = new QkdLinkBuilder().setQkdlId(uuid(VIRTUAL)).setQkdlType(VIRT.VALUE)
            .setQkdlRemote(new QkdlRemoteBuilder().setQkdnId(uuid(remote)).build());
        if (previous != null) {
            builder.setVirtPrevHop(uuid(previous));
        }
        if (next != null) {
            builder.setVirtNextHop(Set.of(uuid(next)));
        }
        return builder.build();
    }

    // alice's sae-a the master, bob's sae-b the slave, over the virtual link
    private static QkdAppBuilder app() {
        return new QkdAppBuilder().setAppId(uuid(APP)).setServerAppId(new Uri("sae-a"))
            .setClientAppId(Set.of(new Uri("sae-b"))).setRemoteQkdnId(uuid(BOB))
            .setBackingQkdlId(Set.of(uuid(VIRTUAL)))
            .addAugmentation(new QkdApp1Builder().setSaeRole(QkdApp1.SaeRole.Master).build());
    }

    private static QkdApp app(final UnaryOperator<QkdAppBuilder> change) {
        return change.apply(app()).build();
    }

    private static QkdApp1Builder extension(final QkdAppBuilder app) {
        return new QkdApp1Builder(app.augmentation(QkdApp1.class));
    }

    private static QkdNode node(final List<QkdLink> links, final QkdApp... apps) {
        return new QkdNodeBuilder().setQkdnId(uuid(ALICE))
            .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.of(links)).build())
            .setQkdApplications(new QkdApplicationsBuilder().setQkdApp(BindingMap.of(List.of(apps))).build())
            .build();
    }

    private static QkdNode node(final QkdApp... apps) {
        return node(List.of(virtual(BOB, null, RELAY)), apps);
    }

    private static String refusal(final QkdNode config) {
        return assertThrows(NodeConfiguration.InvalidConfigurationException.class, () -> read(config)).getMessage();
    }

    private static void assertRefused(final String reason, final QkdApp app) {
        final var message = refusal(node(app));
        assertTrue(message.startsWith("application " + APP + ": ") && message.contains(reason), message);
    }

    @Test
    void anApplicationOverAVirtualLinkIsReadWithItsDefaultsAndItsSlavesInOrder() throws Exception {
        final var config = read(node(app(app -> app.setClientAppId(Set.of(new Uri("sae-c"), new Uri("sae-b"))))));
        assertEquals(Set.of(VIRTUAL), config.virtualLinks().keySet());
        final var application = config.applications().get(APP.toString());
        assertEquals(VIRTUAL, application.backingLink());
        assertTrue(application.virtual());
        assertNull(application.pqc());
        assertNull(application.mlKemWithOtherEnd(), "relayed QKD keys mix in no ML-KEM");
        final var spec = application.spec();
        assertEquals("sae-a", spec.masterSae());
        // both ends name the slaves in one order: the first is the one the application is keyed by
        assertEquals("sae-b", spec.slaveSae());
        assertEquals(List.of("sae-c"), spec.additionalSlaves());
        assertTrue(spec.master());
        assertEquals("kme-bob", spec.otherKme());
        assertEquals(256, spec.keyBits());
        assertEquals(Provenance.QKD, spec.provenance());
        assertEquals(APP.toString(), spec.service(), "the service is the application without one given");
    }

    @Test
    void aPqcApplicationTravelsOverNoLinkAndAHybridOneNeedsItsRoute() throws Exception {
        final var pqc = read(node(app(app -> app.setBackingQkdlId(null)
            .addAugmentation(extension(app).setKeyMode(QkdApp1.KeyMode.Pqc).build())))).applications()
            .get(APP.toString());
        assertNull(pqc.backingLink());
        assertFalse(pqc.virtual());
        assertEquals(Provenance.PQC, pqc.spec().provenance());
        assertEquals(pqc.pqc(), pqc.mlKemWithOtherEnd());

        assertRefused("PQC keys travel over no link; backing_qkdl_id shall be empty", app(app -> app
            .addAugmentation(extension(app).setKeyMode(QkdApp1.KeyMode.Pqc).build())));
        assertRefused("exactly one backing_qkdl_id is required", app(app -> app.setBackingQkdlId(null)
            .addAugmentation(extension(app).setKeyMode(QkdApp1.KeyMode.Hybrid).build())));
    }

    @Test
    void theSaesAndTheKeySizeAreRefusedWithTheirReason() {
        assertRefused("sae-role (master or slave) is required", app(app -> app.addAugmentation(
            new QkdApp1Builder().build())));
        assertRefused("server_app_id (the master SAE) is required", app(app -> app.setServerAppId(null)));
        assertRefused("1 to 8 client_app_id", app(app -> app.setClientAppId(null)));
        assertRefused("unknown SAE '-a'", app(app -> app.setServerAppId(new Uri("-a"))));
        assertRefused("unknown SAE 'sae b'", app(app -> app.setClientAppId(Set.of(new Uri("sae b")))));
        assertRefused("the master and a slave SAE are the same", app(app -> app.setClientAppId(
            Set.of(new Uri("sae-b"), new Uri("sae-a")))));
        assertRefused("key-size shall be a multiple of 8 from 64 to 8192, was 100", app(app -> app.addAugmentation(
            extension(app).setKeySize(new KeySize(Uint32.valueOf(100))).build())));
    }

    @Test
    void theOtherEndAndTheLinkAreRefusedWithTheirReason() {
        assertRefused("remote_qkdn_id (the other end's node) is required", app(app -> app.setRemoteQkdnId(null)));
        assertRefused("remote_qkdn_id " + ALICE + " is not another node", app(app -> app.setRemoteQkdnId(
            uuid(ALICE))));
        final var stranger = UUID.fromString("0a11ce00-0000-4000-8000-0000000000ff");
        assertRefused("remote_qkdn_id " + stranger + " is not another node", app(app -> app.setRemoteQkdnId(
            uuid(stranger))));
        assertRefused("unknown link " + stranger, app(app -> app.setBackingQkdlId(Set.of(uuid(stranger)))));
        // the QKD link reaches the relay, not bob
        assertRefused("QKD link " + TO_RELAY + " does not lead to " + BOB, app(app -> app.setBackingQkdlId(
            Set.of(uuid(TO_RELAY)))));
        assertRefused("virtual link " + VIRTUAL + " leads to " + BOB + ", not to " + RELAY, app(app -> app
            .setRemoteQkdnId(uuid(RELAY))));
        // the slave's end of a virtual link is no way out for the master
        final var slaveEnd = refusal(node(List.of(virtual(BOB, RELAY, null)), app(app -> app)));
        assertTrue(slaveEnd.contains("does not lead from the master's node to the slave's"), slaveEnd);
    }

    @Test
    void virtualLinksThatLoopOrReachNoNeighbourAndTwoApplicationsOfOnePairAreRefused() {
        assertTrue(refusal(node(List.of(virtual(ALICE, null, RELAY)))).contains("loops: its remote end is this node"));
        assertTrue(refusal(node(List.of(virtual(BOB, RELAY, RELAY)))).contains("loops: its previous and next hop"));
        assertTrue(refusal(node(List.of(virtual(BOB, null, BOB)))).contains("which no QKD link of this node reaches"));
        assertTrue(refusal(node(List.of(virtual(BOB, null, null)))).contains("neither a previous nor a next hop"));
        final var other = UUID.fromString("33333333-0000-4000-8000-000000000002");
        final var twice = refusal(node(app(app -> app), app(app -> app.setAppId(uuid(other)))));
        assertTrue(twice.contains(" both serve sae-a -> sae-b"), twice);
    }
}
