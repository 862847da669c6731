/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opendaylight.qkd.emulator.physics.KeyRateResult.Abort;

/**
 * The model against the published GYS results of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005).
 *
 * <p>Tolerances: the paper gives mu_opt to two digits (0.48), the 0 km rate to two digits (2.5e-3 per pulse,
 * read from its figure 1) and the distances to 0.1 km (142 km, 140.6 km). The model is the paper's eqs. exactly,
 * so mu and the 0 km rate are held to the rounding of the published digits (+-0.01, +-0.1e-3), and the maximum
 * distances to 1 km: within it, the published figures also reflect the first-order approximation
 * Y_1 = Y0 + eta, which this model replaces by the exact 1 - (1 - Y0)(1 - eta).
 */
class KeyRateModelTest {
    private static final double GYS_MU_OPT = 0.48;

    @Test
    void theRepeaterlessBoundIsMinusLog2OfOneLessTheChannelsTransmissivityAndBoundsBb84() {
        // 0 dB would be unbounded; 10 dB: eta = 0.1, -log2(0.9) = 0.152; 50 dB: about 1.44 eta
        assertEquals(-Math.log(0.9) / Math.log(2), KeyRateModel.repeaterlessBound(LinkPhysics.gys(0).toBuilder()
            .extraLossDb(10).build()), 1e-12);
        final var far = LinkPhysics.gys(0).toBuilder().extraLossDb(50).build();
        assertEquals(1e-5 / Math.log(2), KeyRateModel.repeaterlessBound(far), 1e-10);
        assertEquals(0, KeyRateModel.repeaterlessBound(LinkPhysics.gys(10).toBuilder().cut(true).build()));
        // decoy-state BB84 is a repeaterless protocol: under the bound at every distance, even with the bound scaled by
        // Bob's optics and detector
        for (int km = 0; km <= 200; km += 5) {
            for (var link : List.of(LinkPhysics.gys(km), LinkPhysics.metro(km))) {
                final var bb84 = KeyRateModel.evaluate(link, DecoyProtocol.INFINITE).keyRatePerPulse();
                assertTrue(bb84 < KeyRateModel.repeaterlessBound(link) * link.bobTransmittance()
                    * link.detectorEfficiency(), km + " km: " + bb84);
            }
        }
    }

    @Test
    void gysOptimalMuIsAboutPointFourEight() {
        final double mu = KeyRateModel.optimalMu(LinkPhysics.gys(0), DecoyProtocol.INFINITE);
        assertEquals(GYS_MU_OPT, mu, 0.01);
        // and it stays close to it with distance, as the paper notes
        assertEquals(GYS_MU_OPT, KeyRateModel.optimalMu(LinkPhysics.gys(100), DecoyProtocol.INFINITE), 0.01);
    }

    @Test
    void gysRateAtZeroKmIsAboutTwoPointFiveEMinusThreePerPulse() {
        final var result = KeyRateModel.evaluate(LinkPhysics.gys(0), DecoyProtocol.INFINITE);
        assertEquals(2.5e-3, result.keyRatePerPulse(), 0.1e-3);
        assertEquals(Abort.NONE, result.abort());
        // Q_mu = Y0 + 1 - exp(-eta mu) with eta = 0.045, and E_mu close to e_d
        assertEquals(1.7e-6 + 1 - Math.exp(-0.045 * result.mu()), result.gain(), 1e-12);
        assertEquals(0.033, result.qber(), 0.001);
    }

    @Test
    void gysMaximumDistanceInfiniteDecoyIsAbout142Km() {
        assertEquals(142.0, KeyRateModel.maxDistanceKm(LinkPhysics.gys(0), DecoyProtocol.INFINITE), 1.0);
    }

    @Test
    void gysMaximumDistanceVacuumWeakIsAbout140Point6Km() {
        final double km = KeyRateModel.maxDistanceKm(LinkPhysics.gys(0), DecoyProtocol.vacuumWeak(0.05));
        assertEquals(140.6, km, 1.0);
        // a practical decoy never beats the infinite-decoy bound
        assertTrue(km < KeyRateModel.maxDistanceKm(LinkPhysics.gys(0), DecoyProtocol.INFINITE));
    }

