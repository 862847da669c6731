/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol.FiniteKey;
import org.opendaylight.qkd.emulator.physics.KeyRateResult.Abort;

/**
 * Finite-key decoy-state BB84 with three intensities {@code mu1 > mu2 + mu3}, {@code mu2 > mu3 >= 0}, by the
 * bounds of Lim, Curty, Walenta, Xu, Zbinden, "Concise security bounds for practical decoy-state quantum key
 * distribution", PRA 89, 022307 (2014), valid against general attacks. The key comes from the X basis; Alice and
 * Bob choose X with probability {@code q_X}. A block ends when {@code n_X} X-basis detections are collected; it
 * yields
 * <pre>
 *   l = s_X0 + s_X1 (1 - h(phi_X)) - lambda_EC - 6 log2(21 / eps_sec) - log2(2 / eps_cor)
 * </pre>
 * secret bits, with the vacuum and single-photon detections {@code s_X0, s_X1} bounded below, and the
 * single-photon phase error rate {@code phi_X} above, from Hoeffding intervals around the counts of each
 * intensity (the paper's equations 2 to 5), and {@code lambda_EC = f * n_X * h(E_X)}. The rate per pulse is
 * {@code l / N} for the {@code N} pulses a block takes.
 *
 * <p>The counts are their expectations under the same channel as the asymptotic model ({@link KeyRateModel}):
 * clicks {@code D_k = (Y0 + 1 - exp(-eta k)) (1 + p_ap)}, errors from dark counts and afterpulses (random bits),
 * misalignment and an intercept-resend eavesdropper. Like the paper, the weakest intensity is fixed at
 * {@value #WEAKEST_INTENSITY}, and {@code mu1, mu2}, their probabilities and {@code q_X} are chosen to maximize the
 * rate (Nelder-Mead, Apache Commons Math); a link's configured signal intensity, when it has one, is kept as
 * {@code mu1}. The link's sifting factor does not apply: {@code q_X} is chosen here.
 */
final class FiniteKeyModel {
    /** mu3 of Lim et al.'s evaluation. */
    static final double WEAKEST_INTENSITY = 2e-4;
    private static final double MU_MAX = 1;
    private static final double MARGIN = 1e-3;
    private static final double MU_MIN = 2 * WEAKEST_INTENSITY + 3 * MARGIN;
    private static final double P_MIN = 1e-3;
    private static final double Q_X_MIN = 0.01;
    private static final double Q_X_MAX = 0.999;
    // a penalty below any rate, for settings the bounds cannot evaluate
    private static final double INVALID = -1;
    private static final List<double[]> STARTS = List.of(
        // mu1, mu2 (as fractions of their ranges, in logit), p1, p2 (softmax against p3), q_X (logit)
        new double[] { 0, -1.5, 1.5, 0.5, 1.5 },
        new double[] { -0.5, -2.5, 2.5, 0.5, 3 },
        new double[] { 0.5, -1, 1, 0.5, 0.5 });
    // q_X (logit) tried at each start: small blocks need most detections in Z, where the phase error is estimated
    private static final double[] Q_X_LOGITS = { -4, -2.5, -1, 0.5, 2, 3.5 };
    // the signal's weight against the weak decoy tried at each start: small blocks at long distances need the
    // signal rarely (p1 of a few per cent)
    private static final double[] SIGNAL_WEIGHTS = { -2, 1.5 };
    // the best points of that grid the simplex starts from
    private static final int SIMPLEX_RUNS = 3;

    private FiniteKeyModel() {
        // static functions only
    }

    /**
     * The settings of one block.
     *
     * @param mu1 signal intensity
     * @param mu2 decoy intensity
     * @param mu3 weakest decoy intensity
     * @param p1 probability of mu1
     * @param p2 probability of mu2
     * @param qX probability of the X basis, at each end
     */
    record Settings(double mu1, double mu2, double mu3, double p1, double p2, double qX) {
        double p3() {
            return 1 - p1 - p2;
        }
    }

