/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

/**
 * Physical parameters of one QKD link (a decoy-state BB84 system over fiber), and the faults acting on it.
 *
 * @param fiberLengthKm fiber length, km, {@code >= 0}
 * @param attenuationDbPerKm fiber attenuation, dB/km, {@code >= 0}
 * @param extraLossDb insertion loss besides the fiber (connectors, splices, added by faults), dB, {@code >= 0}
 * @param bobTransmittance transmittance of Bob's optics, in (0, 1]
 * @param detectorEfficiency detection efficiency of Bob's detectors, in (0, 1]
 * @param darkCountProbability background yield Y0: probability of a click per gate without signal, in [0, 1)
 * @param misalignmentError e_d: probability that a photon hits the wrong detector, in [0, 0.5]
 * @param errorCorrectionEfficiency f(e): error correction leaks f * H2(e) bits per sifted bit, {@code >= 1}
 * @param siftingFactor q: fraction of detections kept after basis sifting (1/2 for standard BB84), in (0, 1]
 * @param signalMeanPhotonNumber mu of the signal state; {@code NaN} selects the intensity that maximizes the
 *        key rate
 * @param sourceRateHz Alice's pulse rate, Hz, {@code > 0}
 * @param detectorDeadTimeSeconds dead time of Bob's detectors after a click, s, {@code >= 0}; limits the
 *        detection rate to {@code 1 / deadTime}
 * @param afterpulseProbability probability that a click is followed by an afterpulse click, whose bit is random,
 *        in [0, 1)
 * @param qberAbortThreshold the protocol aborts when the QBER exceeds this, in (0, 0.5]
 * @param eavesdropFraction fraction of pulses an intercept-resend eavesdropper measures and resends, in [0, 1]
 * @param cut whether the fiber is cut (no photon arrives)
 */
