/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every link and node of a path must satisfy, and the metric that ranks the paths that do.
 *
 * @param rateBps key rate the path must carry: every link needs this much spare rate
 * @param maxHops most links a path may have
 * @param maxLinkQber links whose QBER is above this are not used
 * @param allowDegraded whether links in state {@link LinkState#DEGRADED} may be used
 * @param minPoolBits key every link's pool must hold now (0: no requirement)
 * @param excludedNodes nodes no path may cross, endpoints included
 * @param excludedOperators operators whose nodes no path may cross
 * @param excludedJurisdictions jurisdictions whose nodes no path may cross
 * @param requiredNodes relays every path must pass, in this order
 * @param metric ranks the paths
 */
public record PathConstraints(long rateBps, int maxHops, double maxLinkQber, boolean allowDegraded,
        long minPoolBits, Set<String> excludedNodes, Set<String> excludedOperators,
        Set<String> excludedJurisdictions, List<String> requiredNodes, PathMetric metric) {

    /** No limit on the number of hops. */
    public static final int UNLIMITED_HOPS = Integer.MAX_VALUE;

    public PathConstraints {
        if (rateBps <= 0) {
            throw new IllegalArgumentException("demanded key rate must be positive, was " + rateBps);
        }
        if (maxHops < 1) {
            throw new IllegalArgumentException("maximum hops must be at least 1, was " + maxHops);
        }
        if (!(maxLinkQber >= 0 && maxLinkQber <= 1)) {
            throw new IllegalArgumentException("maximum link QBER must be in [0, 1], was " + maxLinkQber);
        }
        if (minPoolBits < 0) {
            throw new IllegalArgumentException("minimum key pool fill must not be negative, was " + minPoolBits);
        }
        excludedNodes = Set.copyOf(excludedNodes);
        excludedOperators = Set.copyOf(excludedOperators);
        excludedJurisdictions = Set.copyOf(excludedJurisdictions);
        requiredNodes = List.copyOf(requiredNodes);
        if (new HashSet<>(requiredNodes).size() != requiredNodes.size()) {
            throw new IllegalArgumentException("a required node is listed twice in " + requiredNodes);
        }
        for (var node : requiredNodes) {
            if (excludedNodes.contains(node)) {
                throw new IllegalArgumentException("node " + node + " is both required and excluded");
            }
        }
        requireNonNull(metric, "metric");
    }

    /**
     * Only a rate: fewest hops, any number of them, any link that is up or degraded, no exclusions.
     *
     * @param rateBps demanded key rate
     * @return the constraints
     */
    public static PathConstraints rateOnly(final long rateBps) {
        return builder(rateBps).build();
    }

    /**
     * Starts constraints for a rate.
     *
     * @param rateBps demanded key rate
     * @return a builder with no other constraint and the hop metric
     */
    public static Builder builder(final long rateBps) {
        return new Builder(rateBps);
    }

    /**
     * A builder that starts from these constraints.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(rateBps).maxHops(maxHops).maxLinkQber(maxLinkQber).allowDegraded(allowDegraded)
            .minPoolBits(minPoolBits).excludedNodes(excludedNodes).excludedOperators(excludedOperators)
            .excludedJurisdictions(excludedJurisdictions).requiredNodes(requiredNodes).metric(metric);
    }

    /**
     * Builds {@link PathConstraints}.
     */
    public static final class Builder {
        private long rateBps;
        private int maxHops = UNLIMITED_HOPS;
        private double maxLinkQber = 1;
        private boolean allowDegraded = true;
        private long minPoolBits;
        private Set<String> excludedNodes = Set.of();
        private Set<String> excludedOperators = Set.of();
        private Set<String> excludedJurisdictions = Set.of();
        private List<String> requiredNodes = List.of();
        private PathMetric metric = PathMetric.HOPS;

        Builder(final long rateBps) {
            this.rateBps = rateBps;
        }

        public Builder rateBps(final long value) {
            rateBps = value;
            return this;
        }

        public Builder maxHops(final int value) {
            maxHops = value;
            return this;
        }

        public Builder maxLinkQber(final double value) {
            maxLinkQber = value;
            return this;
        }

        public Builder allowDegraded(final boolean value) {
            allowDegraded = value;
            return this;
        }

        public Builder minPoolBits(final long value) {
            minPoolBits = value;
            return this;
        }

        public Builder excludedNodes(final Set<String> value) {
            excludedNodes = value;
            return this;
        }

        public Builder excludedOperators(final Set<String> value) {
            excludedOperators = value;
            return this;
        }

        public Builder excludedJurisdictions(final Set<String> value) {
            excludedJurisdictions = value;
            return this;
        }

        public Builder requiredNodes(final List<String> value) {
            requiredNodes = value;
            return this;
        }

        public Builder metric(final PathMetric value) {
            metric = value;
            return this;
        }

        public PathConstraints build() {
            return new PathConstraints(rateBps, maxHops, maxLinkQber, allowDegraded, minPoolBits, excludedNodes,
                excludedOperators, excludedJurisdictions, requiredNodes, metric);
        }
    }
}
