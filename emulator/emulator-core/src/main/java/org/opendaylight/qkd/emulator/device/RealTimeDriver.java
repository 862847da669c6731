/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time mode: advances a network whose clock is the system clock at a fixed period on one daemon thread, so
 * key pools fill as time passes even when nobody asks. Deterministic mode needs no driver: tests move a
 * {@link org.opendaylight.qkd.emulator.link.ManualClock} and call {@link EmulatedNetwork#advance()}.
 */
public final class RealTimeDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeDriver.class);

    private final ScheduledExecutorService executor;

    /**
     * Starts driving a network.
     *
     * @param network the network, on a real-time clock
     * @param period how often to advance, positive
     */
    public RealTimeDriver(final EmulatedNetwork network, final Duration period) {
        requireNonNull(network);
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final var thread = new Thread(runnable, "qkd-emulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> tick(network), 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    // An exception escaping a periodic task cancels every later run: the emulated clock would stop for good
    @SuppressWarnings("checkstyle:IllegalCatch")
    private static void tick(final EmulatedNetwork network) {
        try {
            network.advance();
        } catch (RuntimeException e) {
            LOG.error("Emulated network failed to advance", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Emulator clock thread did not stop within 10 s");
        }
    }
}
