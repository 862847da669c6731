/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.eclipse.jdt.annotation.Nullable;

/**
 * When a key service's stock runs out: its SAEs' consumption, from the delivered-keys counter its nodes report,
 * smoothed over about a minute (an exponentially weighted rate that weighs each interval by its length, since the
 * counters arrive irregularly), against the rate the service makes keys.
 */
final class Exhaustion {
    /** The smoothing time constant: the consumption of about the last minute. */
    static final Duration TIME_CONSTANT = Duration.ofSeconds(60);

    private @Nullable Instant last;
    private long lastDelivered;
    // keys per second; NaN until two samples
    private double consumption = Double.NaN;

    /**
     * Takes the service's delivered-keys counter as its nodes reported it.
     *
     * @param at when
     * @param delivered keys delivered so far
     */
    void sample(final Instant at, final long delivered) {
        final var previous = last;
        if (previous != null && !at.isAfter(previous)) {
            return;
        }
        if (previous != null && delivered >= lastDelivered) {
            final double seconds = Duration.between(previous, at).toNanos() / 1e9;
            final double rate = (delivered - lastDelivered) / seconds;
            final double weight = 1 - Math.exp(-seconds / TIME_CONSTANT.toSeconds());
            consumption = Double.isNaN(consumption) ? rate : consumption + weight * (rate - consumption);
        }
        // a counter that went back (the nodes restarted their counting) starts over from here
        last = at;
        lastDelivered = delivered;
    }

    /**
     * The SAEs' consumption.
     *
     * @return keys per second, NaN before two samples
     */
    double consumption() {
        return consumption;
    }

    /**
     * The time until the stock is empty.
     *
     * @param stored keys stored now
     * @param production keys the service makes per second; {@link Double#POSITIVE_INFINITY} for keys made on demand
     * @return seconds, rounded up; empty while production keeps up or before the consumption is known
     */
    OptionalLong secondsLeft(final long stored, final double production) {
        final double drain = consumption - production;
        if (Double.isNaN(drain) || drain <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) Math.ceil(Math.max(0, stored) / drain));
    }
}