    /**
     * What one block yields.
     *
     * @param pulses pulses sent for the block, N
     * @param keyBits secret bits l, negative when none
     * @param qber X-basis error rate
     * @param singlePhoton s_X1, lower bound
     * @param phaseError phi_X, upper bound
     * @param clicksPerPulse clicks per pulse over all intensities and bases
     */
    record Block(double pulses, double keyBits, double qber, double singlePhoton, double phaseError,
            double clicksPerPulse) {
        double perPulse() {
            return keyBits / pulses;
        }
    }

    static KeyRateResult evaluate(final LinkPhysics link, final FiniteKey protocol) {
        if (link.signalMeanPhotonNumber() < MU_MIN) {
            throw new IllegalArgumentException("the finite-key protocol needs a signal intensity mu of at least "
                + MU_MIN + " beside its decoys, was " + link.signalMeanPhotonNumber());
        }
        final double eta = link.transmittance();
        final var settings = optimal(link, protocol, eta);
        final var block = block(link, protocol, eta, settings);
        final double gain = KeyRateModel.gain(link, eta, settings.mu1());
        final double detections = block.clicksPerPulse() * link.sourceRateHz();
        final double deadTimeFactor = 1 / (1 + detections * link.detectorDeadTimeSeconds());
        // a block yields whole bits: less than one is none
        final var abort = KeyRateModel.abort(link, block.qber(), block.keyBits() >= 1 ? block.perPulse() : 0);
        final boolean key = abort == Abort.NONE;
        return new KeyRateResult(protocol, settings.mu1(), eta, gain, block.qber(), 0,
            block.singlePhoton() / block.pulses(), block.phaseError(), block.perPulse(), detections, deadTimeFactor,
            key ? block.perPulse() * link.sourceRateHz() * deadTimeFactor : 0, key ? Math.floor(block.keyBits()) : 0,
            abort);
    }

    // the settings maximizing the rate per pulse: the best points of a coarse grid, refined by Nelder-Mead
    static Settings optimal(final LinkPhysics link, final FiniteKey protocol, final double eta) {
        final double fixedMu1 = link.signalMeanPhotonNumber();
        if (link.cut()) {
            return settings(STARTS.get(0), fixedMu1);
        }
        // a coarse look first: the rate is negative, and flat, over much of the space for small blocks
        final var grid = new ArrayList<PointValuePair>();
        for (var start : STARTS) {
            for (var basis : Q_X_LOGITS) {
                for (var signal : SIGNAL_WEIGHTS) {
                    final var point = start.clone();
                    point[2] = signal;
                    point[4] = basis;
                    grid.add(new PointValuePair(point, rate(link, protocol, eta, settings(point, fixedMu1))));
                }
            }
        }
        grid.sort(Comparator.comparingDouble(PointValuePair::getValue).reversed());
        Settings best = settings(STARTS.get(0), fixedMu1);
        double bestRate = rate(link, protocol, eta, best);
        final var optimizer = new SimplexOptimizer(1e-10, 1e-15);
        for (var start : grid.subList(0, SIMPLEX_RUNS).stream().map(PointValuePair::getPoint).toList()) {
            final PointValuePair found;
            try {
                found = optimizer.optimize(new MaxEval(5_000), GoalType.MAXIMIZE, new InitialGuess(start),
                    new NelderMeadSimplex(start.length, 1.0),
                    new ObjectiveFunction(point -> rate(link, protocol, eta, settings(point, fixedMu1))));
            } catch (TooManyEvaluationsException e) {
                // a start that does not settle: the others, and the first point, stand
                continue;
            }
            final var candidate = settings(found.getPoint(), fixedMu1);
            final double candidateRate = rate(link, protocol, eta, candidate);
            if (candidateRate > bestRate) {
                best = candidate;
                bestRate = candidateRate;
            }
        }
        // without key anywhere, the settings that come closest are an artefact of the bounds (a vanishing
        // signal, say): a link reports its usual operating point instead, and what it would measure there
        return bestRate > 0 ? best : settings(STARTS.get(0), fixedMu1);
    }

