/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.Futures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFault;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The key service and link fault commands against a real in-memory datastore.
 */
class ServiceCommandsTest extends AbstractConcurrentDataBrokerTest {
    @BeforeEach
    void setUp() throws Exception {
        setup();
    }

    private String add(final String id, final String master, final String slave, final long rate, final long keySize,
            final String policy) throws Exception {
        final var command = new ServiceAddCommand();
        command.broker = getDataBroker();
        command.id = id;
        command.master = master;
        command.slave = slave;
        command.rate = rate;
        command.keySize = keySize;
        command.policy = policy;
        return (String) command.execute();
    }

    private String list() throws Exception {
        final var command = new ServiceListCommand();
        command.broker = getDataBroker();
        final var out = new ByteArrayOutputStream();
        try (var stream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            command.table().print(stream);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String remove(final String id) throws Exception {
        final var command = new ServiceRemoveCommand();
        command.broker = getDataBroker();
        command.id = id;
        return (String) command.execute();
    }

    private List<String> configured() throws Exception {
        return new ServiceCatalog(getDataBroker()).ids();
    }

    @Test
    void servicesAreCreatedListedWithTheirStateAndRemoved() throws Exception {
        final var noPolicy = assertThrows(ConsoleException.class,
            () -> add("vpn", "gw-a@alice", "gw-b@bob", 5_120, 256, "gold"));
        assertEquals("no policy named gold", noPolicy.getMessage());
        assertEquals(List.of(), configured());

        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class)
            .child(Policy.class, new PolicyKey(new PolicyName("gold"))).build(), new PolicyBuilder()
            .setName(new PolicyName("gold")).setMode(PolicyMode.QkdPreferredPqcFallback).build());
        tx.commit().get(10, TimeUnit.SECONDS);

        assertEquals("Key service vpn created: gw-a@alice -> gw-b@bob, 5120 bit/s, policy gold",
            add("vpn", "gw-a@alice", "gw-b@bob", 5_120, 256, "gold"));
        final var pending = list();
        assertTrue(pending.contains("gw-a@alice -> gw-b@bob") && pending.contains("pending"), pending);
        assertEquals("a key service named vpn exists already; remove it first", assertThrows(ConsoleException.class,
            () -> add("vpn", "gw-c@alice", "gw-d@bob", 1_000, 256, "gold")).getMessage());

        // the orchestrator's state
        final var state = getDataBroker().newWriteOnlyTransaction();
        final var configured = readConfigured("vpn");
        state.put(LogicalDatastoreType.OPERATIONAL, path("vpn"), new KeyServiceBuilder(configured)
            .setState(new StateBuilder().setMode(ServiceMode.Qkd).setReason(DecisionReason.None)
                .setPath(BindingMap.of(new PathBuilder().setIndex(Uint8.ZERO)
                    .setHop(List.of(new NodeId("alice"), new NodeId("relay"), new NodeId("bob"))).build()))
                .setKeysStored(Uint32.valueOf(12))
                .setKeysDelivered(new Counter64(Uint64.valueOf(34)))
                .setKeysDiscarded(new Counter64(Uint64.valueOf(5)))
                .build()).build());
        state.commit().get(10, TimeUnit.SECONDS);
        final var listed = list();
        for (var expected : List.of("vpn", "5120", "gold", "qkd", "alice → relay → bob", "12", "34", "5")) {
            assertTrue(listed.contains(expected), listed);
        }

        // a service whose keys two more slave SAEs at bob may take too
        final var multicast = new ServiceAddCommand();
        multicast.broker = getDataBroker();
        multicast.id = "backup";
        multicast.master = "gw-x@alice";
        multicast.slave = "gw-y@bob";
        multicast.rate = 2_560L;
        multicast.policy = "gold";
        multicast.otherSlaves = List.of("gw-z", "gw-w");
        assertEquals("Key service backup created: gw-x@alice -> gw-y@bob (also gw-z, gw-w), 2560 bit/s, policy gold",
            multicast.execute());
        assertEquals(java.util.Set.of("gw-z", "gw-w"), readConfigured("backup").getSaeB().getAdditionalSaeId()
            .stream().map(sae -> sae.getValue()).collect(java.util.stream.Collectors.toSet()));
        assertTrue(list().contains("gw-y@bob (also gw-w, gw-z)"), list());
        remove("backup");

        final var unknown = assertThrows(ConsoleException.class, () -> remove("nope"));
        assertEquals("no key service named nope; services: vpn", unknown.getMessage());
        assertEquals("Key service vpn removed", remove("vpn"));
        assertEquals(List.of(), configured());
    }

