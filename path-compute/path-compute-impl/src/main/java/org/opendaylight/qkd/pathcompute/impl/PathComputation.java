/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.opendaylight.qkd.pathcompute.algo.Decision;
import org.opendaylight.qkd.pathcompute.algo.Demand;
import org.opendaylight.qkd.pathcompute.algo.DemandPlanner;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.algo.KeyLink;
import org.opendaylight.qkd.pathcompute.algo.KeyPolicy;
import org.opendaylight.qkd.pathcompute.algo.PathConstraints;
import org.opendaylight.qkd.pathcompute.algo.PathMetric;
import org.opendaylight.qkd.pathcompute.algo.ServiceMode;
import org.opendaylight.qkd.pathcompute.algo.WhatIf;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.qkd.pathcompute.api.LinkListener;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.PathComputeException.Problem;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.pathcompute.api.PlacementRequest;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Path computation over the mirrored topology: placements and reservations (held in memory until released, or until
 * restart), and the link changes of the mirror.
 */
final class PathComputation implements KeyPaths {
    private static final Logger LOG = LoggerFactory.getLogger(PathComputation.class);

    private final TopologyMirror topology;
    private final Map<Long, Held> reservations = new ConcurrentHashMap<>();

    PathComputation(final TopologyMirror topology) {
        this.topology = requireNonNull(topology);
    }

    @Override
    public Placement place(final PlacementRequest request, final Policy policy) throws PathComputeException {
        // read before the graph: the graph searched has at least the changes of this version
        final long version = topology.version();
        final var graph = check(request);
        final KeyPolicy keyPolicy;
        try {
            keyPolicy = toKeyPolicy(policy);
        } catch (IllegalArgumentException e) {
            throw new PathComputeException(Problem.INVALID_POLICY, "policy '" + policy.requireName().getValue()
                + "' cannot be applied: " + e.getMessage(), e);
        }
        final var demand = new Demand(request.source(), request.destination(), request.rateBps(), request.keyBits(),
            request.alternatives(), request.backup(), request.maxPaths());
        final Decision decision;
        var reservation = OptionalLong.empty();
        if (request.reserve()) {
            final var placement = DemandPlanner.place(graph.graph(), keyPolicy, demand, request.keep());
            decision = placement.decision();
            if (placement.reservation().isPresent()) {
                final var held = placement.reservation().orElseThrow();
                reservations.put(held.id(), new Held(graph.graph(), held));
                reservation = OptionalLong.of(held.id());
            }
        } else {
            decision = DemandPlanner.decide(graph.graph(), keyPolicy, demand);
        }
        final var parameterSet = decision.mode() == ServiceMode.HYBRID || decision.mode() == ServiceMode.PQC
            ? requireNonNullElse(policy.getMlKemParameterSet(), MlKemParameterSet.MlKem768) : null;
        LOG.debug("place {} -> {} at {} bit/s under {} on topology version {}: {} ({})", demand.source(),
            demand.destination(), demand.rateBps(), keyPolicy.name(), version, decision.mode(), decision.reason());
        return new Placement(decision, reservation, parameterSet, version);
    }

    /**
     * Checks a demand against the topology as it is now, without a policy.
     *
     * @param request the demand
     * @return the network it is in
     * @throws PathComputeException when the rate is not positive, both ends are one node, or the network or an end
     *     is not in the topology
     */
    NetworkGraph check(final PlacementRequest request) throws PathComputeException {
        if (request.rateBps() <= 0) {
            throw new PathComputeException(Problem.NON_POSITIVE_RATE, "rate must be a positive number of bit/s, was "
                + request.rateBps());
        }
        if (request.source().equals(request.destination())) {
            throw new PathComputeException(Problem.SAME_NODE, "source-node and destination-node are the same node '"
                + request.source() + "'");
        }
        final var graph = graph(request.networkId());
        for (var node : List.of(request.source(), request.destination())) {
            if (graph.graph().node(node).isEmpty()) {
                throw new PathComputeException(Problem.UNKNOWN_NODE, "node '" + node + "' is not in QKD network '"
                    + graph.networkId() + "'");
            }
        }
        return graph;
    }