    @Test
    void rateFallsWithDistanceAtTheFiberAttenuation() {
        final var r10 = KeyRateModel.evaluate(LinkPhysics.gys(10), DecoyProtocol.INFINITE);
        final var r40 = KeyRateModel.evaluate(LinkPhysics.gys(40), DecoyProtocol.INFINITE);
        // far above the dark-count floor R ~ eta: 30 km more is 6.3 dB less; dark counts add 0.05 dB at 40 km
        assertEquals(6.3, dbRatio(r10, r40), 0.1);
        assertEquals(r10.keyRatePerPulse() * 2e6, r10.secretKeyRateBps(), 1e-6);
        // approaching the floor, the rate falls faster than the fiber loss alone
        final var r50 = KeyRateModel.evaluate(LinkPhysics.gys(50), DecoyProtocol.INFINITE);
        final var r100 = KeyRateModel.evaluate(LinkPhysics.gys(100), DecoyProtocol.INFINITE);
        assertTrue(dbRatio(r50, r100) > 10.5 + 0.5, () -> "50 -> 100 km: " + dbRatio(r50, r100) + " dB");
    }

    private static double dbRatio(final KeyRateResult near, final KeyRateResult far) {
        return 10 * Math.log10(near.keyRatePerPulse() / far.keyRatePerPulse());
    }

    @Test
    void beyondMaximumDistanceNoKey() {
        final var result = KeyRateModel.evaluate(LinkPhysics.gys(150), DecoyProtocol.INFINITE);
        assertEquals(Abort.NO_SECRET_KEY, result.abort());
        assertEquals(0, result.secretKeyRateBps());
    }

    @Test
    void cutFiberAborts() {
        final var result = KeyRateModel.evaluate(LinkPhysics.gys(10).toBuilder().cut(true).build(),
            DecoyProtocol.INFINITE);
        assertEquals(Abort.LINK_CUT, result.abort());
        assertEquals(0, result.transmittance());
        assertEquals(0, result.secretKeyRateBps());
        // only dark counts remain: half of them errors
        assertEquals(0.5, result.qber(), 1e-9);
    }

    @Test
    void extraLossActsLikeFiber() {
        final var viaFiber = KeyRateModel.evaluate(LinkPhysics.gys(60), DecoyProtocol.INFINITE);
        final var viaLoss = KeyRateModel.evaluate(LinkPhysics.gys(50).toBuilder().extraLossDb(2.1).build(),
            DecoyProtocol.INFINITE);
        assertEquals(viaFiber.keyRatePerPulse(), viaLoss.keyRatePerPulse(), viaFiber.keyRatePerPulse() * 1e-9);
    }

