/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

/**
 * Where a NETCONF client reaches one emulated device: NETCONF over SSH, password authentication.
 *
 * @param name the device's node name in the emulated topology
 * @param host the address the device listens on
 * @param port the port the device listens on
 */
public record DeviceEndpoint(String name, String host, int port) {
    /**
     * Checks the fields.
     *
     * @throws NullPointerException when name or host is null
     * @throws IllegalArgumentException when the port is not in 1..65535
     */
    public DeviceEndpoint {
        requireNonNull(name);
        requireNonNull(host);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
    }
}
