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
 * MDI-QKD against the limits any such rate must respect, with the parameters of Lo, Curty and Qi's evaluation.
 */
class MdiQkdModelTest {
    // Lo, Curty, Qi 2012 and Xu et al. 2013: Charlie's detectors 14.5 % efficient with 3e-6 dark counts each
    // (background 6.02e-6), misalignment 1.5 %, f = 1.16, 0.2 dB/km
    static LinkPhysics lcq(final double km) {
        return LinkPhysics.metro(km).toBuilder().bobTransmittance(1).detectorEfficiency(0.145)
            .darkCountProbability(6.02e-6).misalignmentError(0.015).errorCorrectionEfficiency(1.16)
            .detectorDeadTimeSeconds(0).build();
    }

    @Test
    void everyRateIsBelowTheRepeaterlessBoundAndBb84IsFasterButShorter() {
        for (int km = 0; km <= 300; km += 20) {
            final var link = lcq(km);
            final var mdi = KeyRateModel.evaluate(link, MdiQkd.MIDDLE);
            final var bb84 = KeyRateModel.evaluate(link, DecoyProtocol.INFINITE);
            final int at = km;
            assertTrue(mdi.keyRatePerPulse() < KeyRateModel.repeaterlessBound(link), () -> at + " km above PLOB");
            // both photons must arrive at Charlie: the rate goes with eta_a eta_b, one detector efficiency more
            // than BB84's over the same span
            assertTrue(bb84.aborted() || mdi.keyRatePerPulse() < bb84.keyRatePerPulse(), () -> at + " km: " + mdi
                + " above " + bb84);
        }
        // but a key bit needs two clicks in coincidence, which dark counts rarely fake: it reaches farther
        final double mdiReach = KeyRateModel.maxDistanceKm(lcq(0), MdiQkd.MIDDLE);
        final double bb84Reach = KeyRateModel.maxDistanceKm(lcq(0), DecoyProtocol.INFINITE);
        assertTrue(mdiReach > bb84Reach, () -> "MDI " + mdiReach + " km, BB84 " + bb84Reach + " km");
    }

    @Test
    void reachesBeyondTheTwoHundredKilometresLoCurtyAndQiAnnounce() {
        // their abstract: "long-distance quantum cryptography over say 200km will remain secure even with
        // seriously flawed detectors", with the parameters above; the printed figure is a lower bound only
        final double reach = KeyRateModel.maxDistanceKm(lcq(0), MdiQkd.MIDDLE);
        assertTrue(reach > 200, () -> "MDI reaches " + reach + " km");
        // twin-field QKD, one click in the middle instead of two in coincidence, reaches less with these dark
        // counts: they fake its clicks as easily as photons make them far away
        final double twinField = KeyRateModel.maxDistanceKm(lcq(0), TwinFieldQkd.SENDING_OR_NOT_SENDING);
        assertTrue(twinField < reach, () -> "TF " + twinField + " km, MDI " + reach + " km");
    }

    @Test
    void charlieBelongsInTheMiddleOfASymmetricLink() {
        final var link = lcq(100);
        final double middle = KeyRateModel.evaluate(link, MdiQkd.MIDDLE).keyRatePerPulse();
        for (double position : new double[] { 0.1, 0.3, 0.45, 0.55, 0.7, 0.9 }) {
            assertTrue(KeyRateModel.evaluate(link, new MdiQkd(position)).keyRatePerPulse() < middle,
                () -> "position " + position);
        }
        // mirrored positions are the same link
        assertEquals(KeyRateModel.evaluate(link, new MdiQkd(0.3)).keyRatePerPulse(),
            KeyRateModel.evaluate(link, new MdiQkd(0.7)).keyRatePerPulse(), middle * 1e-9);
    }

    @Test
    void darkCountsShortenTheReach() {
        final double quiet = KeyRateModel.maxDistanceKm(lcq(0), MdiQkd.MIDDLE);
        final double noisy = KeyRateModel.maxDistanceKm(lcq(0).toBuilder().darkCountProbability(6e-5).build(),
            MdiQkd.MIDDLE);
        assertTrue(noisy < quiet - 20, () -> noisy + " km, " + quiet + " km");
    }

    @Test
    void besselFunction() {
        // I0 to 16 digits (Abramowitz and Stegun, table 9.8)
        assertEquals(1.2660658777520082, MdiQkdModel.besselI0(1), 1e-15);
        assertEquals(1.0634833707413236, MdiQkdModel.besselI0(0.5), 1e-15);
        assertEquals(1, MdiQkdModel.besselI0(0));
    }

    @Test
    void cutsAndEavesdroppersStopTheKey() {
        assertEquals(Abort.LINK_CUT, KeyRateModel.evaluate(lcq(50).toBuilder().cut(true).build(), MdiQkd.MIDDLE)
            .abort());
        final var attacked = KeyRateModel.evaluate(lcq(50).toBuilder().eavesdropFraction(1).build(), MdiQkd.MIDDLE);
        assertEquals(Abort.QBER_ABOVE_THRESHOLD, attacked.abort());
        assertTrue(attacked.compromised());
        assertThrows(IllegalArgumentException.class, () -> new MdiQkd(1));
    }
}
