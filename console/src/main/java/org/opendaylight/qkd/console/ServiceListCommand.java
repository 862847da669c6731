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
 * {@code qkd:service-list}: the key services with their mode, paths and key counts.
 */
@Service
@Command(scope = "qkd", name = "service-list", description = "Lists the key services with their mode, path and keys")
public final class ServiceListCommand extends TableCommand {
    @Reference
    DataBroker broker;

    @Override
    ShellTable table() throws ConsoleException {
        final var table = withColumns("Service", "SAEs", "Rate", "Policy", "Mode", "Reason", "Paths", "Stored",
            "Delivered", "Discarded", "Detail");
        for (var row : new ServiceCatalog(broker).list()) {
            table.addRow().addContent(row.id(), row.ends(), row.rate(), row.policy(), row.mode(), row.reason(),
                row.paths(), row.stored(), row.delivered(), row.discarded(), row.detail());
        }
        return table;
    }
}
