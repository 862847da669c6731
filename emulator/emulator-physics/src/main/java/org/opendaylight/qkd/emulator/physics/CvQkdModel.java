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
 * Asymptotic key rate of GG02 continuous-variable QKD with homodyne detection and reverse reconciliation against
 * collective attacks, with Bob's detector trusted (Lodewyck et al., PRA 76, 042305 (2007); Fossier et al., J. Phys.
 * B 42, 114014 (2009)), all variances in shot-noise units:
 * <pre>
 *   V = V_A + 1, chi_line = 1/T - 1 + xi, chi_hom = (1 + v_el)/eta - 1, chi_tot = chi_line + chi_hom/T
 *   I_AB = 1/2 log2((V + chi_tot) / (1 + chi_tot))
 *   chi_BE = G(l1) + G(l2) - G(l3) - G(l4),  G(x) = (x+1)/2 log2((x+1)/2) - (x-1)/2 log2((x-1)/2)
 *   l1,2^2 = (A +- sqrt(A^2 - 4B)) / 2,  l3,4^2 = (C +- sqrt(C^2 - 4D)) / 2
 *   A = V^2 (1 - 2T) + 2T + T^2 (V + chi_line)^2,  B = T^2 (V chi_line + 1)^2
 *   C = (V sqrt(B) + T (V + chi_line) + A chi_hom) / (T (V + chi_tot)),
 *   D = sqrt(B) (V + sqrt(B) chi_hom) / (T (V + chi_tot))
 *   K = beta I_AB - chi_BE  bits per symbol
 * </pre>
 * T is the channel's transmittance (fiber and extra loss), eta Bob's detection efficiency (his optics times his
 * detector). An intercept-resend eavesdropper on a fraction x of the symbols adds 2x shot-noise units of excess
 * noise (measuring a coherent state and resending the result doubles its vacuum noise). Bob's detector has no dead
 * time: homodyne detection has none.
 */
final class CvQkdModel {
    private static final double VA_MAX = 100;
    private static final double VA_STEP = 0.5;

    private CvQkdModel() {
        // static functions only
    }

    static KeyRateResult evaluate(final LinkPhysics link, final CvQkd protocol) {
        final double transmittance = link.cut() ? 0 : Math.pow(10, -link.channelLossDb() / 10);
        final double detection = link.bobTransmittance() * link.detectorEfficiency();
        final double xi = protocol.excessNoise() + 2 * link.eavesdropFraction();
        final double va = Double.isNaN(protocol.modulationVariance())
            ? optimalVariance(transmittance, detection, xi, protocol) : protocol.modulationVariance();
        final var rate = rate(transmittance, detection, xi, va, protocol);
        final Abort abort;
        if (link.cut()) {
            abort = Abort.LINK_CUT;
        } else if (xi > protocol.excessNoiseAbortThreshold()) {
            abort = Abort.EXCESS_NOISE_ABOVE_THRESHOLD;
        } else if (!(rate.key() > 0)) {
            abort = Abort.NO_SECRET_KEY;
        } else {
            abort = Abort.NONE;
        }
        return new KeyRateResult(protocol, va, transmittance * detection, transmittance, 0, xi, rate.mutual(),
            rate.holevo(), rate.key(), link.sourceRateHz(), 1,
            abort == Abort.NONE ? rate.key() * link.sourceRateHz() : 0, 0, abort);
    }

    /**
     * The key per symbol.
     *
     * @param mutual I_AB
     * @param holevo chi_BE
     * @param key beta I_AB - chi_BE
     */
    record Rate(double mutual, double holevo, double key) {
    }

    static Rate rate(final double transmittance, final double detection, final double xi, final double va,
            final CvQkd protocol) {
        if (!(transmittance > 0)) {
            return new Rate(0, 0, 0);
        }
        final double t = transmittance;
        final double v = va + 1;
        final double chiLine = 1 / t - 1 + xi;
        final double chiHom = (1 + protocol.electronicNoise()) / detection - 1;
        final double chiTot = chiLine + chiHom / t;
        final double mutual = 0.5 * log2((v + chiTot) / (1 + chiTot));
        final double a = v * v * (1 - 2 * t) + 2 * t + t * t * (v + chiLine) * (v + chiLine);
        final double b = t * t * (v * chiLine + 1) * (v * chiLine + 1);
        final double c = (v * Math.sqrt(b) + t * (v + chiLine) + a * chiHom) / (t * (v + chiTot));
        final double d = Math.sqrt(b) * (v + Math.sqrt(b) * chiHom) / (t * (v + chiTot));
        final double holevo = g(eigenvalue(a, b, 1)) + g(eigenvalue(a, b, -1)) - g(eigenvalue(c, d, 1))
            - g(eigenvalue(c, d, -1));
        return new Rate(mutual, holevo, protocol.reconciliationEfficiency() * mutual - holevo);
    }

    // sqrt((x +- sqrt(x^2 - 4y)) / 2), at least 1 (a symplectic eigenvalue; rounding may take it just below)
    private static double eigenvalue(final double sum, final double product, final int sign) {
        final double root = Math.sqrt(Math.max(0, sum * sum - 4 * product));
        return Math.max(1, Math.sqrt(Math.max(0, (sum + sign * root) / 2)));
    }

    // G(x) = (x+1)/2 log2((x+1)/2) - (x-1)/2 log2((x-1)/2), G(1) = 0
    static double g(final double eigenvalue) {
        final double plus = (eigenvalue + 1) / 2;
        final double minus = (eigenvalue - 1) / 2;
        return plus * log2(plus) - (minus > 0 ? minus * log2(minus) : 0);
    }

    // the modulation variance maximizing the key, over (0, 100]
    static double optimalVariance(final double transmittance, final double detection, final double xi,
            final CvQkd protocol) {
        return Maximizer.argmax(va -> rate(transmittance, detection, xi, va, protocol).key(), VA_STEP, VA_MAX,
            VA_STEP);
    }

    private static double log2(final double value) {
        return Math.log(value) / Math.log(2);
    }
}
