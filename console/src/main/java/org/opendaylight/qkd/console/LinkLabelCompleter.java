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
 * Completes the labels the nodes give their links (the emulator's: the link IDs of its topology file), which
 * {@code qkd:link-fault} takes.
 */
@Service
public final class LinkLabelCompleter extends NamesCompleter {
    @Reference
    DataBroker broker;

    @Override
    List<String> names() throws ConsoleException {
        return new NetworkCatalog(broker).links().stream().map(NetworkCatalog.LinkRow::label)
            .filter(label -> !"-".equals(label)).distinct().sorted().toList();
    }
}
