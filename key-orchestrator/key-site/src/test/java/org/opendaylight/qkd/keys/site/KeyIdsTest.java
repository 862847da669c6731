/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyIdsTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void anIdSaysItsBatchIndexSizeAndSlavesAndOnlyItsKeyTagsIt() {
        for (int i = 0; i < 1000; i++) {
            final var batch = KeyIds.Batch.random(random);
            final int index = random.nextInt(KeyIds.MAX_UNITS);
            final var bytes = new byte[1 + random.nextInt(KeyIds.MAX_BYTES)];
            random.nextBytes(bytes);
            final int slaves = 1 + random.nextInt(255);
            final var key = batch.key(index, bytes, slaves);
            assertEquals(8, key.version());
            assertEquals(2, key.variant());
            final var parsed = KeyIds.parse(key).orElseThrow();
            assertEquals(List.of(batch, index, bytes.length, slaves), List.of(parsed.batch(), parsed.index(),
                parsed.bytes(), parsed.slaves()));
            assertTrue(parsed.tags(bytes));
            assertEquals(key, UUID.fromString(key.toString()));
            final var unit = KeyIds.parse(batch.unit(index, bytes.length)).orElseThrow();
            assertTrue(unit.isUnit());
            assertEquals(batch, unit.batch());
        }
        assertNotEquals(KeyIds.Batch.random(random), KeyIds.Batch.random(random));
    }

    @Test
    void theUnitsOfABatchHashApartAndTheirEarlierIdsSayTheSame() {
        final var batch = KeyIds.Batch.random(random);
        final var buckets = new HashSet<Integer>();
        final var legacyBuckets = new HashSet<Integer>();
        for (int index = 0; index < KeyIds.MAX_UNITS; index++) {
            final var unit = batch.unit(index, 32);
            final var legacy = batch.legacyUnit(index, 32);
            assertNotEquals(unit, legacy);
            final var parsed = KeyIds.parse(unit).orElseThrow();
            final var parsedLegacy = KeyIds.parse(legacy).orElseThrow();
            assertEquals(List.of(batch, index, 32, 0), List.of(parsed.batch(), parsed.index(), parsed.bytes(),
                parsed.slaves()));
            assertEquals(List.of(batch, index, 32, 0), List.of(parsedLegacy.batch(), parsedLegacy.index(),
                parsedLegacy.bytes(), parsedLegacy.slaves()));
            // the bucket java.util.HashMap puts it in, in a table of 2048 (1024 keys at its load factor)
            buckets.add(bucket(unit.hashCode(), 2048));
            legacyBuckets.add(bucket(legacy.hashCode(), 2048));
        }
        // random hashes fill about 800 of 2048 buckets with 1024 keys; the earlier IDs filled 32
        assertTrue(buckets.size() > 600, () -> "buckets " + buckets.size());
        assertTrue(legacyBuckets.size() <= 64, () -> "earlier IDs' buckets " + legacyBuckets.size());
    }

    private static int bucket(final int hash, final int tableSize) {
        return (hash ^ hash >>> 16) & tableSize - 1;
    }

    @Test
    void anIdWithOtherSlavesAnotherSizeOrOtherBytesDoesNotTag() {
        final var batch = KeyIds.Batch.random(random);
        final var bytes = new byte[64];
        random.nextBytes(bytes);
        final var key = KeyIds.parse(batch.key(3, bytes, 1)).orElseThrow();
        // an SAE that changes the slave SAEs of an ID it was given
        final var forged = new KeyIds.Parsed(key.batch(), key.index(), key.bytes(), 3, key.tag());
        assertFalse(forged.tags(bytes));
        final var longer = new KeyIds.Parsed(key.batch(), key.index(), 96, 1, key.tag());
        assertFalse(longer.tags(java.util.Arrays.copyOf(bytes, 96)));
        final var other = bytes.clone();
        other[63] ^= 1;
        assertFalse(key.tags(other));
        assertTrue(key.tags(bytes));
    }

    @Test
    void randomAndForeignIdsAreNotOfThisLayoutAndFieldsAreBounded() {
        for (int i = 0; i < 1000; i++) {
            assertTrue(KeyIds.parse(UUID.randomUUID()).isEmpty());
        }
        // a version 8 UUID of another layout
        assertTrue(KeyIds.parse(UUID.fromString("017f22e2-79b0-8cc3-98c4-dc0c0c07398f")).isEmpty());
        final var batch = KeyIds.Batch.random(random);
        assertThrows(IllegalArgumentException.class, () -> batch.unit(KeyIds.MAX_UNITS, 32));
        assertThrows(IllegalArgumentException.class, () -> batch.unit(0, KeyIds.MAX_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> batch.key(0, new byte[32], 0));
        assertThrows(IllegalArgumentException.class, () -> batch.key(0, new byte[32], 256));
    }
}
