/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import java.util.Optional;

/**
 * The outcome of keys that an {@code ext_keys/ack} reports ({@code ack_status}).
 */
public enum AckStatus {
    /** The keys reached their targets. */
    RELAYED("relayed"),
    /** The keys could not be relayed (for example: not enough link key). */
    FAILED("failed"),
    /** The keys are discarded and will never be delivered. */
    VOIDED("voided"),
    /** The keys could not be voided (for example: already delivered to the target SAE). */
    FAILED_TO_VOID("failed to void"),
    /** The KME holds no such keys. */
    KEY_NOT_PRESENT("key not present");

    private final String wire;

    AckStatus(final String wire) {
        this.wire = wire;
    }

    /**
     * The name on the wire.
     *
     * @return the {@code ack_status} value
     */
    public String wire() {
        return wire;
    }

    /**
     * Whether this status answers an {@code ext_keys/void} rather than an {@code ext_keys}.
     *
     * @return true for voided, failed to void and key not present
     */
    public boolean answersVoid() {
        return this == VOIDED || this == FAILED_TO_VOID || this == KEY_NOT_PRESENT;
    }

    /**
     * The status of a wire name.
     *
     * @param wire the {@code ack_status} value
     * @return the status, empty when there is none of that name
     */
    public static Optional<AckStatus> ofWire(final String wire) {
        for (var status : values()) {
            if (status.wire.equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
