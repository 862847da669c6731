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

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.RelayPath;

/**
 * Link keys drawn from devices over ETSI GS QKD 014: the "devices" are this suite's own endpoint over an emulated
 * link, and a second key plane relays end-to-end keys over them.
 */
class Etsi014LinkKeysTest {
    @TempDir
    static Path pkiDirectory;

    private static ManualClock clock;
    private static KeyPlane devices;
    private static Etsi014Server server;
    private static Etsi014LinkKeys link;

    @BeforeAll
    static void start() throws Exception {
        final var pki = DemoPki.open(pkiDirectory, "changeit", List.of());
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        final var fiber = new EmulatedLink(new LinkSpec("fiber", "x", "y", LinkPhysics.metro(10),
            DecoyProtocol.vacuumWeak(0.1), 256, LinkSpec.DEFAULT_POOL_BITS, 0.01), KeyMaterial.secure(), clock);
        devices = new KeyPlane(new KeyRelay(id -> new EmulatedLinkKeys(fiber)), new SecureRandom(), clock, 8);
        // the devices deliver the link's key to the KMEs of its two ends, kme-x (master) and kme-y (slave)
        devices.putService(new KeyServiceSpec("link", "kme-x", "kme-y", "x", "y", 256, 25_600, 20));
        devices.setPlan("link", Optional.of(KeyPlan.relayed(Provenance.QKD, List.of(new RelayPath(List.of("x", "y"),
            List.of("fiber"))), List.of(25_600L), MlKemParameterSet.ML_KEM_768)));
        devices.produce();
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(100));
            devices.produce();
        }
        server = Etsi014Server.start(devices, pki.serverContext(), new InetSocketAddress("127.0.0.1", 0), 1);
        final var endpoint = URI.create("https://localhost:" + server.address().getPort());
        link = new Etsi014LinkKeys("x-y", new Etsi014LinkKeys.End("x", endpoint, "kme-x",
            HttpClient.newBuilder().sslContext(pki.clientContext("kme-x")).build()),
            new Etsi014LinkKeys.End("y", endpoint, "kme-y", HttpClient.newBuilder()
                .sslContext(pki.clientContext("kme-y")).build()), 256, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bothEndsGetTheSameBlocksOnceAndAKeyRelaysOverThem() throws Exception {
        final var drawn = link.draw("x", 40);
        assertEquals(2, drawn.ids().size(), "40 bytes take two 256-bit keys");
        final var claimed = link.claim("y", drawn.ids());
        assertEquals(drawn.ids(), claimed.ids());
        final var a = new byte[64];
        final var b = new byte[64];
        drawn.xorInto(a);
        claimed.xorInto(b);
        assertArrayEquals(a, b);
        final var again = assertThrows(KeyUnavailableException.class, () -> link.claim("y", drawn.ids()));
        assertTrue(again.getMessage().contains("400") && again.getMessage().contains("not found"), again.getMessage());

        final var key = new byte[32];
        new SecureRandom().nextBytes(key);
        assertArrayEquals(key, new KeyRelay(id -> link).relay(new RelayPath(List.of("x", "y"), List.of("x-y")), key));
    }

    @Test
    void devicesWithoutKeyOrStrangeNodesAreKeyUnavailable() throws Exception {
        final var tooMany = assertThrows(KeyUnavailableException.class, () -> link.draw("x", 32 * 9));
        assertTrue(tooMany.getMessage().contains("answered 400: number shall be"), tooMany.getMessage());
        KeyUnavailableException exhausted = null;
        for (int i = 0; i < 5 && exhausted == null; i++) {
            try {
                link.draw("x", 32 * 8).destroy();
            } catch (KeyUnavailableException e) {
                exhausted = e;
            }
        }
        assertTrue(exhausted != null && exhausted.getMessage().contains("answered 503: keys exhausted"),
            String.valueOf(exhausted));
        clock.advance(Duration.ofMillis(100));
        devices.produce();
        assertThrows(KeyUnavailableException.class, () -> link.draw("z", 32));
        assertThrows(IllegalArgumentException.class, () -> new Etsi014LinkKeys.End("x", URI.create("http://kme"),
            "kme-x", HttpClient.newHttpClient()));
        assertThrows(IllegalArgumentException.class, () -> new Etsi014LinkKeys.End("x", URI.create("https://kme"),
            "../kme", HttpClient.newHttpClient()));
    }
}
