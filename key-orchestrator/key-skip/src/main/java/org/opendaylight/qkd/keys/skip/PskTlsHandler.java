/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.TlsServerProtocol;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS authenticated by an external pre-shared key on a Netty connection, by Bouncy Castle's TLS in its non-blocking
 * mode: records in from the network are offered to the protocol, what it has to send goes out, and the application
 * data it decrypted goes on up the pipeline (to the HTTP codec) once the handshake is done. The client's PSK
 * identity is the connection's {@link #IDENTITY} from then on.
 */
final class PskTlsHandler extends ChannelDuplexHandler {
    /** The PSK identity the client authenticated with. */
    static final AttributeKey<String> IDENTITY = AttributeKey.valueOf("qkd-skip-psk-identity");

    private static final Logger LOG = LoggerFactory.getLogger(PskTlsHandler.class);
    private static final long LINGER_SECONDS = 2;

    private final TlsServerProtocol protocol = new TlsServerProtocol();
    private final PskTlsServer server;
    private boolean failed;

    PskTlsHandler(final PskTlsServer server) {
        this.server = requireNonNull(server);
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) throws IOException {
        protocol.accept(server);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        if (!(msg instanceof ByteBuf buffer)) {
            ctx.fireChannelRead(msg);
            return;
        }
        final var records = new byte[buffer.readableBytes()];
        buffer.readBytes(records);
        ReferenceCountUtil.release(buffer);
        if (failed) {
            return;
        }
        try {
            protocol.offerInput(records);
        } catch (IOException e) {
            // a handshake that failed (an unknown identity, a wrong key) or a record that does not authenticate: the
            // protocol has its alert ready; it goes out and the connection closes
            failed = true;
            LOG.debug("SKIP TLS from {} failed: {}", ctx.channel().remoteAddress(), e.getMessage());
            sendOutput(ctx, null);
            // the alert, then the end of this side's stream; what the client still sends is read and dropped until
            // it closes or a bound passes, so that no reset overtakes the alert
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(unused -> {
                if (ctx.channel() instanceof SocketChannel socket) {
                    socket.shutdownOutput();
                } else {
                    ctx.close();
                }
            });
            ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            return;
        }
        sendOutput(ctx, null);
        ctx.flush();
        final var identity = server.identity();
        if (identity != null && !ctx.channel().hasAttr(IDENTITY) && protocol.isConnected()) {
            ctx.channel().attr(IDENTITY).set(identity);
            // as Netty's TLS handler tells: the listener's handshake count of the client's address goes down
            ctx.fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        }
        final int available = protocol.getAvailableInputBytes();
        if (available > 0) {
            final var plain = new byte[available];
            protocol.readInput(plain, 0, available);
            ctx.fireChannelRead(Unpooled.wrappedBuffer(plain));
        }
        if (protocol.isClosed()) {
            ctx.close();
        }
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
            throws IOException {
        if (!(msg instanceof ByteBuf buffer)) {
            ctx.write(msg, promise);
            return;
        }
        final var plain = new byte[buffer.readableBytes()];
        buffer.readBytes(plain);
        ReferenceCountUtil.release(buffer);
        try {
            protocol.writeApplicationData(plain, 0, plain.length);
        } finally {
            // the plain text may hold keys
            Arrays.fill(plain, (byte) 0);
        }
        sendOutput(ctx, promise);
    }

    @Override
    public void close(final ChannelHandlerContext ctx, final ChannelPromise promise) {
        if (!failed && protocol.isConnected()) {
            try {
                protocol.close();
                sendOutput(ctx, null);
                ctx.flush();
            } catch (IOException e) {
                LOG.debug("SKIP TLS close_notify to {} failed", ctx.channel().remoteAddress(), e);
            }
        }
        ctx.close(promise);
    }

    // what the protocol has to send: handshake messages, alerts, encrypted records
    private void sendOutput(final ChannelHandlerContext ctx, final @Nullable ChannelPromise promise) {
        final int pending = protocol.getAvailableOutputBytes();
        if (pending == 0) {
            if (promise != null) {
                promise.setSuccess();
            }
            return;
        }
        // TLS records: the encrypted bytes go out as they are, without a second copy
        final var bytes = new byte[pending];
        protocol.readOutput(bytes, 0, pending);
        final var out = Unpooled.wrappedBuffer(bytes);
        if (promise == null) {
            ctx.write(out);
        } else {
            ctx.write(out, promise);
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        if (!protocol.isClosed()) {
            protocol.close();
        }
        super.channelInactive(ctx);
    }
}
