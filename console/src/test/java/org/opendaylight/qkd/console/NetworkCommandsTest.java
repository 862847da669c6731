/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1Builder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.DestinationBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.SourceBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarmsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.AlarmBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * The topology and alarm commands against a real in-memory datastore.
 */
class NetworkCommandsTest extends AbstractConcurrentDataBrokerTest {
    @BeforeEach
    void setUp() throws Exception {
        setup();
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(Networks.class)
            .child(Network.class, new NetworkKey(new NetworkId("qkd"))).build(), new NetworkBuilder()
            .setNetworkId(new NetworkId("qkd"))
            .addAugmentation(new Network1Builder().setLink(BindingMap.of(new LinkBuilder()
                .setLinkId(new LinkId("0b3c1e5a-1111-4222-8333-944455556666"))
                .setSource(new SourceBuilder().setSourceNode(new NodeId("alice")).build())
                .setDestination(new DestinationBuilder().setDestNode(new NodeId("relay")).build())
                .addAugmentation(new Link1Builder().setQkdLinkAttributes(new QkdLinkAttributesBuilder()
                    .setStatus(LinkState.Degraded)
                    .setSecretKeyRate(new BitRate(Uint64.valueOf(23_456)))
                    .setEffectiveSecretKeyRate(new BitRate(Uint64.valueOf(23_221)))
                    .setQber(new Qber(Decimal64.valueOf("0.031250")))
                    .setKeyPoolFill(Uint64.valueOf(4_096))
                    .setKeyPoolCapacity(Uint64.valueOf(8_388_608))
                    .build()).build())
                .build())).build())
            .build());
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
