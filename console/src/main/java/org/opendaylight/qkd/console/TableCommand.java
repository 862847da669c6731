/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * A command that prints a table on the session's console (a returned table would not be printed).
 */
abstract class TableCommand implements Action {
    @Reference
    Session session;

    @Override
    public final Object execute() throws Exception {
        table().print(session.getConsole());
        return null;
    }

    /**
     * The table to print.
     *
     * @return the table
     * @throws ConsoleException when the data cannot be read
     */
    abstract ShellTable table() throws ConsoleException;

    static ShellTable withColumns(final String... columns) {
        final var table = new ShellTable();
        for (var column : columns) {
            table.column(column);
        }
        return table;
    }
}
