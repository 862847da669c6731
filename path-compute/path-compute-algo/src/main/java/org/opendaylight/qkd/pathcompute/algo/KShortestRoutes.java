/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Loop-free routes, cheapest first, after the first (Yen's algorithm over the constrained search of
 * {@link ShortestRoutes}).
 */
final class KShortestRoutes {
    private KShortestRoutes() {
        // static functions only
    }

    // adds to found (which holds the first route) the next cheapest routes until it holds count or none is left
    static void yen(final Filter filter, final Route first, final int destination, final int count,
            final List<Route> found) {
        final var candidates = new PriorityQueue<Route>((one, other) -> one.cost != other.cost
            ? Double.compare(one.cost, other.cost) : Integer.compare(one.hops(), other.hops()));
        final var known = new HashSet<List<Integer>>();
        known.add(first.linkList());
        // exact costs to the destination without the bans: bounds for every spur search, which then runs
        // almost straight to the destination unless the bans force a detour
        final var toDestination = ShortestRoutes.costsTo(filter, destination);
        while (found.size() < count) {
            final var previous = found.get(found.size() - 1);
            for (int spur = 0; spur < previous.hops(); spur++) {
                final int spurNode = previous.nodes[spur];
                if (spur > 0 && !filter.relays(spurNode)) {
                    continue;
                }
                final var bannedLinks = new BitSet();
                for (var path : found) {
                    if (path.hops() > spur && path.sharesPrefix(previous, spur)) {
                        bannedLinks.set(path.links[spur]);
                    }
                }
                final var bannedNodes = new BitSet();
                double rootCost = 0;
                for (int i = 0; i < spur; i++) {
                    bannedNodes.set(previous.nodes[i]);
                    rootCost += filter.cost(previous.links[i]);
                }
                // enough candidates at most this cheap already: a dearer tail is of no use
                final double bound = candidates.size() < count - found.size() ? Double.POSITIVE_INFINITY
                    : candidates.stream().mapToDouble(route -> route.cost).sorted()
                        .skip(count - found.size() - 1).findFirst().orElseThrow() - rootCost;
                filter.ban(bannedNodes, bannedLinks);
                final var tail = ShortestRoutes.search(filter, spurNode, destination, true, bound, toDestination);
                filter.ban(null, null);
                if (tail == null || spur + tail.hops() > filter.maxHops) {
                    continue;
                }
                final var candidate = previous.prefix(spur, rootCost).append(tail);
                if (known.add(candidate.linkList())) {
                    candidates.add(candidate);
                }
            }
            final var next = candidates.poll();
            if (next == null) {
                return;
            }
            found.add(next);
        }
    }
}
