/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The names of a link's physical parameters and presets, one vocabulary for topology files and the command line
 * (where each parameter is a flag: {@code --attenuation-db-per-km 0.2}), with the builder setter each one sets.
 * The fiber length is a link's own and faults (eavesdropping, cuts) are not parameters: they are not listed.
 */
public final class LinkParameters {
    /** Parameter name to the setter it drives. */
    public static final Map<String, BiConsumer<LinkPhysics.Builder, Double>> BY_NAME = Map.ofEntries(
        Map.entry("attenuation-db-per-km", LinkPhysics.Builder::attenuationDbPerKm),
        Map.entry("extra-loss-db", LinkPhysics.Builder::extraLossDb),
        Map.entry("bob-transmittance", LinkPhysics.Builder::bobTransmittance),
        Map.entry("detector-efficiency", LinkPhysics.Builder::detectorEfficiency),
        Map.entry("dark-count-probability", LinkPhysics.Builder::darkCountProbability),
        Map.entry("misalignment-error", LinkPhysics.Builder::misalignmentError),
        Map.entry("error-correction-efficiency", LinkPhysics.Builder::errorCorrectionEfficiency),
        Map.entry("sifting-factor", LinkPhysics.Builder::siftingFactor),
        Map.entry("mu", LinkPhysics.Builder::signalMeanPhotonNumber),
        Map.entry("source-rate-hz", LinkPhysics.Builder::sourceRateHz),
        Map.entry("detector-dead-time-s", LinkPhysics.Builder::detectorDeadTimeSeconds),
        Map.entry("afterpulse-probability", LinkPhysics.Builder::afterpulseProbability),
        Map.entry("qber-abort-threshold", LinkPhysics.Builder::qberAbortThreshold));

    /** Named parameter sets a link starts from, at 0 km. */
    public static final Map<String, LinkPhysics> PRESETS = Map.of("metro", LinkPhysics.metro(0),
        "gys", LinkPhysics.gys(0), "cv-metro", LinkPhysics.cvMetro(0));
    /** The CV-QKD parameter names, each to its place in {@link #cv(Map)}'s record. */
    public static final List<String> CV_NAMES = List.of("excess-noise", "electronic-noise",
        "reconciliation-efficiency", "modulation-variance", "excess-noise-abort");
    /** The preset used when none is named. */
    public static final String DEFAULT_PRESET = "metro";

    /**
     * The CV-QKD protocol with the given parameters, the defaults for the others.
     *
     * @param given values by {@link #CV_NAMES} name
     * @return the protocol
     * @throws IllegalArgumentException when a value is out of range
     */
    public static CvQkd cv(final Map<String, Double> given) {
        final var defaults = CvQkd.DEFAULT;
        return new CvQkd(given.getOrDefault("excess-noise", defaults.excessNoise()),
            given.getOrDefault("electronic-noise", defaults.electronicNoise()),
            given.getOrDefault("reconciliation-efficiency", defaults.reconciliationEfficiency()),
            given.getOrDefault("modulation-variance", defaults.modulationVariance()),
            given.getOrDefault("excess-noise-abort", defaults.excessNoiseAbortThreshold()));
    }

    /**
     * The preset a link starts from when it names none.
     *
     * @param protocol the link's protocol by name, null for bb84
     * @return {@code cv-metro} for cv-gg02, else {@link #DEFAULT_PRESET}
     */
    public static String defaultPreset(final String protocol) {
        return "cv-gg02".equals(protocol) ? "cv-metro" : DEFAULT_PRESET;
    }

    private LinkParameters() {
        // constants only
    }
}
