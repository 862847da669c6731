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
 * A device could not be read: it did not answer (unreachable), or the declaration or the device's answer cannot be
 * used (failed). The message says why, for the device's status.
 */
public final class DeviceException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    private DeviceException(final String message, final boolean unreachable, final Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /**
     * The device did not answer.
     *
     * @param message why
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static DeviceException unreachable(final String message, final Throwable cause) {
        return new DeviceException(message, true, cause);
    }

    /**
     * The device cannot be used as declared, or answered with unusable data.
     *
     * @param message why
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static DeviceException failed(final String message, final Throwable cause) {
        return new DeviceException(message, false, cause);
    }

    /**
     * Tells whether the device did not answer (as opposed to answering wrongly).
     *
     * @return true when unreachable
     */
    public boolean isUnreachable() {
        return unreachable;
    }
}
