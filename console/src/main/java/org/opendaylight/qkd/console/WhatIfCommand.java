/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.Change;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.AddLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.CutLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.ExtraLossBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.NodeDownBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.Planning;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.RateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.Physics.Decoy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.Physics.Preset;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.Physics.Protocol;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.PhysicsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.physics.Parameter;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.physics.ParameterBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.physics.ParameterKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLink.NoKeyReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yangtools.binding.EnumTypeObject;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * {@code qkd:what-if}: asks path computation what a change of the network would do to the key services, changing
 * nothing.
 */
@Service
@Command(scope = "qkd", name = "what-if", description = "Predicts what cutting a link, taking a node down, extra "
    + "loss on a link or a planned link would do to the key services, changing nothing")
public final class WhatIfCommand implements Action {
    static final String USAGE = "use: cut <link> | node-down <node> | extra-loss <link> <dB> | "
        + "add-link <link> <node-a> <node-b> <key rate bit/s> | add-link <link> <node-a> <node-b> <length>km "
        + "[--protocol bb84|cv-gg02|mdi|tf] [--preset metro|gys|cv-metro] [--decoy vacuum-weak|infinite|finite] "
        + "[--set name=value]...";
    private static final Pattern LENGTH = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)km");

    @Reference
    RpcService rpcService;

    @Reference
    DataBroker dataBroker;

    @Argument(index = 0, name = "change", required = true, description = "cut, node-down, extra-loss or add-link")
    String kind;

    @Argument(index = 1, name = "values", required = true, multiValued = true,
        description = "cut <link> | node-down <node> | extra-loss <link> <dB> | add-link <link> <node-a> <node-b> "
            + "<key rate bit/s, or fiber length as 40km>; a link by its label or its ID")
    List<String> values;

    @Option(name = "--protocol", description = "A planned link's protocol, given its length: bb84 (default), cv-gg02, "
        + "mdi or tf")
    String protocol;

    @Option(name = "--preset", description = "A planned link's parameters, given its length: metro (default), gys or "
        + "cv-metro (default for cv-gg02)")
    String preset;

    @Option(name = "--decoy", description = "A planned BB84 link's decoy method: vacuum-weak (default), infinite or "
        + "finite")
    String decoy;

    @Option(name = "--set", multiValued = true, description = "A planned link's parameter by its topology-file name, "
        + "as name=value (detector-efficiency=0.2); repeatable")
    List<String> parameters;

    @Option(name = "--low-share", description = "Report the links whose spare rate falls below this share of their "
        + "rate (0.1)")
    double lowShare = 0.1;

    @Override
    public Object execute() throws Exception {
        return executeWith(rpcService.getRpc(WhatIf.class));
    }

    // the options that follow the values, a link's label, then the question
    String executeWith(final WhatIf rpc) throws ConsoleException {
        if (values != null) {
            // options after the values (Karaf reads options only before the arguments)
            final int first = IntStream.range(0, values.size()).filter(i -> values.get(i).startsWith("--"))
                .findFirst().orElse(values.size());
            final var trailing = List.copyOf(values.subList(first, values.size()));
            values = new ArrayList<>(values.subList(0, first));
            TrailingOptions.apply(this, trailing);
        }
        if (("cut".equals(kind) || "extra-loss".equals(kind)) && values != null && !values.isEmpty()) {
            // a link by its label (the name its nodes give it, as qkd:link-list shows) or by its ID
            final var labelled = new NetworkCatalog(dataBroker).links().stream()
                .filter(row -> row.label().equals(values.getFirst())).map(NetworkCatalog.LinkRow::id).toList();
            if (labelled.size() == 1) {
                values = new ArrayList<>(values);
                values.set(0, labelled.getFirst());
            }
        }
        return ask(rpc);
    }

    // the answer in words
    String ask(final WhatIf rpc) throws ConsoleException {
        if (!(lowShare >= 0 && lowShare <= 1)) {
            throw new ConsoleException("--low-share must be in [0, 1], not " + lowShare);
        }
        final var change = change();
        final var input = Datastore.value("what-if question", () -> new WhatIfInputBuilder().setChange(change)
            .setLowSpareShare(Decimal64.valueOf(BigDecimal.valueOf(lowShare).setScale(2,
                java.math.RoundingMode.HALF_UP))).build());
        final var output = Datastore.call(rpc, input, 30, "path computation", "path computation refused");
        final var lines = new ArrayList<String>();
        final var affected = output.nonnullAffectedService().values();
        lines.add(kind + " " + String.join(" ", values) + ": " + (affected.isEmpty() ? "no key service affected"
            : affected.size() + (affected.size() == 1 ? " key service affected" : " key services affected"))
            + (output.getKeyRate() == null ? "" : "; the link's key rate would be " + output.getKeyRate()
                .getValue() + " bit/s") + planned(output.getPlannedLink()));
        for (var service : affected) {
            final var paths = service.nonnullPredictedPath().values().stream()
                .map(path -> String.join(PathCommand.HOP, path.requireHop().stream().map(NodeId::getValue)
                    .toList()))
                .toList();
            lines.add("  " + service.getServiceId() + ": " + service.getMode().getName() + " -> "
                + service.getPredictedMode().getName()
                + (paths.isEmpty() ? "" : " over " + String.join(" and ", paths))
                + (Boolean.TRUE.equals(service.getMoved()) ? " (moves)" : " (stays)")
                + (service.getPredictedReason() == null || "none".equals(service.getPredictedReason().getName())
                    ? "" : ", " + service.getPredictedReason().getName()));
        }
        final var low = output.nonnullLowSpareLink().values();
        if (!low.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "links whose spare rate would fall below %.0f %% of their rate:",
                100 * lowShare));
            for (var link : low) {
                lines.add("  " + link.getLinkId().getValue() + ": " + link.getSpareRateAfter().getValue()
                    + " of " + link.getKeyRate().getValue() + " bit/s spare (now " + link.getSpareRateBefore()
                        .getValue() + ")");
            }
        }
        return String.join("\n", lines);
    }

    // what the models predict for a planned link given by its physics
    private static String planned(final PlannedLink planned) {
        if (planned == null) {
            return "";
        }
        final var reason = planned.getNoKeyReason();
        return (reason == null || reason == NoKeyReason.None ? ""
            : " (no key: " + reason.getName() + ")")
            + (planned.getExcessNoise() != null && planned.getExcessNoise().doubleValue() > 0
                ? String.format(Locale.ROOT, "; excess noise %.4f SNU", planned.getExcessNoise().doubleValue())
                : planned.getQber() == null ? ""
                    : String.format(Locale.ROOT, "; QBER %.2f %%", 100 * planned.getQber().doubleValue()))
            + (planned.getRepeaterlessBound() == null ? "" : "; repeaterless bound "
                + planned.getRepeaterlessBound().decimalValue().setScale(0, RoundingMode.HALF_EVEN) + " bit/s");
    }

    // a planned link's key rate, or its physics when given as a length in km
    private Planning planning(final String given) {
        final var length = LENGTH.matcher(given);
        if (!length.matches()) {
            if (protocol != null || preset != null || decoy != null || parameters != null) {
                throw new IllegalArgumentException("--protocol, --preset, --decoy and --set describe a planned link "
                    + "given by its fiber length (40km), not by its key rate");
            }
            return new RateBuilder().setKeyRate(new BitRate(Uint64.valueOf(given))).build();
        }
        final var physics = new PhysicsBuilder().setFiberLengthKm(Decimal64.valueOf(new BigDecimal(length.group(1))
            .setScale(3, RoundingMode.HALF_UP)));
        if (protocol != null) {
            physics.setProtocol(known(Protocol.forName(protocol), "protocol", protocol, Protocol.values()));
        }
        if (preset != null) {
            physics.setPreset(known(Preset.forName(preset), "preset", preset, Preset.values()));
        }
        if (decoy != null) {
            physics.setDecoy(known(Decoy.forName(decoy), "decoy method", decoy, Decoy.values()));
        }
        if (parameters != null) {
            final var byName = new LinkedHashMap<ParameterKey, Parameter>();
            for (var parameter : parameters) {
                final int equals = parameter.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--set takes name=value, not '" + parameter + "'");
                }
                final var entry = new ParameterBuilder().setName(parameter.substring(0, equals))
                    .setValue(parameter.substring(equals + 1)).build();
                byName.put(entry.key(), entry);
            }
            physics.setParameter(byName);
        }
        return new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change
            .add.link.add.link.planning.PhysicsBuilder().setPhysics(physics.build()).build();
    }

    // the value, or the refusal that lists the model's names for it
    private static <T extends EnumTypeObject> T known(final T value, final String what, final String given,
            final T[] choices) {
        if (value == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + given + "' (use "
                + String.join(", ", Arrays.stream(choices).map(EnumTypeObject::getName).toList()) + ")");
        }
        return value;
    }

    private Change change() throws ConsoleException {
        final int expected = switch (kind) {
            case "cut", "node-down" -> 1;
            case "extra-loss" -> 2;
            case "add-link" -> 4;
            default -> throw new ConsoleException("unknown change '" + kind + "'; " + USAGE);
        };
        if (values == null || values.size() != expected) {
            throw new ConsoleException(kind + " takes " + expected + (expected == 1 ? " value" : " values") + "; "
                + USAGE);
        }
        return Datastore.value("change", () -> switch (kind) {
            case "cut" -> new CutLinkBuilder().setCutLink(new LinkId(values.get(0))).build();
            case "node-down" -> new NodeDownBuilder().setNodeDown(new NodeId(values.get(0))).build();
            case "extra-loss" -> new ExtraLossBuilder().setExtraLoss(new org.opendaylight.yang.gen.v1.urn.opendaylight
                .qkd.path.computation.rev261125.what._if.input.change.extra.loss.ExtraLossBuilder()
                .setLink(new LinkId(values.get(0))).setLoss(Decimal64.valueOf(new BigDecimal(values.get(1))
                    .setScale(2, java.math.RoundingMode.HALF_UP))).build()).build();
            default -> new AddLinkBuilder().setAddLink(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path
                .computation.rev261125.what._if.input.change.add.link.AddLinkBuilder()
                .setLink(new LinkId(values.get(0))).setNodeA(new NodeId(values.get(1)))
                .setNodeB(new NodeId(values.get(2))).setPlanning(planning(values.get(3))).build())
                .build();
        });
    }
}
