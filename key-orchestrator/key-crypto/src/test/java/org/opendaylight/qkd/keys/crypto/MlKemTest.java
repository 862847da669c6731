/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * ML-KEM through Bouncy Castle: FIPS 203 sizes, agreement, implicit rejection, and refusals that name lengths only.
 */
class MlKemTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void bothSidesGetTheSameSecretOfFips203Sizes() {
        for (var set : MlKemParameterSet.values()) {
            final var pair = MlKem.generateKeyPair(set, random);
            assertEquals(set.publicKeyBytes(), pair.publicKey().length, set.yangName());
            final var encapsulation = MlKem.encapsulate(set, pair.publicKey(), random);
            assertEquals(set.ciphertextBytes(), encapsulation.ciphertext().length, set.yangName());
            assertEquals(MlKem.SHARED_SECRET_BYTES, encapsulation.sharedSecret().length);
            assertArrayEquals(encapsulation.sharedSecret(), MlKem.decapsulate(pair, encapsulation.ciphertext()));
            // a fresh encapsulation is a fresh secret
            assertFalse(Arrays.equals(encapsulation.sharedSecret(),
                MlKem.encapsulate(set, pair.publicKey(), random).sharedSecret()));
        }
        assertEquals(800, MlKemParameterSet.ML_KEM_512.publicKeyBytes());
        assertEquals(1088, MlKemParameterSet.ML_KEM_768.ciphertextBytes());
        assertEquals(1568, MlKemParameterSet.ML_KEM_1024.ciphertextBytes());
    }

    @Test
    void anAlteredCiphertextGivesAnotherSecretNotAnError() {
        final var pair = MlKem.generateKeyPair(MlKemParameterSet.ML_KEM_768, random);
        final var encapsulation = MlKem.encapsulate(MlKemParameterSet.ML_KEM_768, pair.publicKey(), random);
        final var altered = encapsulation.ciphertext().clone();
        altered[100] ^= 1;
        final var secret = MlKem.decapsulate(pair, altered);
        assertEquals(MlKem.SHARED_SECRET_BYTES, secret.length);
        assertFalse(Arrays.equals(encapsulation.sharedSecret(), secret));
    }

    @Test
    void wrongLengthsAreRefused() {
        final var pair = MlKem.generateKeyPair(MlKemParameterSet.ML_KEM_512, random);
        assertEquals("ml-kem-512 ciphertext must be 768 bytes, not 1088", assertThrows(
            IllegalArgumentException.class, () -> MlKem.decapsulate(pair, new byte[1088])).getMessage());
        assertEquals("ml-kem-768 encapsulation key must be 1184 bytes, not 800", assertThrows(
            IllegalArgumentException.class, () -> MlKem.encapsulate(MlKemParameterSet.ML_KEM_768, pair.publicKey(),
                random)).getMessage());
        assertEquals("ML-KEM key pair (ml-kem-512)", pair.toString());
    }

    @Test
    void yangNamesMapBothWays() {
        for (var set : MlKemParameterSet.values()) {
            assertEquals(set, MlKemParameterSet.ofYangName(set.yangName()));
        }
        assertEquals("no ML-KEM parameter set named 'kyber'", assertThrows(IllegalArgumentException.class,
            () -> MlKemParameterSet.ofYangName("kyber")).getMessage());
    }
}
