/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Single routes for {@link PathFinder}: A* with landmark lower bounds, the exact cheapest route within the hop limit
 * by hop levels, routes through required nodes segment by segment, a given route checked link by link, and the costs
 * to a destination from every node (for the spur searches of {@link KShortestRoutes}).
 */
final class ShortestRoutes {
    private ShortestRoutes() {
        // static functions only
    }

    // the route a list of link IDs makes from the source, if it satisfies the filter; under the read lock
    static Route along(final Filter filter, final int source, final int destination,
            final List<String> linkIds) {
        final var graph = filter.graph;
        if (linkIds.isEmpty() || linkIds.size() > filter.maxHops || filter.requiredUnknown
                || !filter.nodeUsable(source) || !filter.nodeUsable(destination)) {
            return null;
        }
        final var nodes = new int[linkIds.size() + 1];
        final var links = new int[linkIds.size()];
        final var visited = new HashSet<Integer>();
        nodes[0] = source;
        visited.add(source);
        double cost = 0;
        int at = source;
        for (int i = 0; i < links.length; i++) {
            final var link = graph.indexOfLink(linkIds.get(i));
            if (link == null || graph.linkA[link] != at && graph.linkB[link] != at || !filter.linkUsable(link)) {
                return null;
            }
            at = graph.otherEnd(link, at);
            if (!visited.add(at) || !filter.nodeUsable(at) || at != destination && !filter.relays(at)) {
                return null;
            }
            links[i] = link;
            nodes[i + 1] = at;
            cost += filter.cost(link);
        }
        if (at != destination || !visited.containsAll(filter.required)) {
            return null;
        }
        return new Route(nodes, links, cost);
    }

    // The route of a query, where a learnt cut may spare the search; a search that exhausts what the source reaches
    // leaves a cut for later queries.
    static Route firstRoute(final Filter filter, final int source, final int destination) {
        final var graph = filter.graph;
        if (graph.refuted(filter, source, destination)) {
            return null;
        }
        final var found = route(filter, source, destination);
        if (found == null && filter.connectivityOnly() && filter.nodeUsable(source) && filter.nodeUsable(destination)
                && reachable(filter, source, destination)) {
            // the search ran to exhaustion (route() is one search here): what it expanded is closed under the filter
            final var ws = Workspace.current();
            graph.learnCut(destination, ws.expanded, ws.expandedCount);
        }
        return found;
    }

    // Whether any route satisfies the filter. Without hop limit and required nodes that is a question of
    // connectivity: answered from the cached components when the spare rate does not matter, or by a learnt cut.
    static boolean exists(final Filter filter, final int source, final int destination) {
        if (filter.connectivityOnly()) {
            if (filter.spareNeeded == 0) {
                return filter.graph.components(filter).connected(filter, source, destination);
            }
            if (filter.graph.refuted(filter, source, destination)) {
                return false;
            }
        }
        return route(filter, source, destination) != null;
    }

    static Route route(final Filter filter, final int source, final int destination) {
        if (filter.requiredUnknown) {
            return null;
        }
        final var stops = new ArrayList<Integer>();
        stops.add(source);
        for (var node : filter.required) {
            if (node != source && node != destination) {
                stops.add(node);
            }
        }
        stops.add(destination);
        if (stops.size() == 2) {
            return cheapestWithinHops(filter, source, destination);
        }
        // segment by segment, each avoiding the nodes already on the route
        final var used = new BitSet();
        Route whole = null;
        for (int i = 0; i + 1 < stops.size(); i++) {
            final int from = stops.get(i);
            if (i > 0 && !filter.relays(from)) {
                return null;
            }
            final var banned = (BitSet) used.clone();
            for (int later = i + 2; later < stops.size(); later++) {
                banned.set(stops.get(later));
            }
            filter.ban(banned, null);
            final var segment = search(filter, from, stops.get(i + 1), true);
            filter.ban(null, null);
            if (segment == null) {
                return null;
            }
            for (int j = 0; j < segment.hops(); j++) {
                used.set(segment.nodes[j]);
            }
            whole = whole == null ? segment : whole.append(segment);
        }
        return whole.hops() <= filter.maxHops ? whole : null;
    }

