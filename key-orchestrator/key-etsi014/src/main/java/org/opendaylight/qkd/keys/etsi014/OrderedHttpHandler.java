/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An HTTP handler of a key delivery protocol (ETSI GS QKD 014, SKIP) whose answers may wait for the key manager's
 * disk: each request's answer goes out once it is ready, in the order of the requests, and the network thread never
 * waits; a connection with too many answers waiting stops reading. A body that holds keys is zeroed once written.
 */
public abstract class OrderedHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
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

    /**
     * The answer to a request.
     *
     * @param ctx the connection
     * @param request the request
     * @return the answer, never failed: a failure is an answer too
     */
    protected abstract CompletableFuture<Reply> reply(ChannelHandlerContext ctx, FullHttpRequest request);

    @Override
    protected final void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        final var reply = reply(ctx, request);
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