    private static double rate(final LinkPhysics link, final FiniteKey protocol, final double eta,
            final Settings settings) {
        final double rate = block(link, protocol, eta, settings).perPulse();
        return Double.isFinite(rate) ? rate : INVALID;
    }

    // unconstrained coordinates to settings that satisfy the protocol's constraints, with margins that keep the
    // bounds' differences (mu2 - mu3, mu1 - mu2 - mu3) and divisions by p_k away from rounding noise
    private static Settings settings(final double[] point, final double fixedMu1) {
        final double mu3 = WEAKEST_INTENSITY;
        final double mu1 = Double.isNaN(fixedMu1) ? MU_MIN + logistic(point[0]) * (MU_MAX - MU_MIN) : fixedMu1;
        final double span = mu1 - 2 * mu3 - 2 * MARGIN;
        final double mu2 = mu3 + MARGIN + logistic(point[1]) * Math.max(0, span);
        final double w1 = Math.exp(Math.max(-30, Math.min(point[2], 30)));
        final double w2 = Math.exp(Math.max(-30, Math.min(point[3], 30)));
        final double sum = w1 + w2 + 1;
        final double free = 1 - 3 * P_MIN;
        return new Settings(mu1, mu2, mu3, P_MIN + free * w1 / sum, P_MIN + free * w2 / sum,
            Q_X_MIN + logistic(point[4]) * (Q_X_MAX - Q_X_MIN));
    }

    private static double logistic(final double value) {
        return 1 / (1 + Math.exp(-value));
    }

    /**
     * The expected block at given settings: the counts of each intensity and basis, and the paper's bounds on them.
     */
    static Block block(final LinkPhysics link, final FiniteKey protocol, final double eta, final Settings at) {
        final double[] intensities = { at.mu1(), at.mu2(), at.mu3() };
        final double[] probabilities = { at.p1(), at.p2(), at.p3() };
        final double qZ = 1 - at.qX();
        final double[] clicks = new double[3];
        final double[] errors = new double[3];
        double clicksPerPulse = 0;
        double errorsPerPulse = 0;
        for (int i = 0; i < 3; i++) {
            clicks[i] = KeyRateModel.gain(link, eta, intensities[i]);
            errors[i] = clicks[i] * KeyRateModel.attacked(KeyRateModel.errorRate(link, eta, intensities[i],
                clicks[i]), link.eavesdropFraction());
            clicksPerPulse += probabilities[i] * clicks[i];
            errorsPerPulse += probabilities[i] * errors[i];
        }
        // pulses until n_X X-basis detections: both ends chose X with q_X each
        final double pulses = protocol.blockSize() / (at.qX() * at.qX() * clicksPerPulse);
        final double xShare = pulses * at.qX() * at.qX();
        final double zShare = pulses * qZ * qZ;
        final double[] nX = new double[3];
        final double[] nZ = new double[3];
        final double[] mZ = new double[3];
        for (int i = 0; i < 3; i++) {
            nX[i] = xShare * probabilities[i] * clicks[i];
            nZ[i] = zShare * probabilities[i] * clicks[i];
            mZ[i] = zShare * probabilities[i] * errors[i];
        }
        final double logTerm = Math.log(21 / protocol.epsilonSec());
        final var x = new Bounds(intensities, probabilities, nX, logTerm);
        final var z = new Bounds(intensities, probabilities, nZ, logTerm);
        final var zErrors = new Bounds(intensities, probabilities, mZ, logTerm);
        // lower bounds, and no more than the detections they are part of
        final double sX0 = Math.min(x.vacuum(), protocol.blockSize());
        final double sX1 = Math.min(x.singlePhoton(sX0), protocol.blockSize() - sX0);
        final double sZ1 = z.singlePhoton(z.vacuum());
        // eq. 4: single-photon errors in Z
        final double vZ1 = x.tau(1) * (zErrors.upper(1) - zErrors.lower(2)) / (at.mu2() - at.mu3());
        final double phase = phaseError(vZ1, sZ1, sX1, protocol.epsilonSec() / 21);
        final double qber = errorsPerPulse / clicksPerPulse;
        final double leak = link.errorCorrectionEfficiency() * protocol.blockSize() * KeyRateModel.h2(qber);
        final double keyBits = sX0 + sX1 * (1 - KeyRateModel.h2(Math.min(0.5, phase))) - leak
            - 6 * log2(21 / protocol.epsilonSec()) - log2(2 / protocol.epsilonCor());
        return new Block(pulses, keyBits, qber, sX1, phase, clicksPerPulse);
    }

