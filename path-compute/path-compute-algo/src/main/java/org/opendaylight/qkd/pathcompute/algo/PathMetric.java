/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

/**
 * Cost of a link in a path search: {@code hop + qber * (QBER / 0.11) + rate * (demand / spare rate)}. The QBER
 * term grows as the link nears BB84's abort threshold (its margin shrinks); the rate term grows as the demand
 * takes a larger share of the link's spare key rate. Each term is at most its weight.
 *
 * @param hop weight of one hop
 * @param qber weight of the QBER term
 * @param rate weight of the spare rate term
 */
public record PathMetric(double hop, double qber, double rate) {
    /** QBER at which one-way BB84 post-processing aborts. */
    public static final double ABORT_QBER = 0.11;

    /** Fewest hops. */
    public static final PathMetric HOPS = new PathMetric(1, 0, 0);

    public PathMetric {
        for (double weight : new double[] {hop, qber, rate}) {
            if (!(weight >= 0 && weight <= 1_000_000)) {
                throw new IllegalArgumentException("metric weights must be in [0, 1e6], were hop " + hop
                    + ", qber " + qber + ", rate " + rate);
            }
        }
        if (hop + qber + rate == 0) {
            throw new IllegalArgumentException("at least one metric weight must be positive");
        }
    }

    /**
     * Whether this metric counts hops only, so that the cheapest path is the one with fewest hops.
     *
     * @return true when the QBER and rate weights are 0
     */
    public boolean hopsOnly() {
        return qber == 0 && rate == 0;
    }

    double cost(final double linkQber, final long demandBps, final long spareBps) {
        return hop + qber * Math.min(1, linkQber / ABORT_QBER) + rate * ((double) demandBps / spareBps);
    }
}
