/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The QKD key graph: nodes, undirected links with their key rate, QBER and key pool fill, and the rate reserved on
 * each link. It is updated incrementally, one node or link at a time, and searched in place; nothing is rebuilt
 * per query.
 *
 * <p>Nodes and links are kept in arrays indexed by small integers, with names mapped to indices, so a search
 * touches arrays only. Searches run under a read lock and may run concurrently; updates and reservations take the
 * write lock. A reservation is all or nothing and checked against the spare rate under the write lock, so
 * concurrent placements never overbook a link.
 *
 * <p>Reserved rate belongs to the link's name: it survives the link's removal and applies again when a link of
 * that name returns, until the reservation is released.
 */
public final class KeyGraph {
    private static final int[] NO_LINKS = new int[0];
    private static final int COMPONENT_CACHE = 4;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong reservationIds = new AtomicLong();
    private final Object landmarkLock = new Object();

    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final Map<String, Integer> linkIndex = new HashMap<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final Map<String, Long> detachedReservations = new HashMap<>();
    private final IntStack freeNodes = new IntStack();
    private final IntStack freeLinks = new IntStack();

    // nodes, by index (package-private: read by searches under the read lock)
    int nodeSlots;
    KeyNode[] nodes = new KeyNode[16];
    boolean[] trusted = new boolean[16];
    int[] operatorCode = new int[16];
    int[] jurisdictionCode = new int[16];
    int[][] adjacency = new int[16][];
    int[] degree = new int[16];

    // links, by index
    int linkSlots;
    KeyLink[] links = new KeyLink[16];
    int[] linkA = new int[16];
    int[] linkB = new int[16];
    long[] reserved = new long[16];
    // the links' attributes as searches read them, flat for speed
    byte[] linkState = new byte[16];
    double[] linkQber = new double[16];
    long[] linkPool = new long[16];
    long[] linkRate = new long[16];

    // bumped when a node or link appears or a link changes its ends: distance bounds must be recomputed then
    private long structureVersion;
    // bumped on every change but reservations: what is usable for a query apart from spare rates may have changed
    private long attributeVersion;
    private volatile Landmarks landmarks;
    // proofs of no route learnt from failed searches, and connectivity ignoring spare rates for the last filters
    private final Cuts cuts = new Cuts();
    private final AtomicReferenceArray<Components> components = new AtomicReferenceArray<>(COMPONENT_CACHE);
    private final AtomicInteger nextComponents = new AtomicInteger();

