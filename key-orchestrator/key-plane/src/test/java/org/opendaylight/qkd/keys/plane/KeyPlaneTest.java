/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.plane.DeliveryException.Kind;

/**
 * Key services end to end in the key plane: production at the service's rate, the ETSI GS QKD 014 rules of
 * enc_keys and dec_keys, hybrid and PQC keys, compromise and removal.
 */
class KeyPlaneTest {
    private static final OptionalInt NONE = OptionalInt.empty();
    private static final int RATE = 2_560;

    private final TestNetwork network = new TestNetwork();
    private KeyPlane plane;

    @BeforeEach
    void setUp() {
        plane = network.plane(8);
        network.run(30);
        plane.putService(new KeyServiceSpec("s1", "sae-1", "sae-2", "a", "b", 256, RATE, 50));
        plane.putService(new KeyServiceSpec("s2", "sae-3", "sae-4", "a", "b", 256, RATE, 50));
    }

    private int produceFor(final int seconds) {
        plane.produce();
        int made = 0;
        for (int i = 0; i < seconds * 10; i++) {
            network.clock.advance(Duration.ofMillis(100));
            made += plane.produce();
        }
        return made;
    }

    private void relayVia(final String service, final RelayPath path) {
        plane.setPlan(service, Optional.of(KeyPlan.relayed(Provenance.QKD, List.of(path), List.of((long) RATE),
            MlKemParameterSet.ML_KEM_768)));
    }

    private static DeliveryException.Kind kindOf(final Executable call) {
        return assertThrows(DeliveryException.class, call::run).kind();
    }

    @FunctionalInterface
    private interface Executable {
        void run() throws Exception;
    }

    @Test
    void keysAreMadeAtTheServiceRateAndBothSidesGetIdenticalBytesOnce() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        // 2,560 bit/s of 256-bit keys: 10 keys a second
        assertEquals(30, produceFor(3));
        assertEquals(30, plane.status("sae-1", "sae-2").storedKeyCount());

        final var master = plane.encKeys("sae-1", "sae-2", OptionalInt.of(3), OptionalInt.of(256));
        final var slave = plane.decKeys("sae-2", "sae-1", master.stream().map(key -> key.id().toString()).toList());