    // eq. 5: phi_X <= v/s + gamma(eps, v/s, s_Z1, s_X1)
    private static double phaseError(final double errors, final double singleZ, final double singleX,
            final double eps) {
        if (!(singleZ > 0) || !(singleX > 0)) {
            return 0.5;
        }
        final double ratio = Math.max(0, errors / singleZ);
        if (ratio >= 0.5) {
            return 0.5;
        }
        // gamma(a, b, c, d) = sqrt((c + d) (1 - b) b / (c d ln 2) * log2((c + d) / (c d (1 - b) b a^2))),
        // which tends to 0 with b
        final double b = Math.max(ratio, 1e-300);
        final double spread = (singleZ + singleX) * (1 - b) * b / (singleZ * singleX * Math.log(2))
            * log2((singleZ + singleX) / (singleZ * singleX * (1 - b) * b * eps * eps));
        return ratio + Math.sqrt(Math.max(0, spread));
    }

    private static double log2(final double value) {
        return Math.log(value) / Math.log(2);
    }

    /**
     * The counts of one basis per intensity, as Hoeffding intervals (eq. 2's {@code n^+-}).
     */
    private static final class Bounds {
        private final double[] intensities;
        private final double[] probabilities;
        private final double[] counts;
        private final double deviation;

        Bounds(final double[] intensities, final double[] probabilities, final double[] counts,
                final double logTerm) {
            this.intensities = intensities;
            this.probabilities = probabilities;
            this.counts = counts;
            double total = 0;
            for (var count : counts) {
                total += count;
            }
            deviation = Math.sqrt(total / 2 * logTerm);
        }

        double upper(final int index) {
            return Math.exp(intensities[index]) / probabilities[index] * (counts[index] + deviation);
        }

        double lower(final int index) {
            return Math.exp(intensities[index]) / probabilities[index] * (counts[index] - deviation);
        }

        // tau_n = sum_k exp(-k) k^n p_k / n!, for n = 0 or 1
        double tau(final int photons) {
            double tau = 0;
            for (int i = 0; i < 3; i++) {
                tau += Math.exp(-intensities[i]) * (photons == 0 ? 1 : intensities[i]) * probabilities[i];
            }
            return tau;
        }

        // eq. 2: s_0 >= tau_0 (mu2 n^-_mu3 - mu3 n^+_mu2) / (mu2 - mu3)
        double vacuum() {
            final double mu2 = intensities[1];
            final double mu3 = intensities[2];
            return Math.max(0, tau(0) * (mu2 * lower(2) - mu3 * upper(1)) / (mu2 - mu3));
        }

        // eq. 3: s_1 >= tau_1 mu1 (n^-_mu2 - n^+_mu3 - (mu2^2 - mu3^2) / mu1^2 (n^+_mu1 - s_0 / tau_0))
        //               / (mu1 (mu2 - mu3) - mu2^2 + mu3^2)
        double singlePhoton(final double vacuum) {
            final double mu1 = intensities[0];
            final double mu2 = intensities[1];
            final double mu3 = intensities[2];
            return Math.max(0, tau(1) * mu1 * (lower(1) - upper(2) - (mu2 * mu2 - mu3 * mu3) / (mu1 * mu1)
                * (upper(0) - vacuum / tau(0))) / (mu1 * (mu2 - mu3) - mu2 * mu2 + mu3 * mu3));
        }
    }
}
