/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

/**
 * What path computation needs of a link's operational state ({@code qkd-types:link-state}).
 */
public enum LinkState {
    /** Generating key as expected. */
    UP,
    /** Generating key, but below its rate floor or with QBER close to the abort threshold; used unless a policy
        asks for healthy links only. */
    DEGRADED,
    /** Key generation aborted because the QBER crossed the abort threshold (possibly an eavesdropper). */
    ABORTED,
    /** Not generating key: cut, switched off, or state unknown. */
    DOWN
}
