/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NetworkTypesBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.DestinationBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.SourceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.network.types.QkdNetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.node.QkdNodeAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Jurisdiction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.OperatorName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * Builders, keys and restrictions of the generated binding classes.
 */
class QkdBindingTest {
    @Test
    void qkdNetworkWithAugmentedNodeAndLink() {
        final var node = new NodeBuilder()
            .setNodeId(new NodeId("relay-1"))
            .addAugmentation(new Node1Builder()
                .setQkdNodeAttributes(new QkdNodeAttributesBuilder()
                    .setTrusted(true)
                    .setOperator(new OperatorName("MetroQ"))
                    .setJurisdiction(new Jurisdiction("DE"))
                    .build())
                .build())
            .build();
        final var link = new LinkBuilder()
            .setLinkId(new LinkId("a-relay-1"))
            .setSource(new SourceBuilder().setSourceNode(new NodeId("a")).build())
            .setDestination(new DestinationBuilder().setDestNode(new NodeId("relay-1")).build())
            .addAugmentation(new Link1Builder()
                .setQkdLinkAttributes(new QkdLinkAttributesBuilder()
                    .setFiberLength(Decimal64.valueOf("42.125"))
                    .setStatus(LinkState.Up)
                    .setSecretKeyRate(new BitRate(Uint64.valueOf(12_000)))
                    .setQber(new Qber(Decimal64.valueOf("0.031")))
                    .build())
                .build())
            .build();
        final var network = new NetworkBuilder()
            .setNetworkId(new NetworkId("qkd-metro"))
            .setNetworkTypes(new NetworkTypesBuilder()
                .addAugmentation(new NetworkTypes1Builder().setQkdNetwork(new QkdNetworkBuilder().build()).build())
                .build())
            .setNode(BindingMap.of(node))
            .addAugmentation(new org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology
                .rev180226.Network1Builder().setLink(BindingMap.of(link)).build())
            .build();

        assertEquals(new NetworkKey(new NetworkId("qkd-metro")), network.key());
        final var storedNode = network.nonnullNode().get(new NodeKey(new NodeId("relay-1")));
        assertNotNull(storedNode);
        assertEquals(new Jurisdiction("DE"),
            storedNode.augmentation(Node1.class).getQkdNodeAttributes().getJurisdiction());
        final var storedLink = network.augmentation(
            org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1.class)
            .nonnullLink().get(new LinkKey(new LinkId("a-relay-1")));
        assertEquals(Decimal64.valueOf("42.125"),
            storedLink.augmentation(Link1.class).getQkdLinkAttributes().getFiberLength());
        assertEquals(LinkState.Up, storedLink.augmentation(Link1.class).getQkdLinkAttributes().getStatus());
    }

    @Test
    void linkBuilderEnforcesPhysicalRanges() {
        final var builder = new QkdLinkAttributesBuilder();
        assertThrows(IllegalArgumentException.class, () -> builder.setFiberLength(Decimal64.valueOf("-0.001")));
        assertThrows(IllegalArgumentException.class, () -> builder.setFiberLength(Decimal64.valueOf("1000.001")));
        assertThrows(IllegalArgumentException.class, () -> builder.setAttenuation(Decimal64.valueOf("10.0001")));
        assertThrows(IllegalArgumentException.class, () -> builder.setExtraLoss(Decimal64.valueOf("-1")));
        builder.setFiberLength(Decimal64.valueOf("0"));
        assertEquals(Decimal64.valueOf("0"), builder.build().getFiberLength());
    }

    @Test
    void policyKeyAndRestrictions() {
        final var policy = new PolicyBuilder()
            .setName(new PolicyName("gold"))
            .setMode(PolicyMode.QkdOnly)
            .setMaxHops(Uint8.valueOf(3))
            .setExcludedJurisdiction(Set.of(new Jurisdiction("PL")))
            .setMlKemParameterSet(MlKemParameterSet.MlKem1024)
            .build();
        assertEquals(new PolicyKey(new PolicyName("gold")), policy.key());
        assertEquals(policy.key(), new PolicyKey(new PolicyName("gold")));
        assertEquals(policy.key().hashCode(), new PolicyKey(new PolicyName("gold")).hashCode());
        assertNotEquals(policy.key(), new PolicyKey(new PolicyName("silver")));
        assertEquals(policy, new PolicyBuilder(policy).build());

        final var builder = new PolicyBuilder();
        assertThrows(IllegalArgumentException.class, () -> builder.setMaxHops(Uint8.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.setMaxHops(Uint8.valueOf(65)));
    }

    @Test
    void policyModesAndReasonsMatchYangNames() {
        assertEquals(PolicyMode.QkdPreferredPqcFallback, PolicyMode.forName("qkd-preferred-pqc-fallback"));
        assertEquals("pqc-only", PolicyMode.PqcOnly.getName());
        assertEquals(ServiceMode.Refused, ServiceMode.forName("refused"));
        assertEquals(DecisionReason.LinkCompromised, DecisionReason.forName("link-compromised"));
        assertEquals(DecisionReason.InsufficientRate, DecisionReason.forName("insufficient-rate"));
        assertThrows(IllegalArgumentException.class, () -> PolicyMode.ofName("quantum-magic"));
    }

    @Test
    void keyServiceWithDecisionState() {
        // The "1 .. max" restriction of required-rate refines a typedef at the leaf: the generated builder does not
        // check it, the RESTCONF/NETCONF codecs do (QkdJsonCodecTest#invalidDocumentsAreRejectedNamingTheValue).
        final var service = new KeyServiceBuilder()
            .setServiceId("vpn-1")
            .setRequiredRate(new BitRate(Uint64.ONE))
            .setState(new StateBuilder()
                .setMode(ServiceMode.Qkd)
                .setReason(DecisionReason.None)
                .setPath(BindingMap.of(new PathBuilder()
                    .setIndex(Uint8.ZERO)
                    .setHop(List.of(new NodeId("a"), new NodeId("relay-1"), new NodeId("b")))
                    .build()))
                .build())
            .build();
        assertEquals(new KeyServiceKey("vpn-1"), service.key());
        final var hops = service.getState().nonnullPath().values().iterator().next().getHop();
        assertEquals(List.of(new NodeId("a"), new NodeId("relay-1"), new NodeId("b")), hops);
    }
}
