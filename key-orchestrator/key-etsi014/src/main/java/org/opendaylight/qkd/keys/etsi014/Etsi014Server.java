/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.opendaylight.qkd.keys.plane.KeyDelivery;

/**
 * An HTTPS server (mutual TLS, HTTP/1.1 with keep-alive) that answers ETSI GS QKD 014 requests from a key plane;
 * or, for benchmarks, the same stack answering a constant body ({@link #baseline(SslContext, InetSocketAddress, int)}).
 */
public final class Etsi014Server implements AutoCloseable {
    /** Largest request body accepted; a Key IDs body of max_key_per_request IDs is far smaller. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** How long a connection may stay silent: under a minute, so that idle connections do not pile up. */
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final HttpsListener listener;

    private Etsi014Server(final HttpsListener listener) {
        this.listener = listener;
    }

    /**
     * Starts a server. A key manager whose answers wait for its disk answers asynchronously
     * ({@link KeyDelivery#encKeysAsync}): it forces its disk in the network thread once that thread has read the
     * requests at hand, once for all of them (as a database forces its log once per round of its event loop), and
     * no other thread is woken; each connection gets its answers in the order of its requests.
     *
     * @param plane the key manager that answers
     * @param tls server TLS context, requiring client certificates
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static Etsi014Server start(final KeyDelivery plane, final SslContext tls, final InetSocketAddress address,
            final int threads) throws InterruptedException {
        return start(plane, tls, address, threads, RequestObserver.NONE);
    }

    /**
     * Starts a server as {@link #start(KeyDelivery, SslContext, InetSocketAddress, int)} does, telling an observer
     * of every answer (for metrics).
     *
     * @param plane the key manager that answers
     * @param tls server TLS context, requiring client certificates
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @param observer hears every answer: its operation, status and time
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static Etsi014Server start(final KeyDelivery plane, final SslContext tls, final InetSocketAddress address,
            final int threads, final RequestObserver observer) throws InterruptedException {
        return start(plane, tls, address, threads, observer, ServerLimits.DEFAULT);
    }

    /**
     * Starts a server as {@link #start(KeyDelivery, SslContext, InetSocketAddress, int, RequestObserver)} does,
     * within bounds of connections, handshakes and requests per SAE.
     *
     * @param plane the key manager that answers
     * @param tls server TLS context, requiring client certificates
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @param observer hears every answer: its operation, status and time
     * @param limits the bounds
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static Etsi014Server start(final KeyDelivery plane, final SslContext tls, final InetSocketAddress address,
            final int threads, final RequestObserver observer, final ServerLimits limits) throws InterruptedException {
        requireNonNull(plane);
        return listen(tls, address, threads, "etsi014", new Etsi014Handler(plane, observer, limits),
            "ETSI GS QKD 014 key delivery", limits);
    }

    /**
     * Starts the same server stack (TLS with client certificates, idle timeout, HTTP/1.1 with keep-alive, body
     * aggregation) answering every request with a constant small JSON body (200), for benchmarks: it measures
     * what the stack costs without the key plane.
     *
     * @param tls server TLS context, requiring client certificates
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static Etsi014Server baseline(final SslContext tls, final InetSocketAddress address, final int threads)
            throws InterruptedException {
        return listen(tls, address, threads, "baseline", new BaselineHandler(), "Baseline HTTPS endpoint",
            ServerLimits.DEFAULT);
    }

    private static Etsi014Server listen(final SslContext tls, final InetSocketAddress address, final int threads,
            final String handlerName, final ChannelHandler handler, final String description,
            final ServerLimits limits) throws InterruptedException {
        return new Etsi014Server(HttpsListener.listen(tls, address, threads, IDLE, MAX_BODY_BYTES, handlerName,
            handler, description, limits));
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
     * Connections closed at once for a cap of {@link ServerLimits}, so far.
     *
     * @return the count
     */
    public long refusedConnections() {
        return listener.refusedConnections();
    }

    /**
     * Stops listening and closes every connection.
     */
    @Override
    public void close() {
        listener.close();
    }
}
