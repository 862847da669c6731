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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;

/**
 * ML-KEM pads between two KMEs: the receiver derives the sender's pads from the blocks' IDs alone, each block once,
 * only with the epoch the sender made with it; epochs are confirmed and renewed.
 */
class MlKemEpochsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MlKemEpochs alice = new MlKemEpochs(new SecureRandom(), clock);
    private final MlKemEpochs bob = new MlKemEpochs(new SecureRandom(), clock);
    private final AtomicInteger handshakes = new AtomicInteger();

    // alice reaches bob directly, as she would over their TLS channel
    private final MlKemEpochs.Handshake toBob = new MlKemEpochs.Handshake() {
        @Override
        public byte[] encapsulationKey(final MlKemParameterSet parameterSet) {
            return bob.encapsulationKey(parameterSet);
        }

        @Override
        public byte[] establish(final MlKemParameterSet parameterSet, final UUID epoch, final byte[] ciphertext) {
            handshakes.incrementAndGet();
            return bob.receive("alice", parameterSet, epoch, ciphertext);
        }
    };

    @Test
    void theReceiverDerivesTheSendersPadsFromTheBlockIdsOnly() throws Exception {
        final var sending = alice.sendingTo(MlKemParameterSet.ML_KEM_768, toBob);
        final var receiving = bob.receivingFrom("alice", MlKemParameterSet.ML_KEM_768);
        final var ids = new HashSet<UUID>();
        for (int bytes : List.of(32, 64, 16, 100)) {
            final var sent = sending.draw("alice", bytes);
            assertTrue(sent.length() >= bytes);
            assertTrue(ids.addAll(sent.ids()), "each block is used once");
            final var key = new byte[bytes];
            new SecureRandom().nextBytes(key);
            final var wire = key.clone();
            sent.xorInto(wire);
            assertFalse(Arrays.equals(key, wire), "the key does not travel in clear");
            final var got = receiving.claim("bob", sent.ids());
            got.xorInto(wire);
            assertArrayEquals(key, wire);
        }
        assertEquals(1, handshakes.get(), "one epoch serves many blocks");
        // another KME, or another parameter set, does not get the pads
        final var blocks = new ArrayList<>(ids);
        assertThrows(KeyUnavailableException.class, () -> bob.receivingFrom("mallory", MlKemParameterSet.ML_KEM_768)
            .claim("bob", blocks));
        assertThrows(KeyUnavailableException.class, () -> bob.receivingFrom("alice", MlKemParameterSet.ML_KEM_1024)
            .claim("bob", blocks));
        // sending and receiving sides do not do each other's part
        assertThrows(KeyUnavailableException.class, () -> sending.claim("alice", blocks));
        assertThrows(KeyUnavailableException.class, () -> receiving.draw("bob", 32));
    }

    @Test
    void anEpochIsRenewedWhenOldAndRefusedWhenNotConfirmed() throws Exception {
        final var sending = alice.sendingTo(MlKemParameterSet.ML_KEM_512, toBob);
        final var first = sending.draw("alice", 32).ids().getFirst();
        clock.advance(MlKemEpochs.EPOCH_LIFETIME.plus(Duration.ofSeconds(1)));
        final var second = sending.draw("alice", 32).ids().getFirst();
        assertEquals(2, handshakes.get());
        assertNotEquals(first.getMostSignificantBits(), second.getMostSignificantBits(), "a new epoch");
        // both epochs' blocks are still received
        final var receiving = bob.receivingFrom("alice", MlKemParameterSet.ML_KEM_512);
        assertEquals(64, receiving.claim("bob", List.of(first, second)).length());

        // a receiver whose secret differs (here: it confirms with garbage) gets no key under that epoch
        final var liar = alice.sendingTo(MlKemParameterSet.ML_KEM_768, new MlKemEpochs.Handshake() {
            @Override
            public byte[] encapsulationKey(final MlKemParameterSet parameterSet) {
                return bob.encapsulationKey(parameterSet);
            }

            @Override
            public byte[] establish(final MlKemParameterSet parameterSet, final UUID epoch, final byte[] ciphertext) {
                bob.receive("alice", parameterSet, epoch, ciphertext);
                return new byte[32];
            }
        });
        final var refused = assertThrows(KeyUnavailableException.class, () -> liar.draw("alice", 32));
        assertTrue(refused.getMessage().contains("confirmation does not match"), refused.getMessage());

        // an unreachable receiver: no pad, with the reason
        final var away = alice.sendingTo(MlKemParameterSet.ML_KEM_768, new MlKemEpochs.Handshake() {
            @Override
            public byte[] encapsulationKey(final MlKemParameterSet parameterSet) throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public byte[] establish(final MlKemParameterSet parameterSet, final UUID epoch, final byte[] ciphertext) {
                throw new AssertionError("no epoch without a key");
            }
        });
        assertTrue(assertThrows(KeyUnavailableException.class, () -> away.draw("alice", 32)).getMessage()
            .contains("connection refused"));
        // a ciphertext for a parameter set bob gave no key of is refused
        assertThrows(IllegalArgumentException.class, () -> new MlKemEpochs(new SecureRandom(), clock)
            .receive("alice", MlKemParameterSet.ML_KEM_768, UUID.randomUUID(), new byte[1088]));
    }
}
