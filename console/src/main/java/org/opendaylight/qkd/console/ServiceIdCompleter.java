/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * Completes the IDs of the key services.
 */
@Service
public final class ServiceIdCompleter implements Completer {
    @Reference
    DataBroker broker;

    @Override
    public int complete(final Session session, final CommandLine commandLine, final List<String> candidates) {
        final List<String> ids;
        try {
            ids = new ServiceCatalog(broker).ids();
        } catch (ConsoleException e) {
            // nothing to offer while the datastore does not answer
            return -1;
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
