/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.plane.LinkKeySource;

/**
 * ETSI GS QKD 020 as another KME sees it on the wire: every request this test sends that should be valid, and
 * every answer, is checked against the OpenAPI description; malformed, replayed and unauthorised requests get the
 * specification's status with RFC 9457 problem details, and nothing of them is kept.
 */
class Etsi020ConformanceTest {
    @TempDir
    java.nio.file.Path directory;

    private KmeNetwork net;
    private LinkKeySource link;
    private HttpClient asKmeA;
    private URI kmeR;

    @BeforeEach
    void start() throws Exception {
        net = new KmeNetwork(directory, List.of("kme-a", "kme-r", "kme-b"));
        link = net.link("kme-a", "kme-r", 7);
        net.route("sae-a", "sae-r", List.of("kme-a", "kme-r"));
        net.run(2);
        asKmeA = client("kme-a");
        kmeR = net.urls.get("kme-r");
    }

    @AfterEach
    void stop() throws Exception {
        asKmeA.close();
        net.close();
    }

    // a raw HTTP client with a KME's certificate, which sends what the KMEs' own client would not
    private HttpClient client(final String kmeId) throws Exception {
        final var parameters = new SSLParameters();
        parameters.setProtocols(new String[] { KmeTls.PROTOCOL });
        return HttpClient.newBuilder().sslContext(DemoPki.clientContext(net.pki.kmeKeyStore(kmeId),
            KmeNetwork.PASSWORD.toCharArray(), net.pki.trustStore())).sslParameters(parameters).build();
    }

