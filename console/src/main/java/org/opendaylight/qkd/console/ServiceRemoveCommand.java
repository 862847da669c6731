/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * {@code qkd:service-remove}: deletes a key service; its rate is released and its keys erased.
 */
@Service
@Command(scope = "qkd", name = "service-remove", description = "Deletes a key service; its keys are erased")
public final class ServiceRemoveCommand implements Action {
    @Reference
    DataBroker broker;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "The service's ID")
    @Completion(ServiceIdCompleter.class)
    String id;

    @Override
    public Object execute() throws Exception {
        ConsoleAudit.change(session, "qkd:service-remove", id, () -> {
            new ServiceCatalog(broker).remove(id);
            return null;
        });
        return "Key service " + id + " removed";
    }
}
