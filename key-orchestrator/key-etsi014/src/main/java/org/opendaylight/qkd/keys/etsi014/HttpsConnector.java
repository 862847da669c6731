/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * HTTPS client connections on Netty (HTTP/1.1 on TLS), the counterpart of {@link HttpsListener}: for a key manager's
 * calls to its peers (ETSI GS QKD 020) and for the benchmark's SAEs. A connection has TCP_NODELAY, the TLS context's
 * handler naming the server (SNI and the check of the server's name), an HTTP/1.1 codec that hands over whole answers,
 * then the caller's handler.
 */
public final class HttpsConnector {
    private HttpsConnector() {
        // static functions only
    }

    /**
     * Connects to a server.
     *
     * @param <H> the caller's handler
     * @param loops the event loops; the connection runs on one of them
     * @param tls a client context
     * @param host the server's name or address, which its certificate must name
     * @param address where the server listens
     * @param timeoutMillis how long the TCP connection may take, and then how long the TLS handshake may
     * @param maxBodyBytes the largest body of an answer
     * @param handler makes the last handler of the connection, which reads its answers ({@code FullHttpResponse})
     * @return that handler once the TLS handshake is done, completed on the connection's event loop; failed with
     *     what failed the connection or its handshake, the connection then closed
     */
    public static <H extends ChannelHandler> CompletableFuture<H> connect(final EventLoopGroup loops,
            final SslContext tls, final String host, final InetSocketAddress address, final long timeoutMillis,
            final int maxBodyBytes, final Function<Channel, H> handler) {
        requireNonNull(tls);
        requireNonNull(host);
        requireNonNull(handler);
        final var result = new CompletableFuture<H>();
        new Bootstrap()
            .group(loops)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    final var last = handler.apply(ch);
                    final var tlsHandler = tls.newHandler(ch.alloc(), host, address.getPort());
                    tlsHandler.setHandshakeTimeoutMillis(timeoutMillis);
                    tlsHandler.handshakeFuture().addListener(handshake -> {
                        if (handshake.isSuccess()) {
                            result.complete(last);
                        } else {
                            result.completeExceptionally(handshake.cause());
                            ch.close();
                        }
                    });
                    ch.pipeline()
                        .addLast("tls", tlsHandler)
                        .addLast("http", new HttpClientCodec())
                        .addLast("body", new HttpObjectAggregator(maxBodyBytes))
                        .addLast("handler", last);
                }
            })
            .connect(address)
            .addListener((ChannelFutureListener) connected -> {
                if (!connected.isSuccess()) {
                    result.completeExceptionally(connected.cause());
                }
            });
        return result;
    }
}
