/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * {@code qkd:alarm-list}: the active alarms, newest first; {@code --all} adds the cleared ones.
 */
@Service
@Command(scope = "qkd", name = "alarm-list", description = "Lists the active alarms, newest first (--all: cleared "
    + "ones too)")
public final class AlarmListCommand extends TableCommand {
    @Reference
    DataBroker broker;

    @Option(name = "--all", description = "List cleared alarms too")
    boolean all;

    @Override
    ShellTable table() throws ConsoleException {
        final var table = withColumns("Raised", "Type", "Resource", "Active", "Cleared", "Message");
        for (var row : new NetworkCatalog(broker).alarms(all)) {
            table.addRow().addContent(row.raised(), row.type(), row.resource(), row.active() ? "yes" : "no",
                row.cleared(), row.message());
        }
        return table;
    }
}
