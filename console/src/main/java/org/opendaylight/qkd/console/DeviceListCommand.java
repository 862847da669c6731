/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * {@code qkd:device-list}: the declared devices, how they are reached and their status.
 */
@Service
@Command(scope = "qkd", name = "device-list", description = "Lists the QKD devices with their status")
public final class DeviceListCommand extends TableCommand {
    @Reference
    DataBroker broker;

    @Override
    ShellTable table() throws ConsoleException {
        final var table = withColumns("Name", "Connection", "Trusted", "Status", "qkdn_id", "Links", "Error");
        for (var row : new DeviceCatalog(broker).list()) {
            table.addRow().addContent(row.name(), row.connection(), row.trusted() ? "yes" : "no", row.status(),
                row.qkdnId(), row.links(), row.error());
        }
        return table;
    }
}
