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
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTPS server (mutual TLS, HTTP/1.1 with keep-alive) that answers ETSI GS QKD 014 requests from a key plane;
 * or, for benchmarks, the same stack answering a constant body ({@link #baseline(SslContext, InetSocketAddress, int)}).
 */
public final class Etsi014Server implements AutoCloseable {
    /** Largest request body accepted; a Key IDs body of max_key_per_request IDs is far smaller. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Etsi014Server.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final String description;

    private Etsi014Server(final EventLoopGroup boss, final EventLoopGroup workers, final Channel channel,
            final String description) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.description = description;
    }

    /**
     * Starts a server.
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
        requireNonNull(plane);
        return listen(tls, address, threads, "etsi014", new Etsi014Handler(plane, null),
            "ETSI GS QKD 014 key delivery");
    }

    /**
     * Starts a server for a key manager whose answers may wait (for its disk): requests are answered on the given
     * executor, not on the network threads, one at a time per connection.
     *
     * @param keys the key manager that answers
     * @param tls server TLS context, requiring client certificates
     * @param address where to listen; port 0 picks a free one
     * @param threads network threads, at least one
     * @param blocking runs the key manager's calls, for example virtual threads
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when the address cannot be bound
     */
    public static Etsi014Server start(final KeyDelivery keys, final SslContext tls, final InetSocketAddress address,
            final int threads, final Executor blocking) throws InterruptedException {
        return listen(tls, address, threads, "etsi014", new Etsi014Handler(keys, requireNonNull(blocking)),
            "ETSI GS QKD 014 key delivery");
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
        return listen(tls, address, threads, "baseline", new BaselineHandler(), "Baseline HTTPS endpoint");
    }

    private static Etsi014Server listen(final SslContext tls, final InetSocketAddress address, final int threads,
            final String handlerName, final ChannelHandler handler, final String description)
            throws InterruptedException {
        requireNonNull(tls);
        if (!tls.isServer()) {
            throw new IllegalArgumentException("a server TLS context is needed");
        }
        final var boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final var workers = new MultiThreadIoEventLoopGroup(Math.max(1, threads), NioIoHandler.newFactory());
        boolean started = false;
        try {
            final var bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        ch.pipeline()
                            .addLast("tls", tls.newHandler(ch.alloc()))
                            .addLast("idle", new ReadTimeoutHandler(300, TimeUnit.SECONDS))
                            .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                            .addLast("body", new HttpObjectAggregator(MAX_BODY_BYTES))
                            .addLast(handlerName, handler);
                    }
                })
                .bind(address).await();
            if (!bound.isSuccess()) {
                throw new IllegalStateException("cannot listen on " + address + ": " + bound.cause().getMessage(),
                    bound.cause());
            }
            final var server = new Etsi014Server(boss, workers, bound.channel(), description);
            started = true;
            LOG.info("{} listening on https://{}:{}", description, server.address().getHostString(),
                server.address().getPort());
            return server;
        } finally {
            if (!started) {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Where the server listens.
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
