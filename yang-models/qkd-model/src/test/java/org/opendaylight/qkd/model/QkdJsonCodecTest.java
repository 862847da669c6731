/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ACTIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Jurisdiction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.OperatorName;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;

/**
 * RFC 7951 JSON, as RESTCONF exchanges it, through the schema and the binding codec: what valid documents
 * carry, that they survive a round trip, and that invalid ones are rejected with the offending value named.
 */
class QkdJsonCodecTest {
    @Test
    void qkdNetworkFromJson() {
        final var networks = ModelFixtures.toBinding(Networks.class, ModelFixtures.parseJson("qkd-network.json"));
        final var network = networks.nonnullNetwork().get(new NetworkKey(new NetworkId("qkd-metro")));
        assertTrue(network.getNetworkTypes().augmentation(NetworkTypes1.class).getQkdNetwork() != null);

        final var alice = network.nonnullNode().get(new NodeKey(new NodeId("alice")))
            .augmentation(Node1.class).getQkdNodeAttributes();
        assertEquals(new OperatorName("MetroQ"), alice.getOperator());
        assertEquals(new Jurisdiction("DE"), alice.getJurisdiction());
        assertEquals(Boolean.TRUE, alice.getTrusted());
        final var bob = network.nonnullNode().get(new NodeKey(new NodeId("bob")))
            .augmentation(Node1.class).getQkdNodeAttributes();
        assertEquals(Boolean.FALSE, bob.getTrusted());

        final var links = network.augmentation(Network1.class).nonnullLink();
        assertEquals(2, links.size());
        final var link = links.get(new LinkKey(new LinkId("alice-relay-1")));
        assertEquals(new NodeId("alice"), link.getSource().getSourceNode());
        assertEquals(new NodeId("relay-1"), link.getDestination().getDestNode());
        final var attrs = link.augmentation(Link1.class).getQkdLinkAttributes();
        assertDecimal("25.5", attrs.getFiberLength());
        assertDecimal("1.5", attrs.getExtraLoss());
    }

    @Test
    void linkStateFromJson() {
        final var networks = ModelFixtures.toBinding(Networks.class, ModelFixtures.parseJson("qkd-link-state.json"));
        final var attrs = networks.nonnullNetwork().values().iterator().next().augmentation(Network1.class)
            .nonnullLink().values().iterator().next().augmentation(Link1.class).getQkdLinkAttributes();
        assertEquals(LinkState.Up, attrs.getStatus());
        assertEquals(Uint64.valueOf(12_000), attrs.getSecretKeyRate().getValue());
        assertEquals(Uint64.valueOf(11_000), attrs.getEffectiveSecretKeyRate().getValue());
        assertDecimal("0.0312", attrs.getQber().getValue());
        assertEquals(Uint64.valueOf(1_048_576), attrs.getKeyPoolFill());
        assertEquals("2026-11-25T07:00:00Z", attrs.getLastChange().getValue());
    }

    @Test
    void policiesFromJson() {
        final var policies = ModelFixtures.toBinding(QkdPolicies.class, ModelFixtures.parseJson("policies.json"))
            .nonnullPolicy();
        assertEquals(3, policies.size());
        final var gold = policies.get(new PolicyKey(new PolicyName("gold")));
        assertEquals(PolicyMode.QkdOnly, gold.getMode());
        assertEquals(Uint8.valueOf(3), gold.getMaxHops());
        assertDecimal("0.08", gold.getMaxLinkQber().getValue());
        assertTrue(gold.getExcludedOperator().contains(new OperatorName("Other Carrier")));
        assertTrue(gold.getExcludedJurisdiction().contains(new Jurisdiction("PL")));
        assertEquals(MlKemParameterSet.MlKem1024,
            policies.get(new PolicyKey(new PolicyName("hybrid-1024"))).getMlKemParameterSet());
        assertEquals(PolicyMode.QkdPreferredPqcFallback,
            policies.get(new PolicyKey(new PolicyName("silver"))).getMode());
    }

