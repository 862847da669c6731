/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETSI GS QKD 020 client's connections: a few reused, those the server closed or that timed out not reused, the
 * server's name checked against the URL called. Between the client and kme-r's server, a TCP relay on the loopback
 * address counts the connections and can cut them or hold the server's answers.
 */
class Etsi020ClientTest {
    @TempDir
    Path directory;

    private KmeNetwork net;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        net = new KmeNetwork(directory, List.of("kme-a", "kme-r"));
        net.link("kme-a", "kme-r", 6);
        relay = new Relay(net.urls.get("kme-r").getPort());
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        net.close();
    }

    private Etsi020Client client(final Duration timeout) throws Exception {
        return client(timeout, Etsi020Client.IDLE);
    }

    private Etsi020Client client(final Duration timeout, final Duration idle) throws Exception {
        return new Etsi020Client(URI.create("https://127.0.0.1:" + relay.port()), "kme-r", net.tls.get("kme-a"),
            timeout, idle);
    }

    private static Throwable cause(final CompletableFuture<?> call) {
        return assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void manyCallsAtOnceShareAtMostFourConnectionsAndKeepThem() throws Exception {
        try (var client = client(Etsi020Client.TIMEOUT)) {
            final var calls = new ArrayList<CompletableFuture<Versions>>();
            for (int i = 0; i < 64; i++) {
                calls.add(client.versions());
            }
            for (var call : calls) {
                assertEquals(List.of("v1"), call.get(30, TimeUnit.SECONDS).versions(), "the peer's versions");
            }
            final int opened = relay.accepted.get();
            assertTrue(opened >= 1 && opened <= Etsi020Client.MAX_IN_FLIGHT, opened + " connections");
            for (int i = 0; i < 16; i++) {
                client.versions().get(30, TimeUnit.SECONDS);
            }
            assertEquals(opened, relay.accepted.get(), "the connections were reused");
        }
    }

    @Test
    void aConnectionTheServerClosedIsNotUsedAgain() throws Exception {
        try (var client = client(Etsi020Client.TIMEOUT)) {
            client.versions().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.idleConnections() == 1);
            relay.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.idleConnections() == 0);
            client.versions().get(30, TimeUnit.SECONDS);
            assertEquals(2, relay.accepted.get());
        }
    }

    @Test
    void aConnectionIdleLongerThanAllowedIsNotUsedAgain() throws Exception {
        // allowed no time idle: every connection is too old for the next call
        try (var client = client(Etsi020Client.TIMEOUT, Duration.ZERO)) {
            for (int i = 1; i <= 3; i++) {
                client.versions().get(30, TimeUnit.SECONDS);
                assertEquals(i, relay.accepted.get());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.open() == 1);
        }
    }

    @Test
    void aCallThePeerDoesNotAnswerTimesOutAndItsConnectionCarriesNoOtherCall() throws Exception {
        try (var client = client(Duration.ofSeconds(1))) {
            client.versions().get(30, TimeUnit.SECONDS);
            final var held = relay.hold();
            final var failure = cause(client.versions());
            assertInstanceOf(TimeoutException.class, failure);
            assertTrue(failure.getMessage().contains("did not answer GET /kmapi/versions within 1000 ms"),
                failure.getMessage());
            // the late answer reaches a closed connection; the next call opens another
            held.countDown();
            assertEquals(List.of("v1"), client.versions().get(30, TimeUnit.SECONDS).versions());
            assertEquals(2, relay.accepted.get());
        }
    }

    @Test
    void aPeerThatNeverCompletesTheHandshakeTimesOut() throws Exception {
        relay.hold();
        try (var client = client(Duration.ofSeconds(1))) {
            assertInstanceOf(TimeoutException.class, cause(client.versions()));
        }
    }

    @Test
    void theServersAddressMustBeOneItsCertificateNames() throws Exception {
        // kme-r's certificate names kme-r, localhost, 127.0.0.1 and ::1
        try (var byName = new Etsi020Client(URI.create("https://localhost:" + relay.port()), "kme-r",
                net.tls.get("kme-a"))) {
            assertEquals(List.of("v1"), byName.versions().get(30, TimeUnit.SECONDS).versions());
        }
        try (var otherAddress = new Relay(relay.port(), InetAddress.getByName("127.0.0.2"));
                var client = new Etsi020Client(URI.create("https://127.0.0.2:" + otherAddress.port()), "kme-r",
                    net.tls.get("kme-a"))) {
            assertInstanceOf(SSLHandshakeException.class, cause(client.versions()));
            assertEquals(1, otherAddress.accepted.get(), "the server was reached");
        }
    }

    @Test
    void acknowledgementsGoOnlyToThePeersOwnEndpoint() throws Exception {
        try (var client = client(Etsi020Client.TIMEOUT)) {
            final var failure = cause(client.ack(URI.create("https://192.0.2.1:" + relay.port()
                + Etsi020Handler.ACK), List.of()));
            assertInstanceOf(IllegalArgumentException.class, failure);
            assertEquals(0, relay.accepted.get(), "nothing was sent");
        }
    }

    @Test
    void theAcknowledgementResourceIsTheEndpointsOwnExtKeysAck() {
        final var endpoint = URI.create("https://kme-r.example:8443");
        for (var accepted : List.of("https://kme-r.example:8443/kmapi/v1/ext_keys/ack",
                "HTTPS://KME-R.example:8443/kmapi/v1/ext_keys/ack")) {
            assertTrue(Etsi020Client.isAckResourceOf(endpoint, URI.create(accepted)), accepted);
        }
        for (var refused : List.of("http://kme-r.example:8443/kmapi/v1/ext_keys/ack",
                "https://kme-r.example/kmapi/v1/ext_keys/ack", "https://kme-r.example:8444/kmapi/v1/ext_keys/ack",
                "https://kme-x.example:8443/kmapi/v1/ext_keys/ack", "https://kme-r.example:8443/kmapi/v1/ext_keys",
                "https://kme-r.example:8443/kmapi/v1/ext_keys/ack?to=kme-x",
                "https://kme-r.example:8443/kmapi/v1/ext_keys/ack#x", "/kmapi/v1/ext_keys/ack")) {
            assertFalse(Etsi020Client.isAckResourceOf(endpoint, URI.create(refused)), refused);
        }
        // 443 given or not is the same port
        final var defaultPort = URI.create("https://kme-r.example");
        assertTrue(Etsi020Client.isAckResourceOf(defaultPort,
            URI.create("https://kme-r.example:443/kmapi/v1/ext_keys/ack")));
        assertTrue(Etsi020Client.isAckResourceOf(URI.create("https://kme-r.example:443"),
            URI.create("https://kme-r.example/kmapi/v1/ext_keys/ack")));
    }

    @Test
    void aRequestBodyIsErasedWhetherItWasSentOrNot() throws Exception {
        final var versions = URI.create("https://127.0.0.1:" + relay.port() + Etsi020Handler.VERSIONS);
        try (var client = client(Etsi020Client.TIMEOUT)) {
            // sent: the server answers a POST to versions 405 or the like, the body is erased once written
            final var sent = new byte[] { 1, 2, 3 };
            client.send(HttpMethod.POST, versions, sent).get(30, TimeUnit.SECONDS);
            assertArrayEquals(new byte[3], sent);
        }
        // not sent: nothing listens
        final int nowhere = KmeNetwork.freePort();
        try (var client = new Etsi020Client(URI.create("https://127.0.0.1:" + nowhere), "kme-r",
                net.tls.get("kme-a"))) {
            final var refused = new byte[] { 4, 5, 6 };
            cause(client.send(HttpMethod.POST, URI.create("https://127.0.0.1:" + nowhere + Etsi020Handler.VERSIONS),
                refused));
            assertArrayEquals(new byte[3], refused);
        }
        // not sent: the client is closed
        final var closed = client(Etsi020Client.TIMEOUT);
        closed.close();
        final var late = new byte[] { 7, 8, 9 };
        cause(closed.send(HttpMethod.POST, versions, late));
        assertArrayEquals(new byte[3], late);
    }

    @Test
    void aPeerIsCalledAtAnHttpsUrlWithAPort() {
        for (var url : List.of("http://127.0.0.1:8443", "https://127.0.0.1:0", "https://127.0.0.1:70000",
                "https:///kmapi")) {
            assertThrows(IllegalArgumentException.class, () -> new Etsi020Client(URI.create(url), "kme-r",
                net.tls.get("kme-a")), url);
        }
    }

    @Test
    void aClosedClientCallsNoMore() throws Exception {
        final var client = client(Etsi020Client.TIMEOUT);
        client.versions().get(30, TimeUnit.SECONDS);
        client.close();
        assertInstanceOf(IllegalStateException.class, cause(client.versions()));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.open() == 0);
    }

    /**
     * A TCP relay to a port of 127.0.0.1: counts the connections, cuts them, or holds what the server sends until
     * released.
     */
    private static final class Relay implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket listening;
        private final int target;
        private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
        private final AtomicInteger open = new AtomicInteger();
        private volatile CountDownLatch held = new CountDownLatch(0);

        Relay(final int target) throws IOException {
            this(target, InetAddress.getLoopbackAddress());
        }

        Relay(final int target, final InetAddress address) throws IOException {
            this.target = target;
            listening = new ServerSocket();
            listening.bind(new InetSocketAddress(address, 0));
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return listening.getLocalPort();
        }

        int open() {
            return open.get();
        }

        // what the server sends from now on waits until the latch is counted down
        CountDownLatch hold() {
            final var latch = new CountDownLatch(1);
            held = latch;
            return latch;
        }

        // closes every connection
        void cut() throws IOException {
            Socket socket;
            while ((socket = sockets.poll()) != null) {
                socket.close();
            }
        }

        private void accept() {
            while (!listening.isClosed()) {
                try {
                    final var client = listening.accept();
                    accepted.incrementAndGet();
                    final var server = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(server);
                    open.incrementAndGet();
                    Thread.ofVirtual().start(() -> pipe(client, server, false));
                    Thread.ofVirtual().start(() -> pipe(server, client, true));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pipe(final Socket from, final Socket to, final boolean answers) {
            final var buffer = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (answers && !held.await(30, TimeUnit.SECONDS)) {
                        return;
                    }
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // one side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // closing anyway
                }
                if (answers) {
                    open.decrementAndGet();
                }
            }
        }

        @Override
        public void close() throws IOException {
            listening.close();
            held.countDown();
            cut();
        }
    }
}
