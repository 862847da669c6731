/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import static java.util.Objects.requireNonNull;

import org.opendaylight.qkd.emulator.physics.DecoyProtocol.FiniteKey;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol.Infinite;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol.VacuumWeak;
import org.opendaylight.qkd.emulator.physics.KeyRateResult.Abort;

/**
 * Key rates: asymptotic decoy-state BB84 here, finite-key BB84 ({@link FiniteKeyModel}), CV-QKD
 * ({@link CvQkdModel}), MDI-QKD ({@link MdiQkdModel}) and twin-field QKD ({@link TwinFieldQkdModel}) by their own
 * models.
 *
 * <p>Asymptotic key rate of decoy-state BB84 with a weak coherent source over fiber, by the GLLP formula
 * {@code R = q * (-Q_mu * f * H2(E_mu) + Q_1 * (1 - H2(e_1)))} (Lo, Ma, Chen 2005; Ma, Qi, Zhao, Lo 2005, eqs. 1-12).
 *
 * <p>Channel: {@code eta = 10^(-(alpha * L + loss) / 10) * t_Bob * eta_D}; yields
 * {@code Y_i = Y0 + 1 - (1 - eta)^i} (to first order in Y0), gain {@code Q_mu = Y0 + 1 - exp(-eta * mu)}, error
 * {@code E_mu * Q_mu = e0 * Y0 + e_d * (1 - exp(-eta * mu))} with {@code e0 = 1/2}. An intercept-resend
 * eavesdropper on a fraction {@code x} of the pulses turns every error rate {@code e} into
 * {@code e + x * (1/4 - e/2)}. Detector dead time {@code tau} scales registered detections by
 * {@code 1 / (1 + D * tau)} for a click rate {@code D}.
 */
public final class KeyRateModel {
    private static final double E0 = 0.5;
    private static final double MU_MAX = 1.5;
    private static final double MU_GRID_STEP = 0.01;

    private KeyRateModel() {
        // static functions only
    }

    /**
     * Evaluates the link: decoy-state BB84 at its configured signal intensity, or at the optimal one when that is
     * {@code NaN}; the other protocols by their own models.
     *
     * @param link the link
     * @param protocol the protocol
     * @return the prediction
     */
    public static KeyRateResult evaluate(final LinkPhysics link, final QkdProtocol protocol) {
        final DecoyProtocol decoy;
        switch (protocol) {
            case FiniteKey finite -> {
                return FiniteKeyModel.evaluate(link, finite);
            }
            case CvQkd cv -> {
                return CvQkdModel.evaluate(link, cv);
            }
            case MdiQkd mdi -> {
                return MdiQkdModel.evaluate(link, mdi);
            }
            case TwinFieldQkd twinField -> {
                return TwinFieldQkdModel.evaluate(link, twinField);
            }
            case DecoyProtocol other -> decoy = other;
        }
        final double mu = Double.isNaN(link.signalMeanPhotonNumber()) ? optimalMu(link, decoy)
            : link.signalMeanPhotonNumber();
        return evaluate(link, decoy, mu);
    }

    /**
     * Evaluates the link at a given signal intensity.
     *
     * @param link the link
     * @param protocol decoy protocol
     * @param mu signal mean photon number, {@code > 0} (and {@code > nu} for a weak decoy)
     * @return the prediction
     */
    public static KeyRateResult evaluate(final LinkPhysics link, final DecoyProtocol protocol, final double mu) {
        requireNonNull(protocol);
        if (!(mu > 0) || protocol instanceof VacuumWeak(var nu) && mu <= nu) {
            throw new IllegalArgumentException("signal intensity " + mu + " must be positive and above the decoy's");
        }
        final double eta = link.transmittance();
        final double y0 = link.darkCountProbability();
        final double afterpulses = 1 + link.afterpulseProbability();
        final double gain = gain(link, eta, mu);
        final double qber = attacked(errorRate(link, eta, mu, gain), link.eavesdropFraction());

        final double q1;
        final double e1;
        switch (protocol) {
            case Infinite infinite -> {
                final double clicks = y0 + eta - y0 * eta;
                final double y1 = clicks * afterpulses;
                q1 = y1 * mu * Math.exp(-mu);
                e1 = attacked((E0 * y0 + link.misalignmentError() * eta + link.afterpulseProbability() * clicks / 2)
                    / y1, link.eavesdropFraction());
            }
            case VacuumWeak(var nu) -> {
                final double gainNu = gain(link, eta, nu);
                final double qberNu = attacked(errorRate(link, eta, nu, gainNu), link.eavesdropFraction());
                // Ma et al. 2005, eq. 34 and 37: lower bound on Y_1, upper bound on e_1, from the vacuum's yield
                // (its afterpulses included: they are clicks Bob registers like any other)
                final double vacuum = y0 * afterpulses;
                final double y1Low = Math.max(0, mu / (mu * nu - nu * nu) * (gainNu * Math.exp(nu)
                    - gain * Math.exp(mu) * nu * nu / (mu * mu) - (mu * mu - nu * nu) / (mu * mu) * vacuum));
                q1 = y1Low * mu * Math.exp(-mu);
                e1 = y1Low > 0 ? Math.min(E0, (qberNu * gainNu * Math.exp(nu) - E0 * vacuum) / (y1Low * nu)) : E0;
            }
            case FiniteKey finite -> {
                return FiniteKeyModel.evaluate(link.toBuilder().signalMeanPhotonNumber(mu).build(), finite);
            }
        }

        final double perPulse = link.siftingFactor() * (-gain * link.errorCorrectionEfficiency() * h2(qber)
            + q1 * (1 - h2(e1)));
        final double detections = gain * link.sourceRateHz();
        final double deadTimeFactor = 1 / (1 + detections * link.detectorDeadTimeSeconds());

        final var abort = abort(link, qber, perPulse);
        final double bps = abort == Abort.NONE ? perPulse * link.sourceRateHz() * deadTimeFactor : 0;
        return new KeyRateResult(protocol, mu, eta, gain, qber, 0, q1, e1, perPulse, detections, deadTimeFactor, bps,
            0, abort);
    }

