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
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.Status.ConnectionStatus;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.StatusBuilder;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * The console's device commands against a real in-memory datastore: what they declare is what the southbound
 * reads, bad input is refused with the reason and changes nothing, passwords are never listed.
 */
class DeviceCommandsTest extends AbstractConcurrentDataBrokerTest {
    private DeviceCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        setup();
        catalog = new DeviceCatalog(getDataBroker());
    }

    @Test
    void declaredDevicesAreListedWithTheirStatusAndWithoutPasswords() throws Exception {
        assertEquals("QKD device alice declared: netconf qkd@192.0.2.10:830",
            add("alice", "--host", "192.0.2.10", "--user", "qkd", "--password", "s3cret-pass", "--operator",
                "Metro Op", "--jurisdiction", "DE"));
        assertEquals("QKD device relay declared: netconf qkd@relay.example:17831", add("relay", "--host",
            "relay.example", "--port", "17831", "--user", "qkd", "--password", "other-pass", "--untrusted"));
        final var stored = read(LogicalDatastoreType.CONFIGURATION, "alice");
        assertEquals("s3cret-pass", ((org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd
            .devices.device.connection.Netconf) stored.getConnection()).getNetconf().getPassword());
        assertEquals("Metro Op", stored.getOperator().getValue());
        assertEquals(Boolean.FALSE, read(LogicalDatastoreType.CONFIGURATION, "relay").getTrusted());

        // what the southbound reports shows beside the declaration
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, path("alice"),
            new DeviceBuilder(stored).setStatus(new StatusBuilder().setConnectionStatus(ConnectionStatus.Connected)
                .setQkdnId(new Uuid("11111111-2222-4333-8444-555555555555")).setLinkCount(Uint32.valueOf(2))
                .build()).build());
        tx.commit().get(10, TimeUnit.SECONDS);

        assertEquals(List.of(
            new DeviceCatalog.Row("alice", "netconf qkd@192.0.2.10:830", true, "connected",
                "11111111-2222-4333-8444-555555555555", "2", ""),
            new DeviceCatalog.Row("relay", "netconf qkd@relay.example:17831", false, "-", "-", "-", "")),
            catalog.list());
        final var listed = print(list());
        assertTrue(listed.contains("alice") && listed.contains("connected") && listed.contains("relay"), listed);
        assertFalse(listed.contains("s3cret-pass") || listed.contains("other-pass"), listed);
        assertEquals(List.of("alice", "relay"), catalog.names());

        // SSH public key authentication: the key's ID, no password
        assertEquals("QKD device keyed declared: netconf qkd@192.0.2.12:830 (key controller-key)",
            add("keyed", "--host", "192.0.2.12", "--user", "qkd", "--key-id", "controller-key"));
        final var keyed = ((org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device
            .connection.Netconf) read(LogicalDatastoreType.CONFIGURATION, "keyed").getConnection()).getNetconf();
        assertEquals("controller-key", keyed.getKeyId());
        assertEquals(null, keyed.getPassword());
        assertEquals("QKD device keyed removed", remove("keyed"));

        assertEquals("QKD device relay removed", remove("relay"));
        assertEquals(List.of("alice"), catalog.names());
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        add("alice", "--host", "192.0.2.10", "--user", "qkd", "--password", "s3cret-pass");
        final var before = catalog.list();

        assertRefused("option --host is missing: the device's address or host name", "bob", "--user", "u",
            "--password", "p");
        assertRefused("a device named alice is declared already; remove it first", "alice", "--host", "192.0.2.11",
            "--user", "u", "--password", "p");
        assertRefused("port must be 1 to 65535, not 70000", "bob", "--host", "192.0.2.1", "--port", "70000",
            "--user", "u", "--password", "p");
        assertRefused("a NETCONF device needs a user, and a password or a --key-id", "bob", "--host", "192.0.2.1",
            "--user", "u");
        assertTrue(refusal("bob", "--host", "not a host!", "--user", "u", "--password", "p")
            .startsWith("invalid host"));
        assertTrue(refusal("bob", "--host", "192.0.2.1", "--user", "u", "--password", "p", "--jurisdiction",
            "Germany").startsWith("invalid jurisdiction"));
        assertTrue(refusal("bob", "--host", "192.0.2.1", "--user", "u", "--password", "p", "--operator", "-bad")
            .startsWith("invalid operator"));

        final var unknown = assertThrows(ConsoleException.class, () -> remove("carol"));
        assertEquals("no device named carol; declared: alice", unknown.getMessage());
        assertEquals(before, catalog.list());
    }

    private String add(final String name, final String... options) throws Exception {
        final var command = addCommand(name, options);
        return (String) command.execute();
    }

    private DeviceAddCommand addCommand(final String name, final String... options) {
        final var command = new DeviceAddCommand();
        command.broker = getDataBroker();
        command.name = name;
        for (int i = 0; i < options.length; i++) {
            switch (options[i]) {
                case "--host" -> command.host = options[++i];
                case "--port" -> command.port = Integer.parseInt(options[++i]);
                case "--user" -> command.user = options[++i];
                case "--password" -> command.password = options[++i];
                case "--key-id" -> command.keyId = options[++i];
                case "--untrusted" -> command.untrusted = true;
                case "--operator" -> command.operator = options[++i];
                case "--jurisdiction" -> command.jurisdiction = options[++i];
                default -> throw new IllegalArgumentException(options[i]);
            }
        }
        return command;
    }

    private void assertRefused(final String message, final String name, final String... options) {
        assertEquals(message, refusal(name, options));
    }

    private String refusal(final String name, final String... options) {
        return assertThrows(ConsoleException.class, () -> addCommand(name, options).execute()).getMessage();
    }

    private String remove(final String name) throws Exception {
        final var command = new DeviceRemoveCommand();
        command.broker = getDataBroker();
        command.name = name;
        return (String) command.execute();
    }

    private ShellTable list() throws Exception {
        final var command = new DeviceListCommand();
        command.broker = getDataBroker();
        return command.table();
    }

    private static String print(final ShellTable table) {
        final var out = new ByteArrayOutputStream();
        try (var stream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            table.print(stream);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private Device read(final LogicalDatastoreType store, final String name) throws Exception {
        try (var tx = getDataBroker().newReadOnlyTransaction()) {
            return tx.read(store, path(name)).get(10, TimeUnit.SECONDS).orElseThrow();
        }
    }

    private static DataObjectIdentifier<Device> path(final String name) {
        return DataObjectIdentifier.builder(QkdDevices.class).child(Device.class, new DeviceKey(new NodeId(name)))
            .build();
    }
}
