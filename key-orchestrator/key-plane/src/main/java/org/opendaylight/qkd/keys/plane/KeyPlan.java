/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;

/**
 * How a service's keys are made now, as the orchestrator decided.
 *
 * @param provenance QKD relay, hybrid, or PQC
 * @param paths paths from the A node to the B node; empty for PQC
 * @param pathRates the rate each path carries, used to share keys out between paths that split the demand
 * @param xorShares true when every key is split into XOR shares over all paths (node-disjoint paths), false when
 *        each key takes one path
 * @param parameterSet the ML-KEM parameter set of hybrid and PQC keys
 */
public record KeyPlan(Provenance provenance, List<RelayPath> paths, List<Long> pathRates, boolean xorShares,
        MlKemParameterSet parameterSet) {
    /**
     * Validates the plan.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public KeyPlan {
        requireNonNull(provenance);
        requireNonNull(parameterSet);
        paths = List.copyOf(paths);
        pathRates = List.copyOf(pathRates);
        if (provenance == Provenance.PQC ? !paths.isEmpty() : paths.isEmpty()) {
            throw new IllegalArgumentException(provenance.label() + " keys need " + (provenance == Provenance.PQC
                ? "no path" : "at least one path"));
        }
        if (pathRates.size() != paths.size()) {
            throw new IllegalArgumentException(paths.size() + " paths but " + pathRates.size() + " rates");
        }
    }

    /**
     * Keys relayed over paths, each key over one path.
     *
     * @param provenance QKD or hybrid
     * @param paths the paths
     * @param rates their rates
     * @param parameterSet ML-KEM parameter set for hybrid keys
     * @return the plan
     */
    public static KeyPlan relayed(final Provenance provenance, final List<RelayPath> paths, final List<Long> rates,
            final MlKemParameterSet parameterSet) {
        return new KeyPlan(provenance, paths, rates, false, parameterSet);
    }

    /**
     * ML-KEM keys only.
     *
     * @param parameterSet the parameter set
     * @return the plan
     */
    public static KeyPlan pqc(final MlKemParameterSet parameterSet) {
        return new KeyPlan(Provenance.PQC, List.of(), List.of(), false, parameterSet);
    }
}
