/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener of the key managers' servers (ETSI GS QKD 014 and 020): Netty, TLS with client certificates as
 * the TLS context requires, the caps of {@link ServerLimits} on connections and handshakes, write backpressure, an
 * idle timeout, HTTP/1.1 with keep-alive and whole request bodies up to a limit, then one handler.
 */
public final class HttpsListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsListener.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final String description;
    private final ConnectionLimits connections;

    private HttpsListener(final EventLoopGroup boss, final EventLoopGroup workers, final Channel channel,
            final String description, final ConnectionLimits connections) {
        this.connections = connections;
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.description = description;
    }

    /**
     * Starts listening.
     *
     * @param tls server TLS context
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @param idle how long a connection may stay silent
     * @param maxBodyBytes largest request body
     * @param handlerName the handler's name in the pipeline
     * @param handler answers the requests; shared by every connection
     * @param description what listens, for the log
     * @param limits the bounds of connections and handshakes
     * @return the listener
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static HttpsListener listen(final SslContext tls, final InetSocketAddress address, final int threads,
            final Duration idle, final int maxBodyBytes, final String handlerName, final ChannelHandler handler,
            final String description, final ServerLimits limits) throws InterruptedException {
        requireNonNull(tls);
        if (!tls.isServer()) {
            throw new IllegalArgumentException("a server TLS context is needed");
        }
        final long handshakeMillis = limits.handshakeTimeout().toMillis();
        return listen(channel -> {
            final var sslHandler = tls.newHandler(channel.alloc());
            sslHandler.setHandshakeTimeoutMillis(handshakeMillis);
            return sslHandler;
        }, address, threads, idle, maxBodyBytes, handlerName, handler, description, limits);
    }

    /**
     * Starts listening, with a TLS handler of the caller's for each connection (TLS the JDK does not have, such as
     * TLS with an external pre-shared key).
     *
     * @param tls makes the TLS handler of a new connection
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads, at least one
     * @param idle how long a connection may stay silent
     * @param maxBodyBytes largest request body
     * @param handlerName the handler's name in the pipeline
     * @param handler answers the requests; shared by every connection
     * @param description what listens, for the log
     * @param limits the bounds of connections and handshakes ({@link ServerLimits}; the handshake timeout is the
     *        TLS handler's own)
     * @return the listener
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static HttpsListener listen(final Function<SocketChannel, ChannelHandler> tls,
            final InetSocketAddress address, final int threads, final Duration idle, final int maxBodyBytes,
            final String handlerName, final ChannelHandler handler, final String description,
            final ServerLimits limits) throws InterruptedException {
        requireNonNull(tls);
        requireNonNull(handler);
        final var connections = new ConnectionLimits(limits, description);
        final var boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final var workers = new MultiThreadIoEventLoopGroup(Math.max(1, threads), NioIoHandler.newFactory());
        boolean started = false;
        try {
            final var bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // answers a client does not read: at most this much buffered before reading stops
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        ch.pipeline()
                            .addLast("tls", tls.apply(ch))
                            .addLast("limits", connections)
                            .addLast("idle", new ReadTimeoutHandler(idle.toSeconds(), TimeUnit.SECONDS))
                            // a request line long enough for a GET dec_keys naming max_key_per_request (128) key_IDs
                            .addLast("http", new HttpServerCodec(16_384, 8192, 8192))
                            .addLast("body", new HttpObjectAggregator(maxBodyBytes))
                            .addLast(handlerName, handler);
                    }
                })
                .bind(address).await();
            if (!bound.isSuccess()) {
                throw new IllegalStateException("cannot listen on " + address + ": " + bound.cause().getMessage(),
                    bound.cause());
            }
            final var listener = new HttpsListener(boss, workers, bound.channel(), description, connections);
            started = true;
            LOG.info("{} listening on https://{}:{}", description, listener.address().getHostString(),
                listener.address().getPort());
            return listener;
        } finally {
            if (!started) {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Where it listens.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        if (channel.localAddress() instanceof InetSocketAddress inet) {
            return inet;
        }
        throw new IllegalStateException("not an IP socket: " + channel.localAddress());
    }

    /**
     * Connections closed at once for a cap of {@link ServerLimits}, so far.
     *
     * @return the count
     */
    public long refusedConnections() {
        return connections.refused();
    }

    /**
     * Stops listening and closes every connection.
     */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.info("{} stopped", description);
    }
}
