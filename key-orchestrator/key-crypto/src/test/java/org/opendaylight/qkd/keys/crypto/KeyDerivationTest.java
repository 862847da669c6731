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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hybrid and PQC key derivation: the SP 800-56C one-step construction checked against an independent
 * implementation on the JDK's SHA-256, and every input bound into the key.
 */
class KeyDerivationTest {
    private static final byte[] CONTEXT = "key_ID 7f3c/SAE alice->bob".getBytes(StandardCharsets.UTF_8);

    @Test
    void derivationIsTheOneStepKdfOverTheConcatenatedSecrets() throws Exception {
        final var random = new Random(5);
        for (int round = 0; round < 50; round++) {
            final var qkd = bytes(random, 1 + random.nextInt(64));
            final var secret = bytes(random, 32);
            final var context = bytes(random, random.nextInt(40));
            final int bits = 8 * (1 + random.nextInt(200));
            final var set = MlKemParameterSet.values()[random.nextInt(3)];

            final var concatenated = ByteBuffer.allocate(qkd.length + 32).put(qkd).put(secret).array();
            assertArrayEquals(reference(concatenated, "hybrid", set, bits, context),
                KeyDerivation.hybrid(qkd, secret, set, bits, context));
            assertArrayEquals(reference(secret, "pqc", set, bits, context),
                KeyDerivation.pqc(secret, set, bits, context));
        }
    }

    @Test
    void everyInputChangesTheKey() {
        final var random = new Random(9);
        final var qkd = bytes(random, 32);
        final var secret = bytes(random, 32);
        final var key = KeyDerivation.hybrid(qkd, secret, MlKemParameterSet.ML_KEM_768, 256, CONTEXT);
        assertEquals(32, key.length);
        // the same inputs: the same key on both sides
        assertArrayEquals(key, KeyDerivation.hybrid(qkd.clone(), secret.clone(), MlKemParameterSet.ML_KEM_768,
            256, CONTEXT.clone()));

        final var flippedQkd = qkd.clone();
        flippedQkd[31] ^= 1;
        assertDiffers(key, KeyDerivation.hybrid(flippedQkd, secret, MlKemParameterSet.ML_KEM_768, 256, CONTEXT));
        final var flippedSecret = secret.clone();
        flippedSecret[0] ^= (byte) 0x80;
        assertDiffers(key, KeyDerivation.hybrid(qkd, flippedSecret, MlKemParameterSet.ML_KEM_768, 256, CONTEXT));
        assertDiffers(key, KeyDerivation.hybrid(qkd, secret, MlKemParameterSet.ML_KEM_1024, 256, CONTEXT));
        assertDiffers(key, KeyDerivation.hybrid(qkd, secret, MlKemParameterSet.ML_KEM_768, 256,
            "key_ID 7f3c/SAE alice->eve".getBytes(StandardCharsets.UTF_8)));
        // a longer key does not start with the shorter one: the length is bound too
        assertDiffers(key, Arrays.copyOf(KeyDerivation.hybrid(qkd, secret, MlKemParameterSet.ML_KEM_768, 512,
            CONTEXT), 32));
        // a PQC key from the same ML-KEM secret is another key
        assertDiffers(key, KeyDerivation.pqc(secret, MlKemParameterSet.ML_KEM_768, 256, CONTEXT));
        // the QKD key is not simply appended: splitting the concatenation elsewhere changes the key
        final var shifted = Arrays.copyOf(qkd, 33);
        shifted[32] = secret[0];
        assertFalse(Arrays.equals(key, KeyDerivation.hybrid(shifted, secret, MlKemParameterSet.ML_KEM_768, 256,
            CONTEXT)));
    }

    @Test
    void badLengthsAreRefusedWithoutKeyMaterialInTheMessage() {
        final var qkd = new byte[32];
        Arrays.fill(qkd, (byte) 0x5a);
        final var secret = new byte[32];
        assertEquals("key size must be a positive multiple of 8 up to 65536 bits, not 100",
            assertThrows(IllegalArgumentException.class, () -> KeyDerivation.hybrid(qkd, secret,
                MlKemParameterSet.ML_KEM_768, 100, CONTEXT)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.pqc(secret, MlKemParameterSet.ML_KEM_768,
            0, CONTEXT));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.pqc(secret, MlKemParameterSet.ML_KEM_768,
            KeyDerivation.MAX_BITS + 8, CONTEXT));
        assertEquals("an ML-KEM shared secret is 32 bytes, not 31", assertThrows(IllegalArgumentException.class,
            () -> KeyDerivation.pqc(new byte[31], MlKemParameterSet.ML_KEM_768, 256, CONTEXT)).getMessage());
        assertEquals("a hybrid key needs a QKD key", assertThrows(IllegalArgumentException.class,
            () -> KeyDerivation.hybrid(new byte[0], secret, MlKemParameterSet.ML_KEM_768, 256, CONTEXT))
            .getMessage());
        assertEquals(65_536 / 8, KeyDerivation.pqc(secret, MlKemParameterSet.ML_KEM_512, KeyDerivation.MAX_BITS,
            new byte[0]).length);
    }

    @Test
    void hybridKeysAgreeAcrossAnMlKemExchange() {
        final var random = new SecureRandom();
        for (var set : MlKemParameterSet.values()) {
            final var qkd = new byte[32];
            random.nextBytes(qkd);
            // Bob holds the decapsulation key; Alice encapsulates to his encapsulation key
            final var bob = MlKem.generateKeyPair(set, random);
            final var alice = MlKem.encapsulate(set, bob.publicKey(), random);
            final var bobSecret = MlKem.decapsulate(bob, alice.ciphertext());
            assertArrayEquals(KeyDerivation.hybrid(qkd, alice.sharedSecret(), set, 256, CONTEXT),
                KeyDerivation.hybrid(qkd, bobSecret, set, 256, CONTEXT), set.yangName());
        }
    }

    // SP 800-56C rev. 2 one-step KDF, option 1 (H = SHA-256), written from the standard on the JDK's digest
    private static byte[] reference(final byte[] secrets, final String mode, final MlKemParameterSet set,
            final int bits, final byte[] context) throws NoSuchAlgorithmException {
        final var algorithm = ("QKD-SUITE " + mode + " " + set.yangName() + " SHA-256")
            .getBytes(StandardCharsets.US_ASCII);
        final var fixedInfo = new ByteArrayOutputStream();
        fixedInfo.writeBytes(ByteBuffer.allocate(4).putInt(algorithm.length).array());
        fixedInfo.writeBytes(algorithm);
        fixedInfo.writeBytes(ByteBuffer.allocate(8).putInt(4).putInt(bits).array());
        fixedInfo.writeBytes(ByteBuffer.allocate(4).putInt(context.length).array());
        fixedInfo.writeBytes(context);
        final var out = new ByteArrayOutputStream();
        for (int counter = 1; out.size() < bits / 8; counter++) {
            final var sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(4).putInt(counter).array());
            sha.update(secrets);
            sha.update(fixedInfo.toByteArray());
            out.writeBytes(sha.digest());
        }
        return Arrays.copyOf(out.toByteArray(), bits / 8);
    }

    private static void assertDiffers(final byte[] expected, final byte[] actual) {
        assertFalse(Arrays.equals(expected, actual));
    }

    private static byte[] bytes(final Random random, final int length) {
        final var bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
