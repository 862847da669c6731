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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;

/**
 * Calls one peer KME over ETSI GS QKD 020: TLS 1.3 with this KME's certificate, the server checked to be that peer.
 * Answers other than the expected ones complete the futures with an {@link Etsi020Problem} (the peer's RFC 9457
 * problem details) as the cause.
 */
public final class Etsi020Client implements AutoCloseable {
    // the clients' work and callbacks on virtual threads: the JDK's default, a cached pool of platform threads,
    // grows to hundreds of threads under load on a small machine
    private static final ExecutorService CALLBACKS = Executors.newVirtualThreadPerTaskExecutor();

    /** How long a call may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Most requests in flight to one peer: more wait for one to end, so that the client keeps reusing a few
     * connections instead of opening (and handshaking) one per request when many applications send at once.
     */
    static final int MAX_IN_FLIGHT = 4;

    private final HttpClient http;
    private final URI base;
    private final String peer;
    // requests waiting for one in flight to end
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * A client of one peer.
     *
     * @param base the peer's base URL, {@code https://host:port}
     * @param peer the peer's KME ID, which its certificate must name
     * @param tls this KME's TLS
     * @throws GeneralSecurityException when the TLS context cannot be built
     */
    public Etsi020Client(final URI base, final String peer, final KmeTls tls) throws GeneralSecurityException {
        if (!"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("a peer KME is reached at an https URL, not " + base);
        }
        this.base = base;
        this.peer = requireNonNull(peer);
        final var parameters = new SSLParameters();
        parameters.setProtocols(new String[] { KmeTls.PROTOCOL });
        http = HttpClient.newBuilder()
            .executor(CALLBACKS)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls.clientContext(peer))
            .sslParameters(parameters)
            .connectTimeout(TIMEOUT)
            .build();
    }

    /**
     * The answer to {@code ext_keys} or {@code ext_keys/void}.
     *
     * @param acks the outcome (synchronous mode); null when the peer accepted the request and will call back
     */
    public record Submitted(@Nullable List<Ack> acks) {
        /**
         * Whether the peer will call back.
         *
         * @return true for 202
         */
        public boolean accepted() {
            return acks == null;
        }
    }

    // a request once fewer than MAX_IN_FLIGHT are in flight to the peer
    private <T> CompletableFuture<HttpResponse<T>> send(final HttpRequest request,
            final HttpResponse.BodyHandler<T> handler) {
        final var response = new CompletableFuture<HttpResponse<T>>();
        waiting.add(() -> http.sendAsync(request, handler).whenComplete((done, failure) -> {
            inFlight.decrementAndGet();
            next();
            if (failure != null) {
                response.completeExceptionally(failure);
            } else {
                response.complete(done);
            }
        }));
        next();
        return response;
    }

    // starts waiting requests while there is room
    private void next() {
        while (true) {
            final int now = inFlight.get();
            if (now >= MAX_IN_FLIGHT || waiting.isEmpty()) {
                return;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                final var request = waiting.poll();
                if (request == null) {
                    inFlight.decrementAndGet();
                    continue;
                }
                request.run();
            }
        }
    }

    public String peer() {
        return peer;
    }

    public URI base() {
        return base;
    }

    /**
     * {@code GET /kmapi/versions}.
     *
     * @return the peer's versions and capabilities
     */
    public CompletableFuture<Versions> versions() {
        return send(request(Etsi020Handler.VERSIONS).GET().build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> {
                expect(response, 200);
                try {
                    return Etsi020Json.versions(response.body());
                } catch (Etsi020Problem e) {
                    throw new CompletionException(e);
                }
            });
    }

    /**
     * {@code POST /kmapi/v1/ext_keys}.
     *
     * @param keys the request; its values are encoded, not destroyed
     * @return 202, or the outcome for a synchronous request
     */
    public CompletableFuture<Submitted> extKeys(final ExtKeys keys) {
        return submit(Etsi020Handler.EXT_KEYS, Etsi020Json.write(keys));
    }

    /**
     * {@code POST /kmapi/v1/ext_keys/void}.
     *
     * @param request the request
     * @return 202, or the outcome for a synchronous request
     */
    public CompletableFuture<Submitted> voidKeys(final VoidRequest request) {
        return submit(Etsi020Handler.VOID, Etsi020Json.write(request));
    }

    /**
     * {@code POST} of acknowledgements to the URL the peer gave.
     *
     * @param callback the peer's {@code ack_callback_url}
     * @param acks the outcomes
     * @return done when the peer answered 200
     */
    public CompletableFuture<Void> ack(final URI callback, final List<Ack> acks) {
        return send(post(callback, Etsi020Json.write(acks)), HttpResponse.BodyHandlers.ofString())
            .thenAccept(response -> expect(response, 200));
    }

    /**
     * The peer's ML-KEM encapsulation key ({@code GET /kmapi/v1/x_e32473_ml_kem/{parameter set}}, not ETSI GS QKD
     * 020).
     *
     * @param parameterSet the parameter set
     * @return the encoded key
     */
    public CompletableFuture<byte[]> mlKemEncapsulationKey(final MlKemParameterSet parameterSet) {
        return send(request(Etsi020Handler.ML_KEM + parameterSet.yangName()).GET().build(),
            HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                expect(response, 200);
                return base64(response.body(), "encapsulation_key");
            });
    }

    /**
     * Hands the peer an ML-KEM epoch ({@code POST /kmapi/v1/x_e32473_ml_kem/{parameter set}}).
     *
     * @param parameterSet the parameter set
     * @param epoch the epoch's ID
     * @param ciphertext the ciphertext to the peer's encapsulation key
     * @return the peer's confirmation
     */
    public CompletableFuture<byte[]> mlKemEpoch(final MlKemParameterSet parameterSet, final UUID epoch,
            final byte[] ciphertext) {
        final var body = new JsonObject();
        body.addProperty("epoch", epoch.toString());
        body.addProperty("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        return send(post(base.resolve(Etsi020Handler.ML_KEM + parameterSet.yangName()),
            body.toString().getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> {
                expect(response, 200);
                return base64(response.body(), "confirmation");
            });
    }

    // a base64 member of a JSON answer
    private static byte[] base64(final String body, final String member) {
        try {
            if (JsonParser.parseString(body) instanceof JsonObject object
                    && object.get(member) instanceof JsonPrimitive value && value.isString()) {
                return Base64.getDecoder().decode(value.getAsString());
            }
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new CompletionException(Etsi020Problem.badRequest("malformed_answer", "the answer's " + member
                + " is not base64", e));
        }
        throw new CompletionException(Etsi020Problem.badRequest("malformed_answer", "the answer has no " + member));
    }

    private CompletableFuture<Submitted> submit(final String path, final byte[] body) {
        return send(post(base.resolve(path), body), HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> {
                if (response.statusCode() == 202) {
                    return new Submitted(null);
                }
                expect(response, 200);
                try {
                    return new Submitted(Etsi020Json.acks(response.body()));
                } catch (Etsi020Problem e) {
                    throw new CompletionException(e);
                }
            });
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
    }

    private static HttpRequest post(final URI uri, final byte[] body) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=UTF-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    }

    private static void expect(final HttpResponse<String> response, final int status) {
        if (response.statusCode() != status) {
            throw new CompletionException(Etsi020Json.problem(response.statusCode(), response.body()));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "Etsi020Client{" + peer + " at " + base + "}";
    }
}
