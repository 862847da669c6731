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

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.data.tree.api.DataTree;
import org.opendaylight.yangtools.yang.data.tree.api.DataTreeConfiguration;
import org.opendaylight.yangtools.yang.data.tree.api.DataValidationFailedException;
import org.opendaylight.yangtools.yang.data.tree.impl.di.InMemoryDataTreeFactory;

/**
 * The models in a real in-memory MD-SAL broker and in yangtools data trees: intent goes to the configuration
 * datastore, measured state only to the operational one, and a rejected write loses nothing already stored.
 */
class QkdDatastoreTest extends AbstractConcurrentDataBrokerTest {
    private static final DataObjectIdentifier<Networks> NETWORKS = DataObjectIdentifier.builder(Networks.class).build();
    private static final DataObjectIdentifier<QkdPolicies> POLICIES =
        DataObjectIdentifier.builder(QkdPolicies.class).build();

    QkdDatastoreTest() {
        super(true);
    }

    @BeforeEach
    void setUp() throws Exception {
        setup();
    }

    @Test
    void plannedTopologyAndPoliciesGoToConfiguration() throws Exception {
        final var networks = ModelFixtures.toBinding(Networks.class, ModelFixtures.parseJson("qkd-network.json"));
        final var policies = ModelFixtures.toBinding(QkdPolicies.class, ModelFixtures.parseJson("policies.json"));
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, NETWORKS, networks);
        tx.put(LogicalDatastoreType.CONFIGURATION, POLICIES, policies);
        tx.commit().get(5, TimeUnit.SECONDS);

        assertEquals(networks, read(LogicalDatastoreType.CONFIGURATION, NETWORKS));
        assertEquals(policies, read(LogicalDatastoreType.CONFIGURATION, POLICIES));
    }

    @Test
    void plannedAndMeasuredTopologyLiveSideBySideInTheBroker() throws Exception {
        final var planned = ModelFixtures.toBinding(Networks.class, ModelFixtures.parseJson("qkd-network.json"));
        final var measured = ModelFixtures.toBinding(Networks.class, ModelFixtures.parseJson("qkd-link-state.json"));
        put(LogicalDatastoreType.CONFIGURATION, NETWORKS, planned);
        put(LogicalDatastoreType.OPERATIONAL, NETWORKS, measured);
        assertEquals(planned, read(LogicalDatastoreType.CONFIGURATION, NETWORKS));
        assertEquals(measured, read(LogicalDatastoreType.OPERATIONAL, NETWORKS));
    }

    /**
     * The configuration data tree (the kind the controller's config datastore runs) refuses state leaves, so
     * measurements can never be written as intent; the operational tree takes them. A refused write leaves the
     * tree as it was.
     */
    @Test
    void configurationTreeRejectsMeasuredStateAndKeepsWhatItHad() throws Exception {
        final var model = ModelFixtures.RUNTIME.modelContext();
        final var path = YangInstanceIdentifier.of(Networks.QNAME);
        final var planned = ModelFixtures.parseJson("qkd-network.json");
        final var measured = ModelFixtures.parseJson("qkd-link-state.json");

        final var config = new InMemoryDataTreeFactory().create(DataTreeConfiguration.DEFAULT_CONFIGURATION, model);
        commit(config, path, planned);
        final var error = assertThrows(IllegalArgumentException.class, () -> commit(config, path, measured));
        assertTrue(describe(error).contains("status"), () -> describe(error));
        assertEquals(planned, config.takeSnapshot().readNode(path).orElseThrow());

        final var operational = new InMemoryDataTreeFactory().create(DataTreeConfiguration.DEFAULT_OPERATIONAL, model);
        commit(operational, path, measured);
        assertEquals(measured, operational.takeSnapshot().readNode(path).orElseThrow());
    }

    private <T extends org.opendaylight.yangtools.binding.DataObject> void put(final LogicalDatastoreType store,
            final DataObjectIdentifier<T> path, final T data) throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(store, path, data);
        tx.commit().get(5, TimeUnit.SECONDS);
    }

    private static void commit(final DataTree tree, final YangInstanceIdentifier path, final NormalizedNode data)
            throws DataValidationFailedException {
        final var mod = tree.takeSnapshot().newModification();
        mod.write(path, data);
        mod.ready();
        tree.validate(mod);
        tree.commit(tree.prepare(mod));
    }

    @Test
    void policyKeyAddressesOneEntry() throws Exception {
        final var policies = ModelFixtures.toBinding(QkdPolicies.class, ModelFixtures.parseJson("policies.json"));
        put(LogicalDatastoreType.CONFIGURATION, POLICIES, policies);

        final var silver = POLICIES.toBuilder().child(Policy.class, new PolicyKey(new PolicyName("silver"))).build();
        try (var rtx = getDataBroker().newReadOnlyTransaction()) {
            final var read = rtx.read(LogicalDatastoreType.CONFIGURATION, silver).get(5, TimeUnit.SECONDS);
            assertEquals(PolicyMode.QkdPreferredPqcFallback, read.orElseThrow().getMode());
        }
    }

    private <T extends org.opendaylight.yangtools.binding.DataObject> T read(final LogicalDatastoreType store,
            final DataObjectIdentifier<T> path) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        try (var rtx = getDataBroker().newReadOnlyTransaction()) {
            return rtx.read(store, path).get(5, TimeUnit.SECONDS).orElseThrow();
        }
    }

    private static String describe(final Throwable error) {
        final var sb = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            sb.append(cause).append('\n');
        }
        return sb.toString();
    }
}
