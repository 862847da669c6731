/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.Status;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.Netconf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.NetconfBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Jurisdiction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.OperatorName;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.yang.common.Uint16;

/**
 * The declared QKD devices as the console shows and changes them: declarations in the configuration datastore
 * ({@code qkd-devices:qkd-devices}), with the status the southbound keeps in the operational one. Values are
 * checked against the model before anything is written; a change the datastore refuses is reported and nothing is
 * written. Passwords are never shown.
 */
public final class DeviceCatalog {
    private static final DataObjectIdentifier<QkdDevices> DEVICES =
        DataObjectIdentifier.builder(QkdDevices.class).build();

    private final DataBroker broker;

    /**
     * The catalog of a datastore.
     *
     * @param broker the controller's data broker
     */
    public DeviceCatalog(final DataBroker broker) {
        this.broker = requireNonNull(broker);
    }

    /**
     * One device as listed.
     *
     * @param name its name
     * @param connection how it is reached: {@code netconf user@host:port}
     * @param trusted whether it may relay keys
     * @param status its connection status, {@code -} before the southbound has seen it
     * @param qkdnId the qkdn_id it reports, {@code -} when unknown
     * @param links how many key association links it reports, {@code -} when unknown
     * @param error why it is not connected, empty when it is
     */
    public record Row(String name, String connection, boolean trusted, String status, String qkdnId, String links,
            String error) {
    }

    /**
     * A declaration of a device reached over NETCONF.
     *
     * @param name the device's name
     * @param host its address or host name
     * @param port its NETCONF port
     * @param user the NETCONF user
     * @param password the NETCONF password, or null with a key ID
     * @param keyId the NETCONF keystore entry for SSH public key authentication, or null for the password
     * @param trusted whether it may relay keys
     * @param operator who operates it, or null
     * @param jurisdiction where it stands (ISO 3166), or null
     * @return the declaration
     * @throws ConsoleException naming the value the model does not allow
     */
    public static Device netconf(final String name, final String host, final int port, final String user,
            final String password, final String keyId, final boolean trusted, final String operator,
            final String jurisdiction) throws ConsoleException {
        if (port < 1 || port > 65_535) {
            throw new ConsoleException("port must be 1 to 65535, not " + port);
        }
        final boolean byKey = keyId != null && !keyId.isEmpty();
        if (user == null || user.isEmpty() || !byKey && (password == null || password.isEmpty())) {
            throw new ConsoleException("a NETCONF device needs a user, and a password or a --key-id");
        }
        final var netconf = new NetconfBuilder()
            .setNetconf(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device
                .connection.netconf.NetconfBuilder()
                .setHost(Datastore.value("host", () -> IetfInetUtil.hostFor(host)))
                .setPort(new PortNumber(Uint16.valueOf(port)))
                .setUsername(Datastore.value("user", () -> user))
                .setPassword(byKey ? null : Datastore.value("password", () -> password))
                .setKeyId(byKey ? Datastore.value("key-id", () -> keyId) : null)
                .build())
            .build();
        return declaration(name, trusted, operator, jurisdiction).setConnection(netconf).build();
    }

    private static DeviceBuilder declaration(final String name, final boolean trusted, final String operator,
            final String jurisdiction) throws ConsoleException {
        final var builder = new DeviceBuilder()
            .setName(nodeId(name))
            .setTrusted(trusted);
        if (operator != null) {
            builder.setOperator(Datastore.value("operator", () -> new OperatorName(operator)));
        }
        if (jurisdiction != null) {
            builder.setJurisdiction(Datastore.value("jurisdiction", () -> new Jurisdiction(jurisdiction)));
        }
        return builder;
    }

    private static NodeId nodeId(final String name) throws ConsoleException {
        if (name == null || name.isBlank()) {
            throw new ConsoleException("a device needs a name");
        }
        return Datastore.value("name", () -> new NodeId(name));
    }

    /**
     * Declares a device that is not declared yet.
     *
     * @param device its declaration
     * @throws ConsoleException when the name is taken or the datastore refuses it; nothing is written then
     */
    public void add(final Device device) throws ConsoleException {
        final var name = device.getName().getValue();
        final var path = path(device.getName());
        final var tx = broker.newReadWriteTransaction();
        if (Datastore.exists(tx, path)) {
            tx.cancel();
            throw new ConsoleException("a device named " + name + " is declared already; remove it first");
        }
        tx.mergeParentStructurePut(LogicalDatastoreType.CONFIGURATION, path, device);
        Datastore.commit(tx.commit(), "declaring " + name);
    }

    /**
     * Withdraws a device's declaration; the southbound stops managing it.
     *
     * @param name the device's name
     * @throws ConsoleException when no such device is declared
     */
    public void remove(final String name) throws ConsoleException {
        Datastore.deleteExisting(broker, path(nodeId(name)),
            () -> "no device named " + name + "; declared: " + String.join(", ", names()), "removing " + name);
    }

    /**
     * The declared devices with their status, by name.
     *
     * @return one row per device
     * @throws ConsoleException when the datastore does not answer
     */
    public List<Row> list() throws ConsoleException {
        final var declared = Datastore.read(broker, LogicalDatastoreType.CONFIGURATION, DEVICES);
        final var operational = Datastore.read(broker, LogicalDatastoreType.OPERATIONAL, DEVICES);
        final Map<DeviceKey, Device> states = operational.map(QkdDevices::nonnullDevice).orElse(Map.of());
        final var rows = new ArrayList<Row>();
        for (var device : declared.map(QkdDevices::nonnullDevice).orElse(Map.of()).values()) {
            final var state = states.get(device.key());
            final Status status = state == null ? null : state.getStatus();
            rows.add(new Row(device.getName().getValue(), connection(device),
                !Boolean.FALSE.equals(device.getTrusted()),
                status == null || status.getConnectionStatus() == null ? "-"
                    : status.getConnectionStatus().getName(),
                status == null || status.getQkdnId() == null ? "-" : status.getQkdnId().getValue(),
                status == null || status.getLinkCount() == null ? "-" : status.getLinkCount().toString(),
                status == null || status.getError() == null ? "" : status.getError()));
        }
        rows.sort((left, right) -> left.name().compareTo(right.name()));
        return rows;
    }

    /**
     * The declared devices' names, for completion.
     *
     * @return them, sorted
     * @throws ConsoleException when the datastore does not answer
     */
    public List<String> names() throws ConsoleException {
        return Datastore.read(broker, LogicalDatastoreType.CONFIGURATION, DEVICES).map(QkdDevices::nonnullDevice)
            .orElse(Map.of()).keySet()
            .stream().map(key -> key.getName().getValue()).sorted().toList();
    }

    private static String connection(final Device device) {
        if (device.getConnection() instanceof Netconf netconf && netconf.getNetconf() != null) {
            final var params = netconf.getNetconf();
            return "netconf " + params.getUsername() + "@" + params.getHost().stringValue() + ":"
                + (params.getPort() == null ? "830" : params.getPort().getValue().toString());
        }
        return "-";
    }

    private static DataObjectIdentifier<Device> path(final NodeId name) {
        return DEVICES.toBuilder().child(Device.class, new DeviceKey(name)).build();
    }
}
