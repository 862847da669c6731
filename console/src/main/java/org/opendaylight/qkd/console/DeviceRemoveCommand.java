/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * {@code qkd:device-remove}: withdraws a device's declaration; the southbound stops managing it and its node and
 * links leave the topology.
 */
@Service
@Command(scope = "qkd", name = "device-remove", description = "Withdraws a QKD device's declaration")
public final class DeviceRemoveCommand implements Action {
    @Reference
    DataBroker broker;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "name", required = true, description = "The device's name")
    @Completion(DeviceNameCompleter.class)
    String name;

    @Override
    public Object execute() throws Exception {
        ConsoleAudit.change(session, "qkd:device-remove", name, () -> {
            new DeviceCatalog(broker).remove(name);
            return null;
        });
        return "QKD device " + name + " removed";
    }
}
