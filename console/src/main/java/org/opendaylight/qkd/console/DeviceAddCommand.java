/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * {@code qkd:device-add}: declares a QKD device (an SD-QKD node, real or emulated), reached over NETCONF
 * ({@code --host}, {@code --user}, password asked for unless given).
 */
@Service
@Command(scope = "qkd", name = "device-add", description = "Declares a QKD device reached over NETCONF (--host, "
    + "--user)")
public final class DeviceAddCommand implements Action {
    @Reference
    DataBroker broker;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "name", required = true, description = "The device's name (its node in the topology)")
    String name;

    @Option(name = "--host", description = "The device's address or host name (required)")
    String host;

    @Option(name = "--port", description = "NETCONF: the device's port (830)")
    int port = 830;

    @Option(name = "--user", description = "NETCONF: the user")
    String user;

    @Option(name = "--password", description = "NETCONF: the password; asked for when absent (and no --key-id)")
    String password;

    @Option(name = "--key-id", description = "NETCONF: SSH public key authentication with this entry of "
        + "OpenDaylight's NETCONF keystore (netconf-keystore add-keystore-entry) instead of a password")
    String keyId;

    @Option(name = "--untrusted", description = "The device may not relay keys")
    boolean untrusted;

    @Option(name = "--operator", description = "Who operates the device")
    String operator;

    @Option(name = "--jurisdiction", description = "Where the device stands: ISO 3166 code such as DE or ES-MD")
    String jurisdiction;

    @Argument(index = 1, name = "options", multiValued = true, description = "Options may also follow the arguments")
    List<String> trailing;

    @Override
    public Object execute() throws Exception {
        TrailingOptions.apply(this, trailing);
        if (host == null) {
            throw new ConsoleException("option --host is missing: the device's address or host name");
        }
        final var catalog = new DeviceCatalog(broker);
        if (password == null && keyId == null && session != null && user != null) {
            password = session.readLine("Password for " + user + "@" + host + ": ", '*');
        }
        final var device = DeviceCatalog.netconf(name, host, port, user, password, keyId, !untrusted, operator,
            jurisdiction);
        ConsoleAudit.change(session, "qkd:device-add", name, () -> {
            catalog.add(device);
            return null;
        });
        return "QKD device " + name + " declared: netconf " + user + "@" + host + ":" + port
            + (keyId == null ? "" : " (key " + keyId + ")");
    }
}
