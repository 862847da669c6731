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
 * {@code qkd:link-list}: the links of the operational QKD topology with key rate, QBER and key pool fill.
 */
@Service
@Command(scope = "qkd", name = "link-list", description = "Lists the QKD links with status, key rate, QBER and key "
    + "pool fill")
public final class LinkListCommand extends TableCommand {
    @Reference
    DataBroker broker;

    @Override
    ShellTable table() throws ConsoleException {
        final var table = withColumns("Network", "Ends", "Status", "SKR (bit/s)", "ESKR (bit/s)", "QBER",
            "Pool (bits)", "Link", "Label");
        for (var row : new NetworkCatalog(broker).links()) {
            table.addRow().addContent(row.network(), row.ends(), row.status(), row.secretKeyRate(),
                row.effectiveKeyRate(), row.qber(), row.pool(), row.id(), row.label());
        }
        return table;
    }
}
