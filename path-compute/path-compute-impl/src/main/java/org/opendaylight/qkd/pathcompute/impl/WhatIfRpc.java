/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.Serial;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.emulator.physics.KeyRateModel;
import org.opendaylight.qkd.emulator.physics.KeyRateResult;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.pathcompute.algo.Decision;
import org.opendaylight.qkd.pathcompute.algo.DecisionReason;
import org.opendaylight.qkd.pathcompute.algo.Demand;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;
import org.opendaylight.qkd.pathcompute.algo.KeyLink;
import org.opendaylight.qkd.pathcompute.algo.KeyPath;
import org.opendaylight.qkd.pathcompute.algo.ServiceMode;
import org.opendaylight.qkd.pathcompute.algo.WhatIf;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.AddLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.CutLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.ExtraLoss;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.NodeDown;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.Physics;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.Rate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.AffectedService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.AffectedServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.LowSpareLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.LowSpareLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLink.NoKeyReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.affected.service.PredictedPath;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.affected.service.PredictedPathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The {@code what-if} RPC: the key services as the datastore has them (their demands and policies from the
 * configuration, how they are served from the operational state) and a change, answered by {@link WhatIf} on the
 * key graph as path computation has it now. Nothing is written anywhere.
 */
final class WhatIfRpc {
    private static final double DEFAULT_LOW_SHARE = 0.1;
    private static final double DEFAULT_PLANNED_QBER = 0.02;
    private static final String INVALID_PHYSICS = "invalid-physics";
    // the largest decimal64 with 4 fraction digits, about 9.2e14
    private static final double MAX_DECIMAL = Long.MAX_VALUE / 1e4;
    private static final DataObjectIdentifier<KeyServices> SERVICES = DataObjectIdentifier.builder(KeyServices.class)
        .build();
    private static final DataObjectIdentifier<QkdPolicies> POLICIES = DataObjectIdentifier.builder(QkdPolicies.class)
        .build();

    private final DataBroker dataBroker;
    private final PathComputation paths;

    WhatIfRpc(final DataBroker dataBroker, final PathComputation paths) {
        this.dataBroker = dataBroker;
        this.paths = paths;
    }

    org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIf whatIf() {
        return this::ask;
    }

    private ListenableFuture<RpcResult<WhatIfOutput>> ask(final WhatIfInput input) {
        final var networkId = input.getNetworkId() == null ? null : input.getNetworkId().getValue();
        final double lowShare = input.getLowSpareShare() == null ? DEFAULT_LOW_SHARE
            : input.getLowSpareShare().doubleValue();
        final Question question;
        try {
            question = question(input, networkId);
        } catch (Unanswerable e) {
            return KeyPathRpcs.failed(e.appTag, e.getMessage());
        } catch (PathComputeException e) {
            return KeyPathRpcs.failed(e.problem().appTag(), e.getMessage());
        }
        // a transaction per datastore: one is bound to the first it reads
        final var configTx = dataBroker.newReadOnlyTransaction();
        final var stateTx = dataBroker.newReadOnlyTransaction();
        final var config = configTx.read(LogicalDatastoreType.CONFIGURATION, SERVICES);
        final var policies = configTx.read(LogicalDatastoreType.CONFIGURATION, POLICIES);
        final var state = stateTx.read(LogicalDatastoreType.OPERATIONAL, SERVICES);
        configTx.close();
        stateTx.close();
        return Futures.whenAllComplete(config, state, policies).call(() -> {
            final List<WhatIf.Service> services;
            try {
                services = services(Futures.getDone(config), Futures.getDone(state), Futures.getDone(policies));
            } catch (ExecutionException e) {
                // the datastore did not answer: an RPC error, not an exception out of the RPC
                return RpcResultBuilder.<WhatIfOutput>failed().withError(ErrorType.APPLICATION,
                    ErrorTag.OPERATION_FAILED, "the key services could not be read: " + e.getCause().getMessage(),
                    null, null, e.getCause()).build();
            }
            try {
                return RpcResultBuilder.success(output(paths.whatIf(networkId, services, question.change(), lowShare),
                    question.keyRate(), question.predicted())).build();
            } catch (PathComputeException e) {
                return KeyPathRpcs.<WhatIfOutput>failedResult(e.problem().appTag(), e.getMessage());
            }
        }, MoreExecutors.directExecutor());
    }

    // a what-if question in path computation's terms: the change, the key rate it gives a link (extra loss, a
    // planned link) and what the physics predict for a planned link
    private record Question(WhatIf.Change change, @Nullable Long keyRate, @Nullable PlannedLinkBuilder predicted) {
    }

    // why a question cannot be asked: the RPC error's app-tag and message
    private static final class Unanswerable extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String appTag;

        Unanswerable(final String appTag, final String message) {
            super(message);
            this.appTag = appTag;
        }

