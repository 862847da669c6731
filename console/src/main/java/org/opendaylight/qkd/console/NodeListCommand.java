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
 * {@code qkd:node-list}: the nodes of the operational QKD topology.
 */
@Service
@Command(scope = "qkd", name = "node-list", description = "Lists the QKD nodes: trust, reachability, operator, "
    + "jurisdiction, location and links up")
public final class NodeListCommand extends TableCommand {
    @Reference
    DataBroker broker;

    @Override
    ShellTable table() throws ConsoleException {
        final var table = withColumns("Network", "Node", "Trusted relay", "Reachable", "Operator", "Jurisdiction",
            "Links up", "Location");
        for (var row : new NetworkCatalog(broker).nodes()) {
            table.addRow().addContent(row.network(), row.id(), row.trusted() ? "yes" : "no", row.reachable(),
                row.operator(), row.jurisdiction(), row.linksUp() + " / " + row.links(), row.location());
        }
        return table;
    }
}
