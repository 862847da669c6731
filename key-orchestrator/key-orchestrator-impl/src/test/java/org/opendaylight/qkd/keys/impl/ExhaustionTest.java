/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * When a key service's stock runs out, from irregular samples of its delivered-keys counter.
 */
class ExhaustionTest {
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void aSteadyConsumptionAboveProductionEmptiesTheStockInStoredOverTheDrain() {
        final var exhaustion = new Exhaustion();
        assertEquals(OptionalLong.empty(), exhaustion.secondsLeft(1_000, 50), "nothing known yet");
        exhaustion.sample(T0, 0);
        assertEquals(OptionalLong.empty(), exhaustion.secondsLeft(1_000, 50), "one sample is no rate");
        // 150 keys/s taken, at irregular intervals
        long delivered = 0;
        long seconds = 0;
        for (long step : new long[] {1, 3, 2, 7, 1, 5, 10, 4}) {
            seconds += step;
            delivered += 150 * step;
            exhaustion.sample(T0.plusSeconds(seconds), delivered);
        }
        assertEquals(150, exhaustion.consumption(), 1e-9);
        // made at 100 keys/s (25,600 bit/s of 256-bit keys): 50 keys/s short, 1,000 keys last 20 s
        assertEquals(OptionalLong.of(20), exhaustion.secondsLeft(1_000, 100));
        // production that keeps up, and PQC keys made on demand: no exhaustion
        assertEquals(OptionalLong.empty(), exhaustion.secondsLeft(1_000, 150));
        assertEquals(OptionalLong.empty(), exhaustion.secondsLeft(1_000, Double.POSITIVE_INFINITY));
        // a service that makes nothing (refused) runs out at the consumption alone
        assertEquals(OptionalLong.of(7), exhaustion.secondsLeft(1_000, 0));
    }

    @Test
    void theRateFollowsAChangeWithinAboutTheTimeConstant() {
        final var exhaustion = new Exhaustion();
        long delivered = 0;
        for (int second = 0; second <= 600; second++) {
            exhaustion.sample(T0.plusSeconds(second), delivered);
            delivered += 100;
        }
        assertEquals(100, exhaustion.consumption(), 1e-6);
        // the SAEs stop taking keys: a minute later the rate is down to about 1/e of what it was
        for (int second = 601; second <= 660; second++) {
            exhaustion.sample(T0.plusSeconds(second), delivered);
        }
        assertEquals(100 / Math.E, exhaustion.consumption(), 1.0);
        assertTrue(exhaustion.secondsLeft(10, 0).isPresent());
        // a counter that goes back (the nodes counted from zero again) is no negative consumption
        exhaustion.sample(T0.plusSeconds(661), 0);
        assertTrue(exhaustion.consumption() > 0);
        // a sample not after the last is ignored
        exhaustion.sample(T0.plusSeconds(600), 1_000_000);
        assertTrue(exhaustion.consumption() < 100);
    }
}
