/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.KeyStatus;
import org.opendaylight.qkd.keys.plane.StoredKey;

/**
 * The bounds of a key manager's ETSI GS QKD 014 server: idle connections from one address do not keep an SAE out, an
 * SAE over its request rate gets 503 while another is served, and a connection whose client reads no answers stops
 * being read.
 */
@Timeout(120)
class ServerLimitsTest {
    @TempDir
    Path directory;

    // a key manager whose status answers always: what is measured here is the server in front of it
    private static final class Status implements KeyDelivery {
        @Override
        public KeyStatus status(final String caller, final String slaveSae) {
            return new KeyStatus("kme-a", "kme-b", caller, slaveSae, 256, 1000, 1000, 128, 1024, 64, 0);
        }

        @Override
        public List<StoredKey> encKeys(final String caller, final String slaveSae, final OptionalInt number,
                final OptionalInt size) throws DeliveryException {
            throw DeliveryException.unavailable("no keys here");
        }

        @Override
        public List<StoredKey> decKeys(final String caller, final String masterSae, final List<String> keyIds)
                throws DeliveryException {
            throw DeliveryException.unavailable("no keys here");
        }
    }

    private static HttpResponse<String> status(final HttpClient client, final Etsi014Server server)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.address().getPort()
            + "/api/v1/keys/sae-x/status")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoThousandIdleConnectionsFromOneAddressDoNotKeepAnSaeOut() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        final var sockets = new ArrayList<Socket>();
        try (var server = Etsi014Server.start(new Status(), pki.serverContext(),
                new InetSocketAddress("127.0.0.1", 0), 1);
                var sae = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build()) {
            // connections that never say a word, from another loopback address than the SAE's
            for (int i = 0; i < 2000; i++) {
                final var socket = new Socket();
                socket.bind(new InetSocketAddress("127.0.0.2", 0));
                socket.connect(server.address(), 5000);
                sockets.add(socket);
            }
            final long beyondCap = 2000 - ServerLimits.DEFAULT.maxHandshakesPerAddress();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.refusedConnections() >= beyondCap);
            assertEquals(beyondCap, server.refusedConnections(), "only the connections beyond the cap are closed");
            // the last one was closed by the server: its read ends
            final var last = sockets.getLast();
            last.setSoTimeout(10_000);
            assertEquals(-1, last.getInputStream().read());

            final var answer = status(sae, server);
            assertEquals(200, answer.statusCode(), answer.body());
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void anSaeOverItsRateGets503WithAnErrorBodyWhileAnotherIsServed() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        try (var server = Etsi014Server.start(new Status(), pki.serverContext(),
                new InetSocketAddress("127.0.0.1", 0), 1, RequestObserver.NONE,
                ServerLimits.DEFAULT.withRate(0.5, 5));
                var greedy = HttpClient.newBuilder().sslContext(pki.clientContext("sae-a")).build();
                var other = HttpClient.newBuilder().sslContext(pki.clientContext("sae-b")).build()) {
            final var statuses = new ArrayList<Integer>();
            HttpResponse<String> refused = null;
            for (int i = 0; i < 8; i++) {
                final var answer = status(greedy, server);
                statuses.add(answer.statusCode());
                if (answer.statusCode() == 503) {
                    refused = answer;
                }
            }
            // a burst of 5, then at most one more in the few seconds 8 requests can take at 2 s per request
            assertTrue(statuses.subList(0, 5).stream().allMatch(code -> code == 200), statuses.toString());
            assertTrue(statuses.stream().filter(code -> code == 503).count() >= 2, statuses.toString());
            assertTrue(refused != null);
            assertEquals(Set.of("message"), JsonParser.parseString(refused.body()).getAsJsonObject().keySet());
            assertTrue(refused.body().contains("over the request rate of an SAE"), refused.body());
            assertEquals(Optional.of("1"), refused.headers().firstValue("retry-after"));

            final var served = status(other, server);
            assertEquals(200, served.statusCode(), served.body());
        }
    }

    @Test
    void aConnectionWhoseAnswersAreNotReadIsNotReadEither() {
        final var limits = new ConnectionLimits(ServerLimits.DEFAULT, "test");
        final var channel = new EmbeddedChannel(limits);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        assertTrue(channel.config().isAutoRead());
        // answers pile up unsent: above the high-water mark, reading stops
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertFalse(channel.isWritable());
        assertFalse(channel.config().isAutoRead());
        // sent: reading resumes
        channel.flush();
        assertTrue(channel.isWritable());
        assertTrue(channel.config().isAutoRead());
        channel.releaseOutbound();
        channel.finishAndReleaseAll();
    }
}