        assertEquals(3, slave.size());
        for (int i = 0; i < 3; i++) {
            final var a = master.get(i);
            final var b = slave.get(i);
            assertEquals(a.id(), b.id());
            assertEquals(Provenance.QKD, a.provenance());
            assertEquals(List.of(List.of("a", "r", "b")), a.paths());
            assertArrayEquals(a.withBits(byte[]::clone), b.withBits(byte[]::clone));
        }
        assertFalse(Arrays.equals(master.get(0).withBits(byte[]::clone), master.get(1).withBits(byte[]::clone)));
        // each side once
        final var ids = master.stream().map(key -> key.id().toString()).toList();
        final var again = assertThrows(DeliveryException.class, () -> plane.decKeys("sae-2", "sae-1", ids));
        assertEquals(Kind.BAD_REQUEST, again.kind());
        assertEquals(DeliveryException.KEYS_NOT_FOUND, again.getMessage());
        assertEquals(27, plane.status("sae-1", "sae-2").storedKeyCount());
        final var counters = plane.counters("s1").orElseThrow();
        assertEquals(30, counters.made());
        assertEquals(3, counters.issued());
        assertEquals(3, counters.delivered());
    }

    @Test
    void theSlaveCannotTakeAKeyTheMasterHasNotTaken() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        produceFor(1);
        final var master = plane.encKeys("sae-1", "sae-2", NONE, NONE);
        plane.decKeys("sae-2", "sae-1", List.of(master.getFirst().id().toString()));
        // the pool holds more keys, but their IDs have not been issued to the master
        final var ids = plane.manager("b").held("s1");
        assertEquals(9, ids);
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.decKeys("sae-2", "sae-1",
            List.of("00000000-0000-4000-8000-000000000000"))));
    }

    @Test
    void callersOtherThanThePairsSaesAreUnauthorized() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        relayVia("s2", TestNetwork.VIA_S);
        produceFor(1);
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.encKeys("sae-2", "sae-1", NONE, NONE)));
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.encKeys("sae-3", "sae-2", NONE, NONE)));
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.status("sae-9", "sae-2")));
        final var master = plane.encKeys("sae-1", "sae-2", NONE, NONE);
        final var id = List.of(master.getFirst().id().toString());
        // another SAE at the same KME, slave of another pair, asks for this pair's key
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.decKeys("sae-4", "sae-3", id)));
        // the master itself, or the slave naming the wrong master
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.decKeys("sae-1", "sae-1", id)));
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.decKeys("sae-2", "sae-3", id)));
        // none of that consumed the key
        assertEquals(1, plane.decKeys("sae-2", "sae-1", id).size());
    }

    @Test
    void malformedRequestsAreBadRequestsAndTakeNothing() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        produceFor(1);
        final var size = assertThrows(DeliveryException.class,
            () -> plane.encKeys("sae-1", "sae-2", NONE, OptionalInt.of(255)));
        assertEquals(DeliveryException.SIZE_NOT_MULTIPLE_OF_8, size.getMessage());
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.encKeys("sae-1", "sae-2", NONE, OptionalInt.of(512))));
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.encKeys("sae-1", "sae-2", OptionalInt.of(0), NONE)));
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.encKeys("sae-1", "sae-2", OptionalInt.of(9), NONE)));
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.decKeys("sae-2", "sae-1", List.of())));
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.decKeys("sae-2", "sae-1", List.of("../../etc"))));
        final var keys = plane.encKeys("sae-1", "sae-2", OptionalInt.of(2), NONE);
        final var id = keys.getFirst().id().toString();
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.decKeys("sae-2", "sae-1", List.of(id, id))));
        // one good ID and one unknown: nothing is taken
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.decKeys("sae-2", "sae-1",
            List.of(id, "00000000-0000-4000-8000-000000000000"))));
        assertEquals(2, plane.decKeys("sae-2", "sae-1", keys.stream().map(key -> key.id().toString()).toList())
            .size());
        assertEquals(8, plane.status("sae-1", "sae-2").storedKeyCount());
    }

    @Test
    void anEmptyStockIsUnavailableAndTakesNothing() throws Exception {
        assertEquals(Kind.UNAVAILABLE, kindOf(() -> plane.encKeys("sae-1", "sae-2", NONE, NONE)));
        relayVia("s1", TestNetwork.VIA_R);
        produceFor(1);
        assertEquals(8, plane.encKeys("sae-1", "sae-2", OptionalInt.of(8), NONE).size());
        assertEquals(Kind.UNAVAILABLE, kindOf(() -> plane.encKeys("sae-1", "sae-2", OptionalInt.of(3), NONE)));
        assertEquals(2, plane.status("sae-1", "sae-2").storedKeyCount());
    }

    @Test
    void theStockStopsAtItsLimit() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        assertEquals(50, produceFor(20));
        assertEquals(50, plane.status("sae-1", "sae-2").storedKeyCount());
    }

    @Test
    void hybridKeysMixMlKemIntoTheRelayedKeyAndPqcKeysSpendNoLinkKey() throws Exception {
        plane.setPlan("s1", Optional.of(KeyPlan.relayed(Provenance.HYBRID, List.of(TestNetwork.VIA_R),
            List.of((long) RATE), MlKemParameterSet.ML_KEM_512)));
        plane.setPlan("s2", Optional.of(KeyPlan.pqc(MlKemParameterSet.ML_KEM_1024)));
        produceFor(1);
        final var hybrid = plane.encKeys("sae-1", "sae-2", OptionalInt.of(2), NONE);
        final var pqc = plane.encKeys("sae-3", "sae-4", OptionalInt.of(2), NONE);
        final var hybridB = plane.decKeys("sae-2", "sae-1", hybrid.stream().map(key -> key.id().toString()).toList());
        final var pqcB = plane.decKeys("sae-4", "sae-3", pqc.stream().map(key -> key.id().toString()).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(Provenance.HYBRID, hybrid.get(i).provenance());
            assertEquals(Provenance.PQC, pqc.get(i).provenance());
            assertTrue(pqc.get(i).paths().isEmpty());
            assertArrayEquals(hybrid.get(i).withBits(byte[]::clone), hybridB.get(i).withBits(byte[]::clone));
            assertArrayEquals(pqc.get(i).withBits(byte[]::clone), pqcB.get(i).withBits(byte[]::clone));
        }
        // 10 hybrid keys spent 10 blocks of each hop; the PQC keys none
        assertEquals(10, network.draws("a-r"));
        assertEquals(10, network.draws("r-b"));
        assertEquals(0, network.draws("a-s"));
    }

    @Test
    void keysThatCrossedALinkAfterItsCompromiseAreDiscardedAndNoneIsRelayedOverItAgain() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        relayVia("s2", TestNetwork.VIA_S);
        produceFor(1);
        final var since = network.clock.instant().plusMillis(1);
        produceFor(1);
        // 10 keys from before the compromise, then 2 from after it
        final var issued = plane.encKeys("sae-1", "sae-2", OptionalInt.of(8), NONE);
        issued.addAll(plane.encKeys("sae-1", "sae-2", OptionalInt.of(4), NONE));

        assertEquals(10, plane.distrustLink("r-b", since));

        // the keys made before the compromise stay; the master holds two whose slave copy is gone
        assertEquals(0, plane.status("sae-1", "sae-2").storedKeyCount());
        assertEquals(Kind.BAD_REQUEST, kindOf(() -> plane.decKeys("sae-2", "sae-1",
            List.of(issued.getLast().id().toString()))));
        assertEquals(10, plane.decKeys("sae-2", "sae-1", issued.subList(0, 8).stream()
            .map(key -> key.id().toString()).toList()).size() + plane.decKeys("sae-2", "sae-1",
                List.of(issued.get(8).id().toString(), issued.get(9).id().toString())).size());
        assertEquals(20, plane.status("sae-3", "sae-4").storedKeyCount(), "the other path is untouched");
        assertEquals(0, produceFor(1) - 10, "only s2 makes keys");
        final var counters = plane.counters("s1").orElseThrow();
        assertEquals(10, counters.discarded());
        assertTrue(counters.failures() > 0, counters.toString());
        assertTrue(counters.lastFailure().orElseThrow().contains("r-b"));

        plane.trustLink("r-b");
        assertEquals(20, produceFor(1));
    }

    @Test
    void aSplitDemandSharesKeysBetweenItsPathsByRate() throws Exception {
        plane.setPlan("s1", Optional.of(KeyPlan.relayed(Provenance.QKD, List.of(TestNetwork.VIA_R,
            TestNetwork.VIA_S), List.of(1_920L, 640L), MlKemParameterSet.ML_KEM_768)));
        produceFor(2);
        final var keys = plane.encKeys("sae-1", "sae-2", OptionalInt.of(8), NONE);
        keys.addAll(plane.encKeys("sae-1", "sae-2", OptionalInt.of(8), NONE));
        final long viaR = keys.stream().filter(key -> key.paths().getFirst().contains("r")).count();
        assertEquals(12, viaR);
    }

    @Test
    void removingAServiceErasesItsKeysAndItsSaesLoseAccess() throws Exception {
        relayVia("s1", TestNetwork.VIA_R);
        produceFor(1);
        final var issued = plane.encKeys("sae-1", "sae-2", OptionalInt.of(1), NONE);
        assertTrue(plane.removeService("s1"));
        assertFalse(plane.removeService("s1"));
        assertEquals(0, plane.manager("a").stocked("s1"));
        assertEquals(0, plane.manager("b").held("s1"));
        assertEquals(Kind.UNAUTHORIZED, kindOf(() -> plane.decKeys("sae-2", "sae-1",
            List.of(issued.getFirst().id().toString()))));
        assertTrue(plane.counters("s1").isEmpty());
    }

    @Test
    void discardedKeysAreZeroed() {
        relayVia("s1", TestNetwork.VIA_R);
        produceFor(1);
        final var discarded = plane.manager("a").discard(key -> true);
        assertEquals(10, discarded.size());
        for (var key : discarded) {
            assertArrayEquals(new byte[32], key.withBits(byte[]::clone));
        }
    }

    @Test
    void aSecondServiceForTheSamePairIsRefusedAndChangingTheNodesErasesKeys() {
        assertThrows(IllegalArgumentException.class, () -> plane.putService(new KeyServiceSpec("s3", "sae-1",
            "sae-2", "a", "b", 256, RATE, 50)));
        relayVia("s1", TestNetwork.VIA_R);
        produceFor(1);
        plane.putService(new KeyServiceSpec("s1", "sae-1", "sae-2", "a", "b", 256, RATE * 2, 50));
        assertEquals(10, plane.manager("a").stocked("s1"), "a rate change keeps the keys");
        plane.putService(new KeyServiceSpec("s1", "sae-1", "sae-2", "a", "r", 256, RATE, 50));
        assertEquals(0, plane.manager("a").stocked("s1"));
        assertEquals(0, plane.manager("b").held("s1"));
        assertThrows(IllegalArgumentException.class, () -> new KeyServiceSpec("x", "m", "s", "a", "b", 255, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new KeyServiceSpec("x", "m", "s", "a", "a", 256, 1, 1));
    }

    @Test
    void keyIdsAreUuidsInEitherCaseAndNothingElse() {
        for (int i = 0; i < 100; i++) {
            final var text = UUID.randomUUID().toString();
            assertTrue(KeyPlane.isKeyId(text), text);
            assertTrue(KeyPlane.isKeyId(text.toUpperCase(Locale.ROOT)), text);
        }
        for (var bad : List.of("", "123", "0f8fad5b-d9cb-469f-a165-70867728950",
                "0f8fad5b-d9cb-469f-a165-70867728950ee", "0f8fad5bd-9cb-469f-a165-70867728950e",
                "0f8fad5b-d9cb-469f-a165_70867728950e",
                "0f8fad5b-d9cb-469f-a165-70867728950g", "0f8fad5b-d9cb-469f-a165-7086772895" + (char) 0xff10 + "e",
                "{f8fad5b-d9cb-469f-a165-70867728950}", "0f8fad5b-d9cb-469f-a165-70867728950-")) {
            assertFalse(KeyPlane.isKeyId(bad), bad);
        }
    }
}
