/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.Arrays;

/**
 * Per-thread scratch arrays of the searches, sized to the graph and reused: a search stamps what it touches with
 * its own epoch instead of clearing the arrays.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private int epoch;
    private int[] seen = new int[0];
    private int[] closed = new int[0];
    double[] dist = new double[0];
    double[] bound = new double[0];
    int[] hops = new int[0];
    int[] viaLink = new int[0];
    int[] viaState = new int[0];
    int[] queue = new int[0];
    // the nodes the last search expanded, in order
    int[] expanded = new int[0];
    int expandedCount;
    // lazy binary heap: entries (key, tie, item), stale entries skipped when popped
    private double[] heapKey = new double[64];
    private double[] heapTie = new double[64];
    private int[] heapItem = new int[64];
    private int heapSize;
    // or, for keys that are whole multiples of a unit and never below the last popped (A* by hops with consistent
    // bounds), a bucket queue: one stack per key, last in first out within a key
    private double unit;
    private int[][] buckets = new int[0][];
    private int[] bucketSize = new int[0];
    private int lowest;
    private int highest = -1;

    static Workspace get(final int capacity) {
        final var workspace = CURRENT.get();
        workspace.reset(capacity);
        return workspace;
    }

    // the workspace as the last search on this thread left it
    static Workspace current() {
        return CURRENT.get();
    }

    private void reset(final int capacity) {
        if (seen.length < capacity) {
            final int size = Math.max(capacity, seen.length * 2);
            seen = new int[size];
            closed = new int[size];
            dist = new double[size];
            bound = new double[size];
            hops = new int[size];
            viaLink = new int[size];
            viaState = new int[size];
            queue = new int[size];
            expanded = new int[size];
            epoch = 0;
        }
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(seen, 0);
            Arrays.fill(closed, 0);
            epoch = 1;
        }
        heapSize = 0;
        expandedCount = 0;
        for (int key = lowest; key <= highest; key++) {
            bucketSize[key] = 0;
        }
        unit = 0;
        lowest = 0;
        highest = -1;
    }

    // from now until the next reset, keys are whole multiples of unit and none is pushed below the least one popped
    void useBuckets(final double keyUnit) {
        unit = keyUnit;
    }

    boolean seen(final int item) {
        return seen[item] == epoch;
    }

    void see(final int item) {
        seen[item] = epoch;
    }

    boolean closed(final int item) {
        return closed[item] == epoch;
    }

    void close(final int item) {
        closed[item] = epoch;
    }

    boolean heapEmpty() {
        return heapSize == 0;
    }

    // key of the least entry, which may be stale
    double topKey() {
        if (unit > 0) {
            while (bucketSize[lowest] == 0) {
                lowest++;
            }
            return lowest * unit;
        }
        return heapKey[0];
    }

    void push(final double key, final double tie, final int item) {
        if (unit > 0) {
            pushBucket((int) Math.round(key / unit), item);
            return;
        }
        if (heapSize == heapItem.length) {
            heapKey = Arrays.copyOf(heapKey, heapSize * 2);
            heapTie = Arrays.copyOf(heapTie, heapSize * 2);
            heapItem = Arrays.copyOf(heapItem, heapSize * 2);
        }
        int at = heapSize++;
        while (at > 0) {
            final int parent = (at - 1) >>> 1;
            if (!less(key, tie, heapKey[parent], heapTie[parent])) {
                break;
            }
            move(parent, at);
            at = parent;
        }
        heapKey[at] = key;
        heapTie[at] = tie;
        heapItem[at] = item;
    }

    int pop() {
        if (unit > 0) {
            while (bucketSize[lowest] == 0) {
                lowest++;
            }
            heapSize--;
            return buckets[lowest][--bucketSize[lowest]];
        }
        final int top = heapItem[0];
        final int last = --heapSize;
        final double key = heapKey[last];
        final double tie = heapTie[last];
        final int item = heapItem[last];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && less(heapKey[child + 1], heapTie[child + 1], heapKey[child], heapTie[child])) {
                child++;
            }
            if (!less(heapKey[child], heapTie[child], key, tie)) {
                break;
            }
            move(child, at);
            at = child;
        }
        if (heapSize > 0) {
            heapKey[at] = key;
            heapTie[at] = tie;
            heapItem[at] = item;
        }
        return top;
    }

    private void pushBucket(final int key, final int item) {
        if (key >= buckets.length) {
            final int size = Math.max(key + 1, buckets.length * 2);
            buckets = Arrays.copyOf(buckets, size);
            bucketSize = Arrays.copyOf(bucketSize, size);
        }
        var bucket = buckets[key];
        if (bucket == null) {
            bucket = new int[16];
            buckets[key] = bucket;
        } else if (bucketSize[key] == bucket.length) {
            bucket = Arrays.copyOf(bucket, bucket.length * 2);
            buckets[key] = bucket;
        }
        bucket[bucketSize[key]++] = item;
        if (heapSize++ == 0 || key < lowest) {
            lowest = key;
        }
        highest = Math.max(highest, key);
    }

    private void move(final int from, final int to) {
        heapKey[to] = heapKey[from];
        heapTie[to] = heapTie[from];
        heapItem[to] = heapItem[from];
    }

    private static boolean less(final double key, final double tie, final double otherKey, final double otherTie) {
        return key < otherKey || key == otherKey && tie < otherTie;
    }
}
