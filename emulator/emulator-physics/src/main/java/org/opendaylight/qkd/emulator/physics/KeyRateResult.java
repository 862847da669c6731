/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

/**
 * What a key-rate model predicts for one link. The fields named after BB84 have CV-QKD counterparts: {@code mu}
 * is the modulation variance V_A, {@code gain} the channel's transmittance, the single-photon fields are the
 * mutual information I_AB and Eve's Holevo bound chi_BE, per symbol.
 *
 * @param protocol the protocol the estimate assumes
 * @param mu signal mean photon number used
 * @param transmittance overall transmittance eta (channel, Bob's optics, detector)
 * @param gain Q_mu: probability of a detection per signal pulse
 * @param qber E_mu: quantum bit error rate of the signal state, as the devices measure it (0 for CV-QKD)
 * @param excessNoise CV-QKD: the excess noise the devices measure, in shot-noise units at the channel's input
 *        (0 for BB84)
 * @param singlePhotonGain Q_1 (or its lower bound): detections per pulse caused by single-photon pulses
 * @param singlePhotonError e_1 (or its upper bound): error rate of single-photon detections
 * @param keyRatePerPulse secret key per pulse by GLLP; negative when no key can be distilled
 * @param detectionRateHz clicks per second before dead time
 * @param deadTimeFactor fraction of detections the detectors register given their dead time, in (0, 1]
 * @param secretKeyRateBps secret key rate in bit/s, 0 when aborted
 * @param blockKeyBits secret bits one finite post-processing block yields at once, all at its end; 0 for an
 *        asymptotic model, whose key flows continuously
 * @param abort why the protocol would abort, or {@link Abort#NONE}
 */
public record KeyRateResult(
        QkdProtocol protocol,
        double mu,
        double transmittance,
        double gain,
        double qber,
        double excessNoise,
        double singlePhotonGain,
        double singlePhotonError,
        double keyRatePerPulse,
        double detectionRateHz,
        double deadTimeFactor,
        double secretKeyRateBps,
        double blockKeyBits,
        Abort abort) {

    /**
     * Why a link produces no key.
     */
    public enum Abort {
        /** The link produces key. */
        NONE,
        /** The fiber is cut: nothing arrives at Bob. */
        LINK_CUT,
        /** The measured QBER exceeds the abort threshold (a possible eavesdropper). */
        QBER_ABOVE_THRESHOLD,
        /** CV-QKD: the measured excess noise exceeds the abort threshold (a possible eavesdropper). */
        EXCESS_NOISE_ABOVE_THRESHOLD,
        /** Privacy amplification leaves no secret key (too much loss or noise). */
        NO_SECRET_KEY
    }

    /**
     * Whether the protocol aborts: no secure key is produced.
     *
     * @return true when aborted
     */
    public boolean aborted() {
        return abort != Abort.NONE;
    }

    /**
     * Whether the protocol aborts on what it measured, the sign of a possible eavesdropper.
     *
     * @return true when the QBER or the excess noise is above its threshold
     */
    public boolean compromised() {
        return abort == Abort.QBER_ABOVE_THRESHOLD || abort == Abort.EXCESS_NOISE_ABOVE_THRESHOLD;
    }
}
