/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributes;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.common.Revision;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;

/**
 * Checks the assembled schema: every module at its revision, and which nodes are configuration (intent) and which
 * are state (only the operational datastore may hold them).
 */
class QkdSchemaTest {
    private static final String NW = "urn:ietf:params:xml:ns:yang:ietf-network";
    private static final String NT = "urn:ietf:params:xml:ns:yang:ietf-network-topology";

    @ParameterizedTest
    @CsvSource({
        "qkd-types, 2026-11-25",
        "qkd-topology, 2026-11-25",
        "qkd-policy, 2026-11-25",
        "qkd-key-service, 2026-11-25",
        "qkd-device-ext, 2026-11-25",
        "etsi-qkd-sdn-node, 2022-01-30",
        "etsi-qkd-node-types, 2022-01-30",
        "ietf-network, 2018-02-26",
        "ietf-network-topology, 2018-02-26"
    })
    void moduleIsPresentAtItsRevision(final String name, final String revision) {
        final var modules = ModelFixtures.RUNTIME.modelContext().findModules(name);
        assertEquals(1, modules.size(), () -> "modules named " + name + ": " + modules);
        assertEquals(Optional.of(Revision.of(revision)), modules.iterator().next().getRevision());
    }

    @Test
    void etsiNodeKeepsTheStandardNamespace() {
        final var module = ModelFixtures.RUNTIME.modelContext().findModules("etsi-qkd-sdn-node").iterator().next();
        assertEquals("urn:etsi:qkd:yang:etsi-qkd-node", module.getNamespace().toString());
    }

    @Test
    void linkPlanningIsConfigAndMeasurementsAreState() {
        final var attrs = QkdLinkAttributes.QNAME;
        final var link = QName.create(NT, "2018-02-26", "link");
        final var base = new QName[] {Networks.QNAME, qname(NW, "network"), link, attrs};
        assertConfig(true, base, "fiber-length");
        assertConfig(true, base, "attenuation");
        assertConfig(true, base, "qkdl-id");
        for (var state : new String[] {"status", "secret-key-rate", "effective-secret-key-rate", "qber",
            "key-pool-fill", "key-pool-capacity", "last-change"}) {
            assertConfig(false, base, state);
        }
    }

    @Test
    void keyServiceDemandIsConfigAndItsDecisionIsState() {
        final var ns = KeyServices.QNAME.getModule();
        final var base = new QName[] {KeyServices.QNAME, QName.create(ns, "key-service")};
        assertConfig(true, base, "required-rate");
        assertConfig(true, base, "policy");
        assertConfig(false, base, "state");
    }

    private static QName qname(final String namespace, final String localName) {
        return QName.create(namespace, "2018-02-26", localName);
    }

    private static void assertConfig(final boolean expected, final QName[] parent, final String child) {
        final var path = Arrays.copyOf(parent, parent.length + 1);
        path[parent.length] = QName.create(parent[parent.length - 1].getModule(), child);
        final DataSchemaNode node = ModelFixtures.RUNTIME.modelContext().findDataTreeChild(path)
            .orElseThrow(() -> new AssertionError("no schema node " + Arrays.toString(path)));
        // An absent effective config means the node inherits "config true" (it is not inside an RPC or notification)
        assertEquals(expected, node.effectiveConfig().orElse(Boolean.TRUE), () -> child + " config");
    }
}
