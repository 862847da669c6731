/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;

/**
 * Opens devices of one kind of connection (one adapter).
 */
public interface DeviceConnector {
    /**
     * Tells whether this adapter serves a declaration's kind of connection.
     *
     * @param declaration a device declaration
     * @return whether {@link #open(Device)} applies to it
     */
    boolean serves(Device declaration);

    /**
     * Opens a device. Opening does not read it yet.
     *
     * @param declaration a declaration this adapter serves
     * @return the device
     */
    QkdDevice open(Device declaration);
}
