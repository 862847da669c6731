/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The constraints of one query resolved against the graph's indices, with some of them possibly relaxed to find
 * out which one stands in the way. Used under the graph's read lock only.
 */
final class Filter {
    final KeyGraph graph;
    final PathConstraints constraints;
    final long spareNeeded;
    final int maxHops;
    final PathMetric metric;
    final List<Integer> required = new ArrayList<>();
    final boolean requiredUnknown;
    private final double maxQber;
    // by LinkState ordinal
    private final boolean[] stateAllowed;
    private final boolean hopsOnly;
    private final long minPoolBits;
    private final boolean trustedRelaysOnly;
    private final BitSet excludedNodes = new BitSet();
    private final BitSet excludedOperators = new BitSet();
    private final BitSet excludedJurisdictions = new BitSet();
    private BitSet bannedNodes;
    private BitSet bannedLinks;
    // whether any node is excluded or banned: most queries exclude none, and need not look
    private boolean nodeRules;

    Filter(final KeyGraph graph, final PathConstraints constraints, final Set<DecisionReason> relaxed) {
        this.graph = graph;
        this.constraints = constraints;
        metric = constraints.metric();
        spareNeeded = relaxed.contains(DecisionReason.INSUFFICIENT_RATE) ? 0 : constraints.rateBps();
        minPoolBits = relaxed.contains(DecisionReason.INSUFFICIENT_STORED_KEY) ? 0 : constraints.minPoolBits();
        maxHops = relaxed.contains(DecisionReason.MAX_HOPS_EXCEEDED) ? PathConstraints.UNLIMITED_HOPS
            : constraints.maxHops();
        final boolean anyLink = relaxed.contains(DecisionReason.LINK_COMPROMISED);
        maxQber = anyLink ? 1 : constraints.maxLinkQber();
        stateAllowed = new boolean[LinkState.values().length];
        stateAllowed[LinkState.UP.ordinal()] = true;
        stateAllowed[LinkState.DEGRADED.ordinal()] = anyLink || constraints.allowDegraded();
        stateAllowed[LinkState.ABORTED.ordinal()] = anyLink;
        hopsOnly = metric.hopsOnly();
        trustedRelaysOnly = !relaxed.contains(DecisionReason.UNTRUSTED_NODE);
        if (!relaxed.contains(DecisionReason.EXCLUDED_NODE)) {
            for (var name : constraints.excludedNodes()) {
                final var index = graph.indexOfNode(name);
                if (index != null) {
                    excludedNodes.set(index);
                }
            }
        }
        if (!relaxed.contains(DecisionReason.EXCLUDED_OPERATOR)) {
            codes(constraints.excludedOperators(), excludedOperators);
        }
        if (!relaxed.contains(DecisionReason.EXCLUDED_JURISDICTION)) {
            codes(constraints.excludedJurisdictions(), excludedJurisdictions);
        }
        boolean unknown = false;
        if (!relaxed.contains(DecisionReason.REQUIRED_NODE_UNREACHABLE)) {
            for (var name : constraints.requiredNodes()) {
                final var index = graph.indexOfNode(name);
                if (index == null) {
                    unknown = true;
                } else {
                    required.add(index);
                }
            }
        }
        requiredUnknown = unknown;
        nodeRules = hasNodeRules();
    }

    private boolean hasNodeRules() {
        return !excludedNodes.isEmpty() || !excludedOperators.isEmpty() || !excludedJurisdictions.isEmpty()
            || bannedNodes != null;
    }

    private void codes(final Set<String> labels, final BitSet codes) {
        for (var label : labels) {
            final int code = graph.labelCode(label);
            if (code >= 0) {
                codes.set(code);
            }
        }
    }

    void ban(final BitSet nodes, final BitSet links) {
        bannedNodes = nodes;
        bannedLinks = links;
        nodeRules = hasNodeRules();
    }

    // no hop limit, no required node and nothing banned: a route exists exactly when the ends are connected
    boolean connectivityOnly() {
        return maxHops >= graph.nodeSlots && required.isEmpty() && !requiredUnknown && bannedNodes == null
            && bannedLinks == null;
    }

    // what decides which links and nodes are usable, apart from the spare rate
    UsableKey usableKey() {
        int states = 0;
        for (int i = 0; i < stateAllowed.length; i++) {
            if (stateAllowed[i]) {
                states |= 1 << i;
            }
        }
        return new UsableKey(states, maxQber, minPoolBits, trustedRelaysOnly, excludedNodes, excludedOperators,
            excludedJurisdictions);
    }

    /**
     * What a filter's usable links and nodes depend on, apart from the spare rate: equal keys, equal usability.
     */
    static final class UsableKey {
        private final int states;
        private final double maxQber;
        private final long minPoolBits;
        private final boolean trustedRelaysOnly;
        private final BitSet excludedNodes;
        private final BitSet excludedOperators;
        private final BitSet excludedJurisdictions;

        UsableKey(final int states, final double maxQber, final long minPoolBits, final boolean trustedRelaysOnly,
                final BitSet excludedNodes, final BitSet excludedOperators, final BitSet excludedJurisdictions) {
            this.states = states;
            this.maxQber = maxQber;
            this.minPoolBits = minPoolBits;
            this.trustedRelaysOnly = trustedRelaysOnly;
            this.excludedNodes = (BitSet) excludedNodes.clone();
            this.excludedOperators = (BitSet) excludedOperators.clone();
            this.excludedJurisdictions = (BitSet) excludedJurisdictions.clone();
        }

        @Override
        public boolean equals(final Object obj) {
            return this == obj || obj instanceof UsableKey other && states == other.states
                && Double.compare(maxQber, other.maxQber) == 0 && minPoolBits == other.minPoolBits
                && trustedRelaysOnly == other.trustedRelaysOnly && excludedNodes.equals(other.excludedNodes)
                && excludedOperators.equals(other.excludedOperators)
                && excludedJurisdictions.equals(other.excludedJurisdictions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(states, maxQber, minPoolBits, trustedRelaysOnly, excludedNodes, excludedOperators,
                excludedJurisdictions);
        }
    }

    boolean linkUsable(final int link) {
        return stateAllowed[graph.linkState[link]] && graph.linkQber[link] <= maxQber
            && graph.linkPool[link] >= minPoolBits && graph.spare(link) >= spareNeeded
            && (bannedLinks == null || !bannedLinks.get(link));
    }

    boolean nodeUsable(final int node) {
        return !nodeRules || !excludedNodes.get(node) && !excludedOperators.get(graph.operatorCode[node])
            && !excludedJurisdictions.get(graph.jurisdictionCode[node])
            && (bannedNodes == null || !bannedNodes.get(node));
    }

    boolean relays(final int node) {
        return !trustedRelaysOnly || graph.trusted[node];
    }

    double cost(final int link) {
        return hopsOnly ? metric.hop()
            : metric.cost(graph.linkQber[link], constraints.rateBps(), Math.max(1, graph.spare(link)));
    }
}
