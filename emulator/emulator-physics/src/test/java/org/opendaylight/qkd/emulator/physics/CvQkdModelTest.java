/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.emulator.physics.KeyRateResult.Abort;

/**
 * GG02 against an experiment's operating point, and against the limits any such rate must respect.
 */
class CvQkdModelTest {
    // a CV link: no dark counts or dead time, a homodyne detector of 60 % efficiency, 100 Mbaud
    static LinkPhysics homodyne(final double km) {
        return LinkPhysics.metro(km).toBuilder().bobTransmittance(1).detectorEfficiency(0.6).sourceRateHz(1e8)
            .build();
    }

    @Test
    void lodewyckOperatingPoint() {
        // Lodewyck et al., PRA 76, 042305 (2007), 25 km: T = 0.302, eta = 0.606, v_el = 0.041, xi = 0.005,
        // V_A = 18.5, beta = 0.898. I_AB 1.0436, chi_BE 0.9020 and K 0.0352 bit per symbol are the values two
        // independent implementations of the same formulas give (qosst-skr, and one in C++), to their 4 printed
        // digits: the tolerance is half of the last digit
        final var link = LinkPhysics.metro(0).toBuilder().extraLossDb(-10 * Math.log10(0.302)).bobTransmittance(1)
            .detectorEfficiency(0.606).build();
        final var result = KeyRateModel.evaluate(link, new CvQkd(0.005, 0.041, 0.898, 18.5, 0.1));
        assertEquals(1.0436, result.singlePhotonGain(), 5e-5, "I_AB");
        assertEquals(0.9020, result.singlePhotonError(), 5e-5, "chi_BE");
        assertEquals(0.0352, result.keyRatePerPulse(), 5e-5, "K");
        assertEquals(Abort.NONE, result.abort());
        assertEquals(0.0352 * link.sourceRateHz(), result.secretKeyRateBps(), 5e-5 * link.sourceRateHz());
    }

    @Test
    void everyRateIsBelowTheRepeaterlessBound() {
        for (var protocol : new CvQkd[] { CvQkd.DEFAULT, new CvQkd(0, 0, 1, Double.NaN, 0.1) }) {
            for (int km = 0; km <= 200; km += 10) {
                final var link = homodyne(km);
                final var result = KeyRateModel.evaluate(link, protocol);
                final int at = km;
                assertTrue(result.keyRatePerPulse() < KeyRateModel.repeaterlessBound(link),
                    () -> at + " km: " + result.keyRatePerPulse() + " not below PLOB");
            }
        }
    }

    @Test
    void noiseLowersTheRate() {
        double rate = Double.POSITIVE_INFINITY;
        for (double xi : new double[] { 0, 0.01, 0.03, 0.06 }) {
            final double next = KeyRateModel.evaluate(homodyne(50), new CvQkd(xi, 0.05, 0.95, Double.NaN, 0.1))
                .keyRatePerPulse();
            final double previous = rate;
            assertTrue(next < previous, () -> "xi " + xi + ": " + next + " after " + previous);
            rate = next;
        }
        // so does a worse reconciliation, until none remains
        assertTrue(KeyRateModel.evaluate(homodyne(50), new CvQkd(0.01, 0.05, 0.9, Double.NaN, 0.1))
            .keyRatePerPulse() < KeyRateModel.evaluate(homodyne(50), CvQkd.DEFAULT).keyRatePerPulse());
        // with much noise the reach is finite, and shorter for a worse reconciliation
        final var noisy = new CvQkd(0.09, 0.05, 0.95, Double.NaN, 0.1);
        final var noisyWorse = new CvQkd(0.09, 0.05, 0.8, Double.NaN, 0.1);
        assertEquals(Abort.NO_SECRET_KEY, KeyRateModel.evaluate(homodyne(50), noisyWorse).abort());
        final double reach = KeyRateModel.maxDistanceKm(homodyne(0), noisy);
        final double shorter = KeyRateModel.maxDistanceKm(homodyne(0), noisyWorse);
        assertTrue(shorter > 0 && shorter < 50 && reach > 50 && reach < 100, () -> shorter + " km, " + reach + " km");

        // the optimal modulation variance is at least as good as a fixed one
        final var link = homodyne(40);
        final double optimal = KeyRateModel.evaluate(link, CvQkd.DEFAULT).keyRatePerPulse();
        for (double va : new double[] { 1, 4, 10, 40 }) {
            assertTrue(optimal >= KeyRateModel.evaluate(link, new CvQkd(0.01, 0.05, 0.95, va, 0.1))
                .keyRatePerPulse() - 1e-12);
        }
    }

    @Test
    void anEavesdropperRaisesTheExcessNoiseAndTheLinkAborts() {
        final var attacked = KeyRateModel.evaluate(homodyne(20).toBuilder().eavesdropFraction(0.1).build(),
            CvQkd.DEFAULT);
        assertEquals(0.21, attacked.excessNoise(), 1e-12);
        assertEquals(Abort.EXCESS_NOISE_ABOVE_THRESHOLD, attacked.abort());
        assertTrue(attacked.compromised());
        assertEquals(0, attacked.secretKeyRateBps());
        assertEquals(Abort.LINK_CUT, KeyRateModel.evaluate(homodyne(20).toBuilder().cut(true).build(),
            CvQkd.DEFAULT).abort());
        assertEquals(Abort.NONE, KeyRateModel.evaluate(homodyne(20), CvQkd.DEFAULT).abort());
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CvQkd(-0.1, 0.05, 0.95, Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CvQkd(0.01, 0.05, 1.1, Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CvQkd(0.01, 0.05, 0.95, 0, 0.1));
    }
}
