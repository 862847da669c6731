/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.opendaylight.qkd.keys.etsi014.HttpsListener;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;

/**
 * An ETSI GS QKD 020 server: HTTPS (HTTP/1.1 with keep-alive) with TLS 1.3 and client certificates required, the
 * caller being the KME its certificate's common name names. See {@link KmeTls#serverContext} for the TLS context.
 */
public final class Etsi020Server implements AutoCloseable {
    /** Largest request body: 1024 keys of 1 KiB in base64 with their IDs and extensions fit. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How long a connection may stay silent in the middle of a request before it is answered 408. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpsListener listener;

    private Etsi020Server(final HttpsListener listener) {
        this.listener = listener;
    }

    /**
     * Starts a server.
     *
     * @param kme the KME that answers
     * @param tls server TLS context requiring client certificates, TLS 1.3 only
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static Etsi020Server start(final KmeEndpoint kme, final SslContext tls, final InetSocketAddress address,
            final int threads) throws InterruptedException {
        return new Etsi020Server(HttpsListener.listen(tls, address, threads, REQUEST_TIMEOUT, MAX_BODY_BYTES,
            "etsi020", new Etsi020Handler(kme), "ETSI GS QKD 020 key relay", ServerLimits.DEFAULT));
    }

    /**
     * Where the server listens.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return listener.address();
    }

    /**
     * Stops listening and closes every connection.
     */
    @Override
    public void close() {
        listener.close();
    }
}
