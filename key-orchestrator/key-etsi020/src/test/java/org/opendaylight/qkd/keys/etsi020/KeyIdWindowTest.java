/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KeyIdWindowTest {
    @Test
    void theOldestIdIsForgottenWhenTheWindowIsFull() {
        final var keys = new KeyIdWindow<String>(3);
        final var ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            assertTrue(keys.add(ids.get(i), "request " + i));
        }
        assertFalse(keys.add(ids.get(1), "a replay"), "an ID it holds is refused");
        assertEquals("request 1", keys.get(ids.get(1)), "and its value is kept");
        assertTrue(keys.add(ids.get(3), "request 3"));
        assertEquals(3, keys.size());
        assertFalse(keys.contains(ids.get(0)));
        assertNull(keys.get(ids.get(0)));
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(3)), order(keys));
        assertTrue(keys.add(ids.get(0), "request 0 again"), "a forgotten ID is new again");
        assertEquals(List.of(ids.get(2), ids.get(3), ids.get(0)), order(keys));
    }

    @Test
    void aRemovedIdIsGoneAndItsRoomFreeUntilItIsAddedAgain() {
        final var keys = new KeyIdWindow<String>(3);
        final var ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            keys.add(ids.get(i), "request " + i);
        }
        assertTrue(keys.remove(ids.get(1)));
        assertFalse(keys.remove(ids.get(1)), "removed already");
        assertFalse(keys.contains(ids.get(1)));
        assertEquals(2, keys.size());
        // its room is free: the oldest stays
        assertTrue(keys.add(ids.get(3), "request 3"));
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3)), order(keys));
        // added again, it is the newest, and the oldest goes
        assertTrue(keys.add(ids.get(1), "request 1 again"));
        assertEquals(List.of(ids.get(2), ids.get(3), ids.get(1)), order(keys));
        assertEquals("request 1 again", keys.get(ids.get(1)));
    }

    @Test
    void aWindowOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyIdWindow<String>(0));
        assertThrows(IllegalArgumentException.class, () -> new KeyIdWindow<String>((1 << 28) + 1));
    }

    @Test
    // a separate thread: a probe that never ends is not interrupted
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void itAnswersAsABoundedInsertionOrderedMapWould() {
        // IDs of a batch differ in a few bits: a small pool of such IDs makes long probe runs, many repeats, and
        // deletions inside those runs; windows below, at and above the first capacity (1024) make it wrap and grow
        for (int window : new int[] {1, 2, 7, 100, 1024, 3000}) {
            final var random = new Random(window);
            final var keys = new KeyIdWindow<Integer>(window);
            final Map<UUID, Integer> model = new LinkedHashMap<>();
            final long base = random.nextLong();
            for (int step = 0; step < 40_000; step++) {
                final var id = new UUID(base, random.nextInt(window * 3));
                final boolean added = keys.add(id, step);
                assertEquals(!model.containsKey(id), added, "window " + window + ", step " + step);
                if (added) {
                    model.put(id, step);
                    if (model.size() > window) {
                        model.remove(model.keySet().iterator().next());
                    }
                }
                final var probe = new UUID(base, random.nextInt(window * 3));
                assertEquals(model.get(probe), keys.get(probe), "window " + window + ", step " + step);
                assertEquals(model.containsKey(probe), keys.contains(probe));
                if (random.nextInt(8) == 0) {
                    // a removal frees its room: the window holds the newest IDs not removed
                    final var removed = new UUID(base, random.nextInt(window * 3));
                    assertEquals(model.remove(removed) != null, keys.remove(removed), "window " + window
                        + ", step " + step);
                }
                assertEquals(model.size(), keys.size(), "window " + window + ", step " + step);
            }
            assertEquals(model.size(), keys.size());
            assertEquals(new ArrayList<>(model.keySet()), order(keys), "window " + window);
            final var values = new ArrayList<Integer>();
            keys.forEach((id, value) -> values.add(value));
            assertEquals(new ArrayList<>(model.values()), values);
        }
    }

    private static <V> List<UUID> order(final KeyIdWindow<V> keys) {
        final var ids = new ArrayList<UUID>();
        keys.forEach((id, value) -> ids.add(id));
        return ids;
    }
}
