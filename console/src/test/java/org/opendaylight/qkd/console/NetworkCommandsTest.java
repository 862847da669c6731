/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.model.testing.QkdTopology;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarmsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.AlarmBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.AlternativeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.AddLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.ExtraLoss;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.Physics;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.Physics.Protocol;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.physics.Parameter;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.AffectedServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.LowSpareLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLink.NoKeyReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.affected.service.PredictedPathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The topology and alarm commands against a real in-memory datastore.
 */
class NetworkCommandsTest extends AbstractConcurrentDataBrokerTest {
    @BeforeEach
    void setUp() throws Exception {
        setup();
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, QkdTopology.networkId("qkd"), QkdTopology.network("qkd", List.of(
            QkdTopology.node("alice").trusted(false).reachable(true).operator("MetroQ").location("Berlin Mitte")
                .build(),
            QkdTopology.node("relay").reachable(false).build()), List.of(
            QkdTopology.link("0b3c1e5a-1111-4222-8333-944455556666", "alice", "relay").status(LinkState.Degraded)
                .secretKeyRate(23_456).effectiveSecretKeyRate(23_221).qber("0.031250").keyPoolFill(4_096)
                .keyPoolCapacity(8_388_608).build())));
        tx.put(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(QkdAlarms.class).build(),
            new QkdAlarmsBuilder().setAlarm(BindingMap.of(
                new AlarmBuilder().setId(Uint64.ONE).setType(AlarmType.LinkDown).setResource("relay-bob")
                    .setActive(true).setRaised(new DateAndTime("2026-11-27T10:00:00Z")).setMessage("fiber cut")
                    .build(),
                new AlarmBuilder().setId(Uint64.TWO).setType(AlarmType.QberHigh).setResource("alice-relay")
                    .setActive(false).setRaised(new DateAndTime("2026-11-27T09:00:00Z"))
                    .setCleared(new DateAndTime("2026-11-27T09:05:00Z")).setMessage("QBER 0.12").build()))
                .build());
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    private static String print(final ShellTable table) {
        final var out = new ByteArrayOutputStream();
        try (var stream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            table.print(stream);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nodesAreListedWithTrustReachabilityAndLinks() throws Exception {
        final var command = new NodeListCommand();
        command.broker = getDataBroker();
        final var lines = print(command.table()).lines().toList();
        final var alice = lines.stream().filter(line -> line.startsWith("qkd") && line.contains("alice")).findFirst()
            .orElseThrow();
        for (var expected : List.of("| no ", "| yes ", "MetroQ", "1 / 1", "Berlin Mitte")) {
            assertTrue(alice.contains(expected), expected + " in\n" + alice);
        }
        final var relay = lines.stream().filter(line -> line.startsWith("qkd") && line.contains("relay")).findFirst()
            .orElseThrow();
        assertTrue(relay.matches(".*relay +\\| yes +\\| no +\\|.*\\| 1 / 1 .*"), relay);
        assertEquals(List.of("alice", "relay"), new NetworkCatalog(getDataBroker()).nodeNames());
    }

    @Test
    void whatIfTellsTheAffectedServicesAndTheLinksLowOnRate() throws Exception {
        final var command = new WhatIfCommand();
        command.kind = "extra-loss";
        command.values = List.of("relay-bob", "3");
        final var asked = new ArrayList<WhatIfInput>();
        final var answer = command.ask(input -> {
            asked.add(input);
            return RpcResultBuilder.success(new WhatIfOutputBuilder()
                .setKeyRate(new BitRate(Uint64.valueOf(5012)))
                .setAffectedService(BindingMap.ordered(new AffectedServiceBuilder().setServiceId("vpn")
                    .setMode(ServiceMode.Qkd).setPredictedMode(ServiceMode.Qkd).setMoved(true)
                    .setPredictedReason(DecisionReason.None)
                    .setPredictedPath(BindingMap.of(new PredictedPathBuilder().setIndex(Uint8.ZERO)
                        .setHop(List.of(new NodeId("alice"), new NodeId("carol"), new NodeId("bob"))).build()))
                    .build(), new AffectedServiceBuilder().setServiceId("backup").setMode(ServiceMode.Qkd)
                    .setPredictedMode(ServiceMode.Refused).setMoved(true)
                    .setPredictedReason(DecisionReason.InsufficientRate).build()))
                .setLowSpareLink(BindingMap.of(new LowSpareLinkBuilder().setLinkId(new LinkId("alice-carol"))
                    .setKeyRate(new BitRate(Uint64.valueOf(10_000)))
                    .setSpareRateBefore(new BitRate(Uint64.valueOf(6_000)))
                    .setSpareRateAfter(new BitRate(Uint64.valueOf(500))).build()))
                .build()).buildFuture();
        });
        assertEquals("extra-loss relay-bob 3: 2 key services affected; the link's key rate would be 5012 bit/s\n"
            + "  vpn: qkd -> qkd over alice → carol → bob (moves)\n"
            + "  backup: qkd -> refused (moves), insufficient-rate\n"
            + "links whose spare rate would fall below 10 % of their rate:\n"
            + "  alice-carol: 500 of 10000 bit/s spare (now 6000)", answer);
        final var loss = assertInstanceOf(ExtraLoss.class, asked.getFirst().getChange()).getExtraLoss();
        assertEquals("relay-bob", loss.getLink().getValue());
        assertEquals(Decimal64.valueOf("3.00"), loss.getLoss());

        command.kind = "cut";
        assertEquals("cut takes 1 value; " + WhatIfCommand.USAGE, assertThrows(ConsoleException.class,
            () -> command.ask(input -> {
                throw new AssertionError("not called");
            })).getMessage());
        command.kind = "melt";
        assertTrue(assertThrows(ConsoleException.class, () -> command.ask(input -> {
            throw new AssertionError("not called");
        })).getMessage().startsWith("unknown change 'melt'"));
        command.kind = "extra-loss";
        command.values = List.of("relay-bob", "much");
        assertTrue(assertThrows(ConsoleException.class, () -> command.ask(input -> {
            throw new AssertionError("not called");
        })).getMessage().startsWith("invalid change"));
    }

    @Test
    void whatIfPlansALinkFromItsLengthAndParameters() throws Exception {
        final var command = new WhatIfCommand();
        command.kind = "add-link";
        command.values = List.of("alice-bob", "alice", "bob", "60km", "--protocol", "mdi", "--set",
            "detector-efficiency=0.2", "--set", "middle-position=0.4");
        final var asked = new ArrayList<WhatIfInput>();
        final var planned = new WhatIfOutputBuilder().setKeyRate(new BitRate(Uint64.valueOf(1234)))
            .setPlannedLink(new PlannedLinkBuilder().setNoKeyReason(NoKeyReason.None)
                .setQber(Decimal64.valueOf("0.0150")).setExcessNoise(Decimal64.valueOf("0.0000"))
                .setRepeaterlessBound(Decimal64.valueOf("98765.4321")).build()).build();
        final var rpc = (WhatIf) input -> {
            asked.add(input);
            return RpcResultBuilder.success(planned).buildFuture();
        };
        // the options after the values, as an operator types them
        final var answer = assertInstanceOf(String.class, command.executeWith(rpc));
        assertEquals("add-link alice-bob alice bob 60km: no key service affected; the link's key rate would be "
            + "1234 bit/s; QBER 1.50 %; repeaterless bound 98765 bit/s", answer);
        final var physics = assertInstanceOf(Physics.class, assertInstanceOf(AddLink.class,
            asked.getFirst().getChange()).getAddLink().getPlanning()).getPhysics();
        assertEquals(Decimal64.valueOf("60.000"), physics.getFiberLengthKm());
        assertEquals(Protocol.Mdi, physics.getProtocol());
        assertEquals(Map.of("detector-efficiency", "0.2", "middle-position", "0.4"), physics.nonnullParameter()
            .values().stream().collect(Collectors.toMap(Parameter::getName, Parameter::getValue)));

        // a key rate has no physics, and --set takes name=value
        final var rate = new WhatIfCommand();
        rate.kind = "add-link";
        rate.values = List.of("alice-bob", "alice", "bob", "20000", "--protocol", "mdi");
        assertTrue(assertThrows(ConsoleException.class, () -> rate.executeWith(rpc)).getMessage()
            .contains("given by its fiber length"));
        final var noValue = new WhatIfCommand();
        noValue.kind = "add-link";
        noValue.values = List.of("alice-bob", "alice", "bob", "20km", "--set", "mu");
        assertEquals("invalid change: --set takes name=value, not 'mu'", assertThrows(ConsoleException.class,
            () -> noValue.executeWith(rpc)).getMessage());
        final var unknown = new WhatIfCommand();
        unknown.kind = "add-link";
        unknown.values = List.of("alice-bob", "alice", "bob", "20km", "--protocol", "e91");
        assertEquals("invalid change: unknown protocol 'e91' (use bb84, cv-gg02, mdi, tf)",
            assertThrows(ConsoleException.class, () -> unknown.executeWith(rpc)).getMessage());
        assertEquals(1, asked.size());
    }

    @Test
    void aPathIsComputedWithoutReservingAndErrorsAreTold() throws Exception {
        final var command = new PathCommand();
        command.from = "alice";
        command.to = "bob";
        command.policy = "gold";
        command.rate = 2048;
        command.alternatives = 1;
        final var asked = new ArrayList<ComputeKeyPathInput>();
        final var answer = command.compute(input -> {
            asked.add(input);
            return RpcResultBuilder.success(new ComputeKeyPathOutputBuilder().setMode(ServiceMode.Qkd)
                .setReason(DecisionReason.None)
                .setPath(BindingMap.of(new PathBuilder().setIndex(Uint8.ZERO)
                    .setHop(List.of(new NodeId("alice"), new NodeId("relay"), new NodeId("bob")))
                    .setRate(new BitRate(Uint64.valueOf(2048))).build()))
                .setAlternative(BindingMap.of(new AlternativeBuilder().setIndex(Uint8.ONE)
                    .setHop(List.of(new NodeId("alice"), new NodeId("bob"))).build()))
                .build()).buildFuture();
        });
        assertEquals("alice -> bob at 2048 bit/s under gold: mode qkd, reason none\n"
            + "  path 0: alice → relay → bob, carries 2048 bit/s\n"
            + "  alternative 1: alice → bob", answer);
        assertEquals(1, asked.size());
        assertFalse(Boolean.TRUE.equals(asked.getFirst().getReserve()), "nothing is reserved");
        assertEquals(2048L, asked.getFirst().getRate());

        final var refused = assertThrows(ConsoleException.class, () -> command.compute(input -> RpcResultBuilder
            .<ComputeKeyPathOutput>failed().withError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE,
                "unknown node bob").buildFuture()));
        assertEquals("unknown node bob", refused.getMessage());
        command.rate = 0;
        assertEquals("--rate must be at least 1 bit/s, not 0", assertThrows(ConsoleException.class,
            () -> command.compute(input -> {
                throw new AssertionError("not called");
            })).getMessage());
        command.rate = 1;
        command.policy = "no such policy!";
        assertTrue(assertThrows(ConsoleException.class, () -> command.compute(input -> {
            throw new AssertionError("not called");
        })).getMessage().startsWith("invalid node or policy name"));
    }

    @Test
    void linksAreListedWithRateQberAndPool() throws Exception {
        final var command = new LinkListCommand();
        command.broker = getDataBroker();
        final var listed = print(command.table());
        for (var expected : List.of("qkd", "alice -> relay", "degraded", "23456", "23221", "0.03125",
                "4096 / 8388608", "0b3c1e5a-1111-4222-8333-944455556666")) {
            assertTrue(listed.contains(expected), expected + " in\n" + listed);
        }
    }

    @Test
    void activeAlarmsAreListedAndAllWithTheOption() throws Exception {
        final var command = new AlarmListCommand();
        command.broker = getDataBroker();
        final var active = print(command.table());
        assertTrue(active.contains("link-down") && active.contains("relay-bob") && active.contains("fiber cut"),
            active);
        assertFalse(active.contains("qber-high"), active);
        command.all = true;
        final var all = print(command.table());
        assertTrue(all.contains("qber-high") && all.contains("2026-11-27T09:05:00Z"), all);
        assertTrue(all.indexOf("link-down") < all.indexOf("qber-high"), "newest first:\n" + all);
    }
}
