/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.KeyPlan;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyRelay;
import org.opendaylight.qkd.keys.plane.KeyServiceSpec;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.RelayPath;

/**
 * The ETSI GS QKD 014 endpoint over real HTTPS with mutual TLS (JDK HttpClient with client certificates): the
 * specification's JSON, identical keys at both SAEs, and every error path.
 */
class Etsi014ServerTest {
    @TempDir
    static Path pkiDirectory;

    private static DemoPki pki;
    private static ManualClock clock;
    private static KeyPlane plane;
    private static Etsi014Server server;
    private static HttpClient master;
    private static HttpClient slave;
    private static HttpClient stranger;
    // what the metrics hear: "operation status"
    private static final Queue<String> ANSWERED = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        pki = DemoPki.open(pkiDirectory, "changeit", List.of("kme.example"));
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        final var link = new EmulatedLink(new LinkSpec("a-b", "a", "b", LinkPhysics.metro(20),
            DecoyProtocol.vacuumWeak(0.1), 256, LinkSpec.DEFAULT_POOL_BITS, 0.01), KeyMaterial.secure(), clock);
        plane = new KeyPlane(new KeyRelay(id -> new EmulatedLinkKeys(link)), new SecureRandom(), clock, 16);
        plane.putService(new KeyServiceSpec("svc", "sae-1", "sae-2", "a", "b", 256, 25_600, 1_000));
        plane.putService(new KeyServiceSpec("other", "sae-3", "sae-4", "a", "b", 256, 25_600, 1_000));
        final var path = new RelayPath(List.of("a", "b"), List.of("a-b"));
        for (var service : List.of("svc", "other")) {
            plane.setPlan(service, Optional.of(KeyPlan.relayed(Provenance.QKD, List.of(path), List.of(25_600L),
                MlKemParameterSet.ML_KEM_768)));
        }
        server = Etsi014Server.start(plane, pki.serverContext(), new InetSocketAddress("127.0.0.1", 0), 2,
            (operation, status, nanos) -> {
                assertTrue(nanos >= 0);
                ANSWERED.add(operation + " " + status);
            });
        master = client("sae-1");
        slave = client("sae-2");
        stranger = client("sae-3");
    }

    @BeforeEach
    void refill() {
        plane.produce();
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(100));
            plane.produce();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpClient client(final String saeId) throws Exception {
        return HttpClient.newBuilder().sslContext(pki.clientContext(saeId)).connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    private static URI uri(final String path) {
        return URI.create("https://localhost:" + server.address().getPort() + path);
    }

    private static HttpResponse<String> get(final HttpClient client, final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(final HttpClient client, final String path, final String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(final HttpResponse<String> response) {
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void assertError(final int status, final String message, final HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        final var body = json(response);
        assertEquals(Set.of("message"), body.keySet());
        if (message != null) {
            assertEquals(message, body.get("message").getAsString());
        }
    }

    @Test
    void statusUsesTheSpecificationsNames() throws Exception {
        final var response = get(master, "/api/v1/keys/sae-2/status");
        assertEquals(200, response.statusCode());
        final var status = json(response);
        assertEquals(Set.of("source_KME_ID", "target_KME_ID", "master_SAE_ID", "slave_SAE_ID", "key_size",
            "stored_key_count", "max_key_count", "max_key_per_request", "max_key_size", "min_key_size",
            "max_SAE_ID_count"), status.keySet());
        assertEquals("a", status.get("source_KME_ID").getAsString());
        assertEquals("b", status.get("target_KME_ID").getAsString());
        assertEquals("sae-1", status.get("master_SAE_ID").getAsString());
        assertEquals("sae-2", status.get("slave_SAE_ID").getAsString());
        assertEquals(256, status.get("key_size").getAsInt());
        assertTrue(status.get("stored_key_count").getAsInt() >= 100);
        assertEquals(1_000, status.get("max_key_count").getAsInt());
        assertEquals(16, status.get("max_key_per_request").getAsInt());
        assertEquals(0, status.get("max_SAE_ID_count").getAsInt());
    }

    @Test
    void encKeysAtTheMasterAndDecKeysAtTheSlaveGiveIdenticalKeysOnce() throws Exception {
        final var enc = post(master, "/api/v1/keys/sae-2/enc_keys", "{\"number\": 3, \"size\": 256}");
        assertEquals(200, enc.statusCode(), enc.body());
        final var keys = json(enc).getAsJsonArray("keys");
        assertEquals(3, keys.size());
        final var ids = new StringBuilder();
        for (var key : keys) {
            final var entry = key.getAsJsonObject();
            assertEquals(Set.of("key_ID", "key", "key_extension"), entry.keySet());
            assertEquals(32, Base64.getDecoder().decode(entry.get("key").getAsString()).length);
            assertEquals("qkd", entry.getAsJsonObject("key_extension").get("provenance").getAsString());
            ids.append(ids.isEmpty() ? "" : ",").append("{\"key_ID\":\"").append(entry.get("key_ID").getAsString())
                .append("\"}");
        }
        final var dec = post(slave, "/api/v1/keys/sae-1/dec_keys", "{\"key_IDs\":[" + ids + "]}");
        assertEquals(200, dec.statusCode(), dec.body());
        final var decKeys = json(dec).getAsJsonArray("keys");
        for (int i = 0; i < 3; i++) {
            final var a = keys.get(i).getAsJsonObject();
            final var b = decKeys.get(i).getAsJsonObject();
            assertEquals(a.get("key_ID"), b.get("key_ID"));
            assertArrayEquals(Base64.getDecoder().decode(a.get("key").getAsString()),
                Base64.getDecoder().decode(b.get("key").getAsString()));
        }
        assertError(400, "one or more keys specified are not found on KME",
            post(slave, "/api/v1/keys/sae-1/dec_keys", "{\"key_IDs\":[" + ids + "]}"));
    }

    @Test
    void keysHandedOutAreZeroedOnceEncoded() throws Exception {
        final var keys = plane.encKeys("sae-1", "sae-2", OptionalInt.of(2), OptionalInt.empty());
        final var before = keys.stream().map(key -> key.withBits(byte[]::clone)).toList();
        final var reply = Etsi014Handler.keys(keys);
        try {
            final var body = new String(reply.keys(), StandardCharsets.US_ASCII);
            for (int i = 0; i < keys.size(); i++) {
                assertTrue(body.contains(Base64.getEncoder().encodeToString(before.get(i))), "key " + i + " sent");
                assertArrayEquals(new byte[32], keys.get(i).withBits(byte[]::clone), "key " + i + " zeroed");
            }
        } finally {
            reply.response().release();
        }
    }

    @Test
    void theGetFormsWorkToo() throws Exception {
        final var enc = get(master, "/api/v1/keys/sae-2/enc_keys?number=1&size=256");
        assertEquals(200, enc.statusCode(), enc.body());
        final var key = json(enc).getAsJsonArray("keys").get(0).getAsJsonObject();
        final var id = key.get("key_ID").getAsString();
        final var dec = get(slave, "/api/v1/keys/sae-1/dec_keys?key_ID=" + id);
        assertEquals(200, dec.statusCode(), dec.body());
        assertEquals(key.get("key"), json(dec).getAsJsonArray("keys").get(0).getAsJsonObject().get("key"));
        assertError(400, "one or more keys specified are not found on KME",
            get(slave, "/api/v1/keys/sae-1/dec_keys?key_ID=" + id));
    }

    @Test
    void unauthorizedCallersGet401WithNoBody() throws Exception {
        final var enc = post(master, "/api/v1/keys/sae-2/enc_keys", "{}");
        final var id = json(enc).getAsJsonArray("keys").get(0).getAsJsonObject().get("key_ID").getAsString();
        for (var response : List.of(
                get(stranger, "/api/v1/keys/sae-2/status"),
                post(stranger, "/api/v1/keys/sae-2/enc_keys", "{}"),
                post(slave, "/api/v1/keys/sae-1/enc_keys", "{}"),
                post(stranger, "/api/v1/keys/sae-1/dec_keys", "{\"key_IDs\":[{\"key_ID\":\"" + id + "\"}]}"),
                post(master, "/api/v1/keys/sae-1/dec_keys", "{\"key_IDs\":[{\"key_ID\":\"" + id + "\"}]}"))) {
            assertEquals(401, response.statusCode());
            assertEquals("", response.body());
        }
        // the key is still there for its slave
        assertEquals(200, post(slave, "/api/v1/keys/sae-1/dec_keys",
            "{\"key_IDs\":[{\"key_ID\":\"" + id + "\"}]}").statusCode());
    }

    @Test
    void malformedRequestsGet400WithAnErrorBodyAndTakeNothing() throws Exception {
        final int before = json(get(master, "/api/v1/keys/sae-2/status")).get("stored_key_count").getAsInt();
        assertError(400, "size shall be a multiple of 8", post(master, "/api/v1/keys/sae-2/enc_keys",
            "{\"size\": 255}"));
        assertError(400, "size shall be a multiple of 8", get(master, "/api/v1/keys/sae-2/enc_keys?size=12"));
        for (var body : List.of("{\"number\": 1", "[1]", "{\"number\": \"2\"}", "{\"number\": 1.5}",
                "{\"number\": 1e400}", "{\"number\": 99999999999}", "{\"number\": 0}", "{\"number\": 17}",
                "{\"size\": 512}", "{\"colour\": 1}", "{\"additional_slave_SAE_IDs\": [\"sae-9\"]}",
                "{\"extension_mandatory\": [{\"x\": 1}]}", "{} {}", "")) {
            assertError(400, null, post(master, "/api/v1/keys/sae-2/enc_keys", body));
        }
        assertError(400, null, get(master, "/api/v1/keys/sae-2/enc_keys?number=abc"));
        assertError(400, null, get(master, "/api/v1/keys/sae-2/enc_keys?number=1&number=2"));
        assertError(400, null, get(master, "/api/v1/keys/sae-2/enc_keys?count=1"));
        for (var body : List.of("{}", "{\"key_IDs\": \"x\"}", "{\"key_IDs\": [\"x\"]}", "{\"key_IDs\": []}",
                "{\"key_IDs\": [{\"key_ID\": 7}]}", "{\"key_IDs\": [{\"key_ID\": \"../../etc/passwd\"}]}")) {
            assertError(400, null, post(slave, "/api/v1/keys/sae-1/dec_keys", body));
        }
        // path traversal and escapes in the SAE ID
        assertError(400, null, get(master, "/api/v1/keys/%2E%2E%2Fsae-2/status"));
        assertError(400, null, get(master, "/api/v1/keys/..%2F..%2Fetc/status"));
        assertEquals(404, get(master, "/api/v1/keys/sae-2/other").statusCode());
        assertEquals(405, master.send(HttpRequest.newBuilder(uri("/api/v1/keys/sae-2/enc_keys"))
            .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(before, json(get(master, "/api/v1/keys/sae-2/status")).get("stored_key_count").getAsInt());
    }

    @Test
    void anExhaustedPoolIs503WithAnErrorBody() throws Exception {
        int stored = json(get(master, "/api/v1/keys/sae-2/status")).get("stored_key_count").getAsInt();
        while (stored >= 16) {
            assertEquals(200, post(master, "/api/v1/keys/sae-2/enc_keys", "{\"number\": 16}").statusCode());
            stored -= 16;
        }
        final var response = post(master, "/api/v1/keys/sae-2/enc_keys", "{\"number\": 16}");
        assertError(503, null, response);
        assertTrue(json(response).get("message").getAsString().startsWith("keys exhausted"));
    }

    @Test
    void clientsWithoutACertificateOfTheCaCannotConnect() throws Exception {
        final var noCertificate = HttpClient.newBuilder().sslContext(trustOnly()).build();
        assertThrows(IOException.class, () -> get(noCertificate, "/api/v1/keys/sae-2/status"));
        final var otherCa = DemoPki.open(pkiDirectory.resolve("other"), "changeit", List.of());
        final var foreign = HttpClient.newBuilder().sslContext(otherCa.clientContext("sae-1")).build();
        assertThrows(IOException.class, () -> get(foreign, "/api/v1/keys/sae-2/status"));
    }

    @Test
    void theBaselineAnswers200OverMutualTls() throws Exception {
        try (var baseline = Etsi014Server.baseline(pki.serverContext(), new InetSocketAddress("127.0.0.1", 0), 1)) {
            final var uri = URI.create("https://localhost:" + baseline.address().getPort() + "/anything");
            for (var client : List.of(master, slave)) {
                for (var request : List.of(HttpRequest.newBuilder(uri).GET().build(), HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"number\": 1}")).build())) {
                    final var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode());
                    assertEquals(JsonParser.parseString("{\"message\":\"ok\"}"), json(response));
                }
            }
            final var noCertificate = HttpClient.newBuilder().sslContext(trustOnly()).build();
            assertThrows(IOException.class, () -> noCertificate.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        }
    }

    private static javax.net.ssl.SSLContext trustOnly() throws Exception {
        final var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(java.nio.file.Files.newInputStream(pki.caCertificateFile())));
        final var trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trust.init(store);
        final var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void everyAnswerIsHeardWithItsOperationAndStatusFromAFixedSet() throws Exception {
        ANSWERED.clear();
        assertEquals(200, get(master, "/api/v1/keys/sae-2/status").statusCode());
        assertEquals(401, get(stranger, "/api/v1/keys/sae-2/status").statusCode());
        assertEquals(200, post(master, "/api/v1/keys/sae-2/enc_keys", "{\"number\": 1}").statusCode());
        assertEquals(404, get(master, "/api/v1/keys/sae-2/" + "x".repeat(40)).statusCode());
        assertEquals(404, get(master, "/elsewhere").statusCode());
        // an answer waiting for the disk is heard as it is written: at most moments after the client has it
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
            .until(() -> ANSWERED.size() >= 5);
        assertEquals(List.of("status 200", "status 401", "enc_keys 200", "other 404", "other 404"),
            List.copyOf(ANSWERED));
    }

    @Test
    void moreKeyIdsThanAllowedAreRefusedNotCutShort() throws Exception {
        // 200 key_IDs: over max_key_per_request (128); Netty's decoder used to keep 64 of them, unseen
        final var ids = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            ids.append(i == 0 ? "?" : "&").append("key_ID=").append(new UUID(0x0123_4567_89ab_4cdeL, i));
        }
        final var tooMany = get(slave, "/api/v1/keys/sae-1/dec_keys" + ids);
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("max_key_per_request"), tooMany.body());
        // and far more parameters than any request may hold
        final var flood = new StringBuilder("?key_ID=x");
        flood.append("&key_ID=x".repeat(1_100));
        final var flooded = get(slave, "/api/v1/keys/sae-1/dec_keys" + flood);
        assertEquals(400, flooded.statusCode());
        assertTrue(flooded.body().contains("at most 1024 query parameters"), flooded.body());
    }
}
