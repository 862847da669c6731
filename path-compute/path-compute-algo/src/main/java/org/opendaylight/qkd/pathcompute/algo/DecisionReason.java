/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

/**
 * Why a demand is served the way it is; one for one with the {@code decision-reason} values of the
 * {@code qkd-types} YANG module, so that the reason is an enum value and never free text.
 */
public enum DecisionReason {
    /** Served as the policy prefers. */
    NONE(false),
    /** An endpoint is not in the graph. */
    UNKNOWN_ENDPOINT(true),
    /** No chain of usable links joins the endpoints. */
    NO_PATH(true),
    /** Paths exist but none (and no split over several) has the spare key rate. */
    INSUFFICIENT_RATE(true),
    /** Paths with the spare rate exist, but some link on each has too little key in its pool. */
    INSUFFICIENT_STORED_KEY(true),
    /** Every path is longer than the maximum number of hops. */
    MAX_HOPS_EXCEEDED(true),
    /** Every path crosses an excluded node. */
    EXCLUDED_NODE(true),
    /** No path passes through the required nodes. */
    REQUIRED_NODE_UNREACHABLE(true),
    /** Every path crosses a node of an excluded operator. */
    EXCLUDED_OPERATOR(true),
    /** Every path crosses a node in an excluded jurisdiction. */
    EXCLUDED_JURISDICTION(true),
    /** Every path relays through a node that is not trusted. */
    UNTRUSTED_NODE(true),
    /** Every path uses a link that aborted or whose QBER is above the policy's limit, or a degraded link that the
        policy refuses. */
    LINK_COMPROMISED(true),
    /** The policy allows post-quantum keys only. */
    POLICY_PQC_ONLY(false);

    private final boolean noPath;

    DecisionReason(final boolean noPath) {
        this.noPath = noPath;
    }

    /**
     * Whether this reason explains the absence of a QKD path.
     *
     * @return true for the reasons a search can give
     */
    public boolean noPath() {
        return noPath;
    }
}
