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
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;

/**
 * Completes the names of the embedded emulator's links, which {@code qkd:link-fault} takes.
 */
@Service
public final class EmulatedLinkCompleter extends NamesCompleter {
    @Reference(optional = true)
    EmulatedNetwork emulator;

    @Override
    List<String> names() {
        return emulator == null ? List.of() : emulator.links().stream().map(link -> link.id()).sorted().toList();
    }
}
