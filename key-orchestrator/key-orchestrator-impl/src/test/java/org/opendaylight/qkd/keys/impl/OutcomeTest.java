/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.qkd.model.testing.QkdTopology.policy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.pathcompute.algo.Decision;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;
import org.opendaylight.qkd.pathcompute.algo.KeyPath;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.PathComputeException.Problem;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1.KeyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;

/**
 * The orchestrator's decision for a key service, from its policy and path computation's answer, without a datastore.
 */
class OutcomeTest {
    private static final ServiceSpec SPEC = new ServiceSpec("vpn", "sae-a", "sae-b", "a", "b", 256, 25_600, 1024,
        List.of());
    private static final KeyPath VIA_R = new KeyPath(List.of("a", "r", "b"), List.of("a-r", "r-b"), 2);
    private static final KeyPath VIA_S = new KeyPath(List.of("a", "s", "b"), List.of("a-s", "s-b"), 3);

    @Test
    void qkdRelaysOverTheFirstPathOnly() {
        final var outcome = Outcome.placed(SPEC, policy("split", PolicyMode.QkdPreferredPqcFallback)
            .setMultiPathXor(true).build(), placement(org.opendaylight.qkd.pathcompute.algo.ServiceMode.QKD,
                List.of(VIA_R, VIA_S), null));
        assertEquals(ServiceMode.Qkd, outcome.mode());
        assertEquals(DecisionReason.None, outcome.reason());
        assertEquals(List.of(new Route(VIA_R.nodes(), VIA_R.links())), outcome.paths());
        // multi-path XOR asked, one path relayed: the operator reads why
        assertTrue(outcome.detail().startsWith("multi-path-xor"), outcome.detail());
        assertEquals(Optional.of(new SitePlan("sae-a", "sae-b", "a", "b", VIA_R.nodes(), VIA_R.links(), KeyMode.Qkd,
            Outcome.DEFAULT_PARAMETER_SET, 256, 25_600, 1024, List.of())), outcome.plan());
    }

    @Test
    void hybridTakesThePolicysParameterSetUnlessPathComputationNamedOne() {
        final var policy = policy("mixed", PolicyMode.Hybrid).setMlKemParameterSet(MlKemParameterSet.MlKem1024)
            .build();
        final var fromPolicy = Outcome.placed(SPEC, policy, placement(
            org.opendaylight.qkd.pathcompute.algo.ServiceMode.HYBRID, List.of(VIA_S), null));
        assertEquals(ServiceMode.Hybrid, fromPolicy.mode());
        assertNull(fromPolicy.detail());
        final var plan = fromPolicy.plan().orElseThrow();
        assertEquals(KeyMode.Hybrid, plan.mode());
        assertEquals(VIA_S.nodes(), plan.hops());
        assertEquals(MlKemParameterSet.MlKem1024, plan.parameterSet());
        assertEquals(MlKemParameterSet.MlKem512, Outcome.placed(SPEC, policy, placement(
            org.opendaylight.qkd.pathcompute.algo.ServiceMode.HYBRID, List.of(VIA_S), MlKemParameterSet.MlKem512))
            .plan().orElseThrow().parameterSet());
    }

    @Test
    void pqcHasNoPathAndRefusedNothingForTheNodes() {
        final var pqc = Outcome.placed(SPEC, policy("fallback", PolicyMode.QkdPreferredPqcFallback).build(),
            placement(org.opendaylight.qkd.pathcompute.algo.ServiceMode.PQC, List.of(), null));
        assertEquals(ServiceMode.Pqc, pqc.mode());
        assertEquals(List.of(), pqc.paths());
        assertEquals(KeyMode.Pqc, pqc.plan().orElseThrow().mode());
        assertEquals(List.of(), pqc.plan().orElseThrow().hops());

        final var refused = Outcome.placed(SPEC, policy("strict", PolicyMode.QkdOnly).build(),
            placement(org.opendaylight.qkd.pathcompute.algo.ServiceMode.REFUSED, List.of(), null));
        assertEquals(ServiceMode.Refused, refused.mode());
        assertEquals(List.of(), refused.paths());
        assertEquals(Optional.empty(), refused.plan());
    }

    @Test
    void anEndNotInTheTopologyFallsBackUnlessQkdOnly() {
        final var unknown = new PathComputeException(Problem.UNKNOWN_NODE, "node b is not in network qkd");
        final var fallback = Outcome.notPlaced(SPEC, policy("fallback", PolicyMode.QkdPreferredPqcFallback).build(),
            unknown);
        assertEquals(ServiceMode.Pqc, fallback.mode());
        assertEquals(DecisionReason.UnknownEndpoint, fallback.reason());
        assertEquals("node b is not in network qkd", fallback.detail());
        assertEquals(KeyMode.Pqc, fallback.plan().orElseThrow().mode());
        // a refusal leaves the paths shown as they were
        assertNull(fallback.paths());

        final var strict = Outcome.notPlaced(SPEC, policy("strict", PolicyMode.QkdOnly).build(), unknown);
        assertEquals(ServiceMode.Refused, strict.mode());
        assertEquals(DecisionReason.UnknownEndpoint, strict.reason());
        assertEquals(Optional.empty(), strict.plan());

        final var other = Outcome.notPlaced(SPEC, policy("fallback", PolicyMode.QkdPreferredPqcFallback).build(),
            new PathComputeException(Problem.INVALID_POLICY, "max-hops 0"));
        assertEquals(ServiceMode.Refused, other.mode());
        assertEquals(DecisionReason.None, other.reason());
        assertEquals("max-hops 0", other.detail());
        assertNull(other.paths());
    }

    @Test
    void aMissingPolicyRefusesAndSaysWhich() {
        final var outcome = Outcome.noPolicy(new PolicyName("gold"));
        assertEquals(ServiceMode.Refused, outcome.mode());
        assertEquals("policy gold does not exist", outcome.detail());
        assertNull(outcome.paths());
        assertEquals(Optional.empty(), outcome.plan());
    }

    private static Placement placement(final org.opendaylight.qkd.pathcompute.algo.ServiceMode mode,
            final List<KeyPath> paths, final MlKemParameterSet parameterSet) {
        return new Placement(new Decision(mode, org.opendaylight.qkd.pathcompute.algo.DecisionReason.NONE,
            paths.stream().map(path -> new PathShare(path, 25_600)).toList(), Optional.empty(),
            org.opendaylight.qkd.pathcompute.algo.DecisionReason.NONE, List.of()), OptionalLong.empty(),
            parameterSet, 1);
    }
}
