/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ETSI GS QKD 020 server: HTTPS (HTTP/1.1 with keep-alive) with TLS 1.3 and client certificates required, the
 * caller being the KME its certificate's common name names. See {@link KmeTls#serverContext} for the TLS context.
 */
public final class Etsi020Server implements AutoCloseable {
    /** Largest request body: 1024 keys of 1 KiB in base64 with their IDs and extensions fit. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How long a connection may stay silent in the middle of a request before it is answered 408. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Etsi020Server.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private Etsi020Server(final EventLoopGroup boss, final EventLoopGroup workers, final Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
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
        requireNonNull(kme);
        if (!tls.isServer()) {
            throw new IllegalArgumentException("a server TLS context is needed");
        }
        final var handler = new Etsi020Handler(kme);
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
                            .addLast("idle", new ReadTimeoutHandler(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                            .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                            .addLast("body", new HttpObjectAggregator(MAX_BODY_BYTES))
                            .addLast("etsi020", handler);
                    }
                })
                .bind(address).await();
            if (!bound.isSuccess()) {
                throw new IllegalStateException("cannot listen on " + address + ": " + bound.cause().getMessage(),
                    bound.cause());
            }
            final var server = new Etsi020Server(boss, workers, bound.channel());
            started = true;
            LOG.info("ETSI GS QKD 020 key relay listening on https://{}:{}", server.address().getHostString(),
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
        LOG.info("ETSI GS QKD 020 key relay stopped");
    }
}
