/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The QKD key graph in memory: nodes and links updated one by one as the topology changes (never rebuilt), and
 * the key rate reserved on each link. A link's spare rate is its key rate less its reservations, never below zero;
 * a reservation takes its rate on every link of a path at once or not at all. Thread-safe: searches run under a
 * read lock, changes and reservations under the write lock.
 */
public final class KeyGraph {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, KeyNode> nodes = new HashMap<>();
    private final Map<String, KeyLink> links = new HashMap<>();
    private final Map<String, Set<String>> incident = new HashMap<>();
    private final Map<String, Long> reserved = new HashMap<>();
    private final AtomicLong reservationIds = new AtomicLong();

    /**
     * Adds or replaces a node.
     *
     * @param node the node
     */
    public void putNode(final KeyNode node) {
        lock.writeLock().lock();
        try {
            nodes.put(node.id(), node);
            incident.computeIfAbsent(node.id(), id -> new LinkedHashSet<>());
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
            nodes.remove(id);
            final var at = incident.remove(id);
            if (at != null) {
                for (var linkId : List.copyOf(at)) {
                    removeLinkLocked(linkId);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Adds or replaces a link; its reservations stay.
     *
     * @param link the link
     * @throws IllegalArgumentException when an end is not a node of the graph
     */
    public void putLink(final KeyLink link) {
        lock.writeLock().lock();
        try {
            for (var end : List.of(link.nodeA(), link.nodeB())) {
                if (!nodes.containsKey(end)) {
                    throw new IllegalArgumentException("link " + link.id() + " ends at unknown node " + end);
                }
            }
            final var previous = links.put(link.id(), link);
            if (previous != null) {
                incident.get(previous.nodeA()).remove(previous.id());
                incident.get(previous.nodeB()).remove(previous.id());
            }
            incident.get(link.nodeA()).add(link.id());
            incident.get(link.nodeB()).add(link.id());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes a link and its reservations' claim on it.
     *
     * @param id link name
     */
    public void removeLink(final String id) {
        lock.writeLock().lock();
        try {
            removeLinkLocked(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Spare key rate of a link.
     *
     * @param id link name
     * @return its key rate less reservations, at least 0; 0 for an unknown link
     */
    public long spareBps(final String id) {
        lock.readLock().lock();
        try {
            return spareLocked(id);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Reserves a rate on every link of a path, all or nothing.
     *
     * @param path the path
     * @param rateBps the rate, positive
     * @return the reservation, or empty when a link lacks the spare rate or no longer exists
     */
    public Optional<Reservation> reserve(final KeyPath path, final long rateBps) {
        if (rateBps <= 0) {
            throw new IllegalArgumentException("reserved rate must be positive, was " + rateBps);
        }
        lock.writeLock().lock();
        try {
            for (var link : path.links()) {
                if (!links.containsKey(link) || spareLocked(link) < rateBps) {
                    return Optional.empty();
                }
            }
            for (var link : path.links()) {
                reserved.merge(link, rateBps, Long::sum);
            }
            return Optional.of(new Reservation(reservationIds.incrementAndGet(), path, rateBps));
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
            for (var link : reservation.path().links()) {
                reserved.computeIfPresent(link, (id, rate) -> rate > reservation.rateBps()
                    ? rate - reservation.rateBps() : null);
            }
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
    <T> T read(final java.util.function.Function<View, T> search) {
        lock.readLock().lock();
        try {
            return search.apply(new View());
        } finally {
            lock.readLock().unlock();
        }
    }

    private long spareLocked(final String id) {
        final var link = links.get(id);
        return link == null ? 0 : Math.max(0, link.keyRateBps() - reserved.getOrDefault(id, 0L));
    }

    private void removeLinkLocked(final String id) {
        final var link = links.remove(id);
        if (link != null) {
            final var atA = incident.get(link.nodeA());
            if (atA != null) {
                atA.remove(id);
            }
            final var atB = incident.get(link.nodeB());
            if (atB != null) {
                atB.remove(id);
            }
        }
        reserved.remove(id);
    }

    /**
     * Read access for searches; valid only while the read lock is held.
     */
    final class View {
        KeyNode node(final String id) {
            return nodes.get(id);
        }

        KeyLink link(final String id) {
            return links.get(id);
        }

        Collection<String> linksAt(final String node) {
            final var at = incident.get(node);
            return at == null ? List.of() : new ArrayList<>(at);
        }

        long spare(final String link) {
            return spareLocked(link);
        }
    }

    /**
     * Rate held on a path until released.
     */
    public static final class Reservation {
        private final long id;
        private final KeyPath path;
        private final long rateBps;
        private boolean released;

        Reservation(final long id, final KeyPath path, final long rateBps) {
            this.id = id;
            this.path = path;
            this.rateBps = rateBps;
        }

        public long id() {
            return id;
        }

        public KeyPath path() {
            return path;
        }

        public long rateBps() {
            return rateBps;
        }

        // called under the graph's write lock
        boolean markReleased() {
            final boolean first = !released;
            released = true;
            return first;
        }
    }
}
