/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.OptionalLong;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.pathcompute.algo.Decision;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;

/**
 * What path computation made of a demand.
 *
 * @param decision the mode, the reason, the paths and their rates, the backup and the alternatives
 * @param reservation the reservation of the paths' rate, when one was asked for and made
 * @param mlKemParameterSet the policy's ML-KEM parameter set, for a hybrid or PQC decision; null otherwise
 * @param topologyVersion the version of the key graph it was computed on: it grows with every change of the
 *     topology that path computation took, and is the one reported with those changes
 */
public record Placement(Decision decision, OptionalLong reservation, @Nullable MlKemParameterSet mlKemParameterSet,
        long topologyVersion) {
    public Placement {
        requireNonNull(decision);
        requireNonNull(reservation);
    }

    /**
     * The decision's mode, as the YANG models name it.
     *
     * @return the mode
     */
    public ServiceMode mode() {
        return ServiceMode.ofName(yangName(decision.mode()));
    }

    /**
     * The decision's reason, as the YANG models name it.
     *
     * @return the reason
     */
    public DecisionReason reason() {
        return DecisionReason.ofName(yangName(decision.reason()));
    }

    /**
     * The YANG name of an enumeration value of the path computation algorithms.
     *
     * @param value the value
     * @return its name in the YANG models
     */
    public static String yangName(final Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