    /**
     * The signal intensity maximizing the key rate per pulse: a grid search over (nu, 1.5] refined by Brent's
     * method around the best grid point.
     *
     * @param link the link (its own signal intensity is ignored)
     * @param protocol decoy protocol
     * @return the optimal mu
     */
    public static double optimalMu(final LinkPhysics link, final DecoyProtocol protocol) {
        final double low = protocol instanceof VacuumWeak(var nu) ? nu + MU_GRID_STEP : MU_GRID_STEP;
        return Maximizer.argmax(mu -> evaluate(link, protocol, mu).keyRatePerPulse(), low, MU_MAX, MU_GRID_STEP);
    }

    /**
     * The longest fiber over which the link still distils key, at its signal intensity (the optimal one when
     * that is {@code NaN}), by bisection.
     *
     * @param link the link (its fiber length is ignored)
     * @param protocol the protocol
     * @return the maximum distance in km, 0 when no key even at 0 km
     */
    public static double maxDistanceKm(final LinkPhysics link, final QkdProtocol protocol) {
        final var at = link.toBuilder();
        if (evaluate(at.fiberLengthKm(0).build(), protocol).aborted()) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (!evaluate(at.fiberLengthKm(hi).build(), protocol).aborted()) {
            lo = hi;
            hi *= 2;
            if (hi > 10_000) {
                return Double.POSITIVE_INFINITY;
            }
        }
        while (hi - lo > 1e-3) {
            final double mid = (lo + hi) / 2;
            if (evaluate(at.fiberLengthKm(mid).build(), protocol).aborted()) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    /**
     * The repeaterless bound of the link's channel (Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043
     * (2017), "PLOB"): no QKD protocol without a repeater distils more than {@code -log2(1 - eta)} secret bits per
     * channel use over a pure-loss channel of transmissivity {@code eta}, here the fiber's and the extra loss's
     * (Bob's optics and detector are his own, trusted, and count against the protocol, not the channel).
     *
     * @param link the link
     * @return the bound in bits per pulse, 0 for a cut fiber
     */
    public static double repeaterlessBound(final LinkPhysics link) {
        if (link.cut()) {
            return 0;
        }
        // -log2(1 - eta) = -log1p(-eta) / ln 2, exact for the small eta of long fibers
        return -Math.log1p(-Math.pow(10, -link.channelLossDb() / 10)) / Math.log(2);
    }

    /**
     * Binary entropy.
     *
     * @param prob probability
     * @return H2(prob) in bits, 0 outside (0, 1)
     */
    public static double h2(final double prob) {
        if (prob <= 0 || prob >= 1) {
            return 0;
        }
        return -prob * log2(prob) - (1 - prob) * log2(1 - prob);
    }

    // clicks per pulse of an intensity: signal or dark count, each followed by an afterpulse with its probability
    static double gain(final LinkPhysics link, final double eta, final double intensity) {
        return clicks(link, eta, intensity) * (1 + link.afterpulseProbability());
    }

    // clicks per pulse without afterpulses
    private static double clicks(final LinkPhysics link, final double eta, final double intensity) {
        return link.darkCountProbability() + 1 - Math.exp(-eta * intensity);
    }

    // error rate of the clicks: dark counts and afterpulses are random bits, signal photons misaligned with e_d
    static double errorRate(final LinkPhysics link, final double eta, final double intensity, final double gain) {
        return (E0 * link.darkCountProbability() + link.misalignmentError() * (1 - Math.exp(-eta * intensity))
            + link.afterpulseProbability() * clicks(link, eta, intensity) / 2) / gain;
    }

    // why a single-photon protocol stops, if it does: a cut, a QBER above the threshold, no key left
    static Abort abort(final LinkPhysics link, final double qber, final double perPulse) {
        if (link.cut()) {
            return Abort.LINK_CUT;
        }
        if (qber > link.qberAbortThreshold()) {
            return Abort.QBER_ABOVE_THRESHOLD;
        }
        return perPulse > 0 ? Abort.NONE : Abort.NO_SECRET_KEY;
    }

    static double attacked(final double errorRate, final double fraction) {
        return errorRate + fraction * (0.25 - errorRate / 2);
    }

    private static double log2(final double value) {
        return Math.log(value) / Math.log(2);
    }
}
