/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.Set;

/**
 * What a path must satisfy, from the demand and its policy.
 *
 * @param rateBps key rate the path must carry, bit/s, {@code > 0}
 * @param maxHops most links on the path, {@code >= 1}
 * @param maxLinkQber links with a higher QBER are not used, in [0, 1]
 * @param excludedNodes nodes the path may not touch (endpoints included)
 * @param excludedOperators operators whose nodes the path may not touch
 * @param excludedJurisdictions jurisdictions whose nodes the path may not touch
 */
public record PathConstraints(long rateBps, int maxHops, double maxLinkQber, Set<String> excludedNodes,
        Set<String> excludedOperators, Set<String> excludedJurisdictions) {

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
        excludedNodes = Set.copyOf(excludedNodes);
        excludedOperators = Set.copyOf(excludedOperators);
        excludedJurisdictions = Set.copyOf(excludedJurisdictions);
    }

    /**
     * Only a rate: any number of hops, any link that is up, no exclusions.
     *
     * @param rateBps demanded key rate
     * @return the constraints
     */
    public static PathConstraints rateOnly(final long rateBps) {
        return new PathConstraints(rateBps, UNLIMITED_HOPS, 1, Set.of(), Set.of(), Set.of());
    }

    PathConstraints withoutRate() {
        return new PathConstraints(1, maxHops, maxLinkQber, excludedNodes, excludedOperators, excludedJurisdictions);
    }

    PathConstraints withoutHopLimit() {
        return new PathConstraints(rateBps, UNLIMITED_HOPS, maxLinkQber, excludedNodes, excludedOperators,
            excludedJurisdictions);
    }

    PathConstraints withoutQberLimit() {
        return new PathConstraints(rateBps, maxHops, 1, excludedNodes, excludedOperators, excludedJurisdictions);
    }

    PathConstraints withoutExcludedNodes() {
        return new PathConstraints(rateBps, maxHops, maxLinkQber, Set.of(), excludedOperators, excludedJurisdictions);
    }

    PathConstraints withoutExcludedOperators() {
        return new PathConstraints(rateBps, maxHops, maxLinkQber, excludedNodes, Set.of(), excludedJurisdictions);
    }

    PathConstraints withoutExcludedJurisdictions() {
        return new PathConstraints(rateBps, maxHops, maxLinkQber, excludedNodes, excludedOperators, Set.of());
    }
}
