/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import java.io.Serial;

/**
 * A device could not be read: no session to it is up yet (connecting), it did not answer (unreachable), or the
 * declaration or the device's answer cannot be used (failed). The message says why, for the device's status.
 */
public final class DeviceException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Why a device could not be read.
     */
    public enum Kind {
        /** The adapter is still setting up its first session to the device. */
        CONNECTING,
        /** The device did not answer. */
        UNREACHABLE,
        /** The device cannot be used as declared, or answered with unusable data. */
        FAILED
    }

    private final Kind kind;

    private DeviceException(final String message, final Kind kind, final Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * No session to the device is up yet; the adapter is setting one up.
     *
     * @param message what the adapter is doing
     * @return the exception
     */
    public static DeviceException connecting(final String message) {
        return new DeviceException(message, Kind.CONNECTING, null);
    }

    /**
     * The device did not answer.
     *
     * @param message why
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static DeviceException unreachable(final String message, final Throwable cause) {
        return new DeviceException(message, Kind.UNREACHABLE, cause);
    }

    /**
     * The device cannot be used as declared, or answered with unusable data.
     *
     * @param message why
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static DeviceException failed(final String message, final Throwable cause) {
        return new DeviceException(message, Kind.FAILED, cause);
    }

    /**
     * Tells why the device could not be read.
     *
     * @return the kind of failure
     */
    public Kind kind() {
        return kind;
    }
}
