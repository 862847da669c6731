/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * {@code qkd:service-add}: creates a key service between two SAEs at two nodes.
 */
@Service
@Command(scope = "qkd", name = "service-add", description = "Creates a key service: master and slave SAE as "
    + "sae@node, --rate, --policy")
public final class ServiceAddCommand implements Action {
    @Reference
    DataBroker broker;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "The service's ID")
    String id;

    @Argument(index = 1, name = "master", required = true, description = "The master SAE and its node: sae@node")
    String master;

    @Argument(index = 2, name = "slave", required = true, description = "The slave SAE and its node: sae@node")
    String slave;

    @Option(name = "--rate", description = "The key rate, bit/s (required)")
    Long rate;

    @Option(name = "--key-size", description = "The key size, bits (256)")
    long keySize = 256;

    @Option(name = "--policy", description = "The policy (required)")
    String policy;

    @Option(name = "--also-slave", multiValued = true, description = "Another slave SAE at the slave's node that "
        + "may take the same keys (ETSI GS QKD 014 key multicast); repeat for more")
    List<String> otherSlaves = List.of();

    @Argument(index = 3, name = "options", multiValued = true, description = "Options may also follow the arguments")
    List<String> trailing;

    @Override
    public Object execute() throws Exception {
        TrailingOptions.apply(this, trailing);
        TrailingOptions.require(rate, "--rate");
        TrailingOptions.require(policy, "--policy");
        final var service = ServiceCatalog.service(id, master, slave, rate, keySize, policy,
            otherSlaves == null ? List.of() : otherSlaves);
        ConsoleAudit.change(session, "qkd:service-add", id, () -> {
            new ServiceCatalog(broker).add(service);
            return null;
        });
        return "Key service " + id + " created: " + master + " -> " + slave
            + (otherSlaves == null || otherSlaves.isEmpty() ? "" : " (also " + String.join(", ", otherSlaves) + ")")
            + ", " + rate + " bit/s, policy " + policy;
    }
}
