/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for test devices.
 */
final class TestPorts {
    private TestPorts() {
        // static functions only
    }

    /**
     * Ports free on the loopback address now, all different (each held until all are found).
     *
     * @param count how many
     * @return the ports
     * @throws IOException when the machine has none left
     */
    static List<Integer> freePorts(final int count) throws IOException {
        final var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                final var socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
    }
}
