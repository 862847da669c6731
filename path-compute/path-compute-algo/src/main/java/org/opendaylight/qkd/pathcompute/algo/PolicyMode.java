/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

/**
 * What a policy allows ({@code qkd-policy:policy-mode}).
 */
public enum PolicyMode {
    /** QKD keys, or refuse. */
    QKD_ONLY,
    /** QKD keys; ML-KEM when no QKD path serves the demand. */
    QKD_PREFERRED_PQC_FALLBACK,
    /** QKD keys mixed with ML-KEM secrets; ML-KEM alone when no QKD path serves the demand. */
    HYBRID,
    /** ML-KEM keys only. */
    PQC_ONLY
}
