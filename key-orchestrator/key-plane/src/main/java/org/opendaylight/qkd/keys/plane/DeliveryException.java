/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * A key request that cannot be served, and why ({@link Kind}). The message is safe to send to the caller: it names
 * parameters, IDs and counts, never key material.
 */
public final class DeliveryException extends Exception {
    /**
     * Why a request fails; each protocol answers it in its own format (ETSI GS QKD 014 with the HTTP status named
     * here).
     */
    public enum Kind {
        /** The request is malformed or names keys that are not there (ETSI GS QKD 014: 400). */
        BAD_REQUEST,
        /** The caller may not ask this (401). */
        UNAUTHORIZED,
        /** No key to give now, or a fault on the server's side (503). */
        UNAVAILABLE
    }

    /** The normative message of ETSI GS QKD 014 for key IDs that the KME does not hold. */
    public static final String KEYS_NOT_FOUND = "one or more keys specified are not found on KME";
    /** The normative message of ETSI GS QKD 014 for a size that is not a multiple of 8. */
    public static final String SIZE_NOT_MULTIPLE_OF_8 = "size shall be a multiple of 8";

    @Serial
    private static final long serialVersionUID = 1L;

    private final Kind kind;

    private DeliveryException(final Kind kind, final String message, final Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind);
    }

    /**
     * A malformed request, or keys that are not there.
     *
     * @param message what is wrong
     * @return the exception
     */
    public static DeliveryException badRequest(final String message) {
        return new DeliveryException(Kind.BAD_REQUEST, message, null);
    }

    /**
     * A malformed request, with the cause kept for the log.
     *
     * @param message what is wrong, for the caller
     * @param cause the cause, never sent to the caller
     * @return the exception
     */
    public static DeliveryException badRequest(final String message, final Throwable cause) {
        return new DeliveryException(Kind.BAD_REQUEST, message, cause);
    }

    /**
     * A caller that may not ask this.
     *
     * @param message why, for the log; ETSI GS QKD 014 sends no body with 401
     * @return the exception
     */
    public static DeliveryException unauthorized(final String message) {
        return new DeliveryException(Kind.UNAUTHORIZED, message, null);
    }

    /**
     * A caller that may not ask this, with the cause kept for the log.
     *
     * @param message why
     * @param cause the cause
     * @return the exception
     */
    public static DeliveryException unauthorized(final String message, final Throwable cause) {
        return new DeliveryException(Kind.UNAUTHORIZED, message, cause);
    }

    /**
     * No key to give now, or a fault.
     *
     * @param message what is missing
     * @return the exception
     */
    public static DeliveryException unavailable(final String message) {
        return new DeliveryException(Kind.UNAVAILABLE, message, null);
    }

    /**
     * 503 with an Error body, with the exception that caused it (kept for the log, never sent).
     *
     * @param message the Error message
     * @param cause the exception
     * @return the exception
     */
    public static DeliveryException unavailable(final String message, final Throwable cause) {
        return new DeliveryException(Kind.UNAVAILABLE, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
