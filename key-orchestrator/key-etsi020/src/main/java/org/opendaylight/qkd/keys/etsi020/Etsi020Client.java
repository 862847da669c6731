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
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.HttpsConnector;

/**
 * Calls one peer KME over ETSI GS QKD 020: TLS 1.3 with this KME's certificate, the server checked to be that peer.
 * Answers other than the expected ones complete the futures with an {@link Etsi020Problem} (the peer's RFC 9457
 * problem details) as the cause.
 *
 * <p>Underneath: HTTP/1.1 on Netty with the {@link KmeTls#clientContext key managers' TLS engine}, event loops shared
 * by every client of the process, and at most {@link #MAX_IN_FLIGHT} keep-alive connections to the peer, each
 * carrying one request at a time. The futures complete on virtual threads, never on an event loop, so that what
 * follows an answer (storing keys) may block.
 */
public final class Etsi020Client implements AutoCloseable {
    // the clients' callbacks on virtual threads: what follows an answer may write to a key store
    private static final ExecutorService CALLBACKS = Executors.newVirtualThreadPerTaskExecutor();

    /** How long a call may take, from the moment it may go out (its connection and handshake included). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Most requests in flight to one peer: more wait for one to end, so that the client keeps reusing a few
     * connections instead of opening (and handshaking) one per request when many applications send at once. It is
     * also the most connections to the peer.
     */
    static final int MAX_IN_FLIGHT = 4;

    /**
     * How long a connection may wait unused before it is closed here rather than reused: below the 30 s after which
     * this suite's servers close a silent connection, so that a request does not go out on a connection the server is
     * closing.
     */
    static final Duration IDLE = Duration.ofSeconds(20);

    /** Largest answer: the acknowledgements of a request of 1024 keys take about 100 KiB. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private static final int HTTPS_PORT = 443;

    private final SslContext tls;
    private final Duration timeout;
    private final long idleNanos;
    private final URI base;
    private final String host;
    private final int port;
    private final String authority;
    private final String peer;
    // requests waiting for one in flight to end
    private final Queue<Exchange> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    // the requests in flight, for close() to wait on
    private final Set<Exchange> started = ConcurrentHashMap.newKeySet();
    // connections that carry no request, the last one used first
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * A client of one peer.
     *
     * @param base the peer's base URL, {@code https://host:port}
     * @param peer the peer's KME ID, which its certificate must name
     * @param tls this KME's TLS
     * @throws GeneralSecurityException when the TLS context cannot be built
     */
    public Etsi020Client(final URI base, final String peer, final KmeTls tls) throws GeneralSecurityException {
        this(base, peer, tls, TIMEOUT, IDLE);
    }

