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
 * Decoy-state BB84: how Alice and Bob estimate the single-photon yield and error rate.
 */
public sealed interface DecoyProtocol extends QkdProtocol {
    /** The asymptotic limit of infinitely many decoy intensities: single-photon yield and error are exact. */
    DecoyProtocol INFINITE = new Infinite();

    /**
     * Vacuum plus one weak decoy of mean photon number {@code nu} (Ma et al. 2005, section IV.B): lower bound on
     * the single-photon yield, upper bound on its error rate.
     *
     * @param nu weak decoy intensity, in (0, 1)
     * @return the protocol
     * @throws IllegalArgumentException when {@code nu} is out of range
     */
    static DecoyProtocol vacuumWeak(final double nu) {
        return new VacuumWeak(nu);
    }

    /**
     * Three intensities with finite statistics (Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014)).
     *
     * @param blockSize n_X, the X-basis detections one post-processing block needs, in [10^3, 10^15]
     * @param epsilonSec secrecy parameter, in (0, 1)
     * @param epsilonCor correctness parameter, in (0, 1)
     * @return the protocol
     * @throws IllegalArgumentException when a parameter is out of range
     */
    static DecoyProtocol finiteKey(final double blockSize, final double epsilonSec, final double epsilonCor) {
        return new FiniteKey(blockSize, epsilonSec, epsilonCor);
    }

    /**
     * The infinite-decoy limit.
     */
    record Infinite() implements DecoyProtocol {
        @Override
        public String toString() {
            return "infinite decoy";
        }
    }

    /**
     * Vacuum + weak decoy.
     *
     * @param nu weak decoy intensity
     */
    record VacuumWeak(double nu) implements DecoyProtocol {
        /** The weak decoy's intensity when none is given. */
        public static final double DEFAULT_NU = 0.1;

        public VacuumWeak {
            if (!(nu > 0 && nu < 1)) {
                throw new IllegalArgumentException("decoy intensity nu must be in (0, 1), was " + nu);
            }
        }

        @Override
        public String toString() {
            return "vacuum+weak decoy (nu=" + nu + ")";
        }
    }

    /**
     * Three intensities, finite statistics.
     *
     * @param blockSize n_X: X-basis detections per post-processing block
     * @param epsilonSec secrecy parameter
     * @param epsilonCor correctness parameter
     */
    record FiniteKey(double blockSize, double epsilonSec, double epsilonCor) implements DecoyProtocol {
        /** The block size when none is given: 10^8 detections, minutes of a metro link. */
        public static final double DEFAULT_BLOCK_SIZE = 1e8;
        /** Lim et al.'s secrecy parameter. */
        public static final double DEFAULT_EPSILON_SEC = 1e-10;
        /** Lim et al.'s correctness parameter. */
        public static final double DEFAULT_EPSILON_COR = 1e-15;

        public FiniteKey {
            if (!(blockSize >= 1e3 && blockSize <= 1e15)) {
                throw new IllegalArgumentException("block size n_X must be in [1e3, 1e15], was " + blockSize);
            }
            if (!(epsilonSec > 0 && epsilonSec < 1)) {
                throw new IllegalArgumentException("epsilon_sec must be in (0, 1), was " + epsilonSec);
            }
            if (!(epsilonCor > 0 && epsilonCor < 1)) {
                throw new IllegalArgumentException("epsilon_cor must be in (0, 1), was " + epsilonCor);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "finite-key three-intensity decoy (n_X=%.3g, eps_sec=%.3g, "
                + "eps_cor=%.3g)", blockSize, epsilonSec, epsilonCor);
        }
    }
}
