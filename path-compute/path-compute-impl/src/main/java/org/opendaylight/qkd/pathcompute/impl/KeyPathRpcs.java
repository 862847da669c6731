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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.pathcompute.algo.Decision;
import org.opendaylight.qkd.pathcompute.algo.Demand;
import org.opendaylight.qkd.pathcompute.algo.DemandPlanner;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.algo.KeyPath;
import org.opendaylight.qkd.pathcompute.algo.KeyPolicy;
import org.opendaylight.qkd.pathcompute.algo.PathConstraints;
import org.opendaylight.qkd.pathcompute.algo.PathMetric;
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
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code compute-key-path} and {@code release-key-path} RPCs over the mirrored topology and the configured
 * policies. Input errors are RPC errors of type application, tag {@code invalid-value}, with an error-app-tag naming
 * the problem and a message naming the value. Reservations live in memory until released (or until restart).
 */
final class KeyPathRpcs {
    static final String NON_POSITIVE_RATE = "non-positive-rate";
    static final String SAME_NODE = "same-node";
    static final String UNKNOWN_NETWORK = "unknown-network";
    static final String UNKNOWN_NODE = "unknown-node";
    static final String UNKNOWN_POLICY = "unknown-policy";
    static final String INVALID_POLICY = "invalid-policy";
    static final String UNKNOWN_RESERVATION = "unknown-reservation";

    private static final Logger LOG = LoggerFactory.getLogger(KeyPathRpcs.class);
    private static final int COST_DIGITS = 6;

    private final DataBroker dataBroker;
    private final TopologyMirror topology;
    private final Map<Long, Held> reservations = new ConcurrentHashMap<>();

    KeyPathRpcs(final DataBroker dataBroker, final TopologyMirror topology) {
        this.dataBroker = dataBroker;
        this.topology = topology;
    }

    ComputeKeyPath computeKeyPath() {
        return this::compute;
    }

    ReleaseKeyPath releaseKeyPath() {
        return this::release;
    }

    private ListenableFuture<RpcResult<ComputeKeyPathOutput>> compute(final ComputeKeyPathInput input) {
        final long rate = requireNonNullElse(input.getRate(), 0L);
        if (rate <= 0) {
            return failed(NON_POSITIVE_RATE, "rate must be a positive number of bit/s, was " + input.getRate());
        }
        final var source = input.getSourceNode() == null ? "" : input.getSourceNode().getValue();
        final var destination = input.getDestinationNode() == null ? "" : input.getDestinationNode().getValue();
        if (source.equals(destination)) {
            return failed(SAME_NODE, "source-node and destination-node are the same node '" + source + "'");
        }
        final String networkId;
        if (input.getNetworkId() != null) {
            networkId = input.getNetworkId().getValue();
            if (topology.graph(networkId).isEmpty()) {
                return failed(UNKNOWN_NETWORK, "network '" + networkId
                    + "' is not a QKD network of the operational topology; QKD networks: " + topology.networkIds());
            }
        } else {
            final var ids = topology.networkIds();
            if (ids.size() != 1) {
                return failed(UNKNOWN_NETWORK, ids.isEmpty() ? "the operational topology has no QKD network"
                    : "network-id is required when there are several QKD networks: " + ids);
            }
            networkId = ids.get(0);
        }
        final var graph = topology.graph(networkId).orElseThrow();
        for (var node : List.of(source, destination)) {
            if (graph.node(node).isEmpty()) {
                return failed(UNKNOWN_NODE, "node '" + node + "' is not in QKD network '" + networkId + "'");
            }
        }
        final var policyName = input.getPolicy() == null ? "" : input.getPolicy().getValue();
        final var policyId = DataObjectIdentifier.builder(QkdPolicies.class)
            .child(Policy.class, new PolicyKey(input.getPolicy())).build();
        final ListenableFuture<RpcResult<ComputeKeyPathOutput>> answer;
        try (var tx = dataBroker.newReadOnlyTransaction()) {
            answer = Futures.transform(tx.read(LogicalDatastoreType.CONFIGURATION, policyId), policy -> {
                if (policy.isEmpty()) {
                    return failedResult(UNKNOWN_POLICY, "policy '" + policyName + "' is not configured");
                }
                final KeyPolicy keyPolicy;
                try {
                    keyPolicy = toKeyPolicy(policy.orElseThrow());
                } catch (IllegalArgumentException e) {
                    return failedResult(INVALID_POLICY, "policy '" + policyName + "' cannot be applied: "
                        + e.getMessage());
                }
                final var demand = new Demand(source, destination, rate,
                    input.getKeySize() == null ? 256 : input.getKeySize().getValue().longValue(),
                    input.getAlternatives() == null ? 0 : input.getAlternatives().intValue(),
                    Boolean.TRUE.equals(input.getBackup()),
                    input.getMaxPaths() == null ? 1 : input.getMaxPaths().intValue());
                return RpcResultBuilder.success(answer(graph, keyPolicy, policy.orElseThrow(), demand,
                    Boolean.TRUE.equals(input.getReserve()))).build();
            }, MoreExecutors.directExecutor());
        }
        return answer;
    }

