/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

/**
 * How a delivered key was made; recorded with every key and reported in its ETSI GS QKD 014 {@code key_extension}.
 */
public enum Provenance {
    /** Relayed QKD key only. */
    QKD("qkd"),
    /** A relayed QKD key and an ML-KEM shared secret through the hybrid key derivation. */
    HYBRID("hybrid"),
    /** An ML-KEM shared secret alone through the same key derivation: the post-quantum fallback. */
    PQC("pqc");

    private final String label;

    Provenance(final String label) {
        this.label = label;
    }

    /**
     * The name used in key extensions, equal to the YANG service mode.
     *
     * @return the name
     */
    public String label() {
        return label;
    }
}