    @Test
    void badServicesAreRefusedAndNothingIsWritten() throws Exception {
        assertTrue(assertThrows(ConsoleException.class, () -> add("vpn", "gw-a", "gw-b@bob", 1, 256, "gold"))
            .getMessage().contains("sae@node"));
        assertTrue(assertThrows(ConsoleException.class, () -> add("vpn", "gw-a@alice", "gw-b@", 1, 256, "gold"))
            .getMessage().contains("sae@node"));
        assertTrue(assertThrows(ConsoleException.class, () -> add("vpn", "gw-a@alice", "gw-b@bob", 0, 256, "gold"))
            .getMessage().contains("positive"));
        assertTrue(assertThrows(ConsoleException.class, () -> add("vpn", "gw-a@alice", "gw-b@bob", 1, 255, "gold"))
            .getMessage().contains("multiple of 8"));
        assertTrue(assertThrows(ConsoleException.class, () -> add("a/b", "gw-a@alice", "gw-b@bob", 1, 256, "gold"))
            .getMessage().startsWith("invalid service ID"));
        assertTrue(assertThrows(ConsoleException.class, () -> add("vpn", "../x@alice", "gw-b@bob", 1, 256, "gold"))
            .getMessage().startsWith("invalid master SAE"));
        assertEquals(List.of(), configured());
    }

    @Test
    void linkFaultsGoToTheEmulatorAndItsAnswerIsShown() throws Exception {
        final var asked = new ArrayList<InjectLinkFaultInput>();
        final InjectLinkFault emulator = input -> {
            asked.add(input);
            if ("nope".equals(input.getLink())) {
                return Futures.immediateFuture(RpcResultBuilder.<InjectLinkFaultOutput>failed()
                    .withError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE,
                        "no connected node reports a link 'nope'")
                    .build());
            }
            return Futures.immediateFuture(RpcResultBuilder.success(new InjectLinkFaultOutputBuilder()
                .setLink(input.getLink()).setSecretKeyRate(Uint64.valueOf(1234))
                .setQber(Decimal64.valueOf("0.250000")).build()).build());
        };
        final var command = new LinkFaultCommand();
        command.link = "relay-bob";
        command.fault = "eavesdrop";
        command.fraction = "0.5";
        assertEquals("Link relay-bob: eavesdrop; key rate now 1234 bit/s, QBER 0.25",
            command.inject(emulator));
        assertEquals(0.5, asked.getFirst().getEavesdropFraction().doubleValue());
        assertEquals(InjectLinkFaultInput.Fault.Eavesdrop, asked.getFirst().getFault());

        command.link = "nope";
        command.fault = "cut";
        assertEquals("no connected node reports a link 'nope'",
            assertThrows(ConsoleException.class, () -> command.inject(emulator)).getMessage());
        command.fault = "melt";
        assertTrue(assertThrows(ConsoleException.class, () -> command.inject(emulator)).getMessage()
            .contains("cut, eavesdrop, degrade or restore"));
        command.fault = "eavesdrop";
        command.fraction = "2";
        assertTrue(assertThrows(ConsoleException.class, () -> command.inject(emulator)).getMessage()
            .startsWith("invalid --fraction or --loss"));
        command.fraction = "lots";
        assertThrows(ConsoleException.class, () -> command.inject(emulator));
        assertEquals(2, asked.size(), "refused input never reaches the emulator");
    }

    private KeyService readConfigured(final String id) throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.CONFIGURATION, path(id)).get(10, TimeUnit.SECONDS).orElseThrow();
        }
    }

    private static DataObjectIdentifier<KeyService> path(final String id) {
        return DataObjectIdentifier.builder(KeyServices.class).child(KeyService.class, new KeyServiceKey(id))
            .build();
    }
}