    private record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Answer post(final HttpClient client, final String path, final byte[] body) throws Exception {
        final var response = client.send(HttpRequest.newBuilder(kmeR.resolve(path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        final var answer = new Answer(response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(""), response.body());
        net.conformance.answer(path, "post", answer.status(), answer.body());
        return answer;
    }

    private Answer post(final String path, final byte[] body) throws Exception {
        return post(asKmeA, path, body);
    }

    private Answer post(final String path, final String body) throws Exception {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    // a key one-time-padded with link key drawn at kme-a, as kme-a's relay sends it
    private ExtKeys padded(final UUID id, final byte[] key, final String target, final URI callback)
            throws Exception {
        final var value = key.clone();
        final var pad = link.draw("kme-a", value.length);
        pad.xorInto(value);
        final var blocks = new com.google.gson.JsonArray();
        pad.ids().forEach(block -> blocks.add(block.toString()));
        pad.destroy();
        final var perKey = new JsonObject();
        perKey.add("blocks", blocks);
        final var extension = new JsonObject();
        extension.add(RelayKme.OTP_EXTENSION, perKey);
        final var otp = new JsonObject();
        otp.addProperty("link", "kme-a-kme-r");
        final var mandatory = new JsonObject();
        mandatory.add(RelayKme.OTP_EXTENSION, otp);
        return new ExtKeys(List.of(new RelayedKey(id, value, extension)), "sae-a", List.of(target), callback,
            mandatory, null);
    }

    private static void assertProblem(final Answer answer, final int status, final String detail) {
        assertEquals(status, answer.status(), answer.text());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        final var problem = Etsi020Json.problem(answer.status(), answer.text());
        assertTrue(problem.details().containsKey(detail), "expected detail " + detail + " in " + answer.text());
    }

    @Test
    void theValidatorRefusesWhatTheSpecificationForbids() {
        // the check itself can fail: a key ID that is not a UUID, a status that is not in the enum
        assertThrows(AssertionError.class, () -> net.conformance.request(Etsi020Handler.EXT_KEYS,
            ("{\"keys\":[{\"key_id\":\"not-a-uuid\",\"value\":\"AAAA\"}],\"initiator_sae_id\":\"a\","
                + "\"target_sae_ids\":[\"b\"]}").getBytes(StandardCharsets.UTF_8)));
        assertThrows(AssertionError.class, () -> net.conformance.request(Etsi020Handler.ACK,
            ("[{\"key_id_container\":[],\"ack_status\":\"lost\",\"initiator_sae_id\":\"a\",\"target_sae_ids\":"
                + "[\"b\"]}]").getBytes(StandardCharsets.UTF_8)));
        assertThrows(AssertionError.class, () -> net.conformance.answer(Etsi020Handler.VERSIONS, "get", 418, null));
    }

    @Test
    void versionsNameV1AndTheSynchronousMode() throws Exception {
        final var response = asKmeA.send(HttpRequest.newBuilder(kmeR.resolve(Etsi020Handler.VERSIONS)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        net.conformance.answer(Etsi020Handler.VERSIONS, "get", 200, response.body());
        assertEquals(Versions.SUPPORTED, Etsi020Json.versions(new String(response.body(), StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyIsStoredOnceAndItsReplayIsRefused() throws Exception {
        final var key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        final var id = UUID.randomUUID();
        final var body = Etsi020Json.write(padded(id, key, "sae-r", null));
        net.conformance.request(Etsi020Handler.EXT_KEYS, body);

        final var answer = post(Etsi020Handler.EXT_KEYS, body);

        assertEquals(200, answer.status(), answer.text());
        final var acks = Etsi020Json.acks(answer.text());
        assertEquals(List.of(new Ack(List.of(id), AckStatus.RELAYED, "sae-a", List.of("sae-r"), null)), acks);
        assertArrayEquals(key, net.stores.get("kme-r").keys.get(id));

        assertProblem(post(Etsi020Handler.EXT_KEYS, body), 400, "key_id_reused");
        assertArrayEquals(key, net.stores.get("kme-r").keys.get(id), "the stored key is untouched by the replay");

        // void: a key not yet delivered works, a delivered key fails
        final var other = UUID.randomUUID();
        post(Etsi020Handler.EXT_KEYS, Etsi020Json.write(padded(other, key, "sae-r", null)));
        net.stores.get("kme-r").take(other);
        final var voidBody = Etsi020Json.write(new VoidRequest(List.of(id, other), "sae-a", List.of("sae-r"), null,
            false));
        net.conformance.request(Etsi020Handler.VOID, voidBody);
        final var voided = post(Etsi020Handler.VOID, voidBody);
        assertEquals(200, voided.status(), voided.text());
        assertEquals(List.of(new Ack(List.of(id), AckStatus.VOIDED, "sae-a", List.of("sae-r"), null),
            new Ack(List.of(other), AckStatus.FAILED_TO_VOID, "sae-a", List.of("sae-r"),
                "already delivered to the target SAE")), Etsi020Json.acks(voided.text()));
        assertNull(net.stores.get("kme-r").keys.get(id));
    }

    @Test
    void theAsynchronousModeAnswers202AndAcknowledgesToTheCaller() throws Exception {
        final var id = UUID.randomUUID();
        final var body = Etsi020Json.write(padded(id, new byte[32], "sae-r",
            net.urls.get("kme-a").resolve(Etsi020Handler.ACK)));
        net.conformance.request(Etsi020Handler.EXT_KEYS, body);
        final int checked = net.conformance.checked.get();

        final var answer = post(Etsi020Handler.EXT_KEYS, body);

        assertEquals(202, answer.status());
        assertEquals(0, answer.body().length);
        // kme-r calls back kme-a's ext_keys/ack, which is checked on arrival
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> net.conformance.checked.get() >= checked + 2);
        assertArrayEquals(new byte[32], net.stores.get("kme-r").keys.get(id));
    }

    @Test
    void malformedRequestsAre400WithProblemDetailsAndKeepNothing() throws Exception {
        assertProblem(post(Etsi020Handler.EXT_KEYS, "{\"keys\":"), 400, "malformed_body");
        assertProblem(post(Etsi020Handler.EXT_KEYS, "[]"), 400, "malformed_property");
        assertProblem(post(Etsi020Handler.EXT_KEYS, "{\"keys\":[{\"key_id\":\"" + UUID.randomUUID()
            + "\",\"value\":\"AAAA\"}],\"target_sae_ids\":[\"sae-r\"]}"), 400, "missing_property");
        assertProblem(post(Etsi020Handler.EXT_KEYS, "{\"keys\":[{\"key_id\":\"123\",\"value\":\"AAAA\"}],"
            + "\"initiator_sae_id\":\"sae-a\",\"target_sae_ids\":[\"sae-r\"]}"), 400, "malformed_property");
        assertProblem(post(Etsi020Handler.EXT_KEYS, "{\"keys\":[{\"key_id\":\"" + UUID.randomUUID()
            + "\",\"value\":\"A*==\"}],\"initiator_sae_id\":\"sae-a\",\"target_sae_ids\":[\"sae-r\"]}"), 400,
            "malformed_property");
        assertProblem(post(Etsi020Handler.EXT_KEYS, "{\"keys\":[],\"initiator_sae_id\":\"sae-a\","
            + "\"target_sae_ids\":[\"sae-r\"]}"), 400, "invalid_keys");
        assertProblem(post(Etsi020Handler.EXT_KEYS, "{\"keys\":[{\"key_id\":\"" + UUID.randomUUID()
            + "\",\"value\":\"AAAA\"}],\"initiator_sae_id\":\"sae a\",\"target_sae_ids\":[\"sae-r\"]}"), 400,
            "invalid_character");

        // no route for this pair
        assertProblem(post(Etsi020Handler.EXT_KEYS, Etsi020Json.write(padded(UUID.randomUUID(), new byte[32],
            "sae-elsewhere", null))), 400, "unknown_route");
        // a mandatory extension this KME does not implement
        final var unknownExtension = padded(UUID.randomUUID(), new byte[32], "sae-r", null);
        final var mandatory = unknownExtension.extensionMandatory().deepCopy();
        mandatory.addProperty("E99999_compression", "lz4");
        assertProblem(post(Etsi020Handler.EXT_KEYS, Etsi020Json.write(new ExtKeys(unknownExtension.keys(), "sae-a",
            List.of("sae-r"), null, mandatory, null))), 503, "unsupported_mandatory_extension");
        // link key blocks of another link
        final var wrongLink = padded(UUID.randomUUID(), new byte[32], "sae-r", null);
        final var otherLink = wrongLink.extensionMandatory().deepCopy();
        otherLink.getAsJsonObject(RelayKme.OTP_EXTENSION).addProperty("link", "kme-b-kme-r");
        assertProblem(post(Etsi020Handler.EXT_KEYS, Etsi020Json.write(new ExtKeys(wrongLink.keys(), "sae-a",
            List.of("sae-r"), null, otherLink, null))), 400, "invalid_extension");
        // acknowledgements go back to the caller only
        assertProblem(post(Etsi020Handler.EXT_KEYS, Etsi020Json.write(padded(UUID.randomUUID(), new byte[32],
            "sae-r", URI.create("https://192.0.2.1/kmapi/v1/ext_keys/ack")))), 400, "invalid_ack_callback_url");
        // an acknowledgement of a key kme-r never passed to kme-a
        final var strayAck = Etsi020Json.write(List.of(new Ack(List.of(UUID.randomUUID()), AckStatus.RELAYED,
            "sae-a", List.of("sae-r"), null)));
        net.conformance.request(Etsi020Handler.ACK, strayAck);
        assertProblem(post(Etsi020Handler.ACK, strayAck), 400, "unknown_key_id");
        // voiding everything needs the confirmation
        final var voidAll = Etsi020Json.write(new VoidRequest(List.of(), "sae-a", List.of("sae-r"), null, false));
        net.conformance.request(Etsi020Handler.VOID, voidAll);
        assertProblem(post(Etsi020Handler.VOID, voidAll), 400, "no_all_confirmation");

        assertTrue(net.stores.get("kme-r").keys.isEmpty(), "nothing of a refused request is kept");
    }

    @Test
    void aKmeThatIsNotAPeerIs401() throws Exception {
        // kme-b's certificate is from the same CA, but kme-b has no link to kme-r
        try (var asKmeB = client("kme-b")) {
            final var answer = post(asKmeB, Etsi020Handler.EXT_KEYS, Etsi020Json.write(padded(UUID.randomUUID(),
                new byte[32], "sae-r", null)));
            assertProblem(answer, 401, "unauthorized");
        }
        assertTrue(net.stores.get("kme-r").keys.isEmpty());
    }
}
