/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlertReceived;
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
 * A SKIP endpoint in front of an in-memory key plane with a service of sae-1 (master) and sae-2 (slave): every
 * endpoint and error over TLS 1.3 and TLS 1.2 with pre-shared keys, and handshakes that must fail.
 */
class SkipServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path directory;

    private static ManualClock clock;
    private static KeyPlane plane;
    private static PskFiles psks;
    private static SkipServer server;

    @BeforeAll
    static void start() throws Exception {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        final var link = new EmulatedLink(new LinkSpec("a-b", "a", "b", LinkPhysics.metro(20),
            DecoyProtocol.vacuumWeak(0.1), 256, LinkSpec.DEFAULT_POOL_BITS, 0.01), KeyMaterial.secure(), clock);
        plane = new KeyPlane(new KeyRelay(id -> new EmulatedLinkKeys(link)), new SecureRandom(), clock, 16);
        plane.putService(new KeyServiceSpec("svc", "sae-1", "sae-2", "a", "b", 256, 25_600, 1_000));
        plane.setPlan("svc", Optional.of(KeyPlan.relayed(Provenance.QKD, List.of(new RelayPath(List.of("a", "b"),
            List.of("a-b"))), List.of(25_600L), MlKemParameterSet.ML_KEM_768)));
        psks = new PskFiles(directory.resolve("skip"), new SecureRandom());
        for (var sae : List.of("sae-1", "sae-2", "sae-3")) {
            psks.enrol(sae);
        }
        server = SkipServer.start(plane, psks, new InetSocketAddress("127.0.0.1", 0), 2, new SecureRandom(),
            "SKIP test");
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

    private static SkipClient client(final String sae, final boolean tls13) throws IOException {
        final var key = psks.key(sae).orElseThrow();
        try {
            return SkipClient.connect(server.address(), sae, key, tls13, TIMEOUT);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static JsonObject json(final SkipClient.Answer answer, final int status) {
        assertEquals(status, answer.status(), answer.text());
        return JsonParser.parseString(answer.text()).getAsJsonObject();
    }

    @Test
    void aKeyTakenAtOneEndIsTakenByItsIdAtTheOtherOnceOverEitherTlsVersion() throws Exception {
        for (boolean tls13 : new boolean[] {true, false}) {
            try (var alice = client("sae-1", tls13); var bob = client("sae-2", tls13)) {
                final var capabilities = json(alice.get("/capabilities"), 200);
                assertEquals(Set.of("entropy", "key", "algorithm", "localSystemID", "remoteSystemID"),
                    capabilities.keySet());
                assertEquals("sae-1", capabilities.get("localSystemID").getAsString());
                assertEquals("[\"sae-2\"]", capabilities.get("remoteSystemID").toString());
                assertTrue(capabilities.get("key").getAsBoolean() && capabilities.get("entropy").getAsBoolean());
                assertEquals("[\"sae-1\"]", json(bob.get("/capabilities"), 200).get("remoteSystemID").toString());

                final var key = json(alice.get("/key?remoteSystemID=sae-2"), 200);
                assertEquals(Set.of("keyId", "key"), key.keySet());
                final var keyId = key.get("keyId").getAsString();
                assertTrue(keyId.matches("[0-9a-f]{32}"), keyId);
                assertEquals(32, HexFormat.of().parseHex(key.get("key").getAsString()).length);
                final var copy = json(bob.get("/key/" + keyId + "?remoteSystemID=sae-1"), 200);
                assertEquals(key, copy);
                // once per side
                final var again = json(bob.get("/key/" + keyId + "?remoteSystemID=sae-1"), 400);
                assertTrue(again.get("message").getAsString().contains("not found"), again.toString());
                // the same key ID in capitals is the same key
                final var upper = json(alice.get("/key?remoteSystemID=sae-2&size=256"), 200);
                assertEquals(upper, json(bob.get("/key/" + upper.get("keyId").getAsString().toUpperCase(
                    java.util.Locale.ROOT) + "?remoteSystemID=sae-1"), 200));

                final var entropy = json(alice.get("/entropy"), 200);
                assertEquals(256, entropy.get("minentropy").getAsInt());
                assertEquals(32, HexFormat.of().parseHex(entropy.get("randomStr").getAsString()).length);
                final var more = json(alice.get("/entropy?minentropy=1024"), 200);
                assertEquals(128, HexFormat.of().parseHex(more.get("randomStr").getAsString()).length);
                assertNotEquals(entropy.get("randomStr"), json(alice.get("/entropy"), 200).get("randomStr"));
            }
        }
    }

    @Test
    void badRequestsAnswerTheDraftsStatusWithAMessageAndTakeNoKey() throws Exception {
        try (var alice = client("sae-1", true); var bob = client("sae-2", true)) {
            final int before = plane.status("sae-1", "sae-2").storedKeyCount();
            for (var target : List.of("/key", "/key?remoteSystemID=", "/key?remoteSystemID=sae-2&size=255",
                    "/key?remoteSystemID=sae-2&size=abc", "/key?remoteSystemID=sae-2&colour=1",
                    "/key?remoteSystemID=sae-2&remoteSystemID=sae-3", "/key?remoteSystemID=sae-9",
                    "/key/0123?remoteSystemID=sae-1", "/key/zz23456789abcdef0123456789abcdef?remoteSystemID=sae-1",
                    "/entropy?minentropy=12", "/entropy?minentropy=99999", "/capabilities?x=1")) {
                final var answer = json(alice.get(target), 400);
                assertEquals(Set.of("message"), answer.keySet(), target);
            }
            // the slave's KME does not make keys; the master's has none of the slave's
            json(bob.get("/key?remoteSystemID=sae-1"), 400);
            json(bob.get("/key/0123456789abcdef0123456789abcdef?remoteSystemID=sae-1"), 400);
            json(alice.get("/nothing"), 404);
            assertEquals(before, plane.status("sae-1", "sae-2").storedKeyCount());
            // a size this key plane does not make
            json(alice.get("/key?remoteSystemID=sae-2&size=512"), 400);
        }
        // an SAE with a key but no service: no remote system, and a key request refused
        try (var stranger = client("sae-3", true)) {
            assertEquals("[]", json(stranger.get("/capabilities"), 200).get("remoteSystemID").toString());
            json(stranger.get("/key?remoteSystemID=sae-2"), 400);
        }
    }

    @Test
    void aStockThatRanOutIs503() throws Exception {
        try (var alice = client("sae-1", true)) {
            int status = 200;
            for (int i = 0; i < 2_000 && status == 200; i++) {
                status = alice.get("/key?remoteSystemID=sae-2").status();
            }
            assertEquals(503, status);
        }
    }

    @Test
    void aHandshakeWithAnUnknownIdentityOrAWrongKeyFails() throws Exception {
        final var wrong = new byte[32];
        new SecureRandom().nextBytes(wrong);
        final var right = psks.key("sae-1").orElseThrow();
        for (boolean tls13 : new boolean[] {true, false}) {
            assertThrows(IOException.class, () -> SkipClient.connect(server.address(), "sae-x", right, tls13,
                TIMEOUT).close(), "unknown identity");
            assertThrows(IOException.class, () -> SkipClient.connect(server.address(), "sae-1", wrong, tls13,
                TIMEOUT).close(), "wrong key");
        }
        // TLS 1.2 names the reason in its alert
        final var unknown = assertThrows(TlsFatalAlertReceived.class, () -> SkipClient.connect(server.address(),
            "sae-x", right, false, TIMEOUT).close());
        assertEquals(AlertDescription.unknown_psk_identity, unknown.getAlertDescription());

        // a key file others may read is not used
        final var file = psks.file("sae-3");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            final var key = Files.readString(file, StandardCharsets.US_ASCII).strip();
            assertThrows(IOException.class, () -> SkipClient.connect(server.address(), "sae-3",
                HexFormat.of().parseHex(key), true, TIMEOUT).close());
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
