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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key relay between KME processes' worth of ETSI GS QKD 020 servers and clients on loopback, over real TLS 1.3 and
 * emulated QKD links; every request a KME receives is checked against the OpenAPI description.
 */
class RelayKmeTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    java.nio.file.Path directory;

    static List<RelayedKey> keys(final int count, final int bytes) {
        final var keys = new ArrayList<RelayedKey>();
        for (int i = 0; i < count; i++) {
            final var value = new byte[bytes];
            RANDOM.nextBytes(value);
            keys.add(new RelayedKey(UUID.randomUUID(), value, null));
        }
        return keys;
    }

    private static Map<UUID, AckStatus> statuses(final List<RelayKme.KeyOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(RelayKme.KeyOutcome::id, RelayKme.KeyOutcome::status));
    }

    @Test
    void keysCrossTwoHopsOneTimePaddedAndArriveIdentical() throws Exception {
        try (var net = new KmeNetwork(directory, List.of("kme-a", "kme-r", "kme-b"))) {
            net.link("kme-a", "kme-r", 1);
            net.link("kme-r", "kme-b", 2);
            net.route("sae-a", "sae-b", List.of("kme-a", "kme-r", "kme-b"));
            net.run(2);
            final long before = net.links.get("kme-a-kme-r").poolAt("kme-a").blockCount();
            final var keys = keys(20, 32);
            final var origin = new KeyOrigin(Instant.parse("2026-12-02T10:00:00.123Z"),
                List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));

            final var outcomes = net.kmes.get("kme-a").originate("sae-a", "sae-b", keys, origin)
                .get(20, TimeUnit.SECONDS);

            assertEquals(20, outcomes.size());
            statuses(outcomes).values().forEach(status -> assertEquals(AckStatus.RELAYED, status));
            final var store = net.stores.get("kme-b");
            for (var key : keys) {
                assertArrayEquals(key.value(), store.keys.get(key.id()), "key " + key.id() + " differs at kme-b");
                // when and over which nodes it was made travels with it, through the relay, unchanged
                assertEquals(origin, store.origins.get(key.id()));
                // what crossed the last hop was the key XOR link key, never the key
                assertFalse(Arrays.equals(key.value(), net.onWire.get(key.id())), "key in clear on the wire");
            }
            assertTrue(net.stores.get("kme-r").keys.isEmpty(), "the relay stores nothing");
            // both ends of each link spent the same blocks
            for (var link : List.of("kme-a-kme-r", "kme-r-kme-b")) {
                final var ends = net.links.get(link);
                assertEquals(ends.poolAt(ends.nodeA()).blockCount(), ends.poolAt(ends.nodeB())
                    .blockCount(), link);
            }
            assertTrue(before > net.links.get("kme-a-kme-r").poolAt("kme-a").blockCount());
            assertTrue(net.conformance.checked.get() >= 4, "ext_keys and ext_keys/ack on both hops were checked");
        }
    }

    @Test
    void aPeerWithoutLinkKeyGetsPlainEtsi020() throws Exception {
        try (var net = new KmeNetwork(directory, List.of("kme-a", "kms-other"))) {
            net.peersOf.get("kme-a").put("kms-other", new RelayKme.Peer("kms-other", net.urls.get("kms-other"),
                null, null));
            net.peersOf.get("kms-other").put("kme-a", new RelayKme.Peer("kme-a", net.urls.get("kme-a"), null, null));
            net.route("sae-a", "sae-x", List.of("kme-a", "kms-other"));
            final var keys = keys(3, 32);

            final var outcomes = net.kmes.get("kme-a").originate("sae-a", "sae-x", keys, null)
                .get(20, TimeUnit.SECONDS);

            statuses(outcomes).values().forEach(status -> assertEquals(AckStatus.RELAYED, status));
            for (var key : keys) {
                assertArrayEquals(key.value(), net.stores.get("kms-other").keys.get(key.id()));
                assertArrayEquals(key.value(), net.onWire.get(key.id()));
            }
        }
    }

    @Test
    void withoutLinkKeyTheKeysFailAndNothingIsStored() throws Exception {
        try (var net = new KmeNetwork(directory, List.of("kme-a", "kme-b"))) {
            net.link("kme-a", "kme-b", 3);
            net.route("sae-a", "sae-b", List.of("kme-a", "kme-b"));
            // the link made no key yet
            final var outcomes = net.kmes.get("kme-a").originate("sae-a", "sae-b", keys(2, 32), null)
                .get(20, TimeUnit.SECONDS);

            statuses(outcomes).values().forEach(status -> assertEquals(AckStatus.FAILED, status));
            assertTrue(outcomes.getFirst().message().contains("fewer than"), outcomes.getFirst().message());
            assertTrue(net.stores.get("kme-b").keys.isEmpty());
        }
    }

    @Test
    void voidReachesTheTargetKmeAndFailsForADeliveredKey() throws Exception {
        try (var net = new KmeNetwork(directory, List.of("kme-a", "kme-r", "kme-b"))) {
            net.link("kme-a", "kme-r", 4);
            net.link("kme-r", "kme-b", 5);
            net.route("sae-a", "sae-b", List.of("kme-a", "kme-r", "kme-b"));
            net.run(2);
            final var keys = keys(2, 32);
            net.kmes.get("kme-a").originate("sae-a", "sae-b", keys, null).get(20, TimeUnit.SECONDS);
            final var pending = keys.get(0).id();
            final var taken = keys.get(1).id();
            assertNotNull(net.stores.get("kme-b").take(taken));
            final var unknown = UUID.randomUUID();

            final var outcomes = statuses(net.kmes.get("kme-a").voidAt("kme-r", "sae-a", "sae-b",
                List.of(pending, taken, unknown)).get(20, TimeUnit.SECONDS));

            assertEquals(Map.of(pending, AckStatus.VOIDED, taken, AckStatus.FAILED_TO_VOID,
                unknown, AckStatus.KEY_NOT_PRESENT), outcomes);
            assertNull(net.stores.get("kme-b").keys.get(pending), "the voided key is gone at kme-b");
        }
    }

    @Test
    void aKmeOfAnotherCaOrAServerThatIsNotThePeerIsRefused() throws Exception {
        try (var net = new KmeNetwork(directory, List.of("kme-a", "kme-r", "kme-b"))) {
            net.link("kme-a", "kme-r", 6);
            // kme-a calls kme-b's address believing it is kme-r: its certificate names kme-b
            final var wrongServer = new Etsi020Client(net.urls.get("kme-b"), "kme-r", net.tls.get("kme-a"));
            final var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> wrongServer.versions().get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof javax.net.ssl.SSLHandshakeException, failure.toString());
            wrongServer.close();

            // a KME of another CA
            final var other = org.opendaylight.qkd.keys.etsi014.DemoPki.open(directory.resolve("other"),
                KmeNetwork.PASSWORD, List.of());
            final var stranger = new KmeTls(org.opendaylight.qkd.keys.etsi014.DemoPki.loadKeyStore(
                other.kmeKeyStore("kme-a"), KmeNetwork.PASSWORD.toCharArray()), KmeNetwork.PASSWORD.toCharArray(),
                net.pki.trustStore());
            try (var client = new Etsi020Client(net.urls.get("kme-r"), "kme-r", stranger)) {
                final var refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> client.versions().get(10, TimeUnit.SECONDS));
                assertTrue(refused.getCause() instanceof java.io.IOException, refused.toString());
            }
        }
    }

    static Function<byte[], String> text() {
        return bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
