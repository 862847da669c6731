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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A planned link in the vocabulary of topology files: the defaults, each protocol's own parameters, and refusals
 * that name what does not fit.
 */
class PlannedLinkTest {
    @Test
    void theDefaultsAreTheMetroPresetWithBb84AndItsWeakDecoy() {
        final var link = PlannedLink.of(null, null, null, 50, Map.of());
        assertEquals(LinkPhysics.metro(50), link.physics());
        assertEquals(DecoyProtocol.vacuumWeak(0.1), link.protocol());
        final var estimate = link.evaluate();
        assertEquals(KeyRateModel.evaluate(LinkPhysics.metro(50), DecoyProtocol.vacuumWeak(0.1)), estimate);
        assertEquals(estimate.secretKeyRateBps() * 0.99, link.effectiveKeyRateBps(estimate), 1e-9);
    }

    @Test
    void eachProtocolTakesItsOwnParameters() {
        final var finite = PlannedLink.of("gys", "bb84", "finite", 30, Map.of("block-size", 1e6,
            "detector-efficiency", 0.2, "authentication-overhead", 0.05));
        assertEquals(DecoyProtocol.finiteKey(1e6, DecoyProtocol.FiniteKey.DEFAULT_EPSILON_SEC,
            DecoyProtocol.FiniteKey.DEFAULT_EPSILON_COR), finite.protocol());
        assertEquals(LinkPhysics.gys(30).toBuilder().detectorEfficiency(0.2).build(), finite.physics());
        assertEquals(0.05, finite.authenticationOverhead());
        final var cv = PlannedLink.of(null, "cv-gg02", null, 20, Map.of("excess-noise", 0.02));
        assertEquals(LinkPhysics.cvMetro(20), cv.physics(), "a CV link starts from the CV preset");
        assertEquals(0.02, ((CvQkd) cv.protocol()).excessNoise());
        assertTrue(cv.evaluate().secretKeyRateBps() > 0);
        assertEquals(new MdiQkd(0.3), PlannedLink.of(null, "mdi", null, 80, Map.of("middle-position", 0.3))
            .protocol());
        assertEquals(DecoyProtocol.INFINITE, PlannedLink.of(null, null, "infinite", 80, Map.of()).protocol());
        assertEquals(TwinFieldQkd.SENDING_OR_NOT_SENDING, PlannedLink.of(null, "tf", null, 200, Map.of()).protocol());
    }

    @Test
    void whatDoesNotFitIsNamed() {
        assertEquals("unknown preset 'lab' (use cv-metro, gys, metro)", message("lab", null, null, 10, Map.of()));
        assertEquals("unknown protocol 'bb85' (use bb84, cv-gg02, mdi, tf)", message(null, "bb85", null, 10,
            Map.of()));
        assertTrue(message(null, "tf", null, 10, Map.of("middle-position", 0.4))
            .startsWith("a tf link's middle station is half way: no middle-position (use "));
        assertEquals("a decoy method applies to bb84 only, not to mdi", message(null, "mdi", "finite", 10,
            Map.of()));
        assertTrue(message(null, null, null, 10, Map.of("middle-position", 0.5))
            .startsWith("only an mdi link has a middle-position (use "));
        assertTrue(message(null, null, "infinite", 10, Map.of("decoy-intensity", 0.2))
            .startsWith("an infinite decoy has no intensity (use "));
        assertTrue(message(null, null, null, 10, Map.of("detector-efficiency", 2.0))
            .startsWith("detector-efficiency: "));
        assertTrue(message(null, null, null, -1, Map.of()).startsWith("fiber-length-km: "));
        assertTrue(message(null, null, "finite", 10, Map.of("block-size", 10.0)).startsWith("block-size: block size"));
        // a protocol's parameter is named too, checked with the others at their defaults
        assertTrue(message(null, "cv-gg02", null, 10, Map.of("reconciliation-efficiency", 1.2, "excess-noise", 0.02))
            .startsWith("reconciliation-efficiency: "));
        assertTrue(message(null, "mdi", null, 10, Map.of("middle-position", 1.0)).startsWith("middle-position: "));
        assertTrue(message(null, null, null, 10, Map.of("authentication-overhead", 1.0))
            .startsWith("authentication-overhead: "));
    }

    @Test
    void theRefusalNamesItsFieldForAFileToPointAt() {
        final var cases = Map.of("preset", field("lab", null, null, 10, Map.of()),
            "protocol", field(null, "e91", null, 10, Map.of()),
            "decoy", field(null, "tf", "finite", 10, Map.of()),
            "fiber-length-km", field(null, null, null, -1, Map.of()),
            "excess-noise", field(null, null, null, 10, Map.of("excess-noise", 0.01)),
            "epsilon-sec", field(null, null, "finite", 10, Map.of("epsilon-sec", 0.0)),
            "authentication-overhead", field(null, null, null, 10, Map.of("authentication-overhead", 1.0)));
        cases.forEach((expected, refused) -> assertEquals(expected, refused.field(), refused.getMessage()));
        final var misplaced = field(null, "cv-gg02", null, 10, Map.of("decoy-intensity", 0.1));
        assertEquals("a cv-gg02 link has no decoy-intensity (a parameter of bb84's decoy methods)",
            misplaced.reason().substring(0, misplaced.reason().indexOf(" (use ")));
    }

    @Test
    void everyParameterBelongsToSomeProtocolAndIsMisplacedElsewhere() {
        assertTrue(PlannedLink.PARAMETERS.containsAll(LinkParameters.CV_NAMES));
        assertTrue(PlannedLink.PARAMETERS.containsAll(List.of("middle-position", "decoy-intensity", "block-size",
            "authentication-overhead", "detector-efficiency")));
        assertFalse(PlannedLink.PARAMETERS.contains("block-bits"), "the emulated link's, not the physics'");
        assertNull(PlannedLink.misplaced("mdi", null, "middle-position"));
        assertNull(PlannedLink.misplaced("cv-gg02", null, "detector-efficiency"));
        assertEquals("only a cv-gg02 link has excess-noise", PlannedLink.misplaced("tf", null, "excess-noise"));
        assertEquals("a finite decoy chooses its intensities itself",
            PlannedLink.misplaced(null, "finite", "decoy-intensity"));
        assertEquals("only a finite decoy has a block-size", PlannedLink.misplaced("bb84", null, "block-size"));
    }

    private static PlannedLink.InvalidField field(final String preset, final String protocol, final String decoy,
            final double km, final Map<String, Double> parameters) {
        return assertThrows(PlannedLink.InvalidField.class, () -> PlannedLink.of(preset, protocol, decoy, km,
            parameters));
    }

    private static String message(final String preset, final String protocol, final String decoy, final double km,
            final Map<String, Double> parameters) {
        return assertThrows(IllegalArgumentException.class, () -> PlannedLink.of(preset, protocol, decoy, km,
            parameters)).getMessage();
    }
}
