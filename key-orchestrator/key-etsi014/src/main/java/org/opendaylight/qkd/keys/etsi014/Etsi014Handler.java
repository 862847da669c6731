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
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.StoredKey;
import org.opendaylight.qkd.security.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes ETSI GS QKD 014 requests to the key manager and writes its answers: JSON bodies with the specification's
 * names, 400 and 503 with an Error body, 401 with none; an SAE over its request rate ({@link ServerLimits}) gets 503.
 * Keys are encoded and zeroed as they are written.
 */
@Sharable
final class Etsi014Handler extends OrderedHttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Etsi014Handler.class);
    private static final AttributeKey<String> CALLER = AttributeKey.valueOf("qkd-etsi014-sae");
    private static final String PREFIX = "/api/v1/keys/";
    private static final Set<String> OPERATIONS = Set.of("status", "enc_keys", "dec_keys");
    // more than any request may hold: max_key_per_request key_IDs are far fewer
    private static final int MAX_QUERY_PARAMETERS = 1024;

    private final KeyDelivery plane;
    private final RequestRates rates;
    private final String overRate;

    Etsi014Handler(final KeyDelivery plane, final RequestObserver observer, final ServerLimits limits) {
        super("ETSI 014", Etsi014Json::error, observer);
        this.plane = requireNonNull(plane);
        rates = new RequestRates(limits.requestsPerSecond(), limits.burst(), System::nanoTime);
        overRate = "over the request rate of an SAE (" + limits.requestsPerSecond() + " per second, " + limits.burst()
            + " at once); retry later";
    }

    @Override
    protected String operation(final String path) {
        if (path.startsWith(PREFIX)) {
            final var operation = path.substring(path.lastIndexOf('/') + 1);
            if (OPERATIONS.contains(operation)) {
                return operation;
            }
        }
        return "other";
    }

    // the answer to a request, never failed: a failure is an answer too

    @Override
    protected Reply failed(final ChannelHandlerContext ctx, final String path, final Throwable failure) {
        final var delivery = KeyDelivery.failure(failure);
        if (delivery != failure && delivery != failure.getCause()) {
            // ETSI GS QKD 014: a fault on the server's side is 503 (unavailable); the cause goes to the log only
            LOG.warn("ETSI 014 request failed", delivery.getCause());
        }
        if (delivery.kind() == DeliveryException.Kind.UNAUTHORIZED) {
            refused(ctx, "ETSI 014 request " + path + " refused (401): " + delivery.getMessage())
                .with("path", path).with("status", 401).emit();
        }
        return new Reply(failure(delivery), null);
    }

    @Override
    protected void handshakeFailed(final ChannelHandlerContext ctx, final Throwable cause) {
        super.handshakeFailed(ctx, cause);
        refused(ctx, "ETSI 014 TLS handshake refused: " + cause.getMessage()).emit();
    }

    // who was refused: the SAE when its certificate named one, its address, and the key manager's port
    private static SecurityEvent refused(final ChannelHandlerContext ctx, final String text) {
        final var remote = ctx.channel().remoteAddress() instanceof InetSocketAddress address
            ? address.getAddress().getHostAddress() : null;
        final var local = ctx.channel().localAddress() instanceof InetSocketAddress address ? address.getPort() : null;
        return SecurityEvent.of(SecurityEvent.Type.SAE_REFUSED, text).with("protocol", "etsi-014")
            .with("sae", ctx.channel().attr(CALLER).get()).with("address", remote).with("port", local);
    }

    // the keys' answer, encoded on the connection's network thread
    private static CompletableFuture<Reply> keysReply(final ChannelHandlerContext ctx,
            final CompletionStage<List<StoredKey>> keys, final String operation) {
        return keys.toCompletableFuture().thenApplyAsync(taken -> {
            LOG.debug("{}: SAE {} took {}", operation, ctx.channel().attr(CALLER).get(), ids(taken));
            return keys(taken);
        }, onLoop(ctx));
    }

    @Override
    protected CompletableFuture<Reply> answer(final ChannelHandlerContext ctx, final FullHttpRequest request)
            throws DeliveryException {
        if (!request.decoderResult().isSuccess()) {
            throw DeliveryException.badRequest("malformed HTTP request");
        }
        final var caller = caller(ctx);
        if (!rates.take(caller)) {
            // ETSI GS QKD 014 has no 429: 503 with an Error body, and when to come back
            final var response = error(HttpResponseStatus.SERVICE_UNAVAILABLE, overRate);
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, 1);
            return done(new Reply(response, null));
        }
        // Netty's decoder keeps the first parameters it is allowed and drops the rest: one more than allowed shows
        // that there were too many, and the request is refused instead of answered for fewer keys than it named
        final var uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, MAX_QUERY_PARAMETERS + 1);
        if (uri.parameters().values().stream().mapToInt(List::size).sum() > MAX_QUERY_PARAMETERS) {
            throw DeliveryException.badRequest("at most " + MAX_QUERY_PARAMETERS + " query parameters");
        }
        final var rawPath = uri.rawPath();
        if (!rawPath.startsWith(PREFIX)) {
            return done(new Reply(error(HttpResponseStatus.NOT_FOUND, "no such resource; ETSI GS QKD 014 resources "
                + "are under " + PREFIX), null));
        }
        final var rest = rawPath.substring(PREFIX.length());
        final int slash = rest.indexOf('/');
        if (slash <= 0) {
            return done(new Reply(error(HttpResponseStatus.NOT_FOUND, "no such resource"), null));
        }
        final var saeId = rest.substring(0, slash);
        final var operation = rest.substring(slash + 1);
        // qkd-types:sae-id: no separators, no escapes, no dot segments
        if (!SaeCertificates.isValid(saeId)) {
            throw DeliveryException.badRequest("SAE ID in the URL is not valid: it must be 1 to 64 of A-Z a-z 0-9 "
                + "'.' '_' '-', starting with a letter or digit");
        }
        final var method = request.method();
        return switch (operation) {
            case "status" -> {
                if (!HttpMethod.GET.equals(method)) {
                    yield done(new Reply(notAllowed("GET"), null));
                }
                Etsi014Json.checkNoParameters(uri.parameters());
                yield done(new Reply(json(HttpResponseStatus.OK, Etsi014Json.status(plane.status(caller, saeId))),
                    null));
            }
            case "enc_keys" -> {
                final Etsi014Json.KeyRequest keyRequest;
                if (HttpMethod.GET.equals(method)) {
                    keyRequest = Etsi014Json.keyRequestFromQuery(uri.parameters());
                } else if (HttpMethod.POST.equals(method)) {
                    keyRequest = Etsi014Json.keyRequestFromBody(request.content().toString(StandardCharsets.UTF_8));
                } else {
                    yield done(new Reply(notAllowed("GET, POST"), null));
                }
                yield keysReply(ctx, plane.encKeysAsync(caller, saeId, keyRequest.number(), keyRequest.size(),
                    keyRequest.additionalSlaves(), ctx.executor()),
                    "enc_keys for slave " + saeId);
            }
            case "dec_keys" -> {
                final List<String> keyIds;
                if (HttpMethod.GET.equals(method)) {
                    keyIds = Etsi014Json.keyIdsFromQuery(uri.parameters());
                } else if (HttpMethod.POST.equals(method)) {
                    keyIds = Etsi014Json.keyIdsFromBody(request.content().toString(StandardCharsets.UTF_8));
                } else {
                    yield done(new Reply(notAllowed("GET, POST"), null));
                }
                yield keysReply(ctx, plane.decKeysAsync(caller, saeId, keyIds, ctx.executor()),
                    "dec_keys of master " + saeId);
            }
            default -> done(new Reply(error(HttpResponseStatus.NOT_FOUND, "no such resource; the operations are "
                + "status, enc_keys and dec_keys"), null));
        };
    }

    private static CompletableFuture<Reply> done(final Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    static Reply keys(final List<StoredKey> keys) {
        final byte[] body;
        try {
            body = Etsi014Json.keyContainer(keys);
        } finally {
            keys.forEach(StoredKey::destroy);
        }
        return new Reply(json(HttpResponseStatus.OK, body), body);
    }

    private static List<String> ids(final List<StoredKey> keys) {
        return keys.stream().map(key -> key.id().toString()).toList();
    }

    private static String caller(final ChannelHandlerContext ctx) throws DeliveryException {
        final var known = ctx.channel().attr(CALLER).get();
        if (known != null) {
            return known;
        }
        final var tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            throw DeliveryException.unauthorized("no TLS session");
        }
        final X509Certificate certificate;
        try {
            if (!(tls.engine().getSession().getPeerCertificates()[0] instanceof X509Certificate x509)) {
                throw DeliveryException.unauthorized("client certificate is not X.509");
            }
            certificate = x509;
        } catch (SSLPeerUnverifiedException e) {
            throw DeliveryException.unauthorized("no client certificate", e);
        }
        final var saeId = SaeCertificates.saeId(certificate).orElseThrow(() -> DeliveryException.unauthorized(
            "client certificate names no valid SAE ID"));
        ctx.channel().attr(CALLER).set(saeId);
        return saeId;
    }

    private static FullHttpResponse failure(final DeliveryException failure) {
        return switch (failure.kind()) {
            case UNAUTHORIZED -> {
                LOG.debug("Unauthorized ETSI 014 request: {}", failure.getMessage());
                final var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.UNAUTHORIZED, Unpooled.EMPTY_BUFFER);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                yield response;
            }
            case BAD_REQUEST -> error(HttpResponseStatus.BAD_REQUEST, failure.getMessage());
            case UNAVAILABLE -> error(HttpResponseStatus.SERVICE_UNAVAILABLE, failure.getMessage());
        };
    }

    private static FullHttpResponse notAllowed(final String allowed) {
        final var response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed; use " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    private static FullHttpResponse error(final HttpResponseStatus status, final String message) {
        return json(status, Etsi014Json.error(message));
    }
}
