/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP handler of a key delivery protocol (ETSI GS QKD 014, SKIP) whose answers may wait for the key manager's
 * disk: each request's answer goes out once it is ready, in the order of the requests, and the network thread never
 * waits; a connection with too many answers waiting stops reading. A body that holds keys is zeroed once written.
 */
public abstract class OrderedHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedHttpHandler.class);
    // pipelined requests a connection may have waiting for their answers before it stops reading
    private static final int MOST_WAITING = 16;
    private static final AttributeKey<ArrayDeque<Waiting>> WAITING = AttributeKey.valueOf("qkd-http-waiting");

    /**
     * A response, and the body to zero once written when it holds keys.
     *
     * @param response the response
     * @param keys its body when it holds keys
     */
    public record Reply(FullHttpResponse response, byte @Nullable [] keys) {
    }

    // a request whose answer waits (for the key manager's disk)
    private record Waiting(boolean keepAlive, CompletableFuture<Reply> reply) {
    }

    private final String protocol;
    private final Function<String, byte[]> errorBody;
    private final RequestObserver observer;

    /**
     * A handler.
     *
     * @param protocol the protocol's name, for the log
     * @param errorBody the protocol's error body for a message
     * @param observer hears every answer
     */
    protected OrderedHttpHandler(final String protocol, final Function<String, byte[]> errorBody,
            final RequestObserver observer) {
        this.protocol = requireNonNull(protocol);
        this.errorBody = requireNonNull(errorBody);
        this.observer = requireNonNull(observer);
    }

    /**
     * The operation a request asks for, as the {@link RequestObserver} hears it: one of a small fixed set, so that
     * metrics keep few series whatever clients send.
     *
     * @param path the request's path, without its query
     * @return the operation
     */
    protected String operation(final String path) {
        return "other";
    }

    /**
     * The answer to a request.
     *
     * @param ctx the connection
     * @param request the request
     * @return the answer, or failed with the reason
     * @throws DeliveryException when the request is refused at once
     */
    protected abstract CompletableFuture<Reply> answer(ChannelHandlerContext ctx, FullHttpRequest request)
        throws DeliveryException;

    /**
     * The answer to a request that failed.
     *
     * @param ctx the connection
     * @param path the request's path, without its query
     * @param failure why: a {@link DeliveryException} (perhaps wrapped), or a fault of the key manager
     * @return the answer, in the protocol's own format
     */
    protected abstract Reply failed(ChannelHandlerContext ctx, String path, Throwable failure);

    /**
     * A client's TLS handshake failed (a certificate refused, no common cipher suite); the connection closes.
     *
     * @param ctx the connection
     * @param cause why
     */
    protected void handshakeFailed(final ChannelHandlerContext ctx, final Throwable cause) {
        LOG.debug("{} handshake with {} failed", protocol, ctx.channel().remoteAddress(), cause);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
            handshakeFailed(ctx, completion.cause());
        }
        super.userEventTriggered(ctx, event);
    }

    // the answer to a request, never failed: a failure is an answer too
    @SuppressWarnings("checkstyle:IllegalCatch")
    private CompletableFuture<Reply> reply(final ChannelHandlerContext ctx, final FullHttpRequest request,
            final String path) {
        try {
            return answer(ctx, request).exceptionally(failure -> failed(ctx, path, failure));
        } catch (DeliveryException | RuntimeException e) {
            return CompletableFuture.completedFuture(failed(ctx, path, e));
        }
    }

    @Override
    protected final void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final long start = System.nanoTime();
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        // the path without the query, read once for the failure's answer and the observer
        final var path = new QueryStringDecoder(request.uri()).rawPath();
        final var reply = reply(ctx, request, path);
        if (observer != RequestObserver.NONE) {
            final var operation = operation(path);
            reply.thenAccept(answer -> observer.answered(operation, answer.response().status().code(),
                System.nanoTime() - start));
        }
        var waiting = ctx.channel().attr(WAITING).get();
        if ((waiting == null || waiting.isEmpty()) && reply.isDone()) {
            write(ctx, keepAlive, reply.join());
            return;
        }
        if (waiting == null) {
            waiting = new ArrayDeque<>();
            ctx.channel().attr(WAITING).set(waiting);
        }
        waiting.add(new Waiting(keepAlive, reply));
        if (waiting.size() >= MOST_WAITING) {
            ctx.channel().config().setAutoRead(false);
        }
        reply.whenCompleteAsync((unused, failure) -> writeReady(ctx), onLoop(ctx));
    }

    /**
     * Runs tasks on the connection's network thread: at once when called there (the key manager forced its disk
     * there).
     *
     * @param ctx the connection
     * @return the executor
     */
    protected static Executor onLoop(final ChannelHandlerContext ctx) {
        final var loop = ctx.executor();
        return task -> {
            if (loop.inEventLoop()) {
                task.run();
            } else {
                loop.execute(task);
            }
        };
    }

    /**
     * A JSON response.
     *
     * @param status its status
     * @param body its body
     * @return the response
     */
    protected static FullHttpResponse json(final HttpResponseStatus status, final byte[] body) {
        final var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.writeAndFlush(json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, errorBody.apply("request too large")))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        LOG.debug("{} connection from {} failed", protocol, ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private static void writeReady(final ChannelHandlerContext ctx) {
        final var waiting = ctx.channel().attr(WAITING).get();
        while (!waiting.isEmpty() && waiting.peek().reply().isDone()) {
            final var next = waiting.poll();
            write(ctx, next.keepAlive(), next.reply().join());
        }
        if (waiting.size() < MOST_WAITING && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static void write(final ChannelHandlerContext ctx, final boolean keepAlive, final Reply reply) {
        final var response = reply.response();
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        final var written = ctx.writeAndFlush(response);
        if (reply.keys() != null) {
            // the body held keys: zero it once TLS has encrypted it
            final byte[] keys = reply.keys();
            written.addListener(future -> Arrays.fill(keys, (byte) 0));
        }
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
