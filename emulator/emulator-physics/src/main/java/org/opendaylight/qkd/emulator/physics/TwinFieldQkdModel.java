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
 * Asymptotic key rate of sending-or-not-sending twin-field QKD (Wang, Yu, Hu, PRA 98, 062323 (2018)) with
 * infinitely many decoys. In a Z window each of Alice and Bob sends a phase-randomized coherent pulse of intensity
 * {@code mu} with probability {@code epsilon} (bit 1 for Alice, 0 for Bob) and nothing otherwise; an effective
 * event is one click of Charlie's two detectors. The key comes from the untagged events, where exactly one of them
 * sent and sent one photon, whose phase-flip error is the single-photon interference error measured in the X
 * windows:
 * <pre>
 *   R = q * (2 epsilon (1 - epsilon) mu exp(-mu) s_1 (1 - H2(e_1)) - f S_Z H2(E_Z))
 * </pre>
 * with the channel model here, for transmittance {@code eta} of each half of the fiber (with Charlie's optics and
 * detector) and a dark count probability {@code p_d} per detector (half the link's background yield):
 * <pre>
 *   Y_00 = 2 p_d (1-p_d)                                                        neither sends
 *   Y_10 = 2 (1 - (1-p_d) exp(-eta mu/2)) (1-p_d) exp(-eta mu/2)                one sends
 *   Y_11 = 2 (1-p_d) (exp(-eta mu) I0(eta mu) - (1-p_d) exp(-2 eta mu))         both send, independent phases
 *   S_Z = (1-epsilon)^2 Y_00 + 2 epsilon (1-epsilon) Y_10 + epsilon^2 Y_11
 *   E_Z S_Z = (1-epsilon)^2 Y_00 + epsilon^2 Y_11                               the same bit at both ends
 *   s_1 = eta (1-p_d) + (1-eta) 2 p_d (1-p_d),  e_1 s_1 = eta (1-p_d) e_d + (1-eta) p_d (1-p_d)
 * </pre>
 * ({@code I0} is the modified Bessel function of the first kind, {@code e_d} the link's misalignment, here the
 * single-photon interference error). {@code epsilon} and {@code mu} maximize the rate (the link's {@code mu} when
 * it has one). The Z windows' error rate {@code E_Z} is large by design (both sent, or neither) and costs only
 * error correction; the QBER the link reports, compares with its abort threshold and raises alarms with is the X
 * windows' error rate {@code e_1}, the one that bounds the key's phase error and that an eavesdropper raises: an
 * intercept-resend eavesdropper on a fraction x of the pulses turns every error rate e into
 * {@code e + x(1/4 - e/2)}, as in the BB84 model.
 */
final class TwinFieldQkdModel {
    private static final double MU_MAX = 1.5;
    private static final double MU_STEP = 0.01;
    // the sending probability is searched over its decimal logarithm, from 10^-6 to 1/2
    private static final double LOG_EPSILON_MIN = -6;
    private static final double LOG_EPSILON_MAX = Math.log10(0.5);
    private static final double LOG_EPSILON_STEP = 0.1;
    private static final double USUAL_MU = 0.3;
    private static final double USUAL_EPSILON = 0.1;

    private TwinFieldQkdModel() {
        // static functions only
    }

    static KeyRateResult evaluate(final LinkPhysics link, final TwinFieldQkd protocol) {
        final var best = optimal(link);
        final var window = window(link, best[0], best[1]);
        final double detections = window.gain() * link.sourceRateHz();
        final double deadTimeFactor = 1 / (1 + detections * link.detectorDeadTimeSeconds());
        final Abort abort;
        if (link.cut()) {
            abort = Abort.LINK_CUT;
        } else if (window.singlePhotonError() > link.qberAbortThreshold()) {
            abort = Abort.QBER_ABOVE_THRESHOLD;
        } else {
            abort = window.perPulse() > 0 ? Abort.NONE : Abort.NO_SECRET_KEY;
        }
        return new KeyRateResult(protocol, best[1], window.eta() * window.eta(), window.gain(),
            window.singlePhotonError(), 0,
            window.untaggedGain(), window.singlePhotonError(), window.perPulse(), detections, deadTimeFactor,
            abort == Abort.NONE ? window.perPulse() * link.sourceRateHz() * deadTimeFactor : 0, 0, abort);
    }

    /**
     * One window's statistics.
     *
     * @param eta transmittance of each half of the span, with Charlie's optics and detector
     * @param gain S_Z: effective events per Z window
     * @param qber E_Z: their bit error rate
     * @param untaggedGain effective events per window from one photon of one sender
     * @param singlePhotonError e_1: the single-photon interference error, the untagged bits' phase-flip error
     * @param perPulse secret key per window; negative when none
     */
    record Window(double eta, double gain, double qber, double untaggedGain, double singlePhotonError,
            double perPulse) {
    }

    static Window window(final LinkPhysics link, final double epsilon, final double mu) {
        final double eta = link.cut() ? 0 : Math.pow(10, -link.channelLossDb() / 20) * link.bobTransmittance()
            * link.detectorEfficiency();
        final double pd = link.darkCountProbability() / 2;
        final double noDark = 1 - pd;
        final double arriving = eta * mu;
        final double neither = 2 * pd * noDark;
        final double one = 2 * (1 - noDark * Math.exp(-arriving / 2)) * noDark * Math.exp(-arriving / 2);
        final double both = 2 * noDark * (Math.exp(-arriving) * MdiQkdModel.besselI0(arriving)
            - noDark * Math.exp(-2 * arriving));
        final double silent = (1 - epsilon) * (1 - epsilon);
        final double sending = 2 * epsilon * (1 - epsilon);
        final double gain = silent * neither + sending * one + epsilon * epsilon * both;
        final double qber = KeyRateModel.attacked(gain > 0 ? (silent * neither + epsilon * epsilon * both) / gain
            : 0.5, link.eavesdropFraction());
        final double s1 = eta * noDark + (1 - eta) * neither;
        final double e1 = KeyRateModel.attacked(s1 > 0
            ? (eta * noDark * link.misalignmentError() + (1 - eta) * pd * noDark) / s1 : 0.5,
            link.eavesdropFraction());
        final double untagged = sending * mu * Math.exp(-mu) * s1;
        final double perPulse = link.siftingFactor() * (untagged * (1 - KeyRateModel.h2(e1))
            - link.errorCorrectionEfficiency() * gain * KeyRateModel.h2(qber));
        return new Window(eta, gain, qber, untagged, e1, perPulse);
    }

    // {epsilon, mu} maximizing the rate, mu the link's when it has one; a usual pair when none gives key
    private static double[] optimal(final LinkPhysics link) {
        final double fixedMu = link.signalMeanPhotonNumber();
        final double logEpsilon = Maximizer.argmax(log -> bestRate(link, Math.pow(10, log), fixedMu),
            LOG_EPSILON_MIN, LOG_EPSILON_MAX, LOG_EPSILON_STEP);
        final double epsilon = Math.pow(10, logEpsilon);
        final double mu = Double.isNaN(fixedMu) ? bestMu(link, epsilon) : fixedMu;
        if (window(link, epsilon, mu).perPulse() > 0) {
            return new double[] { epsilon, mu };
        }
        // no key anywhere: what the link would measure at a usual operating point
        return new double[] { USUAL_EPSILON, Double.isNaN(fixedMu) ? USUAL_MU : fixedMu };
    }

    private static double bestRate(final LinkPhysics link, final double epsilon, final double fixedMu) {
        return window(link, epsilon, Double.isNaN(fixedMu) ? bestMu(link, epsilon) : fixedMu).perPulse();
    }

    private static double bestMu(final LinkPhysics link, final double epsilon) {
        return Maximizer.argmax(mu -> window(link, epsilon, mu).perPulse(), MU_STEP, MU_MAX, MU_STEP);
    }
}
