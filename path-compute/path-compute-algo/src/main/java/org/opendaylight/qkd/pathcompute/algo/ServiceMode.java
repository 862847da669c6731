/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

/**
 * How a demand is served ({@code qkd-types:service-mode}, without {@code pending}).
 */
public enum ServiceMode {
    /** Keys from QKD, relayed through trusted nodes. */
    QKD,
    /** A KDF over a QKD key and an ML-KEM shared secret. */
    HYBRID,
    /** ML-KEM alone (fallback). */
    PQC,
    /** Not served. */
    REFUSED
}