    private ComputeKeyPathOutput answer(final KeyGraph graph, final KeyPolicy policy, final Policy configured,
            final Demand demand, final boolean reserve) {
        final Decision decision;
        final var output = new ComputeKeyPathOutputBuilder();
        if (reserve) {
            final var placement = DemandPlanner.place(graph, policy, demand);
            decision = placement.decision();
            placement.reservation().ifPresent(reservation -> {
                reservations.put(reservation.id(), new Held(graph, reservation));
                output.setReservationId(Uint64.valueOf(reservation.id()));
            });
        } else {
            decision = DemandPlanner.decide(graph, policy, demand);
        }
        output.setMode(ServiceMode.ofName(yangName(decision.mode())))
            .setReason(DecisionReason.ofName(yangName(decision.reason())));
        if (decision.mode() == org.opendaylight.qkd.pathcompute.algo.ServiceMode.HYBRID
                || decision.mode() == org.opendaylight.qkd.pathcompute.algo.ServiceMode.PQC) {
            output.setMlKemParameterSet(requireNonNullElse(configured.getMlKemParameterSet(),
                MlKemParameterSet.MlKem768));
        }
        final var paths = new ArrayList<Path>();
        for (var share : decision.paths()) {
            final var path = share.path();
            paths.add(new PathBuilder().setIndex(Uint8.valueOf(paths.size())).setHop(hops(path)).setLink(links(path))
                .setCost(cost(path)).setRate(new BitRate(Uint64.valueOf(share.rateBps()))).build());
        }
        if (!paths.isEmpty()) {
            output.setPath(paths.stream().collect(BindingMap.toOrderedMap()));
        }
        decision.backup().ifPresent(backup -> output.setBackupPath(new BackupPathBuilder().setHop(hops(backup))
            .setLink(links(backup)).setCost(cost(backup)).build()));
        if (demand.backup()) {
            output.setBackupReason(DecisionReason.ofName(yangName(decision.backupReason())));
        }
        final var alternatives = new ArrayList<Alternative>();
        for (var path : decision.alternatives()) {
            alternatives.add(new AlternativeBuilder().setIndex(Uint8.valueOf(alternatives.size())).setHop(hops(path))
                .setLink(links(path)).setCost(cost(path)).build());
        }
        if (!alternatives.isEmpty()) {
            output.setAlternative(alternatives.stream()
                .collect(BindingMap.toOrderedMap()));
        }
        LOG.debug("compute-key-path {} -> {} at {} bit/s under {}: {} ({})", demand.source(), demand.destination(),
            demand.rateBps(), policy.name(), decision.mode(), decision.reason());
        return output.build();
    }

