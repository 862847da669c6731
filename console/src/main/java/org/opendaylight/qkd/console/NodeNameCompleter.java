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
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * Completes the names of the nodes of the operational QKD topology.
 */
@Service
public final class NodeNameCompleter extends NamesCompleter {
    @Reference
    DataBroker broker;

    @Override
    List<String> names() throws ConsoleException {
        return new NetworkCatalog(broker).nodeNames();
    }
}
