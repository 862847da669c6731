/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import java.util.Locale;

/**
 * Continuous-variable QKD with Gaussian-modulated coherent states (GG02), homodyne detection and reverse
 * reconciliation, secure against collective attacks ({@link CvQkdModel}). The link's physics gives the channel
 * (fiber and extra loss), Bob's detection efficiency (his optics' transmittance times the detector's, trusted) and
 * the symbol rate (its source rate); this record gives the rest.
 *
 * @param excessNoise xi: excess noise at the channel's input, in shot-noise units, {@code >= 0}
 * @param electronicNoise v_el: the homodyne detector's electronic noise, in shot-noise units, {@code >= 0}
 * @param reconciliationEfficiency beta, in (0, 1]
 * @param modulationVariance V_A, in shot-noise units, in (0, 1000]; {@code NaN} selects the variance that
 *        maximizes the key rate
 * @param excessNoiseAbortThreshold the protocol aborts when the excess noise it measures exceeds this
 */
public record CvQkd(double excessNoise, double electronicNoise, double reconciliationEfficiency,
        double modulationVariance, double excessNoiseAbortThreshold) implements QkdProtocol {
    /** Present-day metro systems' excess noise, in shot-noise units. */
    public static final double DEFAULT_EXCESS_NOISE = 0.01;
    /** A present-day homodyne detector's electronic noise. */
    public static final double DEFAULT_ELECTRONIC_NOISE = 0.05;
    /** Multi-edge LDPC reconciliation at low signal-to-noise ratio. */
    public static final double DEFAULT_RECONCILIATION_EFFICIENCY = 0.95;
    /** The excess noise above which a system suspects an eavesdropper and aborts. */
    public static final double DEFAULT_EXCESS_NOISE_ABORT_THRESHOLD = 0.1;
    /** The defaults, with the optimal modulation variance. */
    public static final CvQkd DEFAULT = new CvQkd(DEFAULT_EXCESS_NOISE, DEFAULT_ELECTRONIC_NOISE,
        DEFAULT_RECONCILIATION_EFFICIENCY, Double.NaN, DEFAULT_EXCESS_NOISE_ABORT_THRESHOLD);

    /**
     * Validates every parameter.
     *
     * @throws IllegalArgumentException naming the first parameter out of range
     */
    public CvQkd {
        if (!(excessNoise >= 0 && excessNoise <= 10)) {
            throw new IllegalArgumentException("excess noise must be in [0, 10] shot-noise units, was " + excessNoise);
        }
        if (!(electronicNoise >= 0 && electronicNoise <= 10)) {
            throw new IllegalArgumentException("electronic noise must be in [0, 10] shot-noise units, was "
                + electronicNoise);
        }
        if (!(reconciliationEfficiency > 0 && reconciliationEfficiency <= 1)) {
            throw new IllegalArgumentException("reconciliation efficiency beta must be in (0, 1], was "
                + reconciliationEfficiency);
        }
        if (!Double.isNaN(modulationVariance) && !(modulationVariance > 0 && modulationVariance <= 1000)) {
            throw new IllegalArgumentException("modulation variance must be in (0, 1000] shot-noise units, was "
                + modulationVariance);
        }
        if (!(excessNoiseAbortThreshold > 0 && excessNoiseAbortThreshold <= 10)) {
            throw new IllegalArgumentException("excess noise abort threshold must be in (0, 10] shot-noise units, "
                + "was " + excessNoiseAbortThreshold);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CV-QKD GG02, homodyne, reverse reconciliation (xi=%.4g, v_el=%.4g, "
            + "beta=%.4g, V_A=%s)", excessNoise, electronicNoise, reconciliationEfficiency,
            Double.isNaN(modulationVariance) ? "optimal" : String.format(Locale.ROOT, "%.4g", modulationVariance));
    }
}