    @Test
    void keyServicesFromJson() {
        final var services = ModelFixtures.toBinding(KeyServices.class, ModelFixtures.parseJson("key-services.json"));
        final var service = services.nonnullKeyService().get(new KeyServiceKey("vpn-berlin-warsaw"));
        assertEquals("gw-berlin", service.getSaeA().getSaeId().getValue());
        assertEquals(new NodeId("bob"), service.getSaeB().getNode());
        assertEquals(Uint64.valueOf(2560), service.getRequiredRate().getValue());
        assertEquals(Uint32.valueOf(256), service.getKeySize().getValue());
        assertEquals("gold", service.getPolicy().getValue());
        assertEquals(null, service.getState());
    }

    @Test
    void etsiDeviceDataWithSuiteExtension() {
        final var node = ModelFixtures.toBinding(QkdNode.class, ModelFixtures.parseJson("etsi-node.json"));
        assertEquals("00000000-0000-4000-8000-000000000001", node.getQkdnId().getValue());
        final var link = node.getQkdLinks().nonnullQkdLink().values().iterator().next();
        assertEquals(ACTIVE.VALUE, link.getQkdlStatus());
        assertEquals(PHYS.VALUE, link.getQkdlType());
        assertEquals(Uint32.valueOf(12_000), link.getQkdlPerformance().getSkr());
        assertEquals(Uint32.valueOf(11_000), link.getQkdlPerformance().getEskr());
        final var ext = link.getQkdlPerformance().augmentation(QkdlPerformance1.class);
        assertDecimal("0.0312", ext.getQber().getValue());
        assertEquals(Uint64.valueOf(8_388_608), ext.getKeyPoolCapacity());
    }

    @ParameterizedTest
    @CsvSource({
        "qkd-network.json, ietf-network:networks",
        "qkd-link-state.json, ietf-network:networks",
        "policies.json, qkd-policy:qkd-policies",
        "key-services.json, qkd-key-service:key-services",
        "etsi-node.json, etsi-qkd-sdn-node:qkd_node"
    })
    void roundTripThroughBindingKeepsEveryValue(final String fixture, final String root) {
        final var parsed = ModelFixtures.parseJson(fixture);
        final var binding = ModelFixtures.CODEC.fromNormalizedNode(YangInstanceIdentifier.of(parsed.name()), parsed);
        @SuppressWarnings({ "unchecked", "rawtypes" })
        final var back = ModelFixtures.CODEC.toNormalizedDataObject(
            (DataObjectIdentifier) binding.getKey().toIdentifier(), binding.getValue()).node();
        // Serializing binding objects writes YANG defaults explicitly, so compare what both forms mean
        final var again = ModelFixtures.CODEC.fromNormalizedNode(YangInstanceIdentifier.of(back.name()), back);
        assertEquals(binding.getValue(), again.getValue(), root);
        assertEquals(parsed.name(), back.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "invalid-policy-mode.json | quantum-magic",
        "invalid-policy-jurisdiction.json | Germany",
        "invalid-policy-max-hops.json | 0",
        "invalid-sae-id.json | ../../etc/passwd",
        "invalid-required-rate.json | 0",
        "invalid-fiber-length.json | -3",
        "invalid-etsi-qber.json | 1.5"
    })
    void invalidDocumentsAreRejectedNamingTheValue(final String fixture, final String badValue) {
        final var ex = assertThrows(RuntimeException.class, () -> {
            final var parsed = ModelFixtures.parseJson(fixture);
            // Restrictions the JSON codec does not check are enforced by the binding codec
            ModelFixtures.CODEC.fromNormalizedNode(
                YangInstanceIdentifier.of(parsed.name()), parsed).getValue().hashCode();
        });
        var message = new StringBuilder();
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            message.append(cause.getMessage()).append('\n');
        }
        assertTrue(message.toString().contains(badValue), () -> "no mention of " + badValue + " in " + message);
    }

    private static void assertDecimal(final String expected, final Decimal64 actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()),
            () -> "expected " + expected + " but was " + actual);
    }
}
