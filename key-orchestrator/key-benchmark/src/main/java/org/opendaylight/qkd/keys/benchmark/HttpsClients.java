/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.benchmark;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.HttpsConnector;

/**
 * Asynchronous HTTPS clients on Netty for the benchmark: event-loop threads shared by every connection, and
 * connections over TLSv1.3 with an SAE's certificate of the {@link DemoPki demo PKI}, HTTP/1.1 with keep-alive and
 * TCP_NODELAY, to a server on the loopback address. A connection carries one request at a time and hands each answer
 * (or its failure) to its {@link Listener} on its event loop.
 */
final class HttpsClients implements AutoCloseable {
    // the server's certificate names localhost: the name checked, the address of the server's socket dialled
    private static final String HOST = "localhost";
    private static final String ADDRESS = "127.0.0.1";
    private static final int MAX_BODY_BYTES = 1 << 20;
    // how long the connection may take, and then its TLS handshake
    private static final long TIMEOUT_MILLIS = 10_000;

    private final MultiThreadIoEventLoopGroup group;
    private final Map<String, SslContext> contexts;

    /**
     * Starts the event loops.
     *
     * @param pki the demo PKI: the SAEs' certificates and the CA to trust
     * @param password its key stores' password
     * @param saeIds the SAEs whose certificates connections present
     * @param threads event-loop threads, at least one
     * @throws IOException when the key stores cannot be read
     * @throws GeneralSecurityException when they cannot be decoded
     */
    HttpsClients(final DemoPki pki, final char[] password, final List<String> saeIds, final int threads)
            throws IOException, GeneralSecurityException {
        final var byId = new HashMap<String, SslContext>();
        for (var saeId : saeIds) {
            byId.put(saeId, context(pki, password, saeId));
        }
        contexts = Map.copyOf(byId);
        group = new MultiThreadIoEventLoopGroup(Math.max(1, threads), new DefaultThreadFactory("bench-client", true),
            NioIoHandler.newFactory());
    }

    private static SslContext context(final DemoPki pki, final char[] password, final String saeId)
            throws IOException, GeneralSecurityException {
        final var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(DemoPki.loadKeyStore(pki.clientKeyStore(saeId), password), password);
        return SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .keyManager(keys)
            .trustManager(pki.caCertificateFile().toFile())
            .protocols("TLSv1.3")
            .endpointIdentificationAlgorithm("HTTPS")
            .build();
    }

    /**
     * An event loop, in turn: connections on the same loop run on the same thread.
     *
     * @return the loop
     */
    EventLoop next() {
        return group.next();
    }

    /**
     * Connects, as an SAE, to a server on the loopback address.
     *
     * @param loop the event loop of the connection
     * @param saeId the SAE whose certificate the connection presents
     * @param port the server's port
     * @param listener who gets the answers and the failure of the connection once it is established
     * @return the connection once the TLS handshake is done, completed on the loop; failed when it cannot be made
     */
    CompletableFuture<Connection> connect(final EventLoop loop, final String saeId, final int port,
            final Listener listener) {
        final var tls = contexts.get(saeId);
        if (tls == null) {
            throw new IllegalArgumentException("no certificate for SAE " + saeId);
        }
        return HttpsConnector.connect(loop, tls, HOST, new InetSocketAddress(ADDRESS, port), TIMEOUT_MILLIS,
            MAX_BODY_BYTES, ch -> new Connection(ch, listener, saeId, HOST + ":" + port));
    }

    /**
     * Stops the event loops, closing every connection.
     */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * An answer to a request.
     *
     * @param status its HTTP status code
     * @param body its body
     */
    record Answer(int status, String body) {
    }

    /**
     * Gets what happens on connections, on their event loops.
     */
    interface Listener {
        /**
         * A request was answered.
         *
         * @param from the connection
         * @param answer the answer
         */
        void answered(Connection from, Answer answer);

        /**
         * An established connection failed or was closed by the server; it will carry no more requests. Not called
         * when it is {@link Connection#close() closed} here.
         *
         * @param from the connection
         * @param why what happened
         */
        void failed(Connection from, String why);
    }

    /**
     * A keep-alive connection as an SAE: sends requests, gives each answer to its listener.
     */
    static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Listener listener;
        private final String saeId;
        private final String authority;
        private final Channel channel;
        // set on the connection's event loop
        private boolean ready;
        private boolean over;

        Connection(final Channel channel, final Listener listener, final String saeId, final String authority) {
            this.channel = channel;
            this.listener = listener;
            this.saeId = saeId;
            this.authority = authority;
        }

        /**
         * Sends a request; its answer goes to the listener. May be called from any thread.
         *
         * @param method the method
         * @param path the path
         * @param body a JSON body, or null for none
         */
        void send(final HttpMethod method, final String path, final byte[] body) {
            final var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, authority);
            if (body != null) {
                request.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            }
            channel.writeAndFlush(request).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    fail(method + " " + path + " could not be sent: " + written.cause());
                }
            });
        }

        /**
         * The TLS protocol and cipher suite of the connection.
         *
         * @return them, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384"
         */
        String tlsSession() {
            final var tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                return "no TLS session";
            }
            final var session = tls.engine().getSession();
            return session.getProtocol() + " " + session.getCipherSuite();
        }

        /**
         * Closes the connection, without telling the listener. May be called from any thread.
         */
        void close() {
            if (channel.eventLoop().inEventLoop()) {
                over = true;
                channel.close();
            } else {
                channel.eventLoop().execute(this::close);
            }
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception {
            // in the event-loop task that completed the connect's future, right after it
            if (evt instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
                ready = true;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse msg) {
            if (!over) {
                listener.answered(this, new Answer(msg.status().code(),
                    msg.content().toString(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
            fail("the connection as " + saeId + " was closed by the server");
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            fail("the connection as " + saeId + " failed: " + cause);
        }

        // on the event loop: tells the listener once, when the connection had been established
        private void fail(final String why) {
            final boolean tell = ready && !over;
            over = true;
            channel.close();
            if (tell) {
                listener.failed(this, why);
            }
        }
    }
}
