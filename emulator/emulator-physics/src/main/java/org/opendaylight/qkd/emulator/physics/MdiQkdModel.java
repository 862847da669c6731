/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import org.opendaylight.qkd.emulator.physics.KeyRateResult.Abort;

/**
 * Asymptotic key rate of decoy-state MDI-QKD (Lo, Curty, Qi, PRL 108, 130503 (2012)) with infinitely many decoys,
 * polarization encoding, key from the rectilinear (Z) basis:
 * <pre>
 *   R = q * (Q11 (1 - H2(e11)) - f Q_rect H2(E_rect)),  Q11 = mu_a mu_b exp(-mu_a - mu_b) Y11
 * </pre>
 * with the channel model of Xu, Curty, Qi, Lo, NJP 15, 113007 (2013), appendix B, for equal intensities at both
 * ends, transmittances {@code eta_a, eta_b} (each fiber arm to Charlie, his optics and detector) and a dark count
 * probability {@code p_d} per detector (half the link's background yield: Charlie's two detectors):
 * <pre>
 *   x = sqrt(eta_a mu eta_b mu) / 2,  mu' = (eta_a + eta_b) mu
 *   Q_C = 2 (1-p_d)^2 exp(-mu'/2) (1 - (1-p_d) exp(-eta_a mu/2)) (1 - (1-p_d) exp(-eta_b mu/2))
 *   Q_E = 2 p_d (1-p_d)^2 exp(-mu'/2) (I0(2x) - (1-p_d) exp(-mu'/2))
 *   Q_rect = Q_C + Q_E,  E_rect Q_rect = e_d Q_C + (1 - e_d) Q_E
 *   Y11 = (1-p_d)^2 (eta_a eta_b / 2 + (2 eta_a + 2 eta_b - 3 eta_a eta_b) p_d + 4 (1-eta_a)(1-eta_b) p_d^2)
 *   e11 Y11 = Y11 / 2 - (1/2 - e_d) (1-p_d)^2 eta_a eta_b / 2
 * </pre>
 * ({@code I0} is the modified Bessel function of the first kind). The signal intensity is the link's, or the one
 * maximizing the rate. An intercept-resend eavesdropper on a fraction x of the pulses turns every error rate e into
 * {@code e + x(1/4 - e/2)}, as in the BB84 model.
 */
final class MdiQkdModel {
    private static final double MU_MAX = 1.5;
    private static final double USUAL_MU = 0.5;
    private static final double MU_STEP = 0.01;

    private MdiQkdModel() {
        // static functions only
    }

    static KeyRateResult evaluate(final LinkPhysics link, final MdiQkd protocol) {
        final double mu = Double.isNaN(link.signalMeanPhotonNumber()) ? optimalMu(link, protocol)
            : link.signalMeanPhotonNumber();
        final var pair = pair(link, protocol, mu);
        final double detections = pair.gain() * link.sourceRateHz();
        final double deadTimeFactor = 1 / (1 + detections * link.detectorDeadTimeSeconds());
        final var abort = KeyRateModel.abort(link, pair.qber(), pair.perPulse());
        return new KeyRateResult(protocol, mu, pair.etaA() * pair.etaB(), pair.gain(), pair.qber(), 0,
            pair.singlePhotonGain(), pair.singlePhotonError(), pair.perPulse(), detections, deadTimeFactor,
            abort == Abort.NONE ? pair.perPulse() * link.sourceRateHz() * deadTimeFactor : 0, 0, abort);
    }

    /**
     * One pulse pair's statistics.
     */
    record Pair(double etaA, double etaB, double gain, double qber, double singlePhotonGain,
            double singlePhotonError, double perPulse) {
    }

    static Pair pair(final LinkPhysics link, final MdiQkd protocol, final double mu) {
        final double detector = link.bobTransmittance() * link.detectorEfficiency();
        final double share = protocol.middlePosition();
        final double etaA = link.cut() ? 0 : Math.pow(10, -share * link.channelLossDb() / 10) * detector;
        final double etaB = link.cut() ? 0 : Math.pow(10, -(1 - share) * link.channelLossDb() / 10) * detector;
        final double pd = link.darkCountProbability() / 2;
        final double ed = link.misalignmentError();
        final double noDark = 1 - pd;
        final double both = (etaA + etaB) * mu;
        final double x = Math.sqrt(etaA * mu * etaB * mu) / 2;
        final double correct = 2 * noDark * noDark * Math.exp(-both / 2) * (1 - noDark * Math.exp(-etaA * mu / 2))
            * (1 - noDark * Math.exp(-etaB * mu / 2));
        final double wrong = 2 * pd * noDark * noDark * Math.exp(-both / 2)
            * (besselI0(2 * x) - noDark * Math.exp(-both / 2));
        final double gain = correct + wrong;
        final double qber = KeyRateModel.attacked(gain > 0 ? (ed * correct + (1 - ed) * wrong) / gain : 0.5,
            link.eavesdropFraction());
        final double y11 = noDark * noDark * (etaA * etaB / 2 + (2 * etaA + 2 * etaB - 3 * etaA * etaB) * pd
            + 4 * (1 - etaA) * (1 - etaB) * pd * pd);
        final double e11 = KeyRateModel.attacked(y11 > 0
            ? (y11 / 2 - (0.5 - ed) * noDark * noDark * etaA * etaB / 2) / y11 : 0.5, link.eavesdropFraction());
        final double q11 = mu * mu * Math.exp(-2 * mu) * y11;
        final double perPulse = link.siftingFactor() * (q11 * (1 - KeyRateModel.h2(e11))
            - link.errorCorrectionEfficiency() * gain * KeyRateModel.h2(qber));
        return new Pair(etaA, etaB, gain, qber, q11, e11, perPulse);
    }

    // I0(z) = sum_k (z/2)^(2k) / (k!)^2; the arguments here are below 1, the series converges in a few terms
    static double besselI0(final double argument) {
        final double quarter = argument * argument / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 100 && term > 1e-17 * sum; k++) {
            term *= quarter / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    // the intensity maximizing the rate; a usual one when none gives key
    private static double optimalMu(final LinkPhysics link, final MdiQkd protocol) {
        final double best = Maximizer.argmax(mu -> pair(link, protocol, mu).perPulse(), MU_STEP, MU_MAX, MU_STEP);
        // no key at any intensity: what the link would measure at a usual operating point
        return pair(link, protocol, best).perPulse() > 0 ? best : USUAL_MU;
    }
}
