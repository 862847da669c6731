/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.HashMap;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;

/**
 * {@code qkd:link-list}: the links of the operational QKD topology with key rate, QBER and key pool fill.
 */
@Service
@Command(scope = "qkd", name = "link-list", description = "Lists the QKD links with status, key rate, QBER and key "
    + "pool fill")
public final class LinkListCommand extends TableCommand {
    @Reference
    DataBroker broker;

    @Reference(optional = true)
    EmulatedNetwork emulator;

    @Override
    ShellTable table() throws ConsoleException {
        final var table = withColumns("Network", "Ends", "Status", "SKR (bit/s)", "ESKR (bit/s)", "QBER",
            "Pool (bits)", "Link", "Emulated link");
        // the embedded emulator's names of its links, which qkd:link-fault takes
        final var names = new HashMap<String, String>();
        if (emulator != null) {
            emulator.links().forEach(link -> names.put(link.qkdlId().toString(), link.id()));
        }
        for (var row : new NetworkCatalog(broker).links()) {
            table.addRow().addContent(row.network(), row.ends(), row.status(), row.secretKeyRate(),
                row.effectiveKeyRate(), row.qber(), row.pool(), row.id(), names.getOrDefault(row.id(), "-"));
        }
        return table;
    }
}
