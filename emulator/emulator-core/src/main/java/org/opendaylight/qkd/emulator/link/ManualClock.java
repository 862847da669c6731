/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Emulated time that moves only when told to: deterministic emulation runs hours of link time in milliseconds.
 * Thread-safe.
 */
public final class ManualClock implements InstantSource {
    private final AtomicReference<Instant> now;

    /**
     * Creates a clock.
     *
     * @param start its first instant
     */
    public ManualClock(final Instant start) {
        now = new AtomicReference<>(requireNonNull(start));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves time forward.
     *
     * @param step how far, not negative
     * @return the new instant
     */
    public Instant advance(final Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time cannot move back: " + step);
        }
        return now.updateAndGet(current -> current.plus(step));
    }
}
