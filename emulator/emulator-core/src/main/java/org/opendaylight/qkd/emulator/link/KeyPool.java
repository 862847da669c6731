/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The key pool at one end of a link: key blocks in the order they were generated, bounded in bits. Each block
 * leaves the pool at most once, and the pool's copy is zeroed when it does. Thread-safe.
 */
public final class KeyPool {
    private final long capacityBits;
    private final Map<UUID, byte[]> blocks = new LinkedHashMap<>();
    private long storedBits;

    KeyPool(final long capacityBits) {
        if (capacityBits <= 0) {
            throw new IllegalArgumentException("key pool capacity must be positive, was " + capacityBits);
        }
        this.capacityBits = capacityBits;
    }

    public long capacityBits() {
        return capacityBits;
    }

    public synchronized long storedBits() {
        return storedBits;
    }

    public synchronized int blockCount() {
        return blocks.size();
    }

    synchronized long freeBits() {
        return capacityBits - storedBits;
    }

    synchronized void add(final UUID id, final byte[] bits) {
        final long size = (long) bits.length * Byte.SIZE;
        if (size > freeBits()) {
            throw new IllegalStateException("key pool full");
        }
        if (blocks.putIfAbsent(id, bits) != null) {
            throw new IllegalStateException("duplicate key ID " + id);
        }
        storedBits += size;
    }

    /**
     * Takes the oldest blocks out of the pool.
     *
     * @param count how many blocks
     * @return the blocks, oldest first
     * @throws NoSuchElementException when fewer than {@code count} blocks are stored; nothing is taken then
     */
    public synchronized List<KeyBlock> takeOldest(final int count) {
        if (count < 0 || count > blocks.size()) {
            throw new NoSuchElementException("requested " + count + " key blocks, " + blocks.size() + " available");
        }
        final var ids = new ArrayList<UUID>(count);
        final var it = blocks.keySet().iterator();
        for (int i = 0; i < count; i++) {
            ids.add(it.next());
        }
        return take(ids);
    }

    /**
     * Takes the blocks with the given IDs out of the pool, all or none.
     *
     * @param ids key IDs
     * @return the blocks, in the order of {@code ids}
     * @throws NoSuchElementException when an ID is not in the pool (never generated, or already taken); nothing is
     *         taken then
     * @throws IllegalArgumentException when an ID is repeated
     */
    public synchronized List<KeyBlock> take(final Collection<UUID> ids) {
        if (ids.stream().distinct().count() != ids.size()) {
            throw new IllegalArgumentException("repeated key ID in request");
        }
        for (var id : ids) {
            if (!blocks.containsKey(id)) {
                throw new NoSuchElementException("key ID " + id + " not in the pool");
            }
        }
        final var out = new ArrayList<KeyBlock>(ids.size());
        for (var id : ids) {
            final var stored = blocks.remove(id);
            storedBits -= (long) stored.length * Byte.SIZE;
            out.add(new KeyBlock(id, stored.clone()));
            Arrays.fill(stored, (byte) 0);
        }
        return out;
    }

    /**
     * Removes and zeroes every block.
     *
     * @return how many blocks were erased
     */
    synchronized int erase() {
        final int count = blocks.size();
        blocks.values().forEach(bits -> Arrays.fill(bits, (byte) 0));
        blocks.clear();
        storedBits = 0;
        return count;
    }
}
