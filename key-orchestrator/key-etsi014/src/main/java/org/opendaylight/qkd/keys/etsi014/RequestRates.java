/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The request rate of each client: a token bucket per client ID that starts full ({@code burst} requests) and
 * refills at {@code perSecond}. Guava's {@code RateLimiter} starts empty and has no burst size of its own choosing,
 * so that an SAE's first burst after a start would be refused; this is the few lines it takes.
 */
final class RequestRates {
    private final double perNano;
    private final int burst;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * One client's bucket.
     */
    private final class Bucket {
        private double tokens = burst;
        private long at = nanos.getAsLong();

        synchronized boolean take() {
            final long now = nanos.getAsLong();
            tokens = Math.min(burst, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    RequestRates(final double perSecond, final int burst, final LongSupplier nanos) {
        perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
    }

    /**
     * Takes one request of a client's allowance.
     *
     * @param client the client's ID
     * @return true when the request may go on, false when the client is over its rate
     */
    boolean take(final String client) {
        return buckets.computeIfAbsent(client, ignored -> new Bucket()).take();
    }
}
