/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPath;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.PathDescription;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * {@code qkd:path}: asks path computation how a key demand would be served now, without reserving anything.
 */
@Service
@Command(scope = "qkd", name = "path", description = "Computes the key path between two nodes under a policy, "
    + "without reserving it")
public final class PathCommand implements Action {
    /** Between the nodes of a path: an arrow, which no node name holds (they may hold hyphens). */
    static final String HOP = " → ";
    @Reference
    RpcService rpcService;

    @Argument(index = 0, name = "from", required = true, description = "Source node")
    @Completion(NodeNameCompleter.class)
    String from;

    @Argument(index = 1, name = "to", required = true, description = "Destination node")
    @Completion(NodeNameCompleter.class)
    String to;

    @Option(name = "--policy", description = "(required) The policy that decides (qkd:service-list shows "
        + "those in use)")
    String policy;

    @Option(name = "--rate", description = "Key rate demanded, bit/s (1024)")
    long rate = 1024;

    @Option(name = "--alternatives", description = "How many alternative paths to show besides the chosen one (0)")
    int alternatives;

    @Argument(index = 2, name = "options", multiValued = true, description = "Options may also follow the arguments")
    List<String> trailing;

    @Override
    public Object execute() throws Exception {
        TrailingOptions.apply(this, trailing);
        TrailingOptions.require(policy, "--policy");
        return compute(rpcService.getRpc(ComputeKeyPath.class));
    }

    // the decision in words
    String compute(final ComputeKeyPath rpc) throws ConsoleException {
        if (rate < 1) {
            throw new ConsoleException("--rate must be at least 1 bit/s, not " + rate);
        }
        if (alternatives < 0 || alternatives > 10) {
            throw new ConsoleException("--alternatives must be 0 to 10, not " + alternatives);
        }
        final var input = Datastore.value("node or policy name", () -> new ComputeKeyPathInputBuilder()
            .setSourceNode(new NodeId(from))
            .setDestinationNode(new NodeId(to))
            .setPolicy(new PolicyName(policy))
            .setRate(rate)
            .setAlternatives(Uint8.valueOf(alternatives))
            .build());
        final var output = Datastore.call(rpc, input, 10, "path computation", "path computation refused");
        final var lines = new ArrayList<String>();
        lines.add(from + " -> " + to + " at " + rate + " bit/s under " + policy + ": mode "
            + output.getMode().getName() + ", reason " + output.getReason().getName()
            + (output.getMlKemParameterSet() == null ? "" : ", " + output.getMlKemParameterSet().getName()));
        for (var path : output.nonnullPath().values()) {
            lines.add("  path " + path.getIndex() + ": " + describe(path)
                + (path.getRate() == null ? "" : ", carries " + path.getRate().getValue() + " bit/s"));
        }
        if (output.getBackupPath() != null && !output.getBackupPath().requireHop().isEmpty()) {
            lines.add("  backup: " + describe(output.getBackupPath()));
        }
        for (var alternative : output.nonnullAlternative().values()) {
            lines.add("  alternative " + alternative.getIndex() + ": " + describe(alternative));
        }
        if (output.nonnullPath().isEmpty()) {
            lines.add("  no QKD path");
        }
        return String.join("\n", lines);
    }

    private static String describe(final PathDescription path) {
        final List<String> hops = path.requireHop().stream().map(NodeId::getValue).toList();
        return String.join(HOP, hops) + (path.getCost() == null ? "" : " (cost " + path.getCost() + ")");
    }
}
