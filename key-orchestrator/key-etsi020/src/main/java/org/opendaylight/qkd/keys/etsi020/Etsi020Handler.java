/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.SaeCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes ETSI GS QKD 020 requests to the KME and writes its answers; every error is RFC 9457 problem details.
 */
@Sharable
final class Etsi020Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String VERSIONS = "/kmapi/versions";
    static final String EXT_KEYS = "/kmapi/v1/ext_keys";
    static final String ACK = "/kmapi/v1/ext_keys/ack";
    static final String VOID = "/kmapi/v1/ext_keys/void";
    /** Not ETSI GS QKD 020: ML-KEM epochs between the suite's KMEs, then the parameter set. */
    static final String ML_KEM = "/kmapi/v1/x_e32473_ml_kem/";
    /** How long a synchronous-mode request may wait for its outcome before it is answered 408. */
    static final long SYNC_TIMEOUT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(Etsi020Handler.class);
    private static final AttributeKey<String> CALLER = AttributeKey.valueOf("qkd-etsi020-kme");

    private final KmeEndpoint kme;

    Etsi020Handler(final KmeEndpoint kme) {
        this.kme = requireNonNull(kme);
    }

    @Override
    @SuppressWarnings("checkstyle:IllegalCatch")
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            final var outcome = answer(ctx, request);
            if (outcome.response() != null) {
                write(ctx, outcome.response(), keepAlive);
            } else {
                // synchronous mode: the answer comes with the outcome
                outcome.pending().toCompletableFuture().orTimeout(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((acks, failure) -> {
                        if (failure == null) {
                            write(ctx, json(HttpResponseStatus.OK, Etsi020Json.write(acks)), keepAlive);
                        } else if (failure instanceof TimeoutException) {
                            write(ctx, problem(new Etsi020Problem(408, "request-timeout", "Request timeout",
                                Map.of("timeout", "the outcome was not known within " + SYNC_TIMEOUT_SECONDS
                                    + " s"))), keepAlive);
                        } else {
                            LOG.warn("ETSI 020 {} failed", request.uri(), failure);
                            write(ctx, problem(Etsi020Problem.unavailable("internal_error",
                                "the key manager failed to process the request")), keepAlive);
                        }
                    });
            }
        } catch (Etsi020Problem e) {
            LOG.debug("ETSI 020 {} {} refused: {}", request.method(), request.uri(), e.getMessage());
            write(ctx, problem(e), keepAlive);
        } catch (RuntimeException e) {
            // a fault on this side is 503; the cause goes to the log only
            LOG.warn("ETSI 020 {} {} failed", request.method(), request.uri(), e);
            write(ctx, problem(Etsi020Problem.unavailable("internal_error",
                "the key manager failed to process the request")), keepAlive);
        }
    }

    private record Outcome(@Nullable FullHttpResponse response, @Nullable CompletionStage<List<Ack>> pending) {
        static Outcome now(final FullHttpResponse response) {
            return new Outcome(response, null);
        }
    }

    private Outcome answer(final ChannelHandlerContext ctx, final FullHttpRequest request) throws Etsi020Problem {
        if (!request.decoderResult().isSuccess()) {
            throw Etsi020Problem.badRequest("malformed_request", "malformed HTTP request");
        }
        final var peer = caller(ctx);
        final var path = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8).path();
        final var method = request.method();
        switch (path) {
            case VERSIONS -> {
                if (!HttpMethod.GET.equals(method)) {
                    return Outcome.now(notAllowed("GET"));
                }
                return Outcome.now(json(HttpResponseStatus.OK, Etsi020Json.write(Versions.SUPPORTED)));
            }
            case EXT_KEYS -> {
                if (!HttpMethod.POST.equals(method)) {
                    return Outcome.now(notAllowed("POST"));
                }
                final var extKeys = Etsi020Json.extKeys(body(request));
                final var pending = kme.extKeys(peer, extKeys);
                return extKeys.ackCallback() != null ? Outcome.now(accepted()) : new Outcome(null, pending);
            }
            case ACK -> {
                if (!HttpMethod.POST.equals(method)) {
                    return Outcome.now(notAllowed("POST"));
                }
                kme.acknowledge(peer, Etsi020Json.acks(body(request)));
                final var ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.EMPTY_BUFFER);
                ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                return Outcome.now(ok);
            }
            case VOID -> {
                if (!HttpMethod.POST.equals(method)) {
                    return Outcome.now(notAllowed("POST"));
                }
                final var voidRequest = Etsi020Json.voidRequest(body(request));
                final var pending = kme.voidKeys(peer, voidRequest);
                return voidRequest.ackCallback() != null ? Outcome.now(accepted()) : new Outcome(null, pending);
            }
            default -> {
                if (path.startsWith(ML_KEM)) {
                    return Outcome.now(mlKem(peer, path.substring(ML_KEM.length()), request));
                }
                return Outcome.now(problem(new Etsi020Problem(404, "not-found", "Not found", Map.of("unknown_path",
                    "the resources are " + VERSIONS + ", " + EXT_KEYS + ", " + ACK + " and " + VOID))));
            }
        }
    }

    // GET: this KME's encapsulation key; POST: an epoch the caller made, answered with its confirmation
    private FullHttpResponse mlKem(final String peer, final String setName, final FullHttpRequest request)
            throws Etsi020Problem {
        final MlKemParameterSet parameterSet;
        try {
            parameterSet = MlKemParameterSet.ofYangName(setName);
        } catch (IllegalArgumentException e) {
            throw Etsi020Problem.badRequest("unknown_parameter_set", "no ML-KEM parameter set " + setName, e);
        }
        final var answer = new JsonObject();
        if (HttpMethod.GET.equals(request.method())) {
            answer.addProperty("encapsulation_key", Base64.getEncoder().encodeToString(
                kme.mlKemEncapsulationKey(peer, parameterSet)));
        } else if (HttpMethod.POST.equals(request.method())) {
            final var text = body(request);
            final UUID epoch;
            final byte[] ciphertext;
            try {
                final var body = JsonParser.parseString(text);
                if (!(body instanceof JsonObject object) || !(object.get("epoch") instanceof JsonPrimitive id)
                        || !id.isString() || !(object.get("ciphertext") instanceof JsonPrimitive value)
                        || !value.isString()) {
                    throw new IllegalArgumentException("epoch and ciphertext are required strings");
                }
                epoch = UUID.fromString(id.getAsString());
                ciphertext = Base64.getDecoder().decode(value.getAsString());
            } catch (IllegalArgumentException | JsonParseException e) {
                throw Etsi020Problem.badRequest("malformed_request", "an ML-KEM epoch is {\"epoch\": UUID, "
                    + "\"ciphertext\": base64}: " + e.getMessage(), e);
            }
            answer.addProperty("confirmation", Base64.getEncoder().encodeToString(
                kme.mlKemEpoch(peer, parameterSet, epoch, ciphertext)));
        } else {
            return notAllowed("GET, POST");
        }
        return json(HttpResponseStatus.OK, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String body(final FullHttpRequest request) throws Etsi020Problem {
        final var type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw Etsi020Problem.badRequest("invalid_content_type", "the body shall be application/json");
        }
        return request.content().toString(StandardCharsets.UTF_8);
    }

    private String caller(final ChannelHandlerContext ctx) throws Etsi020Problem {
        final var known = ctx.channel().attr(CALLER).get();
        if (known != null) {
            return known;
        }
        final var tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            throw Etsi020Problem.unauthorized("no TLS session");
        }
        final X509Certificate certificate;
        try {
            if (!(tls.engine().getSession().getPeerCertificates()[0] instanceof X509Certificate x509)) {
                throw Etsi020Problem.unauthorized("the client certificate is not X.509");
            }
            certificate = x509;
        } catch (SSLPeerUnverifiedException e) {
            throw Etsi020Problem.unauthorized("no client certificate", e);
        }
        final var kmeId = SaeCertificates.saeId(certificate).orElseThrow(() -> Etsi020Problem.unauthorized(
            "the client certificate names no valid KME ID"));
        if (!kme.isPeer(kmeId)) {
            throw Etsi020Problem.unauthorized("KME " + kmeId + " is not a peer of this KME");
        }
        ctx.channel().attr(CALLER).set(kmeId);
        return kmeId;
    }

    private static void write(final ChannelHandlerContext ctx, final FullHttpResponse response,
            final boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        final var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse accepted() {
        final var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
            Unpooled.EMPTY_BUFFER);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    private static FullHttpResponse notAllowed(final String allowed) {
        final var response = problem(new Etsi020Problem(405, "method-not-allowed", "Method not allowed",
            Map.of("method_not_allowed", "use " + allowed)));
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    static FullHttpResponse problem(final Etsi020Problem problem) {
        final var response = json(HttpResponseStatus.valueOf(problem.status()), Etsi020Json.write(problem));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        return response;
    }

    private static FullHttpResponse json(final HttpResponseStatus status, final byte[] body) {
        final var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.writeAndFlush(problem(Etsi020Problem.badRequest("request_too_large", "request larger than "
                + Etsi020Server.MAX_BODY_BYTES + " bytes"))).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (cause instanceof ReadTimeoutException) {
            ctx.writeAndFlush(problem(new Etsi020Problem(408, "request-timeout", "Request timeout",
                Map.of("timeout", "no complete request within " + Etsi020Server.REQUEST_TIMEOUT.toSeconds() + " s"))))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        LOG.debug("ETSI 020 connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
