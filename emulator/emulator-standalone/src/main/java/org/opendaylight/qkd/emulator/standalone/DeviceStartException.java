/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

/**
 * The emulated devices could not be started (their YANG models do not assemble, or a device cannot listen), or a
 * device's datastore did not take its published state.
 */
public final class DeviceStartException extends Exception {
    private static final long serialVersionUID = 1L;

    DeviceStartException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