        Unanswerable(final String appTag, final String message, final Throwable cause) {
            super(message, cause);
            this.appTag = appTag;
        }
    }

    private Question question(final WhatIfInput input, final @Nullable String networkId) throws Unanswerable,
            PathComputeException {
        return switch (input.getChange()) {
            case CutLink cut -> new Question(new WhatIf.CutLink(cut.getCutLink().getValue()), null, null);
            case NodeDown down -> new Question(new WhatIf.NodeDown(down.getNodeDown().getValue()), null, null);
            case ExtraLoss extra -> {
                final var loss = extra.getExtraLoss();
                final var link = paths.link(networkId, loss.getLink().getValue());
                final long keyRate = Math.round(link.keyRateBps() * Math.pow(10, -loss.getLoss().doubleValue() / 10));
                yield new Question(new WhatIf.LinkRate(link.id(), keyRate), keyRate, null);
            }
            case AddLink add -> addLink(add.getAddLink());
            case null, default -> throw new Unanswerable("unknown-change", "a change is required: cut-link, "
                + "node-down, extra-loss or add-link");
        };
    }

    // a planned link: its key rate given, or predicted from its physics
    private static Question addLink(final org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation
            .rev261125.what._if.input.change.add.link.AddLink planned) throws Unanswerable {
        if (planned.getNodeA().equals(planned.getNodeB())) {
            throw new Unanswerable(KeyPathRpcs.SAME_NODE, "a planned link joins two different nodes, not '"
                + planned.getNodeA().getValue() + "' to itself");
        }
        final long keyRate;
        final double qber;
        PlannedLinkBuilder predicted = null;
        switch (planned.getPlanning()) {
            case Rate given when given.getKeyRate() != null -> {
                keyRate = given.getKeyRate().getValue().longValue();
                qber = given.getQber() == null ? DEFAULT_PLANNED_QBER : given.getQber().doubleValue();
            }
            case Physics physics -> {
                final PlannedLink link;
                try {
                    link = plannedLink(physics.getPhysics());
                } catch (IllegalArgumentException e) {
                    throw new Unanswerable(INVALID_PHYSICS, "the planned link's physics: " + e.getMessage(), e);
                }
                final var estimate = link.evaluate();
                keyRate = Math.round(link.effectiveKeyRateBps(estimate));
                qber = estimate.qber();
                predicted = predicted(link, estimate);
            }
            case null, default -> throw new Unanswerable("missing-planning", "a planned link needs its key-rate or "
                + "its physics");
        }
        return new Question(new WhatIf.AddLink(KeyLink.up(planned.getLink().getValue(), planned.getNodeA().getValue(),
            planned.getNodeB().getValue(), keyRate, qber)), keyRate, predicted);
    }

    // the services that are placed: a known policy, a mode in the operational state, paths when it uses QKD
    private static List<WhatIf.Service> services(final Optional<KeyServices> config,
            final Optional<KeyServices> state, final Optional<QkdPolicies> policies) {
        final Map<String, Policy> byName = new HashMap<>();
        policies.ifPresent(all -> all.nonnullPolicy().values()
            .forEach(policy -> byName.put(policy.requireName().getValue(), policy)));
        final var services = new ArrayList<WhatIf.Service>();
        if (config.isEmpty()) {
            return services;
        }
        final var operational = state.map(KeyServices::nonnullKeyService).orElse(Map.of());
        for (var service : config.orElseThrow().nonnullKeyService().values()) {
            final var placed = operational.get(service.key());
            final var policy = service.getPolicy() == null ? null : byName.get(service.getPolicy().getValue());
            if (placed == null || placed.getState() == null || placed.getState().getMode() == null || policy == null
                    || service.getSaeA() == null || service.getSaeB() == null) {
                continue;
            }
            current(placed).ifPresent(decision -> {
                try {
                    services.add(new WhatIf.Service(service.getServiceId(), demand(service),
                        PathComputation.toKeyPolicy(policy), decision));
                } catch (IllegalArgumentException e) {
                    // a policy that cannot be applied, or a demand path computation would refuse: not placed
                }
            });
        }
        return services;
    }

    private static Demand demand(final KeyService service) {
        return new Demand(service.getSaeA().requireNode().getValue(), service.getSaeB().requireNode().getValue(),
            service.requireRequiredRate().getValue().longValue(),
            service.getKeySize() == null ? 256 : service.getKeySize().getValue().longValue(), 0, false, 1);
    }

    // how a service is served now, as its operational state says; empty while pending
    private static Optional<Decision> current(final KeyService placed) {
        final var mode = switch (placed.getState().getMode()) {
            case Qkd -> ServiceMode.QKD;
            case Hybrid -> ServiceMode.HYBRID;
            case Pqc -> ServiceMode.PQC;
            case Refused -> ServiceMode.REFUSED;
            case Pending -> null;
        };
        if (mode == null) {
            return Optional.empty();
        }
        final var shares = new ArrayList<PathShare>();
        for (var path : placed.getState().nonnullPath().values()) {
            if (path.getRate() == null || path.getHop() == null || path.getLink() == null) {
                return Optional.empty();
            }
            shares.add(new PathShare(new KeyPath(path.getHop().stream().map(hop -> hop.getValue()).toList(),
                path.getLink().stream().map(LinkId::getValue).toList(), 0), path.getRate().getValue().longValue()));
        }
        try {
            return Optional.of(new Decision(mode, DecisionReason.NONE, shares, Optional.empty(), DecisionReason.NONE,
                List.of()));
        } catch (IllegalArgumentException e) {
            // a mode and paths that do not go together (a state being rewritten): not counted as placed
            return Optional.empty();
        }
    }

    // a planned link from its physics; IllegalArgumentException naming what does not fit
    private static PlannedLink plannedLink(
            final org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change
                .add.link.add.link.planning.physics.Physics physics) {
        final var parameters = new HashMap<String, Double>();
        for (var parameter : physics.nonnullParameter().values()) {
            final double value;
            try {
                value = Double.parseDouble(parameter.requireValue());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter '" + parameter.requireName() + "' is not a number: "
                    + parameter.requireValue(), e);
            }
            parameters.put(parameter.requireName(), value);
        }
        return PlannedLink.of(physics.getPreset() == null ? null : physics.getPreset().getName(),
            physics.getProtocol() == null ? null : physics.getProtocol().getName(),
            physics.getDecoy() == null ? null : physics.getDecoy().getName(),
            physics.requireFiberLengthKm().doubleValue(), parameters);
    }

    // what the models predict for a planned link, beside its key rate
    private static PlannedLinkBuilder predicted(final PlannedLink link, final KeyRateResult estimate) {
        final var reason = switch (estimate.abort()) {
            case NONE -> NoKeyReason.None;
            case QBER_ABOVE_THRESHOLD -> NoKeyReason.QberAboveThreshold;
            case EXCESS_NOISE_ABOVE_THRESHOLD -> NoKeyReason.ExcessNoiseAboveThreshold;
            // a planned link is not cut
            case NO_SECRET_KEY, LINK_CUT -> NoKeyReason.NoSecretKey;
        };
        final var answer = new PlannedLinkBuilder().setQber(decimal(estimate.qber()))
            .setExcessNoise(decimal(estimate.excessNoise())).setNoKeyReason(reason);
        // none over a lossless span, where the bound is infinite
        final double bound = KeyRateModel.repeaterlessBound(link.physics()) * link.physics().sourceRateHz();
        if (bound < MAX_DECIMAL) {
            answer.setRepeaterlessBound(decimal(bound));
        }
        return answer;
    }

    private static Decimal64 decimal(final double value) {
        return Decimal64.valueOf(BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN));
    }

    private static WhatIfOutput output(final PathComputation.WhatIfAnswer whatIf, final Long keyRate,
            final PlannedLinkBuilder planned) {
        final var output = new WhatIfOutputBuilder().setTopologyVersion(Uint64.valueOf(whatIf.topologyVersion()));
        if (keyRate != null) {
            output.setKeyRate(new BitRate(Uint64.valueOf(keyRate)));
        }
        if (planned != null) {
            output.setPlannedLink(planned.build());
        }
        final var affected = new ArrayList<AffectedService>();
        for (var outcome : whatIf.answer().affected()) {
            final var after = outcome.after();
            final var predicted = new ArrayList<PredictedPath>();
            for (var share : after.paths()) {
                predicted.add(new PredictedPathBuilder().setIndex(Uint8.valueOf(predicted.size()))
                    .setHop(KeyPathRpcs.hops(share.path())).setLink(KeyPathRpcs.links(share.path()))
                    .setCost(KeyPathRpcs.cost(share.path())).setRate(new BitRate(Uint64.valueOf(share.rateBps())))
                    .build());
            }
            final var service = new AffectedServiceBuilder().setServiceId(outcome.service())
                .setMode(mode(outcome.before().mode())).setPredictedMode(mode(after.mode()))
                .setPredictedReason(org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason
                    .ofName(Placement.yangName(after.reason())))
                .setMoved(outcome.moved());
            if (!predicted.isEmpty()) {
                service.setPredictedPath(predicted.stream().collect(BindingMap.toOrderedMap()));
            }
            affected.add(service.build());
        }
        if (!affected.isEmpty()) {
            output.setAffectedService(affected.stream().collect(BindingMap.toOrderedMap()));
        }
        final var low = new ArrayList<LowSpareLink>();
        for (var link : whatIf.answer().lowOnRate()) {
            low.add(new LowSpareLinkBuilder().setLinkId(new LinkId(link.link()))
                .setKeyRate(new BitRate(Uint64.valueOf(link.keyRateBps())))
                .setSpareRateBefore(new BitRate(Uint64.valueOf(link.spareBeforeBps())))
                .setSpareRateAfter(new BitRate(Uint64.valueOf(link.spareAfterBps()))).build());
        }
        if (!low.isEmpty()) {
            output.setLowSpareLink(low.stream().collect(BindingMap.toOrderedMap()));
        }
        return output.build();
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode mode(
            final ServiceMode mode) {
        return org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode.ofName(
            Placement.yangName(mode));
    }
}
