/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyIdsTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void anIdSaysItsBatchIndexSizeAndSlavesAndIsAVersion8Uuid() {
        for (int i = 0; i < 1000; i++) {
            final var batch = KeyIds.Batch.random(random);
            final int index = random.nextInt(KeyIds.MAX_UNITS);
            final int bytes = 1 + random.nextInt(KeyIds.MAX_BYTES);
            final int slaves = 1 + random.nextInt(255);
            final var key = batch.key(index, bytes, slaves);
            assertEquals(8, key.version());
            assertEquals(2, key.variant());
            assertEquals(new KeyIds.Parsed(batch, index, bytes, slaves), KeyIds.parse(key).orElseThrow());
            assertEquals(key, UUID.fromString(key.toString()));
            final var unit = KeyIds.parse(batch.unit(index, bytes)).orElseThrow();
            assertTrue(unit.isUnit());
            assertEquals(batch, unit.batch());
        }
        assertNotEquals(KeyIds.Batch.random(random), KeyIds.Batch.random(random));
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
        assertThrows(IllegalArgumentException.class, () -> batch.key(0, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> batch.key(0, 32, 256));
    }
}
