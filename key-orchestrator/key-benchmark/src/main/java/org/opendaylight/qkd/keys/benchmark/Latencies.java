/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.benchmark;

import java.util.Arrays;
import java.util.List;

/**
 * The latencies one client thread recorded, in nanoseconds: an array that grows by doubling, preallocated large
 * enough that it rarely has to. Not thread-safe: one per thread, merged at the end.
 */
final class Latencies {
    private long[] values = new long[1 << 16];
    private int size;

    void add(final long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    /**
     * Merges threads' latencies, sorted.
     *
     * @param all the threads' latencies
     * @return every latency, ascending
     */
    static long[] sorted(final List<Latencies> all) {
        final var merged = new long[all.stream().mapToInt(latencies -> latencies.size).sum()];
        int offset = 0;
        for (var latencies : all) {
            System.arraycopy(latencies.values, 0, merged, offset, latencies.size);
            offset += latencies.size;
        }
        Arrays.sort(merged);
        return merged;
    }

    /**
     * A percentile by nearest rank.
     *
     * @param sorted latencies, ascending, at least one
     * @param percent the percentile, 0 to 100
     * @return the latency in nanoseconds
     */
    static long percentile(final long[] sorted, final double percent) {
        final int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
