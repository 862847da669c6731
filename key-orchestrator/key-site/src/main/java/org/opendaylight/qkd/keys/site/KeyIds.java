/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * The key IDs of this suite's site KMEs, which let the two end KMEs of an application agree on keys of any size and
 * for several slave SAEs without a message between them.
 *
 * <p>The master's KME makes keys in batches of the application's key size (units) and relays each unit under its own
 * ID. A key that an SAE receives is a run of consecutive units of one batch, cut to the size asked, for a set of the
 * application's slave SAEs; its ID says which: the batch, the first unit, the size in bytes and the slaves (a bit per
 * slave SAE, in the sorted order both KMEs know from the configuration). The slave's KME reads the same facts from
 * the ID alone and puts the same bytes together.
 *
 * <p>Each ID is an RFC 9562 version 8 UUID: 86 random bits name the batch, 8 bits mark the layout, 10 bits the
 * unit's index in the batch, 10 bits the size in bytes less one, 8 bits the slave SAEs (none for a unit).
 */
final class KeyIds {
    /** Most units in one batch. */
    static final int MAX_UNITS = 1 << 10;
    /** Largest key, in bytes. */
    static final int MAX_BYTES = 1 << 10;
    /** Most slave SAEs of one application. */
    static final int MAX_SLAVES = Byte.SIZE;

    private static final long VERSION_8 = 0x8000L;
    private static final long VERSION_MASK = 0xF000L;
    private static final long VARIANT = 0x8000_0000_0000_0000L;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final int TAG = 0xA5;
    private static final int TAG_SHIFT = 28;
    private static final int INDEX_SHIFT = 18;
    private static final int SIZE_SHIFT = 8;
    private static final long FIELDS = (1L << 36) - 1;

    /**
     * A batch of units the master's KME made.
     *
     * @param msb the high 64 bits of its IDs
     * @param lsb the low 64 bits of its IDs, without the index, size and slaves
     */
    record Batch(long msb, long lsb) {
        static Batch random(final SecureRandom random) {
            return new Batch(random.nextLong() & ~VERSION_MASK | VERSION_8,
                random.nextLong() & ~VARIANT_MASK & ~FIELDS | VARIANT | (long) TAG << TAG_SHIFT);
        }

        /**
         * The ID of one unit.
         *
         * @param index its place in the batch
         * @param bytes its size in bytes
         * @return its ID
         */
        UUID unit(final int index, final int bytes) {
            return id(index, bytes, 0);
        }

        /**
         * The ID of a key made of units.
         *
         * @param first the index of its first unit
         * @param bytes its size in bytes
         * @param slaves the slave SAEs it is for, a bit each
         * @return its ID
         */
        UUID key(final int first, final int bytes, final int slaves) {
            if (slaves == 0) {
                throw new IllegalArgumentException("a key is for at least one slave SAE");
            }
            return id(first, bytes, slaves);
        }

        private UUID id(final int index, final int bytes, final int slaves) {
            if (index < 0 || index >= MAX_UNITS || bytes < 1 || bytes > MAX_BYTES || slaves >>> MAX_SLAVES != 0) {
                throw new IllegalArgumentException("index " + index + ", " + bytes + " bytes, slaves " + slaves);
            }
            return new UUID(msb, lsb | (long) index << INDEX_SHIFT | (long) (bytes - 1) << SIZE_SHIFT | slaves);
        }
    }

    /**
     * What an ID says.
     *
     * @param batch its batch
     * @param index the index of its (first) unit
     * @param bytes its size in bytes
     * @param slaves the slave SAEs of a key (a bit each, in sorted order); 0 for a unit
     */
    record Parsed(Batch batch, int index, int bytes, int slaves) {
        boolean isUnit() {
            return slaves == 0;
        }
    }

    private KeyIds() {
        // static functions only
    }

    /**
     * Reads an ID of this layout.
     *
     * @param id any key ID
     * @return what it says; empty when it is not of this layout (a key ID of an earlier version, of another
     *         vendor's KME)
     */
    static Optional<Parsed> parse(final UUID id) {
        final long lsb = id.getLeastSignificantBits();
        if ((id.getMostSignificantBits() & VERSION_MASK) != VERSION_8 || (lsb & VARIANT_MASK) != VARIANT
                || (lsb >>> TAG_SHIFT & 0xFF) != TAG) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new Batch(id.getMostSignificantBits(), lsb & ~FIELDS | (long) TAG << TAG_SHIFT),
            (int) (lsb >>> INDEX_SHIFT & MAX_UNITS - 1), (int) (lsb >>> SIZE_SHIFT & MAX_BYTES - 1) + 1,
            (int) (lsb & 0xFF)));
    }
}
