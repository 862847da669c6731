/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.opendaylight.qkd.keys.crypto.KeyDerivation;

/**
 * The key IDs of this suite's site KMEs, which let the two end KMEs of an application agree on keys of any size and
 * for several slave SAEs without a message between them.
 *
 * <p>The master's KME makes keys in batches of the application's key size (units) and relays each unit under its own
 * ID. A key of the default size for the one slave SAE of an application goes to the SAEs under its unit's ID (what
 * another vendor's KMS at the slave's node knows it by). Any other key that an SAE receives is a run of
 * consecutive units of one batch, cut to the size asked, for a set of the application's slave SAEs; its ID says
 * which: the batch, the first unit, the size in bytes,
 * the slave SAEs (a bit per slave SAE, in the order both KMEs know from the configuration), and a tag that only the
 * key's holders can compute ({@link KeyDerivation#tag}: the key's bytes bind the other fields). The slave's KME
 * reads the facts from the ID alone, puts the same bytes together and checks the tag, so an SAE cannot name a key of
 * its own making: other units, another size or other slave SAEs than the master's KME handed out.
 *
 * <p>Each ID is an RFC 9562 version 8 UUID: 52 random bits name the batch, 8 bits the slave SAEs (none for a unit),
 * 34 bits the tag, 8 bits mark the layout, 10 bits the unit's index in the batch and 10 bits the size in bytes less
 * one. A unit has no tag: its 34 bits are a mix of its index ({@link #spread}), so that the IDs of one batch hash
 * apart ({@link UUID#hashCode} folds the two halves together, and IDs that differ in the index bits alone filled
 * only a few of a hash table's buckets: the relay's tables of a batch's keys degenerated into trees). Units an
 * earlier version stored have zeros there ({@link Batch#legacyUnit}).
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
    private static final long SLAVES_MASK = 0xFFL;
    private static final long VARIANT = 0x8000_0000_0000_0000L;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final int TAG_SHIFT = 28;
    private static final int TAG_BITS = 34;
    private static final long TAG_MASK = (1L << TAG_BITS) - 1;
    private static final long MARKER = 0xA5;
    private static final int MARKER_SHIFT = 20;
    private static final int INDEX_SHIFT = 10;
    private static final int FIELD_MASK = (1 << 10) - 1;

    /**
     * A batch of units the master's KME made.
     *
     * @param msb the high 64 bits of its IDs, without the slave SAEs
     */
    record Batch(long msb) {
        static Batch random(final SecureRandom random) {
            return new Batch(random.nextLong() & ~VERSION_MASK & ~SLAVES_MASK | VERSION_8);
        }

        /**
         * The ID of one unit.
         *
         * @param index its place in the batch
         * @param bytes its size in bytes
         * @return its ID
         */
        UUID unit(final int index, final int bytes) {
            check(index, bytes, 0);
            return new UUID(msb, low(index, bytes) | spread(index) << TAG_SHIFT);
        }

        /**
         * The ID an earlier version gave a unit, with zeros where a unit's ID now has {@link #spread}: how the units
         * it stored are found.
         *
         * @param index its place in the batch
         * @param bytes its size in bytes
         * @return its ID
         */
        UUID legacyUnit(final int index, final int bytes) {
            check(index, bytes, 0);
            return new UUID(msb, low(index, bytes));
        }

        /**
         * The ID of a key made of units.
         *
         * @param first the index of its first unit
         * @param key the key's bytes (to tag the ID with); left unchanged
         * @param slaves the slave SAEs it is for, a bit each
         * @return its ID
         */
        UUID key(final int first, final byte[] key, final int slaves) {
            if (slaves == 0) {
                throw new IllegalArgumentException("a key is for at least one slave SAE");
            }
            check(first, key.length, slaves);
            return new UUID(msb | slaves, low(first, key.length) | tagOf(key, this, first, key.length, slaves)
                << TAG_SHIFT);
        }

        private static void check(final int index, final int bytes, final int slaves) {
            if (index < 0 || index >= MAX_UNITS || bytes < 1 || bytes > MAX_BYTES || slaves >>> MAX_SLAVES != 0) {
                throw new IllegalArgumentException("index " + index + ", " + bytes + " bytes, slaves " + slaves);
            }
        }

        private static long low(final int index, final int bytes) {
            return VARIANT | MARKER << MARKER_SHIFT | (long) index << INDEX_SHIFT | bytes - 1;
        }
    }

    /**
     * What an ID says.
     *
     * @param batch its batch
     * @param index the index of its (first) unit
     * @param bytes its size in bytes
     * @param slaves the slave SAEs of a key (a bit each); 0 for a unit
     * @param tag the key's tag; 0 for a unit
     */
    record Parsed(Batch batch, int index, int bytes, int slaves, long tag) {
        boolean isUnit() {
            return slaves == 0;
        }

        /**
         * Whether the tag is that of a key's bytes.
         *
         * @param key the bytes the slave's KME put together; left unchanged
         * @return whether the ID names those bytes
         */
        boolean tags(final byte[] key) {
            return key.length == bytes && tagOf(key, batch, index, bytes, slaves) == tag;
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
        final long msb = id.getMostSignificantBits();
        final long lsb = id.getLeastSignificantBits();
        if ((msb & VERSION_MASK) != VERSION_8 || (lsb & VARIANT_MASK) != VARIANT
                || (lsb >>> MARKER_SHIFT & 0xFF) != MARKER) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new Batch(msb & ~SLAVES_MASK), (int) (lsb >>> INDEX_SHIFT & FIELD_MASK),
            (int) (lsb & FIELD_MASK) + 1, (int) (msb & SLAVES_MASK), lsb >>> TAG_SHIFT & TAG_MASK));
    }

    // a unit's index mixed over the tag's bits (Fibonacci hashing: the golden ratio's multiplier), never zero
    static long spread(final int index) {
        return ((index + 1L) * 0x9E37_79B9_7F4A_7C15L >>> Long.SIZE - TAG_BITS) & TAG_MASK | 1;
    }

    private static long tagOf(final byte[] key, final Batch batch, final int index, final int bytes,
            final int slaves) {
        final var name = ByteBuffer.allocate(Long.BYTES + 3 * Integer.BYTES).putLong(batch.msb()).putInt(index)
            .putInt(bytes).putInt(slaves).array();
        return KeyDerivation.tag(key, name) & TAG_MASK;
    }
}
