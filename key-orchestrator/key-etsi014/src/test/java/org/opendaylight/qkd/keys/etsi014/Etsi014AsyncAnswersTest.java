/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.KeyStatus;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.StoredKey;

/**
 * A key manager that answers later (as one waiting for its disk does): the server's single network thread keeps
 * serving other connections meanwhile, a connection gets its answers in the order of its requests even when a later
 * one is ready first, and a late failure is still an ETSI GS QKD 014 answer.
 */
class Etsi014AsyncAnswersTest {
    private static final String ENC_KEYS = "GET /api/v1/keys/sae-2/enc_keys HTTP/1.1\r\nHost: kme\r\n\r\n";
    private static final String STATUS = "GET /api/v1/keys/sae-2/status HTTP/1.1\r\nHost: kme\r\n\r\n";

    @TempDir
    Path pkiDirectory;

    private final LinkedBlockingQueue<CompletableFuture<List<StoredKey>>> asked = new LinkedBlockingQueue<>();
    private DemoPki pki;
    private Etsi014Server server;

    // answers status at once, and enc_keys once the test completes the future it left in asked
    private final class Later implements KeyDelivery {
        @Override
        public KeyStatus status(final String caller, final String slaveSae) {
            return new KeyStatus("kme-a", "kme-b", caller, slaveSae, 256, 7, 100, 16, 256, 256, 0);
        }

        @Override
        public List<StoredKey> encKeys(final String caller, final String slaveSae, final OptionalInt number,
                final OptionalInt size) throws DeliveryException {
            return KeyDelivery.await(encKeysAsync(caller, slaveSae, number, size, Runnable::run));
        }

        @Override
        public CompletionStage<List<StoredKey>> encKeysAsync(final String caller, final String slaveSae,
                final OptionalInt number, final OptionalInt size, final Executor callerThread) {
            final var answer = new CompletableFuture<List<StoredKey>>();
            asked.add(answer);
            return answer;
        }

        @Override
        public List<StoredKey> decKeys(final String caller, final String masterSae, final List<String> keyIds)
                throws DeliveryException {
            throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
        }
    }

    @BeforeEach
    void start() throws Exception {
        pki = DemoPki.open(pkiDirectory, "changeit", List.of());
        // one network thread: an answer that waited on it would stall every connection
        server = Etsi014Server.start(new Later(), pki.serverContext(), new InetSocketAddress("127.0.0.1", 0), 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SSLSocket connect() throws Exception {
        final var socket = (SSLSocket) pki.clientContext("sae-1").getSocketFactory().createSocket("127.0.0.1",
            server.address().getPort());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static void send(final SSLSocket socket, final String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static StoredKey key(final byte fill) {
        final var bits = new byte[32];
        java.util.Arrays.fill(bits, fill);
        return StoredKey.of(UUID.randomUUID(), "svc", Provenance.QKD, Instant.parse("2026-01-01T00:00:00Z"),
            List.of(), bits);
    }

    // one HTTP/1.1 response with a Content-Length body: the status code and the body
    private record Response(int status, String body) {
    }

    private static Response read(final InputStream in) throws IOException {
        final var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            final int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed in a response's head: " + head);
            }
            head.write(next);
        }
        final var lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int length = 0;
        for (var line : lines) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]),
            new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    @Test
    void answersKeepTheOrderOfPipelinedRequestsWhenALaterOneIsReadyFirst() throws Exception {
        try (var socket = connect()) {
            send(socket, ENC_KEYS + STATUS);
            final var answer = asked.poll(10, TimeUnit.SECONDS);
            assertTrue(answer != null, "enc_keys reached the key manager");
            // status is ready, but its answer waits for the enc_keys one before it
            socket.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            socket.setSoTimeout(10_000);
            answer.complete(List.of(key((byte) 0x5a)));
            final var first = read(socket.getInputStream());
            assertEquals(200, first.status(), first.body());
            assertEquals(1, JsonParser.parseString(first.body()).getAsJsonObject().getAsJsonArray("keys").size());
            final var second = read(socket.getInputStream());
            assertEquals(200, second.status(), second.body());
            assertEquals(7, JsonParser.parseString(second.body()).getAsJsonObject().get("stored_key_count")
                .getAsInt());
        }
    }

    @Test
    void aWaitingAnswerDoesNotHoldTheNetworkThread() throws Exception {
        try (var waiting = connect(); var other = connect()) {
            send(waiting, ENC_KEYS);
            final var answer = asked.poll(10, TimeUnit.SECONDS);
            assertTrue(answer != null, "enc_keys reached the key manager");
            send(other, STATUS);
            assertEquals(200, read(other.getInputStream()).status());
            answer.complete(List.of(key((byte) 1)));
            assertEquals(200, read(waiting.getInputStream()).status());
        }
    }

    @Test
    void aLateFailureIsAnEtsi014Answer() throws Exception {
        try (var socket = connect()) {
            send(socket, ENC_KEYS + ENC_KEYS);
            final var answers = new ArrayList<CompletableFuture<List<StoredKey>>>();
            for (int i = 0; i < 2; i++) {
                final var answer = asked.poll(10, TimeUnit.SECONDS);
                assertTrue(answer != null, "enc_keys reached the key manager");
                answers.add(answer);
            }
            answers.get(1).completeExceptionally(new IllegalStateException("disk on fire"));
            answers.get(0).completeExceptionally(DeliveryException.unavailable("the key store failed"));
            final var first = read(socket.getInputStream());
            assertEquals(503, first.status());
            assertEquals("the key store failed", JsonParser.parseString(first.body()).getAsJsonObject()
                .get("message").getAsString());
            final var second = read(socket.getInputStream());
            assertEquals(503, second.status());
            // a fault's cause stays in the log
            assertEquals("the key manager failed to serve the request", JsonParser.parseString(second.body())
                .getAsJsonObject().get("message").getAsString());
        }
    }
}
