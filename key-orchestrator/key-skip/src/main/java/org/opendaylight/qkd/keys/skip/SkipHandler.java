/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.opendaylight.qkd.keys.etsi014.JsonBodies;
import org.opendaylight.qkd.keys.etsi014.OrderedHttpHandler;
import org.opendaylight.qkd.keys.etsi014.RequestObserver;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.StoredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers SKIP requests (IETF draft-singh-skip, formerly draft-cisco-skip) from the site's encryptors, each
 * authenticated by its pre-shared key, whose identity is its {@code localSystemID} (its SAE ID). {@code GET /key}
 * takes a new key from the key store as the ETSI GS QKD 014 {@code enc_keys} of a master SAE would, {@code GET
 * /key/{keyId}} the other end's copy as {@code dec_keys} would: one key store, so a key fetched over SKIP at one end
 * may be fetched over SKIP or ETSI GS QKD 014 at the other. A {@code keyId} is the key's 128-bit ETSI key ID in 32
 * hexadecimal digits. Status codes as the draft says: 404 for another path, 405 for another method, 400 for a
 * malformed request or a key that is not there, 500 when the key store fails; 503 when no key is stored yet. Error
 * bodies are JSON with a {@code message}.
 */
@Sharable
final class SkipHandler extends OrderedHttpHandler {
    /** What {@code /capabilities} says of how keys are made and agreed: QKD keys relayed over ETSI GS QKD 020. */
    static final String ALGORITHM = "QKD-ETSI-020";
    static final int DEFAULT_BITS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(SkipHandler.class);
    private static final String KEY_PATH = "/key/";
    private static final int MAX_ENTROPY_BITS = KeyDelivery.MAX_KEY_BITS;

    private final KeyDelivery keys;
    private final SecureRandom random;

    SkipHandler(final KeyDelivery keys, final SecureRandom random) {
        super("SKIP", JsonBodies::message, RequestObserver.NONE);
        this.keys = requireNonNull(keys);
        this.random = requireNonNull(random);
    }


    @Override
    protected CompletableFuture<Reply> answer(final ChannelHandlerContext ctx, final FullHttpRequest request)
            throws DeliveryException {
        if (!request.decoderResult().isSuccess()) {
            throw DeliveryException.badRequest("malformed HTTP request");
        }
        if (!HttpMethod.GET.equals(request.method())) {
            final var response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed; SKIP takes GET "
                + "only");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            return done(response);
        }
        final var caller = ctx.channel().attr(PskTlsHandler.IDENTITY).get();
        if (caller == null) {
            throw DeliveryException.badRequest("no pre-shared key identity");
        }
        final var uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 8);
        final var path = uri.rawPath();
        final var parameters = uri.parameters();
        if ("/capabilities".equals(path)) {
            check(parameters, Set.of());
            return done(json(HttpResponseStatus.OK, SkipJson.capabilities(caller, keys.peers(caller))));
        }
        if ("/entropy".equals(path)) {
            check(parameters, Set.of("minentropy"));
            final int bits = bits(parameters, "minentropy", MAX_ENTROPY_BITS);
            final var sample = new byte[bits / Byte.SIZE];
            random.nextBytes(sample);
            return done(json(HttpResponseStatus.OK, SkipJson.entropy(sample, bits)));
        }
        if ("/key".equals(path)) {
            check(parameters, Set.of("remoteSystemID", "size"));
            final var remote = single(parameters, "remoteSystemID");
            final int bits = bits(parameters, "size", KeyDelivery.MAX_KEY_BITS);
            return keyReply(ctx, keys.encKeysAsync(caller, remote, OptionalInt.of(1), OptionalInt.of(bits),
                List.of(), ctx.executor()), "new key shared with " + remote);
        }
        if (path.startsWith(KEY_PATH)) {
            check(parameters, Set.of("remoteSystemID"));
            final var id = SkipKeyIds.parse(path.substring(KEY_PATH.length()));
            final var remote = single(parameters, "remoteSystemID");
            return keyReply(ctx, keys.decKeysAsync(caller, remote, List.of(id.toString()), ctx.executor()),
                "key of " + remote);
        }
        return done(error(HttpResponseStatus.NOT_FOUND, "no such resource; SKIP's are /capabilities, /key, "
            + "/key/{keyId} and /entropy"));
    }

    private static void check(final Map<String, List<String>> parameters, final Set<String> known)
            throws DeliveryException {
        for (var name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw DeliveryException.badRequest("unknown parameter '" + name + "'");
            }
        }
    }

    private static String single(final Map<String, List<String>> parameters, final String name)
            throws DeliveryException {
        final var values = parameters.get(name);
        if (values == null || values.size() != 1 || values.getFirst().isEmpty()) {
            throw DeliveryException.badRequest(name + " is required, once");
        }
        return values.getFirst();
    }

    // a size in bits: a positive multiple of 8, at most the largest; 256 when absent
    private static int bits(final Map<String, List<String>> parameters, final String name, final int most)
            throws DeliveryException {
        if (!parameters.containsKey(name)) {
            return DEFAULT_BITS;
        }
        final var text = single(parameters, name);
        if (!text.matches("[0-9]{1,5}")) {
            throw DeliveryException.badRequest(name + " shall be a number of bits");
        }
        final int bits = Integer.parseInt(text);
        if (bits % Byte.SIZE != 0 || bits < KeyDelivery.MIN_KEY_BITS || bits > most) {
            throw DeliveryException.badRequest(name + " shall be a multiple of 8 from " + KeyDelivery.MIN_KEY_BITS
                + " to " + most + " bits, was " + bits);
        }
        return bits;
    }

    // the key's answer, encoded on the connection's network thread
    private static CompletableFuture<Reply> keyReply(final ChannelHandlerContext ctx,
            final CompletionStage<List<StoredKey>> taken, final String what) {
        return taken.toCompletableFuture().thenApplyAsync(list -> {
            try {
                final var key = list.getFirst();
                LOG.debug("SKIP: {} took {}, {}", ctx.channel().attr(PskTlsHandler.IDENTITY).get(), key.id(), what);
                final var body = SkipJson.key(key);
                return new Reply(json(HttpResponseStatus.OK, body), body);
            } finally {
                list.forEach(StoredKey::destroy);
            }
        }, onLoop(ctx));
    }

    @Override
    protected Reply failed(final ChannelHandlerContext ctx, final String path, final Throwable failure) {
        final var delivery = KeyDelivery.failure(failure);
        final FullHttpResponse response;
        if (delivery.kind() == DeliveryException.Kind.UNAVAILABLE && delivery.getCause() != null) {
            // the key store failed: the draft's 500; the cause goes to the log only
            LOG.warn("SKIP request failed", delivery.getCause());
            response = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, delivery.getMessage());
        } else if (delivery.kind() == DeliveryException.Kind.UNAVAILABLE) {
            response = error(HttpResponseStatus.SERVICE_UNAVAILABLE, delivery.getMessage());
        } else {
            // a malformed request, a key that is not there, a remote system this one shares no keys with
            response = error(HttpResponseStatus.BAD_REQUEST, delivery.getMessage());
        }
        return new Reply(response, null);
    }

    private static CompletableFuture<Reply> done(final FullHttpResponse response) {
        return CompletableFuture.completedFuture(new Reply(response, null));
    }

    private static FullHttpResponse error(final HttpResponseStatus status, final String message) {
        return json(status, JsonBodies.message(message));
    }
}
