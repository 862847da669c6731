/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import java.util.List;
import java.util.Optional;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1.KeyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;

/**
 * What the orchestrator decides for a key service from its policy and what path computation answered, apart from
 * the reads and writes around it: the service's mode and why, the paths its state shows and what its nodes are to
 * hold.
 *
 * @param mode the service's mode
 * @param reason why
 * @param detail what an operator reads beside the reason, if anything
 * @param paths the paths the service's state shows; {@code null} when a refusal leaves them as they were (the nodes
 *        keep what they hold, paused)
 * @param plan what the nodes are to hold; empty when they hold nothing new
 */
record Outcome(ServiceMode mode, DecisionReason reason, @Nullable String detail, @Nullable List<Route> paths,
        Optional<SitePlan> plan) {
    /** The ML-KEM parameter set of a policy that names none. */
    static final MlKemParameterSet DEFAULT_PARAMETER_SET = MlKemParameterSet.MlKem768;

    /**
     * The service's policy does not exist: refused until it is created.
     *
     * @param policy the policy's name
     * @return the outcome
     */
    static Outcome noPolicy(final PolicyName policy) {
        return new Outcome(ServiceMode.Refused, DecisionReason.None, "policy " + policy.getValue()
            + " does not exist", null, Optional.empty());
    }

    /**
     * Path computation could not place the service: an end not in the topology (yet) falls back to post-quantum keys
     * unless the policy is QKD only; any other problem refuses it.
     *
     * @param spec the service
     * @param policy its policy
     * @param problem what path computation answered
     * @return the outcome
     */
    static Outcome notPlaced(final ServiceSpec spec, final Policy policy, final PathComputeException problem) {
        if (problem.unknownEndpoint() && policy.getMode() != PolicyMode.QkdOnly) {
            return new Outcome(ServiceMode.Pqc, DecisionReason.UnknownEndpoint, problem.getMessage(), null,
                Optional.of(sitePlan(spec, KeyMode.Pqc, null, parameterSet(policy))));
        }
        return new Outcome(ServiceMode.Refused, problem.unknownEndpoint() ? DecisionReason.UnknownEndpoint
            : DecisionReason.None, problem.getMessage(), null, Optional.empty());
    }

    /**
     * Path computation placed the service: QKD or hybrid keys relayed by the nodes' key managers over the first path
     * (one path per service), post-quantum keys with no path, or refused.
     *
     * @param spec the service
     * @param policy its policy
     * @param placement what path computation answered
     * @return the outcome
     */
    static Outcome placed(final ServiceSpec spec, final Policy policy, final Placement placement) {
        final var mode = placement.mode();
        final var parameterSet = placement.mlKemParameterSet() != null ? placement.mlKemParameterSet()
            : parameterSet(policy);
        return switch (mode) {
            case Qkd, Hybrid -> {
                // a decision in these modes has a path
                final var first = placement.decision().paths().getFirst().path();
                final var route = new Route(first.nodes(), first.links());
                yield new Outcome(mode, placement.reason(), Boolean.TRUE.equals(policy.getMultiPathXor())
                    ? "multi-path-xor: the nodes' key managers relay each key over one path" : null, List.of(route),
                    Optional.of(sitePlan(spec, mode == ServiceMode.Qkd ? KeyMode.Qkd : KeyMode.Hybrid, route,
                        parameterSet)));
            }
            case Pqc -> new Outcome(mode, placement.reason(), null, List.of(),
                Optional.of(sitePlan(spec, KeyMode.Pqc, null, parameterSet)));
            default -> new Outcome(mode, placement.reason(), null, List.of(), Optional.empty());
        };
    }

    private static MlKemParameterSet parameterSet(final Policy policy) {
        return policy.getMlKemParameterSet() == null ? DEFAULT_PARAMETER_SET : policy.getMlKemParameterSet();
    }

    // what the nodes are to do for a placed service
    private static SitePlan sitePlan(final ServiceSpec spec, final KeyMode mode, final @Nullable Route path,
            final MlKemParameterSet parameterSet) {
        return new SitePlan(spec.masterSae(), spec.slaveSae(), spec.nodeA(), spec.nodeB(),
            path == null ? List.of() : path.nodes(), path == null ? List.of() : path.links(), mode, parameterSet,
            spec.keyBits(), spec.rateBps(), spec.maxStock(), spec.additionalSlaves());
    }
}