    @Test
    void detectorDriftLowersTheRate() {
        final var nominal = KeyRateModel.evaluate(LinkPhysics.gys(20), DecoyProtocol.INFINITE);
        final var drifted = KeyRateModel.evaluate(LinkPhysics.gys(20).toBuilder().detectorEfficiency(0.0225).build(),
            DecoyProtocol.INFINITE);
        assertEquals(nominal.transmittance() / 2, drifted.transmittance(), 1e-15);
        assertTrue(drifted.secretKeyRateBps() < nominal.secretKeyRateBps() * 0.6);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.1, 0.2, 0.5})
    void interceptResendRaisesQberByTheFormula(final double fraction) {
        final var fixedMu = LinkPhysics.gys(20).toBuilder().signalMeanPhotonNumber(0.48);
        final var clean = KeyRateModel.evaluate(fixedMu.build(), DecoyProtocol.INFINITE);
        final var attacked = KeyRateModel.evaluate(fixedMu.eavesdropFraction(fraction).build(), DecoyProtocol.INFINITE);
        assertEquals(clean.qber() + fraction * (0.25 - clean.qber() / 2), attacked.qber(), 1e-12);
        assertTrue(attacked.keyRatePerPulse() < clean.keyRatePerPulse());
    }

    @Test
    void enoughEavesdroppingAbortsTheLink() {
        final var link = LinkPhysics.gys(20);
        assertFalse(KeyRateModel.evaluate(link.toBuilder().eavesdropFraction(0.05).build(),
            DecoyProtocol.INFINITE).aborted());
        final var heavy = KeyRateModel.evaluate(link.toBuilder().eavesdropFraction(0.4).build(),
            DecoyProtocol.INFINITE);
        assertTrue(heavy.aborted());
        assertEquals(0, heavy.secretKeyRateBps());
        // full intercept-resend: QBER = 1/4 + E/2 at the same intensity, far above the 11 % threshold
        final var fixedMu = link.toBuilder().signalMeanPhotonNumber(0.48);
        final var clean = KeyRateModel.evaluate(fixedMu.build(), DecoyProtocol.INFINITE);
        final var full = KeyRateModel.evaluate(fixedMu.eavesdropFraction(1).build(), DecoyProtocol.INFINITE);
        assertEquals(Abort.QBER_ABOVE_THRESHOLD, full.abort());
        assertEquals(0.25 + clean.qber() / 2, full.qber(), 1e-12);
    }

    @Test
    void deadTimeCapsTheDetectionRate() {
        final var fast = LinkPhysics.metro(0).toBuilder().sourceRateHz(1e10).build();
        final var result = KeyRateModel.evaluate(fast, DecoyProtocol.INFINITE);
        final double registered = result.detectionRateHz() * result.deadTimeFactor();
        assertTrue(registered < 1 / fast.detectorDeadTimeSeconds());
        assertTrue(result.deadTimeFactor() < 0.5);
        final var noDeadTime = KeyRateModel.evaluate(fast.toBuilder().detectorDeadTimeSeconds(0).build(),
            DecoyProtocol.INFINITE);
        assertEquals(result.secretKeyRateBps(), noDeadTime.secretKeyRateBps() * result.deadTimeFactor(), 1e-3);
    }

    @Test
    void metroLinkProducesKiloToMegabitRates() {
        final var at20 = KeyRateModel.evaluate(LinkPhysics.metro(20), DecoyProtocol.vacuumWeak(0.1));
        final var at80 = KeyRateModel.evaluate(LinkPhysics.metro(80), DecoyProtocol.vacuumWeak(0.1));
        assertTrue(at20.secretKeyRateBps() > 1e5 && at20.secretKeyRateBps() < 1e7, () -> at20.toString());
        // per pulse, 60 km more fiber is 12 dB (a factor 15.85), a little more as dark counts start to count
        final double ratio = at20.keyRatePerPulse() / at80.keyRatePerPulse();
        assertTrue(ratio > 15.85 && ratio < 20, () -> "20 km / 80 km per pulse = " + ratio);
        // per second, the 20 km link loses more to detector dead time
        assertTrue(at20.deadTimeFactor() < at80.deadTimeFactor());
    }

    @Test
    void fixedMuIsUsedAsGiven() {
        final var result = KeyRateModel.evaluate(
            LinkPhysics.gys(10).toBuilder().signalMeanPhotonNumber(0.3).build(), DecoyProtocol.INFINITE);
        assertEquals(0.3, result.mu());
    }

    @Test
    void invalidParametersAreNamed() {
        final var builder = LinkPhysics.gys(10).toBuilder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.fiberLengthKm(-1).build())
            .getMessage().contains("fiber length"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> LinkPhysics.gys(10).toBuilder().misalignmentError(0.7).build())
            .getMessage().contains("misalignment"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> LinkPhysics.gys(10).toBuilder().detectorEfficiency(0).build()).getMessage().contains("detector"));
        assertThrows(IllegalArgumentException.class, () -> DecoyProtocol.vacuumWeak(0));
        assertThrows(IllegalArgumentException.class,
            () -> KeyRateModel.evaluate(LinkPhysics.gys(10), DecoyProtocol.vacuumWeak(0.2), 0.1));
    }

    @Test
    void binaryEntropy() {
        assertEquals(1, KeyRateModel.h2(0.5), 1e-12);
        assertEquals(0, KeyRateModel.h2(0));
        assertEquals(KeyRateModel.h2(0.11), KeyRateModel.h2(0.89), 1e-12);
        assertEquals(0.4999, KeyRateModel.h2(0.11), 1e-3);
    }
}
