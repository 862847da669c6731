/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.netconf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Host;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IpAddress;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Address;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.credentials.credentials.LoginPw;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.node.topology.rev251103.NetconfNodeAugment;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.node.topology.rev251103.NetconfNodeAugmentBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.node.topology.rev251103.netconf.node.augment.NetconfNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.netconf.Netconf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.netconf.NetconfBuilder;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.topology.Node;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.topology.NodeBuilder;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * The NETCONF node of a device is written again only when its settings differ: a node read back with the model's
 * defaults filled in is the same node (a write would make the clustered NETCONF client open a second session).
 */
class NetconfConnectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Netconf declared(final int port, final String password) {
        return new NetconfBuilder().setHost(new Host(new IpAddress(new Ipv4Address("192.0.2.10"))))
            .setPort(new PortNumber(Uint16.valueOf(port))).setUsername("qkd")
            .setEncryptedPassword(password.getBytes(StandardCharsets.UTF_8)).build();
    }

    // the node as the datastore may return it: the leaves the southbound leaves to their defaults filled in
    private static Node withDefaults(final Node node) {
        final var netconf = node.augmentation(NetconfNodeAugment.class).getNetconfNode();
        return new NodeBuilder(node).addAugmentation(new NetconfNodeAugmentBuilder()
            .setNetconfNode(new NetconfNodeBuilder(netconf)
                .setActorResponseWaitTime(Uint16.valueOf(5))
                .setBackoffJitter(Decimal64.valueOf("0.1"))
                .setBackoffMultiplier(Decimal64.valueOf("1.5"))
                .setConcurrentRpcLimit(Uint16.ZERO)
                .setConnectionTimeoutMillis(Uint32.valueOf(20_000))
                .build()).build())
            .build();
    }

    @Test
    void aStoredNodeWithTheDefaultsFilledInIsNotWrittenAgain() {
        final var wanted = NetconfConnector.node("alice", declared(830, "secret"), TIMEOUT);
        assertTrue(NetconfConnector.sameSettings(wanted, wanted));
        assertTrue(NetconfConnector.sameSettings(withDefaults(wanted), wanted));
    }

    @Test
    void theNodeCarriesTheEncryptedPasswordAndAClearOneIsRefused() {
        final var node = NetconfConnector.node("alice", declared(830, "sealed"), TIMEOUT);
        final var credentials = node.augmentation(NetconfNodeAugment.class).getNetconfNode().getCredentials();
        assertArrayEquals("sealed".getBytes(StandardCharsets.UTF_8),
            ((LoginPw) credentials).getLoginPassword().getPassword());
        final var clear = new NetconfBuilder(declared(830, "x")).setEncryptedPassword(null).setPassword("secret")
            .build();
        assertThrows(IllegalArgumentException.class, () -> NetconfConnector.node("alice", clear, TIMEOUT));
    }

    @Test
    void aStoredNodeWithOtherSettingsIsWrittenAgain() {
        final var wanted = NetconfConnector.node("alice", declared(830, "secret"), TIMEOUT);
        assertFalse(NetconfConnector.sameSettings(withDefaults(NetconfConnector.node("alice",
            declared(830, "changed"), TIMEOUT)), wanted), "another password");
        assertFalse(NetconfConnector.sameSettings(NetconfConnector.node("alice", declared(831, "secret"), TIMEOUT),
            wanted), "another port");
        assertFalse(NetconfConnector.sameSettings(NetconfConnector.node("alice", declared(830, "secret"),
            Duration.ofSeconds(5)), wanted), "another request timeout");
        assertFalse(NetconfConnector.sameSettings(new NodeBuilder().setNodeId(wanted.getNodeId()).build(), wanted),
            "no NETCONF settings at all");
    }
}
