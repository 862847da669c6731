/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.function.BiConsumer;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The newest {@code window} of a stream of key IDs, each with what it came with: a map from {@link UUID} that
 * forgets its oldest entry when a new one would exceed the window, and lists its entries in the order they came. A
 * relay keeps the IDs it received in one, to refuse a replay; a site's key manager the IDs it delivered, to answer a
 * void of one.
 *
 * <p>Such a window holds a hundred thousand to a million IDs or more, and each lives long enough to be promoted to
 * the old generation, where a map entry, a {@code UUID} and a value per ID would leave millions of objects for the
 * collector to trace and copy. Here an ID is two {@code long}s in a ring of arrays and a slot in an index of
 * {@code int}s (open addressing, linear probing, deletions by backward shift), and the value is a reference that
 * the IDs of one request share: about 32 bytes per ID and no object of its own. The arrays grow by doubling up to
 * the window. An ID removed leaves its place in the ring until the ring needs it.
 *
 * <p>Not thread-safe: its user holds a lock around every call.
 *
 * @param <V> what each ID came with
 */
public final class KeyIdWindow<V> {
    private static final int FIRST_CAPACITY = 1024;
    private static final int MAX_WINDOW = 1 << 28;
    // the value of a ring place whose ID was removed: not in the index, skipped, dropped when the ring needs room
    private static final Object REMOVED = new Object();

    private final int window;
    // the ring: the entry of age order i (0 the oldest) is at (head + i) % capacity; occupied places, removed ones
    // included, and the IDs held
    private long[] most;
    private long[] least;
    private Object[] values;
    private int head;
    private int occupied;
    private int size;
    // the index: ring position + 1, or 0 for a free slot; a power of two, at least twice the ring's capacity
    private int[] index;

    /**
     * A window.
     *
     * @param window how many IDs it remembers, at least one and at most 2<sup>28</sup>
     * @throws IllegalArgumentException when {@code window} is out of that range
     */
    public KeyIdWindow(final int window) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("the window holds 1 to " + MAX_WINDOW + " key IDs, not " + window);
        }
        this.window = window;
        allocate(Math.min(window, FIRST_CAPACITY));
    }

    /**
     * How many IDs it holds.
     *
     * @return at most the window
     */
    public int size() {
        return size;
    }

    /**
     * Whether it holds an ID.
     *
     * @param id the ID
     * @return whether it is among the newest {@code window} added and not removed
     */
    public boolean contains(final UUID id) {
        return find(id.getMostSignificantBits(), id.getLeastSignificantBits()) >= 0;
    }

    /**
     * What an ID came with.
     *
     * @param id the ID
     * @return its value, or null when it does not hold the ID
     */
    @SuppressWarnings("unchecked")
    public @Nullable V get(final UUID id) {
        final int at = find(id.getMostSignificantBits(), id.getLeastSignificantBits());
        return at < 0 ? null : (V) values[index[at] - 1];
    }

    /**
     * Remembers an ID as the newest, forgetting the oldest when the window is full.
     *
     * @param id the ID
     * @param value what it came with
     * @return false, and nothing changed, when it already holds the ID
     */
    public boolean add(final UUID id, final V value) {
        requireNonNull(value);
        final long msb = id.getMostSignificantBits();
        final long lsb = id.getLeastSignificantBits();
        if (find(msb, lsb) >= 0) {
            return false;
        }
        if (size == window) {
            forgetOldest();
        } else if (occupied == most.length) {
            // larger, up to the window; or as large, without the places of removed IDs
            grow();
        }
        final int position = (head + occupied) % most.length;
        most[position] = msb;
        least[position] = lsb;
        values[position] = value;
        occupied++;
        size++;
        place(position);
        return true;
    }

    /**
     * Forgets an ID.
     *
     * @param id the ID
     * @return whether it held the ID
     */
    public boolean remove(final UUID id) {
        final int slot = find(id.getMostSignificantBits(), id.getLeastSignificantBits());
        if (slot < 0) {
            return false;
        }
        values[index[slot] - 1] = REMOVED;
        unindex(slot);
        size--;
        return true;
    }

    /**
     * Gives every ID it holds with its value, the oldest first.
     *
     * @param action takes each ID and its value
     */
    @SuppressWarnings("unchecked")
    public void forEach(final BiConsumer<UUID, V> action) {
        for (int i = 0; i < occupied; i++) {
            final int position = (head + i) % most.length;
            if (values[position] != REMOVED) {
                action.accept(new UUID(most[position], least[position]), (V) values[position]);
            }
        }
    }

    // the index slot that holds an ID, or -1
    private int find(final long msb, final long lsb) {
        final int mask = index.length - 1;
        int slot = home(msb, lsb, mask);
        while (true) {
            final int entry = index[slot];
            if (entry == 0) {
                return -1;
            }
            if (most[entry - 1] == msb && least[entry - 1] == lsb) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    // the oldest ID held leaves the ring, and the places of removed IDs before it
    private void forgetOldest() {
        while (values[head] == REMOVED) {
            dropHead();
        }
        unindex(find(most[head], least[head]));
        dropHead();
        size--;
    }

    private void dropHead() {
        values[head] = null;
        head = (head + 1) % most.length;
        occupied--;
    }

    // frees an index slot by backward shift: an entry after the freed slot moves into it unless its home lies
    // cyclically after the freed slot and at or before the entry's own slot
    private void unindex(final int slot) {
        final int mask = index.length - 1;
        int free = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            final int entry = index[next];
            if (entry == 0) {
                break;
            }
            final int home = home(most[entry - 1], least[entry - 1], mask);
            final boolean stays = free <= next ? free < home && home <= next : free < home || home <= next;
            if (!stays) {
                index[free] = entry;
                free = next;
            }
        }
        index[free] = 0;
    }

    // the IDs held copied in age order into arrays twice as large (at most the window), the index rebuilt
    private void grow() {
        final var oldMost = most;
        final var oldLeast = least;
        final var oldValues = values;
        final int oldHead = head;
        final int count = occupied;
        allocate((int) Math.min((long) most.length * 2, window));
        for (int i = 0; i < count; i++) {
            final int from = (oldHead + i) % oldMost.length;
            if (oldValues[from] != REMOVED) {
                most[occupied] = oldMost[from];
                least[occupied] = oldLeast[from];
                values[occupied] = oldValues[from];
                place(occupied++);
            }
        }
    }

    // the ring position's entry into the index, at the first free slot from its home
    private void place(final int position) {
        final int mask = index.length - 1;
        int slot = home(most[position], least[position], mask);
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = position + 1;
    }

    private void allocate(final int capacity) {
        most = new long[capacity];
        least = new long[capacity];
        values = new Object[capacity];
        index = new int[Integer.highestOneBit(capacity - 1 | 1) << 2];
        head = 0;
        occupied = 0;
    }

    // the slot an ID's probe starts at: the bits of both halves mixed (IDs of a batch differ in few bits)
    private static int home(final long msb, final long lsb, final int mask) {
        long hash = msb * 0x9E3779B97F4A7C15L ^ lsb;
        hash ^= hash >>> 33;
        hash *= 0xFF51AFD7ED558CCDL;
        hash ^= hash >>> 33;
        return (int) hash & mask;
    }
}
