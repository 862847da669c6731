/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import static java.util.Objects.requireNonNullElse;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.pathcompute.algo.KeyPath;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.PathComputeException.Problem;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.pathcompute.api.PlacementRequest;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPath;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ReleaseKeyPath;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ReleaseKeyPathInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ReleaseKeyPathOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ReleaseKeyPathOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.Alternative;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.AlternativeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.BackupPathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.Path;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
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
 * The {@code compute-key-path} and {@code release-key-path} RPCs: a thin layer over {@link PathComputation} (the
 * {@link KeyPaths} of the controller's bundles) that reads the
 * named policy from the configuration datastore. Input errors are RPC errors of type application, tag
 * {@code invalid-value}, with an error-app-tag naming the problem and a message naming the value.
 */
final class KeyPathRpcs {
    static final String NON_POSITIVE_RATE = Problem.NON_POSITIVE_RATE.appTag();
    static final String SAME_NODE = Problem.SAME_NODE.appTag();
    static final String UNKNOWN_NETWORK = Problem.UNKNOWN_NETWORK.appTag();
    static final String UNKNOWN_NODE = Problem.UNKNOWN_NODE.appTag();
    static final String UNKNOWN_POLICY = "unknown-policy";
    static final String INVALID_POLICY = Problem.INVALID_POLICY.appTag();
    static final String UNKNOWN_RESERVATION = "unknown-reservation";

    private static final int COST_DIGITS = 6;

    private final DataBroker dataBroker;
    private final PathComputation paths;

    KeyPathRpcs(final DataBroker dataBroker, final PathComputation paths) {
        this.dataBroker = dataBroker;
        this.paths = paths;
    }

    PathComputation paths() {
        return paths;
    }

    ComputeKeyPath computeKeyPath() {
        return this::compute;
    }

    ReleaseKeyPath releaseKeyPath() {
        return this::release;
    }

    private ListenableFuture<RpcResult<ComputeKeyPathOutput>> compute(final ComputeKeyPathInput input) {
        final var request = new PlacementRequest(input.getNetworkId() == null ? null : input.getNetworkId().getValue(),
            input.getSourceNode() == null ? "" : input.getSourceNode().getValue(),
            input.getDestinationNode() == null ? "" : input.getDestinationNode().getValue(),
            requireNonNullElse(input.getRate(), 0L),
            input.getKeySize() == null ? 256 : input.getKeySize().getValue().longValue(),
            input.getAlternatives() == null ? 0 : input.getAlternatives().intValue(),
            Boolean.TRUE.equals(input.getBackup()), input.getMaxPaths() == null ? 1 : input.getMaxPaths().intValue(),
            Boolean.TRUE.equals(input.getReserve()), List.of());
        try {
            // the demand's errors first, then the policy's
            paths.check(request);
        } catch (PathComputeException e) {
            return failed(e.problem().appTag(), e.getMessage());
        }
        final var policyName = input.getPolicy() == null ? "" : input.getPolicy().getValue();
        if (input.getPolicy() == null) {
            return failed(UNKNOWN_POLICY, "policy is required");
        }
        final var policyId = DataObjectIdentifier.builder(QkdPolicies.class)
            .child(Policy.class, new PolicyKey(input.getPolicy())).build();
        try (var tx = dataBroker.newReadOnlyTransaction()) {
            return Futures.transform(tx.read(LogicalDatastoreType.CONFIGURATION, policyId), policy -> {
                if (policy.isEmpty()) {
                    return failedResult(UNKNOWN_POLICY, "policy '" + policyName + "' is not configured");
                }
                try {
                    return RpcResultBuilder.success(output(paths.place(request, policy.orElseThrow()),
                        request.backup())).build();
                } catch (PathComputeException e) {
                    return failedResult(e.problem().appTag(), e.getMessage());
                }
            }, MoreExecutors.directExecutor());
        }
    }

    private static ComputeKeyPathOutput output(final Placement placement, final boolean backupAsked) {
        final var decision = placement.decision();
        final var output = new ComputeKeyPathOutputBuilder()
            .setMode(placement.mode())
            .setReason(placement.reason())
            .setMlKemParameterSet(placement.mlKemParameterSet())
            .setTopologyVersion(Uint64.valueOf(placement.topologyVersion()));
        placement.reservation().ifPresent(id -> output.setReservationId(Uint64.valueOf(id)));
        final var shares = new ArrayList<Path>();
        for (var share : decision.paths()) {
            final var path = share.path();
            shares.add(new PathBuilder().setIndex(Uint8.valueOf(shares.size())).setHop(hops(path))
                .setLink(links(path)).setCost(cost(path)).setRate(new BitRate(Uint64.valueOf(share.rateBps())))
                .build());
        }
        if (!shares.isEmpty()) {
            output.setPath(shares.stream().collect(BindingMap.toOrderedMap()));
        }
        decision.backup().ifPresent(backup -> output.setBackupPath(new BackupPathBuilder().setHop(hops(backup))
            .setLink(links(backup)).setCost(cost(backup)).build()));
        if (backupAsked) {
            output.setBackupReason(DecisionReason.ofName(Placement.yangName(decision.backupReason())));
        }
        final var alternatives = new ArrayList<Alternative>();
        for (var path : decision.alternatives()) {
            alternatives.add(new AlternativeBuilder().setIndex(Uint8.valueOf(alternatives.size())).setHop(hops(path))
                .setLink(links(path)).setCost(cost(path)).build());
        }
        if (!alternatives.isEmpty()) {
            output.setAlternative(alternatives.stream().collect(BindingMap.toOrderedMap()));
        }
        return output.build();
    }

    private ListenableFuture<RpcResult<ReleaseKeyPathOutput>> release(final ReleaseKeyPathInput input) {
        final var id = input.getReservationId();
        if (id == null || !paths.release(id.longValue())) {
            return Futures.immediateFuture(RpcResultBuilder.<ReleaseKeyPathOutput>failed()
                .withError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, "reservation " + id
                    + " does not exist or was already released", UNKNOWN_RESERVATION, null, null).build());
        }
        return Futures.immediateFuture(RpcResultBuilder.success(new ReleaseKeyPathOutputBuilder().build()).build());
    }

    static List<NodeId> hops(final KeyPath path) {
        return path.nodes().stream().map(NodeId::new).toList();
    }

    static List<LinkId> links(final KeyPath path) {
        return path.links().stream().map(LinkId::new).toList();
    }

    static Decimal64 cost(final KeyPath path) {
        return Decimal64.valueOf(BigDecimal.valueOf(path.cost()).setScale(COST_DIGITS, RoundingMode.HALF_UP));
    }

    static <T> ListenableFuture<RpcResult<T>> failed(final String appTag, final String message) {
        return Futures.immediateFuture(failedResult(appTag, message));
    }

    static <T> RpcResult<T> failedResult(final String appTag, final String message) {
        return RpcResultBuilder.<T>failed().withError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, message, appTag,
            null, null).build();
    }
}