    // a client whose calls may take as long as given, and whose connections may wait as long as given (tests)
    Etsi020Client(final URI base, final String peer, final KmeTls tls, final Duration timeout, final Duration idle)
            throws GeneralSecurityException {
        this.timeout = requireNonNull(timeout);
        idleNanos = idle.toNanos();
        if (!"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("a peer KME is reached at an https URL, not " + base);
        }
        this.base = base;
        this.peer = requireNonNull(peer);
        // an IPv6 literal without its brackets, as a socket address and a certificate name it
        host = base.getHost().startsWith("[") ? base.getHost().substring(1, base.getHost().length() - 1)
            : base.getHost();
        port = port(base);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a peer KME is reached at a TCP port, not " + base);
        }
        authority = base.getRawAuthority();
        try {
            this.tls = tls.clientContext(peer);
        } catch (SSLException e) {
            throw new GeneralSecurityException("no TLS context for calls to KME " + peer, e);
        }
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
        return send(HttpMethod.GET, base.resolve(Etsi020Handler.VERSIONS), null).thenApply(answer -> {
            expect(answer, 200);
            try {
                return Etsi020Json.versions(answer.body());
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
     * {@code POST} of acknowledgements to the URL the peer gave, which must be on the peer's own endpoint (its host
     * and port).
     *
     * @param callback the peer's {@code ack_callback_url}
     * @param acks the outcomes
     * @return done when the peer answered 200
     */
    public CompletableFuture<Void> ack(final URI callback, final List<Ack> acks) {
        if (!isAckResourceOf(base, callback)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("acknowledgements to KME " + peer
                + " go to its endpoint's " + base.resolve(Etsi020Handler.ACK) + ", not to " + callback));
        }
        return send(HttpMethod.POST, callback, Etsi020Json.write(acks)).thenAccept(answer -> expect(answer, 200));
    }

    /**
     * Whether a URL is the acknowledgement resource ({@code ext_keys/ack}) of the KME at an endpoint: https, the
     * endpoint's host and port (443 when not given), that path, no query. Where this client posts acknowledgements,
     * and what a KME accepts as a peer's {@code ack_callback_url}: one that it could not post to is refused with the
     * request, not found out when the acknowledgements are due.
     *
     * @param endpoint the KME's endpoint
     * @param url the URL
     * @return whether the acknowledgements of that KME may go there
     */
    static boolean isAckResourceOf(final URI endpoint, final URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null
            && url.getHost().equalsIgnoreCase(endpoint.getHost()) && port(url) == port(endpoint)
            && Etsi020Handler.ACK.equals(url.getPath()) && url.getRawQuery() == null && url.getRawFragment() == null;
    }

    private static int port(final URI url) {
        return url.getPort() < 0 ? HTTPS_PORT : url.getPort();
    }

    /**
     * The peer's ML-KEM encapsulation key ({@code GET /kmapi/v1/x_e32473_ml_kem/{parameter set}}, not ETSI GS QKD
     * 020).
     *
     * @param parameterSet the parameter set
     * @return the encoded key
     */
    public CompletableFuture<byte[]> mlKemEncapsulationKey(final MlKemParameterSet parameterSet) {
        return send(HttpMethod.GET, base.resolve(Etsi020Handler.ML_KEM + parameterSet.yangName()), null)
            .thenApply(answer -> {
                expect(answer, 200);
                return base64(answer.body(), "encapsulation_key");
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
        return send(HttpMethod.POST, base.resolve(Etsi020Handler.ML_KEM + parameterSet.yangName()),
            body.toString().getBytes(StandardCharsets.UTF_8)).thenApply(answer -> {
                expect(answer, 200);
                return base64(answer.body(), "confirmation");
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
        return send(HttpMethod.POST, base.resolve(path), body).thenApply(answer -> {
            if (answer.status() == 202) {
                return new Submitted(null);
            }
            expect(answer, 200);
            try {
                return new Submitted(Etsi020Json.acks(answer.body()));
            } catch (Etsi020Problem e) {
                throw new CompletionException(e);
            }
        });
    }

    private static void expect(final Answer answer, final int status) {
        if (answer.status() != status) {
            throw new CompletionException(Etsi020Json.problem(answer.status(), answer.body()));
        }
    }

    // a request, once fewer than MAX_IN_FLIGHT are in flight to the peer; the body is erased once sent, or once it
    // will not be
    // (package-private for tests, which see the body erased)
    CompletableFuture<Answer> send(final HttpMethod method, final URI uri, final byte @Nullable [] body) {
        final var target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        final var exchange = new Exchange(method, target, body);
        if (closed) {
            exchange.abandon(closedFailure());
        } else {
            waiting.add(exchange);
            next();
        }
        return exchange.answer;
    }

    // starts waiting requests while there is room
    private void next() {
        while (true) {
            final int now = inFlight.get();
            if (now >= MAX_IN_FLIGHT || waiting.isEmpty()) {
                return;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                final var exchange = waiting.poll();
                if (exchange == null) {
                    inFlight.decrementAndGet();
                    continue;
                }
                start(exchange);
            }
        }
    }

    // with a place among those in flight: an idle connection, or a new one
    private void start(final Exchange exchange) {
        exchange.start();
        if (closed) {
            exchange.abandon(closedFailure());
            return;
        }
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (connection.reusable()) {
                connection.send(exchange);
                return;
            }
            connection.channel.close();
        }
        connect().whenComplete((connected, failure) -> {
            if (failure != null) {
                exchange.abandon(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
            } else {
                connected.send(exchange);
            }
        });
    }

    // a connection once its TLS handshake is done; the host name resolved on a virtual thread, not on a loop
    private CompletableFuture<Connection> connect() {
        return CompletableFuture.supplyAsync(() -> new InetSocketAddress(host, port), CALLBACKS)
            .thenCompose(address -> {
                if (address.isUnresolved()) {
                    return CompletableFuture.failedFuture(new UnknownHostException("KME " + peer + " at " + base
                        + ": unknown host " + host));
                }
                // the bounds of a connection no call waits for any more: a call's own timeout comes first
                return HttpsConnector.connect(Loops.GROUP, tls, host, address, timeout.toMillis() + 1000,
                    MAX_ANSWER_BYTES, Connection::new);
            });
    }

    private IllegalStateException closedFailure() {
        return new IllegalStateException("the client of KME " + peer + " is closed");
    }

    /**
     * Closes the idle connections, fails the requests that wait for one in flight to end and waits (at most
     * {@link #TIMEOUT}) for those in flight, whose connections then close.
     */
    @Override
    public void close() {
        closed = true;
        Exchange waited;
        while ((waited = waiting.poll()) != null) {
            waited.abandon(closedFailure());
        }
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.channel.close();
        }
        final var ends = started.stream().map(exchange -> exchange.answer).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ends).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // each has its outcome; the wait is over
        }
    }

    // connections that carry no request now (tests)
    int idleConnections() {
        return idle.size();
    }

    @Override
    public String toString() {
        return "Etsi020Client{" + peer + " at " + base + "}";
    }

    // the event loops of every client in the process: daemon threads, as the JDK's HttpClient has
    private static final class Loops {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
            Math.min(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("etsi020-client", true), NioIoHandler.newFactory());
    }

    // an answer as it came
    record Answer(int status, String body) {
    }

    // one request and its outcome, which is set once: the answer, a failure or the timeout
    private final class Exchange {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        private final HttpMethod method;
        private final String target;
        private final byte @Nullable [] body;
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile @Nullable Future<?> timer;
        private volatile @Nullable Connection connection;

        Exchange(final HttpMethod method, final String target, final byte @Nullable [] body) {
            this.method = method;
            this.target = target;
            this.body = body;
        }

        // it holds a place among those in flight from now on, for the timeout at most
        void start() {
            started.add(this);
            timer = Loops.GROUP.schedule(() -> fail(new TimeoutException("KME " + peer + " at " + base
                + " did not answer " + method + " " + target + " within " + timeout.toMillis() + " ms")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean isOver() {
            return over.get();
        }

        // on the connection's event loop
        DefaultFullHttpRequest request(final Connection on) {
            connection = on;
            final var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            request.headers()
                .set(HttpHeaderNames.HOST, authority)
                .set(HttpHeaderNames.ACCEPT, "application/json");
            if (body != null) {
                request.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            }
            return request;
        }

        // once the request is written, or once it will not be
        void erase() {
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
        }

        void complete(final Answer outcome) {
            if (end()) {
                CALLBACKS.execute(() -> answer.complete(outcome));
            }
        }

        // a request that was not written and will not be: its body erased at once
        void abandon(final Throwable cause) {
            erase();
            fail(cause);
        }

        void fail(final Throwable cause) {
            if (end()) {
                final var on = connection;
                if (on != null) {
                    // an answer that may still come must not be taken for the next request's
                    on.channel.close();
                }
                CALLBACKS.execute(() -> answer.completeExceptionally(cause));
            }
        }

        // frees its place for the next request, once
        private boolean end() {
            if (!over.compareAndSet(false, true)) {
                return false;
            }
            final var scheduled = timer;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            if (started.remove(this)) {
                inFlight.decrementAndGet();
                next();
            }
            return true;
        }
    }

    // a keep-alive connection to the peer, carrying one request at a time
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        final Channel channel;
        // on the channel's event loop
        private @Nullable Exchange current;
        private volatile long idleSince;

        Connection(final Channel channel) {
            this.channel = channel;
        }

        boolean reusable() {
            return channel.isActive() && System.nanoTime() - idleSince < idleNanos;
        }

        // from any thread
        void send(final Exchange exchange) {
            channel.eventLoop().execute(() -> write(exchange));
        }

        private void write(final Exchange exchange) {
            if (exchange.isOver()) {
                // timed out before it could go out: the connection carries the next one
                exchange.erase();
                release();
                return;
            }
            if (!channel.isActive()) {
                exchange.abandon(new IOException("the connection to KME " + peer + " at " + base + " closed"));
                return;
            }
            current = exchange;
            channel.writeAndFlush(exchange.request(this)).addListener((ChannelFutureListener) written -> {
                exchange.erase();
                if (!written.isSuccess()) {
                    exchange.fail(written.cause());
                }
            });
        }

        // back among the idle ones, or closed when the client is
        private void release() {
            if (closed || !channel.isActive()) {
                channel.close();
            } else {
                idleSince = System.nanoTime();
                idle.addFirst(this);
            }
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse msg) {
            final var exchange = current;
            current = null;
            if (exchange == null || exchange.isOver()) {
                // an answer to nothing, or to a request that timed out
                channel.close();
                return;
            }
            final var outcome = new Answer(msg.status().code(), msg.content().toString(StandardCharsets.UTF_8));
            if (HttpUtil.isKeepAlive(msg)) {
                // free before the request's place is, so that the next request finds it
                release();
            } else {
                channel.close();
            }
            exchange.complete(outcome);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
            idle.remove(this);
            final var exchange = current;
            current = null;
            if (exchange != null) {
                exchange.fail(new IOException("KME " + peer + " at " + base + " closed the connection before it"
                    + " answered"));
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            final var exchange = current;
            current = null;
            channel.close();
            if (exchange != null) {
                exchange.fail(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause()
                    : cause);
            }
        }
    }
}