public record LinkPhysics(
        double fiberLengthKm,
        double attenuationDbPerKm,
        double extraLossDb,
        double bobTransmittance,
        double detectorEfficiency,
        double darkCountProbability,
        double misalignmentError,
        double errorCorrectionEfficiency,
        double siftingFactor,
        double signalMeanPhotonNumber,
        double sourceRateHz,
        double detectorDeadTimeSeconds,
        double afterpulseProbability,
        double qberAbortThreshold,
        double eavesdropFraction,
        boolean cut) {

    /** Default abort threshold of one-way BB84 post-processing. */
    public static final double DEFAULT_QBER_ABORT_THRESHOLD = 0.11;

    /**
     * Validates every parameter.
     *
     * @throws IllegalArgumentException naming the first parameter out of range
     */
    public LinkPhysics {
        check("fiber length (km)", fiberLengthKm, 0, 10_000, true);
        check("attenuation (dB/km)", attenuationDbPerKm, 0, 100, true);
        check("extra loss (dB)", extraLossDb, 0, 1_000, true);
        checkOpenLow("Bob's optics transmittance", bobTransmittance, 0, 1);
        checkOpenLow("detector efficiency", detectorEfficiency, 0, 1);
        check("dark count probability", darkCountProbability, 0, 1, false);
        check("misalignment error", misalignmentError, 0, 0.5, true);
        check("error correction efficiency f", errorCorrectionEfficiency, 1, 10, true);
        checkOpenLow("sifting factor", siftingFactor, 0, 1);
        if (!Double.isNaN(signalMeanPhotonNumber)) {
            checkOpenLow("signal mean photon number mu", signalMeanPhotonNumber, 0, 10);
        }
        checkOpenLow("source rate (Hz)", sourceRateHz, 0, 1e12);
        check("detector dead time (s)", detectorDeadTimeSeconds, 0, 1, true);
        check("afterpulse probability", afterpulseProbability, 0, 1, false);
        checkOpenLow("QBER abort threshold", qberAbortThreshold, 0, 0.5);
        check("eavesdrop fraction", eavesdropFraction, 0, 1, true);
    }

    /**
     * The parameter set of the Gobby-Yuan-Shields experiment (GYS) used by Ma et al. 2005: 0.21 dB/km,
     * eta_Bob = 0.045, Y0 = 1.7e-6, e_d = 3.3 %, f = 1.22, q = 1/2, 2 MHz, at the given fiber length.
     *
     * @param fiberLengthKm fiber length, km
     * @return the parameters, optimal mu, no dead time
     */
    public static LinkPhysics gys(final double fiberLengthKm) {
        return new LinkPhysics(fiberLengthKm, 0.21, 0, 1, 0.045, 1.7e-6, 0.033, 1.22, 0.5, Double.NaN, 2e6, 0, 0,
            DEFAULT_QBER_ABORT_THRESHOLD, 0, false);
    }

    /**
     * A present-day metro system: 1 GHz gated InGaAs detectors (10 % efficiency, 10 ns dead time, 1e-6 dark
     * count probability per gate), 60 % transmittance of Bob's optics, 1 % misalignment, f = 1.16, standard
     * sifting, over 0.2 dB/km fiber.
     *
     * @param fiberLengthKm fiber length, km
     * @return the parameters, optimal mu
     */
    public static LinkPhysics metro(final double fiberLengthKm) {
        return new LinkPhysics(fiberLengthKm, 0.2, 0, 0.6, 0.1, 1e-6, 0.01, 1.16, 0.5, Double.NaN, 1e9, 10e-9, 0,
            DEFAULT_QBER_ABORT_THRESHOLD, 0, false);
    }

    /**
     * A present-day continuous-variable link (for {@link CvQkd}): 100 Mbaud, a shot-noise-limited homodyne
     * detector of 60 % efficiency behind optics of 90 % transmittance, over 0.2 dB/km fiber; single-photon
     * parameters do not apply.
     *
     * @param fiberLengthKm fiber length, km
     * @return the parameters
     */
    public static LinkPhysics cvMetro(final double fiberLengthKm) {
        return new LinkPhysics(fiberLengthKm, 0.2, 0, 0.9, 0.6, 0, 0.01, 1.16, 0.5, Double.NaN, 1e8, 0, 0,
            DEFAULT_QBER_ABORT_THRESHOLD, 0, false);
    }

    /**
     * Total channel loss, fiber plus extra.
     *
     * @return loss in dB
     */
    public double channelLossDb() {
        return fiberLengthKm * attenuationDbPerKm + extraLossDb;
    }

    /**
     * Overall transmittance eta from Alice's output to a click: fiber, extra loss, Bob's optics and detector.
     *
     * @return eta, 0 when the fiber is cut
     */
    public double transmittance() {
        return cut ? 0 : Math.pow(10, -channelLossDb() / 10) * bobTransmittance * detectorEfficiency;
    }

    /**
     * A builder starting from these parameters, to derive a changed link (another length, a fault).
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Derives link parameters from others; {@link #build()} validates them.
     */
    public static final class Builder {
        private double fiberLengthKm;
        private double attenuationDbPerKm;
        private double extraLossDb;
        private double bobTransmittance;
        private double detectorEfficiency;
        private double darkCountProbability;
        private double misalignmentError;
        private double errorCorrectionEfficiency;
        private double siftingFactor;
        private double signalMeanPhotonNumber;
        private double sourceRateHz;
        private double detectorDeadTimeSeconds;
        private double afterpulseProbability;
        private double qberAbortThreshold;
        private double eavesdropFraction;
        private boolean cut;

        Builder(final LinkPhysics from) {
            fiberLengthKm = from.fiberLengthKm;
            attenuationDbPerKm = from.attenuationDbPerKm;
            extraLossDb = from.extraLossDb;
            bobTransmittance = from.bobTransmittance;
            detectorEfficiency = from.detectorEfficiency;
            darkCountProbability = from.darkCountProbability;
            misalignmentError = from.misalignmentError;
            errorCorrectionEfficiency = from.errorCorrectionEfficiency;
            siftingFactor = from.siftingFactor;
            signalMeanPhotonNumber = from.signalMeanPhotonNumber;
            sourceRateHz = from.sourceRateHz;
            detectorDeadTimeSeconds = from.detectorDeadTimeSeconds;
            afterpulseProbability = from.afterpulseProbability;
            qberAbortThreshold = from.qberAbortThreshold;
            eavesdropFraction = from.eavesdropFraction;
            cut = from.cut;
        }

        public Builder fiberLengthKm(final double value) {
            fiberLengthKm = value;
            return this;
        }

        public Builder attenuationDbPerKm(final double value) {
            attenuationDbPerKm = value;
            return this;
        }

        public Builder extraLossDb(final double value) {
            extraLossDb = value;
            return this;
        }

        public Builder bobTransmittance(final double value) {
            bobTransmittance = value;
            return this;
        }

        public Builder detectorEfficiency(final double value) {
            detectorEfficiency = value;
            return this;
        }

        public Builder darkCountProbability(final double value) {
            darkCountProbability = value;
            return this;
        }

        public Builder misalignmentError(final double value) {
            misalignmentError = value;
            return this;
        }

        public Builder errorCorrectionEfficiency(final double value) {
            errorCorrectionEfficiency = value;
            return this;
        }

        public Builder siftingFactor(final double value) {
            siftingFactor = value;
            return this;
        }

        /**
         * Sets the signal intensity.
         *
         * @param value mean photon number, or {@code NaN} for the optimal one
         * @return this builder
         */
        public Builder signalMeanPhotonNumber(final double value) {
            signalMeanPhotonNumber = value;
            return this;
        }

        public Builder sourceRateHz(final double value) {
            sourceRateHz = value;
            return this;
        }

        public Builder detectorDeadTimeSeconds(final double value) {
            detectorDeadTimeSeconds = value;
            return this;
        }

        public Builder afterpulseProbability(final double value) {
            afterpulseProbability = value;
            return this;
        }

        public Builder qberAbortThreshold(final double value) {
            qberAbortThreshold = value;
            return this;
        }

        public Builder eavesdropFraction(final double value) {
            eavesdropFraction = value;
            return this;
        }

        public Builder cut(final boolean value) {
            cut = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the parameters
         * @throws IllegalArgumentException naming the first parameter out of range
         */
        public LinkPhysics build() {
            return new LinkPhysics(fiberLengthKm, attenuationDbPerKm, extraLossDb, bobTransmittance,
                detectorEfficiency, darkCountProbability, misalignmentError, errorCorrectionEfficiency, siftingFactor,
                signalMeanPhotonNumber, sourceRateHz, detectorDeadTimeSeconds, afterpulseProbability,
                qberAbortThreshold, eavesdropFraction, cut);
        }
    }

    private static void check(final String name, final double value, final double min, final double max,
            final boolean maxInclusive) {
        if (!(value >= min && (maxInclusive ? value <= max : value < max))) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + (maxInclusive ? "]" : ")")
                + ", was " + value);
        }
    }

    private static void checkOpenLow(final String name, final double value, final double min, final double max) {
        if (!(value > min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in (" + min + ", " + max + "], was " + value);
        }
    }
}