    private ListenableFuture<RpcResult<ReleaseKeyPathOutput>> release(final ReleaseKeyPathInput input) {
        final var id = input.getReservationId();
        final var held = id == null ? null : reservations.remove(id.longValue());
        if (held == null) {
            return Futures.immediateFuture(RpcResultBuilder.<ReleaseKeyPathOutput>failed()
                .withError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, "reservation " + id
                    + " does not exist or was already released", UNKNOWN_RESERVATION, null, null).build());
        }
        held.graph().release(held.reservation());
        return Futures.immediateFuture(RpcResultBuilder.success(new ReleaseKeyPathOutputBuilder().build()).build());
    }

    /**
     * Converts a configured policy into what path computation applies.
     *
     * @param policy the configured policy
     * @return the policy
     * @throws IllegalArgumentException when its constraints contradict each other
     */
    static KeyPolicy toKeyPolicy(final Policy policy) {
        final var mode = switch (policy.requireMode()) {
            case QkdOnly -> org.opendaylight.qkd.pathcompute.algo.PolicyMode.QKD_ONLY;
            case QkdPreferredPqcFallback -> org.opendaylight.qkd.pathcompute.algo.PolicyMode.QKD_PREFERRED_PQC_FALLBACK;
            case Hybrid -> org.opendaylight.qkd.pathcompute.algo.PolicyMode.HYBRID;
            case PqcOnly -> org.opendaylight.qkd.pathcompute.algo.PolicyMode.PQC_ONLY;
        };
        final var builder = PathConstraints.builder(1)
            .maxHops(policy.getMaxHops() == null ? PathConstraints.UNLIMITED_HOPS : policy.getMaxHops().intValue())
            .maxLinkQber(policy.getMaxLinkQber() == null ? 1 : policy.getMaxLinkQber().getValue().doubleValue())
            .allowDegraded(requireNonNullElse(policy.getAllowDegradedLinks(), true))
            .excludedNodes(strings(policy.getExcludedNode(), NodeId::getValue))
            .excludedOperators(strings(policy.getExcludedOperator(), operator -> operator.getValue()))
            .excludedJurisdictions(strings(policy.getExcludedJurisdiction(), place -> place.getValue()))
            .requiredNodes(List.copyOf(strings(policy.getRequiredNode(), NodeId::getValue)));
        final var metric = policy.getMetric();
        if (metric != null) {
            builder.metric(new PathMetric(weight(metric.getHopWeight(), 1), weight(metric.getQberWeight(), 0),
                weight(metric.getRateWeight(), 0)));
        }
        return new KeyPolicy(policy.requireName().getValue(), mode, builder.build());
    }

    private static <T> LinkedHashSet<String> strings(final Collection<T> values,
            final Function<T, String> name) {
        final var result = new LinkedHashSet<String>();
        if (values != null) {
            values.forEach(value -> result.add(name.apply(value)));
        }
        return result;
    }

    private static double weight(final Decimal64 value, final double absent) {
        return value == null ? absent : value.doubleValue();
    }

    static String yangName(final Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static List<NodeId> hops(final KeyPath path) {
        return path.nodes().stream().map(NodeId::new).toList();
    }

    private static List<LinkId> links(final KeyPath path) {
        return path.links().stream().map(LinkId::new).toList();
    }

    private static Decimal64 cost(final KeyPath path) {
        return Decimal64.valueOf(BigDecimal.valueOf(path.cost()).setScale(COST_DIGITS, RoundingMode.HALF_UP));
    }

    private static <T> ListenableFuture<RpcResult<T>> failed(final String appTag, final String message) {
        return Futures.immediateFuture(failedResult(appTag, message));
    }

    private static <T> RpcResult<T> failedResult(final String appTag, final String message) {
        return RpcResultBuilder.<T>failed().withError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, message, appTag,
            null, null).build();
    }

    private record Held(KeyGraph graph, KeyGraph.Reservation reservation) {
    }
}
