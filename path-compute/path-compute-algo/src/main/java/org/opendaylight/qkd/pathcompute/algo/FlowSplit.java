/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;

/**
 * A demand split over several routes: a maximum flow by shortest augmenting paths over spare rates, decomposed into
 * routes.
 */
final class FlowSplit {
    private static final int MAX_AUGMENTATIONS = 10_000;

    private FlowSplit() {
        // static functions only
    }

    // the flow up to the demand, as at most maxPaths routes within the hop limit that carry all of it; null when
    // they do not
    static List<PathShare> maxFlowSplit(final Filter filter, final int source, final int destination,
            final long demand, final int maxPaths) {
        final var graph = filter.graph;
        // net flow per link, positive from its A end to its B end
        final var flow = new HashMap<Integer, Long>();
        long total = 0;
        for (int round = 0; round < MAX_AUGMENTATIONS && total < demand; round++) {
            final var path = augmentingPath(filter, flow, source, destination, false);
            if (path == null) {
                break;
            }
            long bottleneck = demand - total;
            int node = source;
            for (int link : path) {
                bottleneck = Math.min(bottleneck, graph.spare(link) - directed(graph, flow, link, node));
                node = graph.otherEnd(link, node);
            }
            node = source;
            for (int link : path) {
                final long delta = graph.linkA[link] == node ? bottleneck : -bottleneck;
                flow.merge(link, delta, Long::sum);
                node = graph.otherEnd(link, node);
            }
            total += bottleneck;
        }
        if (total < demand) {
            return null;
        }
        // decompose into paths, fewest hops first
        final var shares = new ArrayList<Route>();
        final var rates = new HashMap<Route, Long>();
        while (true) {
            final var path = augmentingPath(filter, flow, source, destination, true);
            if (path == null) {
                break;
            }
            long rate = Long.MAX_VALUE;
            int node = source;
            final var nodes = new int[path.size() + 1];
            nodes[0] = source;
            for (int i = 0; i < path.size(); i++) {
                final int link = path.get(i);
                rate = Math.min(rate, directed(graph, flow, link, node));
                node = graph.otherEnd(link, node);
                nodes[i + 1] = node;
            }
            node = source;
            double cost = 0;
            for (int link : path) {
                final long delta = graph.linkA[link] == node ? -rate : rate;
                flow.merge(link, delta, Long::sum);
                node = graph.otherEnd(link, node);
                cost += filter.cost(link);
            }
            final var route = new Route(nodes, path.stream().mapToInt(Integer::intValue).toArray(), cost);
            if (route.hops() <= filter.maxHops) {
                shares.add(route);
                rates.put(route, rate);
            }
        }
        shares.sort((one, other) -> Long.compare(rates.get(other), rates.get(one)));
        final var kept = shares.subList(0, Math.min(maxPaths, shares.size()));
        if (kept.stream().mapToLong(rates::get).sum() < demand) {
            return null;
        }
        return kept.stream().map(route -> new PathShare(route.toPath(graph), rates.get(route))).toList();
    }

    private static long directed(final KeyGraph graph, final Map<Integer, Long> flow, final int link,
            final int from) {
        final long net = flow.getOrDefault(link, 0L);
        return graph.linkA[link] == from ? net : -net;
    }

    // BFS for the fewest-hop path with residual capacity (or, when decomposing, with positive flow)
    private static List<Integer> augmentingPath(final Filter filter, final Map<Integer, Long> flow, final int source,
            final int destination, final boolean alongFlow) {
        final var graph = filter.graph;
        if (!filter.nodeUsable(source) || !filter.nodeUsable(destination)) {
            return null;
        }
        final var ws = Workspace.get(graph.nodeSlots);
        int head = 0;
        int tail = 0;
        ws.queue[tail++] = source;
        ws.see(source);
        while (head < tail) {
            final int node = ws.queue[head++];
            if (node != source && !filter.relays(node)) {
                continue;
            }
            final var at = graph.adjacency[node];
            for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                final int link = at[i];
                final int next = graph.otherEnd(link, node);
                if (ws.seen(next) || !filter.linkUsable(link) || !filter.nodeUsable(next)) {
                    continue;
                }
                final long along = directed(graph, flow, link, node);
                if (alongFlow ? along <= 0 : graph.spare(link) - along <= 0) {
                    continue;
                }
                ws.see(next);
                ws.viaLink[next] = link;
                if (next == destination) {
                    final var links = new ArrayList<Integer>();
                    int back = destination;
                    while (back != source) {
                        final int via = ws.viaLink[back];
                        links.add(0, via);
                        back = graph.otherEnd(via, back);
                    }
                    return links;
                }
                ws.queue[tail++] = next;
            }
        }
        return null;
    }
}
