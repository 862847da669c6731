/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Proofs, kept from failed searches, that no route joins two nodes: a cut is a set S of nodes with every link that has
 * exactly one end in S. A query with one end in S and the other outside has no route when none of those links can be
 * its first step out of S: the link is unusable for the query, or one of its ends may not be on the route (not
 * usable, or not the query's end and not allowed to relay). Checking that is one pass over the links at the cut,
 * where the search it spares would exhaust S. The links are checked as they are at the time of the query, so a cut
 * remains a sound proof whatever happens to spare rates, states and trust; only nodes or links appearing (a new
 * structure version) void it, and a vanished link only makes the proof stronger.
 *
 * <p>The graph keeps the few cuts learnt last; searches of any thread use them under the read lock.
 */
final class Cuts {
    // a failed search from a smaller set than this is cheap enough to repeat
    static final int MIN_NODES = 64;
    private static final int CAPACITY = 16;

    private final AtomicReferenceArray<Cut> recent = new AtomicReferenceArray<>(CAPACITY);
    private final AtomicInteger nextSlot = new AtomicInteger();

    // whether a cut shows that no route joins source and destination under the filter
    boolean refutes(final Filter filter, final int source, final int destination, final long version) {
        for (int i = 0; i < CAPACITY; i++) {
            final var cut = recent.get(i);
            if (cut != null && cut.version == version && cut.refutes(filter, source, destination)) {
                return true;
            }
        }
        return false;
    }

    // After a search found no route to destination and gave up only because nothing was left to explore (no hop
    // limit, no required or banned node): keeps the nodes it expanded, from which it followed every usable link to
    // a node that may relay, as a cut when it is worth keeping.
    void learn(final KeyGraph graph, final int destination, final int[] expanded, final int count,
            final long version) {
        if (count >= MIN_NODES) {
            final var cut = Cut.around(graph, destination, expanded, count, version);
            if (cut != null) {
                recent.set(Math.floorMod(nextSlot.getAndIncrement(), CAPACITY), cut);
            }
        }
    }

    private static final class Cut {
        final long version;
        private final BitSet inside;
        // the links with one end inside, with their inside and outside ends
        private final int[] links;
        private final int[] insideEnd;
        private final int[] outsideEnd;

        private Cut(final long version, final BitSet inside, final int[] links, final int[] insideEnd,
                final int[] outsideEnd) {
            this.version = version;
            this.inside = inside;
            this.links = links;
            this.insideEnd = insideEnd;
            this.outsideEnd = outsideEnd;
        }

        // null when, against expectation, the destination is among the nodes
        static Cut around(final KeyGraph graph, final int destination, final int[] expanded, final int size,
                final long version) {
            final var inside = new BitSet(graph.nodeSlots);
            for (int i = 0; i < size; i++) {
                inside.set(expanded[i]);
            }
            if (inside.get(destination)) {
                return null;
            }
            int count = 0;
            var links = new int[64];
            var insideEnd = new int[64];
            var outsideEnd = new int[64];
            for (int q = 0; q < size; q++) {
                final int node = expanded[q];
                final var at = graph.adjacency[node];
                for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                    final int link = at[i];
                    final int next = graph.otherEnd(link, node);
                    if (inside.get(next)) {
                        continue;
                    }
                    if (count == links.length) {
                        links = Arrays.copyOf(links, count * 2);
                        insideEnd = Arrays.copyOf(insideEnd, count * 2);
                        outsideEnd = Arrays.copyOf(outsideEnd, count * 2);
                    }
                    links[count] = link;
                    insideEnd[count] = node;
                    outsideEnd[count] = next;
                    count++;
                }
            }
            return new Cut(version, inside, Arrays.copyOf(links, count), Arrays.copyOf(insideEnd, count),
                Arrays.copyOf(outsideEnd, count));
        }

        boolean refutes(final Filter filter, final int source, final int destination) {
            final boolean sourceInside = inside.get(source);
            if (sourceInside == inside.get(destination)) {
                return false;
            }
            final int endInside = sourceInside ? source : destination;
            final int endOutside = sourceInside ? destination : source;
            for (int i = 0; i < links.length; i++) {
                if (filter.linkUsable(links[i]) && mayStep(filter, insideEnd[i], endInside)
                        && mayStep(filter, outsideEnd[i], endOutside)) {
                    return false;
                }
            }
            return true;
        }

        // whether a route may pass a node, given the query's end on the same side of the cut
        private static boolean mayStep(final Filter filter, final int node, final int end) {
            return filter.nodeUsable(node) && (node == end || filter.relays(node));
        }
    }
}