    /**
     * Adds or replaces a node; a replaced node keeps its links.
     *
     * @param node the node
     */
    public void putNode(final KeyNode node) {
        requireNonNull(node);
        lock.writeLock().lock();
        try {
            attributeVersion++;
            final var existing = nodeIndex.get(node.id());
            final int index;
            if (existing != null) {
                index = existing;
            } else {
                index = freeNodes.isEmpty() ? nodeSlots++ : freeNodes.pop();
                growNodes(index + 1);
                nodeIndex.put(node.id(), index);
                adjacency[index] = NO_LINKS;
                degree[index] = 0;
                structureVersion++;
            }
            nodes[index] = node;
            trusted[index] = node.trusted();
            operatorCode[index] = label(node.operator());
            jurisdictionCode[index] = label(node.jurisdiction());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes a node and every link at it.
     *
     * @param id node name
     */
    public void removeNode(final String id) {
        lock.writeLock().lock();
        try {
            attributeVersion++;
            final var index = nodeIndex.remove(id);
            if (index == null) {
                return;
            }
            for (int link : Arrays.copyOf(adjacency[index], degree[index])) {
                removeLinkLocked(link);
            }
            nodes[index] = null;
            adjacency[index] = NO_LINKS;
            degree[index] = 0;
            freeNodes.push(index);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Adds or replaces a link; reservations on its name stay.
     *
     * @param link the link
     * @throws IllegalArgumentException when an end is not a node of the graph
     */
    public void putLink(final KeyLink link) {
        requireNonNull(link);
        lock.writeLock().lock();
        try {
            attributeVersion++;
            final var endA = nodeIndex.get(link.nodeA());
            final var endB = nodeIndex.get(link.nodeB());
            if (endA == null || endB == null) {
                throw new IllegalArgumentException("link " + link.id() + " ends at unknown node "
                    + (endA == null ? link.nodeA() : link.nodeB()));
            }
            final var existing = linkIndex.get(link.id());
            if (existing != null) {
                final int index = existing;
                if (linkA[index] == endA && linkB[index] == endB) {
                    setLink(index, link);
                    return;
                }
                removeLinkLocked(index);
            }
            final int index = freeLinks.isEmpty() ? linkSlots++ : freeLinks.pop();
            growLinks(index + 1);
            linkIndex.put(link.id(), index);
            setLink(index, link);
            linkA[index] = endA;
            linkB[index] = endB;
            final var held = detachedReservations.remove(link.id());
            reserved[index] = held == null ? 0 : held;
            attach(endA, index);
            attach(endB, index);
            structureVersion++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes a link; reservations on it are kept until released, for a link of the same name that may return.
     *
     * @param id link name
     */
    public void removeLink(final String id) {
        lock.writeLock().lock();
        try {
            attributeVersion++;
            final var index = linkIndex.get(id);
            if (index != null) {
                removeLinkLocked(index);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Looks a node up.
     *
     * @param id node name
     * @return the node, if present
     */
    public Optional<KeyNode> node(final String id) {
        return read(() -> {
            final var index = nodeIndex.get(id);
            return index == null ? Optional.empty() : Optional.of(nodes[index]);
        });
    }

    /**
     * Looks a link up.
     *
     * @param id link name
     * @return the link, if present
     */
    public Optional<KeyLink> link(final String id) {
        return read(() -> {
            final var index = linkIndex.get(id);
            return index == null ? Optional.empty() : Optional.of(links[index]);
        });
    }

    /**
     * Number of nodes.
     *
     * @return nodes
     */
    public int nodeCount() {
        return read(nodeIndex::size);
    }

    /**
     * Number of links.
     *
     * @return links
     */
    public int linkCount() {
        return read(linkIndex::size);
    }

    /**
     * An independent copy of the graph as it is now, its reservations included, for hypotheses that must not touch
     * the graph in use (what-if questions). Searches on the copy learn their own bounds; reservations made or given
     * back on either graph do not reach the other.
     *
     * @return the copy
     */
    public KeyGraph copy() {
        return read(() -> {
            final var copy = new KeyGraph();
            for (var node : nodeIndex.values()) {
                copy.putNode(nodes[node]);
            }
            for (var entry : linkIndex.entrySet()) {
                copy.putLink(links[entry.getValue()]);
                copy.reserved[copy.linkIndex.get(entry.getKey())] = reserved[entry.getValue()];
            }
            copy.detachedReservations.putAll(detachedReservations);
            return copy;
        });
    }

    /**
     * Every link, in no particular order.
     *
     * @return the links
     */
    public List<KeyLink> links() {
        return read(() -> linkIndex.values().stream().map(index -> links[index]).toList());
    }

    // what-if: gives back the rate of paths reserved without a reservation object at hand (a copy's hypothesis)
    void giveBack(final List<PathShare> shares) {
        lock.writeLock().lock();
        try {
            unreserveLocked(perLink(shares));
        } finally {
            lock.writeLock().unlock();
        }
    }

    // the rate each link of the paths carries, a link on several paths the sum
    private static Map<String, Long> perLink(final List<PathShare> shares) {
        final var demand = new HashMap<String, Long>();
        for (var share : shares) {
            for (var link : share.path().links()) {
                demand.merge(link, share.rateBps(), Math::addExact);
            }
        }
        return demand;
    }

    // under the write lock: takes rates off the links' names, present or not
    private void unreserveLocked(final Map<String, Long> perLink) {
        for (var entry : perLink.entrySet()) {
            final var index = linkIndex.get(entry.getKey());
            if (index != null) {
                reserved[index] = Math.max(0, reserved[index] - entry.getValue());
            } else {
                detachedReservations.computeIfPresent(entry.getKey(),
                    (id, rate) -> rate > entry.getValue() ? rate - entry.getValue() : null);
            }
        }
    }

    /**
     * Spare key rate of a link.
     *
     * @param id link name
     * @return its key rate less reservations, at least 0; 0 for an unknown link
     */
    public long spareBps(final String id) {
        return read(() -> {
            final var index = linkIndex.get(id);
            return index == null ? 0L : spare(index);
        });
    }

    /**
     * Rate reserved on a link's name, whether the link is present or not.
     *
     * @param id link name
     * @return reserved rate, never negative
     */
    public long reservedBps(final String id) {
        return read(() -> {
            final var index = linkIndex.get(id);
            if (index != null) {
                return reserved[index];
            }
            final var detached = detachedReservations.get(id);
            return detached != null ? detached : Long.valueOf(0);
        });
    }

    /**
     * Reserves a rate on every link of a path, all or nothing.
     *
     * @param path the path
     * @param rateBps the rate, positive
     * @return the reservation, or empty when a link lacks the spare rate or no longer exists
     */
    public Optional<Reservation> reserve(final KeyPath path, final long rateBps) {
        return reserve(List.of(new PathShare(path, rateBps)));
    }

    /**
     * Reserves the rates of several paths at once, all or nothing; a link on several of them must have the sum.
     *
     * @param shares the paths and their rates
     * @return the reservation, or empty when a link lacks the spare rate or no longer exists
     */
    public Optional<Reservation> reserve(final List<PathShare> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("nothing to reserve");
        }
        final var demand = perLink(shares);
        lock.writeLock().lock();
        try {
            for (var entry : demand.entrySet()) {
                final var index = linkIndex.get(entry.getKey());
                if (index == null || spare(index) < entry.getValue()) {
                    return Optional.empty();
                }
            }
            for (var entry : demand.entrySet()) {
                reserved[linkIndex.get(entry.getKey())] += entry.getValue();
            }
            return Optional.of(new Reservation(reservationIds.incrementAndGet(), shares, demand));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Gives a reservation's rate back; releasing twice has no further effect.
     *
     * @param reservation the reservation
     */
    public void release(final Reservation reservation) {
        lock.writeLock().lock();
        try {
            if (!reservation.markReleased()) {
                return;
            }
            unreserveLocked(reservation.perLink);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs a computation on a consistent view of the graph.
     *
     * @param <T> result type
     * @param search the computation
     * @return its result
     */
    <T> T read(final Supplier<T> search) {
        lock.readLock().lock();
        try {
            return search.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    // under the read lock
    Integer indexOfNode(final String id) {
        return nodeIndex.get(id);
    }

    // under the read lock
    Integer indexOfLink(final String id) {
        return linkIndex.get(id);
    }

    // under the read lock; -1 for a label no node has
    int labelCode(final String label) {
        return labels.getOrDefault(label, -1);
    }

    // under the read lock
    long spare(final int link) {
        return Math.max(0, linkRate[link] - reserved[link]);
    }

    // under the read lock: the end of a link opposite to one of its ends
    int otherEnd(final int link, final int end) {
        return linkA[link] == end ? linkB[link] : linkA[link];
    }

    // under the read lock: whether a cut learnt before shows that no route joins the nodes under the filter
    boolean refuted(final Filter filter, final int source, final int destination) {
        return cuts.refutes(filter, source, destination, structureVersion);
    }

    // under the read lock: after a search found no route to the destination only because nothing was left to
    // explore, the nodes it expanded (from which it followed every usable link)
    void learnCut(final int destination, final int[] expanded, final int count) {
        cuts.learn(this, destination, expanded, count, structureVersion);
    }

    // under the read lock: the components of a filter that ignores spare rates, computed when not cached
    Components components(final Filter filter) {
        final var key = filter.usableKey();
        for (int i = 0; i < COMPONENT_CACHE; i++) {
            final var cached = components.get(i);
            if (cached != null && cached.matches(key, attributeVersion)) {
                return cached;
            }
        }
        final var computed = Components.compute(filter, key, attributeVersion);
        components.set(Math.floorMod(nextComponents.getAndIncrement(), COMPONENT_CACHE), computed);
        return computed;
    }

    // under the read lock: hop distance bounds for the current structure, computed when it changed
    Landmarks landmarks() {
        var current = landmarks;
        if (current == null || current.version() != structureVersion) {
            synchronized (landmarkLock) {
                current = landmarks;
                if (current == null || current.version() != structureVersion) {
                    current = Landmarks.compute(this, structureVersion);
                    landmarks = current;
                }
            }
        }
        return current;
    }

    private void setLink(final int index, final KeyLink link) {
        links[index] = link;
        linkState[index] = (byte) link.state().ordinal();
        linkQber[index] = link.qber();
        linkPool[index] = link.poolBits();
        linkRate[index] = link.keyRateBps();
    }

    private void removeLinkLocked(final int index) {
        final var link = links[index];
        linkIndex.remove(link.id());
        detach(linkA[index], index);
        detach(linkB[index], index);
        if (reserved[index] > 0) {
            detachedReservations.put(link.id(), reserved[index]);
        }
        links[index] = null;
        reserved[index] = 0;
        freeLinks.push(index);
    }

    private void attach(final int node, final int link) {
        if (degree[node] == adjacency[node].length) {
            adjacency[node] = Arrays.copyOf(adjacency[node], Math.max(4, degree[node] * 2));
        }
        adjacency[node][degree[node]++] = link;
    }

    private void detach(final int node, final int link) {
        final var at = adjacency[node];
        for (int i = 0; i < degree[node]; i++) {
            if (at[i] == link) {
                at[i] = at[--degree[node]];
                return;
            }
        }
    }

    private int label(final String label) {
        return labels.computeIfAbsent(label, key -> labels.size());
    }

    private void growNodes(final int needed) {
        if (needed > nodes.length) {
            final int size = Math.max(needed, nodes.length * 2);
            nodes = Arrays.copyOf(nodes, size);
            trusted = Arrays.copyOf(trusted, size);
            operatorCode = Arrays.copyOf(operatorCode, size);
            jurisdictionCode = Arrays.copyOf(jurisdictionCode, size);
            adjacency = Arrays.copyOf(adjacency, size);
            degree = Arrays.copyOf(degree, size);
        }
    }

    private void growLinks(final int needed) {
        if (needed > links.length) {
            final int size = Math.max(needed, links.length * 2);
            links = Arrays.copyOf(links, size);
            linkA = Arrays.copyOf(linkA, size);
            linkB = Arrays.copyOf(linkB, size);
            reserved = Arrays.copyOf(reserved, size);
            linkState = Arrays.copyOf(linkState, size);
            linkQber = Arrays.copyOf(linkQber, size);
            linkPool = Arrays.copyOf(linkPool, size);
            linkRate = Arrays.copyOf(linkRate, size);
        }
    }

    /**
     * A path and the rate it carries.
     *
     * @param path the path
     * @param rateBps its rate
     */
    public record PathShare(KeyPath path, long rateBps) {
        public PathShare {
            requireNonNull(path);
            if (rateBps <= 0) {
                throw new IllegalArgumentException("a path's rate must be positive, was " + rateBps);
            }
        }
    }

    /**
     * Rate held on one or more paths until released.
     */
    public static final class Reservation {
        private final long id;
        private final List<PathShare> shares;
        private final Map<String, Long> perLink;
        private boolean released;

        Reservation(final long id, final List<PathShare> shares, final Map<String, Long> perLink) {
            this.id = id;
            this.shares = List.copyOf(shares);
            this.perLink = Map.copyOf(perLink);
        }

        public long id() {
            return id;
        }

        /**
         * Total rate carried end to end.
         *
         * @return the sum of the shares' rates
         */
        public long rateBps() {
            return shares.stream().mapToLong(PathShare::rateBps).sum();
        }

        // called under the graph's write lock
        boolean markReleased() {
            final boolean first = !released;
            released = true;
            return first;
        }
    }

    /**
     * A growable stack of ints for free slots.
     */
    private static final class IntStack {
        private int[] items = new int[8];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        void push(final int value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }

        int pop() {
            return items[--size];
        }
    }
}
