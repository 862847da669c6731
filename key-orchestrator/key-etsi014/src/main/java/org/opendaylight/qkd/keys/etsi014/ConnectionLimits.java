/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections of one listener ({@link ServerLimits}): all open ones, and per remote address those whose
 * TLS handshake has not completed. A connection over a cap is closed as soon as it is accepted, before any TLS work.
 * It also stops reading a connection whose answers its client does not read (write backpressure): the connection's
 * outgoing buffer above its high-water mark turns reading off until it drains, so a client that sends requests
 * without reading answers costs the server a bounded buffer, and the idle timeout closes it.
 */
@Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("qkd-connection-counted");
    private static final AttributeKey<InetAddress> HANDSHAKING = AttributeKey.valueOf("qkd-handshaking-from");
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerLimits limits;
    private final String description;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> handshaking = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong warnedAt = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ConnectionLimits(final ServerLimits limits, final String description) {
        this.limits = requireNonNull(limits);
        this.description = requireNonNull(description);
    }

    /**
     * Connections refused so far for a cap.
     *
     * @return the count
     */
    long refused() {
        return refused.get();
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refuse(ctx, limits.maxConnections() + " connections open");
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            final var address = remote.getAddress();
            if (handshaking.merge(address, 1, Integer::sum) > limits.maxHandshakesPerAddress()) {
                release(address);
                refuse(ctx, limits.maxHandshakesPerAddress() + " TLS handshakes under way from "
                    + address.getHostAddress());
                return;
            }
            ctx.channel().attr(HANDSHAKING).set(address);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent) {
            handshakeOver(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
            handshakeOver(ctx);
        }
        super.channelInactive(ctx);
    }

    private void handshakeOver(final ChannelHandlerContext ctx) {
        final var address = ctx.channel().attr(HANDSHAKING).getAndSet(null);
        if (address != null) {
            release(address);
        }
    }

    private void release(final InetAddress address) {
        handshaking.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    private void refuse(final ChannelHandlerContext ctx, final String reason) {
        final long count = refused.incrementAndGet();
        ctx.close();
        final long now = System.nanoTime();
        final long last = warnedAt.get();
        if (now - last >= WARN_EVERY_NANOS && warnedAt.compareAndSet(last, now)) {
            LOG.warn("{}: connection from {} closed at once: {} ({} refused so far)", description,
                ctx.channel().remoteAddress(), reason, count);
        }
    }
}
