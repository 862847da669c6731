/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

/**
 * How Alice and Bob estimate the single-photon yield and error rate.
 */
public sealed interface DecoyProtocol {
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
}