    private static Route cheapestWithinHops(final Filter filter, final int source, final int destination) {
        final var cheapest = search(filter, source, destination, true);
        if (cheapest == null || cheapest.hops() <= filter.maxHops) {
            return cheapest;
        }
        return filter.metric.hopsOnly() ? null : byHopLevels(filter, source, destination);
    }

    static Route search(final Filter filter, final int source, final int destination,
            final boolean landmarks) {
        return search(filter, source, destination, landmarks, Double.POSITIVE_INFINITY, null);
    }

    // A* (Dijkstra without landmarks); relays must be allowed to relay; the source always expands. Paths that cost
    // costBound or more are not wanted: the search gives up when nothing cheaper is left. When toDestination is
    // given (exact costs to the destination in a larger graph), it replaces the landmark bounds.
    static Route search(final Filter filter, final int source, final int destination,
            final boolean landmarks, final double costBound, final double[] toDestination) {
        final var graph = filter.graph;
        if (!filter.nodeUsable(source) || !filter.nodeUsable(destination)) {
            return null;
        }
        if (!reachable(filter, source, destination)) {
            return null;
        }
        final var bounds = toDestination == null && landmarks && filter.metric.hop() > 0 ? graph.landmarks() : null;
        final var target = bounds == null ? null : bounds.from(destination);
        final double hopWeight = filter.metric.hop();
        final var ws = Workspace.get(graph.nodeSlots);
        if (filter.metric.hopsOnly() && costBound == Double.POSITIVE_INFINITY && toDestination == null) {
            // whole hops, and the landmark bounds are consistent
            ws.useBuckets(hopWeight);
        }
        ws.see(source);
        ws.dist[source] = 0;
        ws.hops[source] = 0;
        ws.viaLink[source] = -1;
        ws.push(0, 0, source);
        while (!ws.heapEmpty()) {
            if (ws.topKey() >= costBound) {
                return null;
            }
            final int node = ws.pop();
            if (ws.closed(node)) {
                continue;
            }
            ws.close(node);
            if (node == destination) {
                return unwind(graph, ws, source, destination);
            }
            if (node != source && !filter.relays(node)) {
                continue;
            }
            ws.expanded[ws.expandedCount++] = node;
            final var at = graph.adjacency[node];
            final double base = ws.dist[node];
            for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                final int link = at[i];
                final int next = graph.otherEnd(link, node);
                if (ws.closed(next) || !filter.linkUsable(link) || !filter.nodeUsable(next)) {
                    continue;
                }
                final double dist = base + filter.cost(link);
                if (!ws.seen(next)) {
                    ws.see(next);
                    if (toDestination != null) {
                        if (toDestination[next] == Double.POSITIVE_INFINITY) {
                            ws.close(next);
                            continue;
                        }
                        ws.bound[next] = toDestination[next];
                    } else if (bounds != null) {
                        final int atLeast = bounds.hopsAtLeast(next, target);
                        if (atLeast == Landmarks.UNREACHABLE) {
                            ws.close(next);
                            continue;
                        }
                        ws.bound[next] = atLeast * hopWeight;
                    } else {
                        ws.bound[next] = 0;
                    }
                } else if (dist >= ws.dist[next]) {
                    continue;
                }
                ws.dist[next] = dist;
                ws.hops[next] = ws.hops[node] + 1;
                ws.viaLink[next] = link;
                ws.push(dist + ws.bound[next], -dist, next);
            }
        }
        return null;
    }

    // cheap test before a search that would otherwise exhaust the graph: the destination needs a usable link
    // from a node that may relay (or from the source)
    private static boolean reachable(final Filter filter, final int source, final int destination) {
        final var graph = filter.graph;
        final var at = graph.adjacency[destination];
        for (int i = 0, degree = graph.degree[destination]; i < degree; i++) {
            final int link = at[i];
            final int other = graph.otherEnd(link, destination);
            if (filter.linkUsable(link) && filter.nodeUsable(other) && (other == source || filter.relays(other))) {
                return true;
            }
        }
        return false;
    }

    private static Route unwind(final KeyGraph graph, final Workspace ws, final int source, final int destination) {
        final int hops = ws.hops[destination];
        final var nodes = new int[hops + 1];
        final var links = new int[hops];
        int node = destination;
        for (int i = hops; i > 0; i--) {
            nodes[i] = node;
            final int link = ws.viaLink[node];
            links[i - 1] = link;
            node = graph.otherEnd(link, node);
        }
        nodes[0] = source;
        return new Route(nodes, links, ws.dist[destination]);
    }

    // Exact cheapest path with at most maxHops links: labels by hop count, each kept only when cheaper than any
    // label of the node with fewer hops (costs are not negative, so routes never revisit a node).
    private static Route byHopLevels(final Filter filter, final int source, final int destination) {
        final var graph = filter.graph;
        final int limit = Math.min(filter.maxHops, graph.nodeSlots);
        final var best = new HashMap<Integer, Double>();
        final var levels = new ArrayList<Map<Integer, Label>>();
        levels.add(Map.of(source, new Label(0, -1, -1)));
        best.put(source, 0.0);
        double bestCost = Double.POSITIVE_INFINITY;
        int bestLevel = -1;
        for (int level = 1; level <= limit; level++) {
            final var current = new HashMap<Integer, Label>();
            for (var entry : levels.get(level - 1).entrySet()) {
                final int node = entry.getKey();
                if (node == destination || node != source && !filter.relays(node)) {
                    continue;
                }
                final var at = graph.adjacency[node];
                for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                    final int link = at[i];
                    final int next = graph.otherEnd(link, node);
                    if (!filter.linkUsable(link) || !filter.nodeUsable(next)) {
                        continue;
                    }
                    final double cost = entry.getValue().cost() + filter.cost(link);
                    if (cost < best.getOrDefault(next, Double.POSITIVE_INFINITY) && cost < bestCost) {
                        best.put(next, cost);
                        current.put(next, new Label(cost, node, link));
                    }
                }
            }
            final var atDestination = current.get(destination);
            if (atDestination != null) {
                bestCost = atDestination.cost();
                bestLevel = level;
            }
            if (current.isEmpty()) {
                break;
            }
            levels.add(current);
        }
        if (bestLevel < 0) {
            return null;
        }
        final var nodes = new int[bestLevel + 1];
        final var links = new int[bestLevel];
        int node = destination;
        for (int level = bestLevel; level > 0; level--) {
            final var label = levels.get(level).get(node);
            nodes[level] = node;
            links[level - 1] = label.link();
            node = label.previous();
        }
        nodes[0] = source;
        return new Route(nodes, links, bestCost);
    }

    // Dijkstra from the destination backwards: cost of the cheapest path from each node (its start) to the
    // destination, through nodes that may relay
    static double[] costsTo(final Filter filter, final int destination) {
        final var graph = filter.graph;
        final var costs = new double[graph.nodeSlots];
        Arrays.fill(costs, Double.POSITIVE_INFINITY);
        final var ws = Workspace.get(graph.nodeSlots);
        ws.see(destination);
        ws.dist[destination] = 0;
        ws.push(0, 0, destination);
        while (!ws.heapEmpty()) {
            final int node = ws.pop();
            if (ws.closed(node)) {
                continue;
            }
            ws.close(node);
            costs[node] = ws.dist[node];
            if (node != destination && !filter.relays(node)) {
                continue;
            }
            final var at = graph.adjacency[node];
            for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                final int link = at[i];
                final int next = graph.otherEnd(link, node);
                if (ws.closed(next) || !filter.linkUsable(link) || !filter.nodeUsable(next)) {
                    continue;
                }
                final double dist = ws.dist[node] + filter.cost(link);
                if (!ws.seen(next) || dist < ws.dist[next]) {
                    ws.see(next);
                    ws.dist[next] = dist;
                    ws.push(dist, 0, next);
                }
            }
        }
        return costs;
    }

    private record Label(double cost, int previous, int link) {
    }
}
