/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes names read from the datastore; offers nothing while the datastore does not answer.
 */
abstract class NamesCompleter implements Completer {
    @Override
    public final int complete(final Session session, final CommandLine commandLine, final List<String> candidates) {
        final List<String> names;
        try {
            names = names();
        } catch (ConsoleException e) {
            return -1;
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    /**
     * The names to offer.
     *
     * @return them
     * @throws ConsoleException when the datastore does not answer
     */
    abstract List<String> names() throws ConsoleException;
}
