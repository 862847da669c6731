/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;

/**
 * What a policy makes of a demand.
 *
 * @param mode how the demand is served
 * @param reason why, {@link DecisionReason#NONE} when served as the policy prefers
 * @param paths the QKD paths and their rates (empty for pqc and refused); several when the rate is split
 * @param backup a node-disjoint backup path, when asked for and found
 * @param backupReason why there is no backup path when one was asked for, else {@link DecisionReason#NONE}
 * @param alternatives other paths that satisfy the constraints, cheapest first
 */
public record Decision(ServiceMode mode, DecisionReason reason, List<PathShare> paths, Optional<KeyPath> backup,
        DecisionReason backupReason, List<KeyPath> alternatives) {
    public Decision {
        requireNonNull(mode);
        requireNonNull(reason);
        paths = List.copyOf(paths);
        requireNonNull(backup);
        requireNonNull(backupReason);
        alternatives = List.copyOf(alternatives);
        final boolean usesQkd = mode == ServiceMode.QKD || mode == ServiceMode.HYBRID;
        if (usesQkd == paths.isEmpty()) {
            throw new IllegalArgumentException("mode " + mode + " with " + paths.size() + " paths");
        }
    }

    static Decision withoutPath(final ServiceMode mode, final DecisionReason reason) {
        return new Decision(mode, reason, List.of(), Optional.empty(), DecisionReason.NONE, List.of());
    }
}
