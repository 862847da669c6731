/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

/**
 * Why no path serves a demand; one for one with the {@code decision-reason} values of the {@code qkd-types} YANG.
 */
public enum NoPathReason {
    /** An endpoint is not in the graph. */
    UNKNOWN_ENDPOINT,
    /** No chain of usable (up) links joins the endpoints. */
    NO_PATH,
    /** Paths exist but none has the spare key rate. */
    INSUFFICIENT_RATE,
    /** Every path is longer than the maximum number of hops. */
    MAX_HOPS_EXCEEDED,
    /** Every path crosses an excluded node. */
    EXCLUDED_NODE,
    /** Every path crosses a node of an excluded operator. */
    EXCLUDED_OPERATOR,
    /** Every path crosses a node in an excluded jurisdiction. */
    EXCLUDED_JURISDICTION,
    /** Every path relays through a node that is not trusted. */
    UNTRUSTED_NODE,
    /** Every path uses a link whose QBER is above the policy's limit. */
    LINK_COMPROMISED
}