    /**
     * A what-if question on a network's key graph as it is now; nothing changes.
     *
     * @param networkId the network, null when there is one
     * @param services the key services placed on it
     * @param change the change
     * @param lowShare the share of a link's rate below which its spare rate is reported
     * @return the answer and the topology version it was computed on
     * @throws PathComputeException when the network, or a link or node the change names, is not in the topology,
     *     or a planned link's name is taken
     */
    WhatIfAnswer whatIf(final String networkId, final List<WhatIf.Service> services, final WhatIf.Change change,
            final double lowShare) throws PathComputeException {
        final long version = topology.version();
        final var network = graph(networkId);
        final var graph = network.graph();
        switch (change) {
            case WhatIf.CutLink cut -> link(network, cut.link());
            case WhatIf.LinkRate lower -> link(network, lower.link());
            case WhatIf.NodeDown down -> node(network, down.node());
            case WhatIf.AddLink(var link) -> {
                if (graph.link(link.id()).isPresent()) {
                    throw new PathComputeException(Problem.LINK_EXISTS, "link '" + link.id() + "' is already in QKD "
                        + "network '" + network.networkId() + "'");
                }
                node(network, link.nodeA());
                node(network, link.nodeB());
            }
        }
        return new WhatIfAnswer(WhatIf.ask(graph, services, change, lowShare), version);
    }

    /**
     * A link of a network as the key graph has it now.
     *
     * @param networkId the network, null when there is one
     * @param link the link
     * @return the link
     * @throws PathComputeException when the network or the link is not in the topology
     */
    KeyLink link(final String networkId, final String link) throws PathComputeException {
        return link(graph(networkId), link);
    }

    private static KeyLink link(final NetworkGraph network, final String link) throws PathComputeException {
        return network.graph().link(link).orElseThrow(() -> new PathComputeException(Problem.UNKNOWN_LINK, "link '"
            + link + "' is not in QKD network '" + network.networkId() + "'"));
    }

    private static void node(final NetworkGraph network, final String node) throws PathComputeException {
        if (network.graph().node(node).isEmpty()) {
            throw new PathComputeException(Problem.UNKNOWN_NODE, "node '" + node + "' is not in QKD network '"
                + network.networkId() + "'");
        }
    }

    /**
     * A what-if answer.
     *
     * @param answer the affected services and the links low on rate
     * @param topologyVersion the topology version it was computed on
     */
    record WhatIfAnswer(WhatIf.Answer answer, long topologyVersion) {
    }

    private NetworkGraph graph(final String networkId) throws PathComputeException {
        if (networkId != null) {
            return topology.network(networkId).orElseThrow(() -> new PathComputeException(Problem.UNKNOWN_NETWORK,
                "network '" + networkId + "' is not a QKD network of the operational topology; QKD networks: "
                    + topology.networkIds()));
        }
        final var ids = topology.networkIds();
        if (ids.size() != 1) {
            throw new PathComputeException(Problem.UNKNOWN_NETWORK, ids.isEmpty()
                ? "the operational topology has no QKD network"
                : "network-id is required when there are several QKD networks: " + ids);
        }
        return topology.network(ids.getFirst()).orElseThrow(() -> new PathComputeException(Problem.UNKNOWN_NETWORK,
            "QKD network '" + ids.getFirst() + "' left the operational topology"));
    }

    @Override
    public boolean release(final long reservationId) {
        final var held = reservations.remove(reservationId);
        if (held == null) {
            return false;
        }
        held.graph().release(held.reservation());
        return true;
    }

    /**
     * Releases every reservation: their holders are gone (the controller member that placed them handed over).
     *
     * @return how many there were
     */
    int releaseAll() {
        int released = 0;
        for (var id : List.copyOf(reservations.keySet())) {
            if (release(id)) {
                released++;
            }
        }
        return released;
    }

    @Override
    public Registration watchLinks(final LinkListener listener) {
        return topology.watchLinks(requireNonNull(listener));
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

    private static <T> LinkedHashSet<String> strings(final Collection<T> values, final Function<T, String> name) {
        final var result = new LinkedHashSet<String>();
        if (values != null) {
            values.forEach(value -> result.add(name.apply(value)));
        }
        return result;
    }

    private static double weight(final Decimal64 value, final double absent) {
        return value == null ? absent : value.doubleValue();
    }

    private record Held(KeyGraph graph, KeyGraph.Reservation reservation) {
    }
}
