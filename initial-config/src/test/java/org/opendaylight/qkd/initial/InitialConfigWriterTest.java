/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.initial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.FluentFuture;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMDataTreeReadWriteTransaction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPoliciesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyBuilder;
import org.opendaylight.yangtools.binding.ChildOf;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.DataRoot;
import org.opendaylight.yangtools.binding.util.BindingMap;

/**
 * The writer against a real in-memory datastore and the project's models.
 */
class InitialConfigWriterTest extends AbstractConcurrentDataBrokerTest {
    private static final String POLICIES = """
        {"qkd-policy:qkd-policies": {"policy": [
          {"name": "demo-qkd-only", "mode": "qkd-only", "max-hops": 3},
          {"name": "demo-fallback", "mode": "qkd-preferred-pqc-fallback", "ml-kem-parameter-set": "ml-kem-768"}]}}""";
    private static final String DEVICES_AND_SERVICES = """
        {"qkd-devices:qkd-devices": {"polling-interval": 500, "device": [
           {"name": "hq", "trusted": false,
            "netconf": {"host": "127.0.0.1", "port": 17851, "username": "qkd", "password": "node-pass"}}]},
         "qkd-key-service:key-services": {"key-service": [
           {"service-id": "demo", "sae-a": {"sae-id": "a", "node": "hq"}, "sae-b": {"sae-id": "b", "node": "dc"},
            "required-rate": 25600, "policy": "demo-qkd-only"}]}}""";

    @BeforeEach
    void setUp() throws Exception {
        setup();
    }

    private InitialConfigWriter.Outcome load(final String... documents) throws Exception {
        final var parsed = new ArrayList<ConfigDocument>();
        for (int i = 0; i < documents.length; i++) {
            parsed.add(ConfigDocument.parse("doc" + i + ".json", documents[i]));
        }
        return new InitialConfigWriter(getDomBroker(), parsed).writeWith(modelContext());
    }

    private <T extends ChildOf<? extends DataRoot<?>>> T read(final Class<T> type) throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(type).build())
                .get(5, TimeUnit.SECONDS).orElse(null);
        }
    }

    @Test
    void documentsAreWrittenInOrder() throws Exception {
        assertEquals(new InitialConfigWriter.Outcome(3, 0, 0, 0), load(POLICIES, DEVICES_AND_SERVICES));
        assertEquals(2, read(QkdPolicies.class).nonnullPolicy().size());
        assertEquals(PolicyMode.QkdOnly, read(QkdPolicies.class).nonnullPolicy().values().stream()
            .filter(policy -> policy.getName().getValue().equals("demo-qkd-only")).findFirst().orElseThrow()
            .getMode());
        assertFalse(read(QkdDevices.class).nonnullDevice().values().iterator().next().getTrusted());
        assertEquals(25_600, read(KeyServices.class).nonnullKeyService().values().iterator().next()
            .getRequiredRate().getValue().longValue());
    }

    @Test
    void whatIsConfiguredIsKept() throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class).build(),
            new QkdPoliciesBuilder().setPolicy(BindingMap.of(new PolicyBuilder().setName(new PolicyName("mine"))
                .setMode(PolicyMode.PqcOnly).build())).build());
        tx.commit().get(5, TimeUnit.SECONDS);

        assertEquals(new InitialConfigWriter.Outcome(2, 1, 0, 0), load(POLICIES, DEVICES_AND_SERVICES));
        final var policies = read(QkdPolicies.class).nonnullPolicy();
        assertEquals(1, policies.size());
        assertEquals("mine", policies.values().iterator().next().getName().getValue());
    }

    @Test
    void invalidMembersAreRefusedAndTheOthersWritten() throws Exception {
        final var outcome = load("""
            {"qkd-policy:qkd-policies": {"policy": [{"name": "x", "mode": "no-such-mode"}]}}""", """
            {"qkd-policy:qkd-policies": {"policy": [{"name": "x", "mode": "qkd-only", "colour": "blue"}]}}""", """
            {"qkd-devices:qkd-devices": {"polling-interval": "often"}}""", """
            {"qkd-key-service:key-services": {"key-service": [
              {"service-id": "../x", "sae-a": {"sae-id": "a", "node": "hq"},
               "sae-b": {"sae-id": "b", "node": "dc"}, "required-rate": 1, "policy": "p"}]}}""", DEVICES_AND_SERVICES);
        assertEquals(new InitialConfigWriter.Outcome(2, 0, 4, 0), outcome);
        assertEquals(null, read(QkdPolicies.class));
        assertEquals(1, read(KeyServices.class).nonnullKeyService().size());
        assertEquals("demo", read(KeyServices.class).nonnullKeyService().values().iterator().next().getServiceId());
    }

    @Test
    void membersOfUnknownModulesWaitAndKeepTheOrder() throws Exception {
        final var writer = new InitialConfigWriter(getDomBroker(), List.of(
            ConfigDocument.parse("late.json", "{\"qkd-later:things\": {}}"),
            ConfigDocument.parse("after.json", POLICIES)));
        final var outcome = writer.writeWith(modelContext());
        assertEquals(new InitialConfigWriter.Outcome(0, 0, 0, 2), outcome);
        assertFalse(outcome.done());
        assertEquals(null, read(QkdPolicies.class));
        assertTrue(new InitialConfigWriter(getDomBroker(), List.of()).outcome().done());
    }

    @Test
    void aMemberWrittenByAnotherMemberMeanwhileIsKept() throws Exception {
        // every read-write transaction of the writer is overtaken, once it has read, by another member's commit of
        // the same node, as when the members of a cluster load the same documents together
        final var domBroker = getDomBroker();
        final var overtaken = new AtomicInteger();
        final var racing = (DOMDataBroker) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { DOMDataBroker.class }, (proxy, method, args) -> {
                final var result = method.invoke(domBroker, args);
                if (!method.getName().equals("newReadWriteTransaction") || overtaken.get() > 0) {
                    return result;
                }
                final var tx = (DOMDataTreeReadWriteTransaction) result;
                return Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { DOMDataTreeReadWriteTransaction.class }, (txProxy, txMethod, txArgs) -> {
                        final var value = txMethod.invoke(tx, txArgs);
                        if (txMethod.getName().equals("read")) {
                            ((FluentFuture<?>) value).get(5, TimeUnit.SECONDS);
                            overtaken.incrementAndGet();
                            final var other = getDataBroker().newWriteOnlyTransaction();
                            other.put(LogicalDatastoreType.CONFIGURATION,
                                DataObjectIdentifier.builder(QkdPolicies.class).build(), new QkdPoliciesBuilder()
                                    .setPolicy(BindingMap.of(new PolicyBuilder().setName(new PolicyName("other"))
                                        .setMode(PolicyMode.PqcOnly).build())).build());
                            other.commit().get(5, TimeUnit.SECONDS);
                        }
                        return value;
                    });
            });
        final var outcome = new InitialConfigWriter(racing, List.of(ConfigDocument.parse("p.json", POLICIES)))
            .writeWith(modelContext());
        assertEquals(1, overtaken.get());
        assertEquals(new InitialConfigWriter.Outcome(0, 1, 0, 0), outcome);
        final var policies = read(QkdPolicies.class).nonnullPolicy();
        assertEquals(1, policies.size());
        assertEquals("other", policies.values().iterator().next().getName().getValue());
    }
}
