/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import java.time.Duration;

/**
 * The bounds of a key manager's HTTPS server, so that no client can keep others out: connections in all, TLS
 * handshakes under way from one address (a connection counts until its handshake completes, which must happen within
 * {@code handshakeTimeout}), and requests per second of each authenticated client (SAE) with a burst allowance.
 *
 * @param maxConnections most open connections; more are closed at once
 * @param maxHandshakesPerAddress most connections of one IP address whose TLS handshake has not completed; more
 *        from that address are closed at once
 * @param handshakeTimeout how long a TLS handshake may take
 * @param requestsPerSecond sustained requests per second of one client (ETSI GS QKD 014: per SAE); beyond it the
 *        answer is 503
 * @param burst requests one client may make at once after being idle
 */
public record ServerLimits(int maxConnections, int maxHandshakesPerAddress, Duration handshakeTimeout,
        double requestsPerSecond, int burst) {
    /** 4,096 connections, 256 handshakes per address, 10 s per handshake, 1,000 requests/s per SAE, burst 2,000. */
    public static final ServerLimits DEFAULT = new ServerLimits(4096, 256, Duration.ofSeconds(10), 1000, 2000);

    /**
     * Checks the values.
     */
    public ServerLimits {
        if (maxConnections < 1 || maxHandshakesPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive");
        }
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("the request rate and burst must be positive");
        }
    }

    /**
     * The same bounds with another request rate per client.
     *
     * @param perSecond sustained requests per second
     * @param burstRequests requests at once after being idle
     * @return the bounds
     */
    public ServerLimits withRate(final double perSecond, final int burstRequests) {
        return new ServerLimits(maxConnections, maxHandshakesPerAddress, handshakeTimeout, perSecond, burstRequests);
    }
}
