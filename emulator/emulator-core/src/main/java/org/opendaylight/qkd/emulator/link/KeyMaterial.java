/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Where key bits and key IDs come from: a NIST SP 800-90A DRBG for real operation, or a seeded generator for
 * reproducible tests. Implementations need not be thread-safe; each link owns one.
 */
public interface KeyMaterial {
    /**
     * Fills the array with key bits.
     *
     * @param bytes array to fill
     */
    void fill(byte[] bytes);

    /**
     * A fresh key ID.
     *
     * @return a random (version 4) UUID
     */
    UUID nextId();

    /**
     * A version 4 UUID made of 16 random bytes.
     *
     * @param random at least {@code offset + 16} bytes
     * @param offset where the 16 bytes start
     * @return the UUID
     */
    static UUID uuidFrom(final byte[] random, final int offset) {
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | random[offset + i] & 0xFF;
            lsb = lsb << 8 | random[offset + 8 + i] & 0xFF;
        }
        return versionFour(msb, lsb);
    }

    private static UUID versionFour(final long msb, final long lsb) {
        // RFC 9562 version 4, variant 10
        return new UUID(msb & ~0xF000L | 0x4000L, lsb & ~(0xC0L << 56) | 0x80L << 56);
    }

    /**
     * Key material from the JDK's DRBG ({@code SecureRandom.getInstance("DRBG")}).
     *
     * @return the source
     */
    static KeyMaterial secure() {
        try {
            return new FromGenerator(SecureRandom.getInstance("DRBG"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK offers no DRBG", e);
        }
    }

    /**
     * Reproducible key material for deterministic emulation. Not secret: for tests and demos only.
     *
     * @param seed seed
     * @return the source
     */
    static KeyMaterial seeded(final long seed) {
        return new FromGenerator(new SplittableRandom(seed));
    }

    /**
     * Key material drawn from a random generator.
     *
     * @param random the generator
     */
    record FromGenerator(RandomGenerator random) implements KeyMaterial {
        @Override
        public void fill(final byte[] bytes) {
            random.nextBytes(bytes);
        }

        @Override
        public UUID nextId() {
            return versionFour(random.nextLong(), random.nextLong());
        }

        @Override
        public String toString() {
            return "KeyMaterial{" + random.getClass().getSimpleName() + "}";
        }
    }
}
