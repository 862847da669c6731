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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;

/**
 * Path searches over a {@link KeyGraph} under {@link PathConstraints}.
 *
 * <p>Every search relays through trusted nodes only (the endpoints need not be relays), uses only links that are
 * usable under the constraints and nodes that no exclusion hits, and answers with the constraint in the way when
 * nothing satisfies them: each constraint is relaxed in turn, and the first whose relaxation yields a result is the
 * reason ({@link DecisionReason}).
 *
 * <p>Single paths come from A* with landmark lower bounds on hops, scaled by the metric's hop weight, which is
 * exact for every {@link PathMetric}. With the hop metric the cheapest path is also the one with fewest hops; with a
 * mixed metric whose cheapest path is longer than the hop limit, a search by hop levels finds the cheapest path
 * within the limit. Required nodes are visited in their order, segment by segment, each segment avoiding the nodes
 * of the previous ones.
 */
public final class PathFinder {
    private static final List<DecisionReason> RELAXATIONS = List.of(DecisionReason.INSUFFICIENT_RATE,
        DecisionReason.INSUFFICIENT_STORED_KEY, DecisionReason.MAX_HOPS_EXCEEDED, DecisionReason.LINK_COMPROMISED,
        DecisionReason.EXCLUDED_NODE, DecisionReason.REQUIRED_NODE_UNREACHABLE, DecisionReason.EXCLUDED_OPERATOR,
        DecisionReason.EXCLUDED_JURISDICTION, DecisionReason.UNTRUSTED_NODE);
    private static final int IN = 0;
    private static final int OUT = 1;
    private static final int FORWARD = 1;
    private static final int CANCEL = 2;
    private static final int MAX_AUGMENTATIONS = 10_000;

    private PathFinder() {
        // static functions only
    }

    /**
     * Finds the cheapest path under the constraints' metric.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what the path must satisfy
     * @return the path, or why there is none
     */
    public static SearchResult<KeyPath> shortest(final KeyGraph graph, final String source, final String destination,
            final PathConstraints constraints) {
        return betweenEnds(graph, source, destination, (from, to) -> {
            final var route = firstRoute(new Filter(graph, constraints, Set.of()), from, to);
            return route != null ? new SearchResult.Found<>(route.toPath(graph))
                : new SearchResult.NotFound<>(diagnose(graph, constraints, filter -> exists(filter, from, to)));
        });
    }

    /**
     * Finds up to k loop-free paths, cheapest first (Yen's algorithm over the constrained search). With required
     * nodes only the one route through them is given.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what each path must satisfy
     * @param count how many paths at most, at least 1
     * @return the paths (at least one), or why there is none
     */
    public static SearchResult<List<KeyPath>> kShortest(final KeyGraph graph, final String source,
            final String destination, final PathConstraints constraints, final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("number of paths must be at least 1, was " + count);
        }
        return betweenEnds(graph, source, destination, (from, to) -> {
            final var filter = new Filter(graph, constraints, Set.of());
            final var first = firstRoute(filter, from, to);
            if (first == null) {
                return new SearchResult.NotFound<>(diagnose(graph, constraints, relaxed -> exists(relaxed, from, to)));
            }
            final var found = new ArrayList<Route>();
            found.add(first);
            if (constraints.requiredNodes().isEmpty()) {
                yen(filter, first, to, count, found);
            }
            return new SearchResult.Found<>(found.stream().map(route -> route.toPath(graph)).toList());
        });
    }

    /**
     * Finds two paths that share no relay and no link, with the least total cost (Suurballe's algorithm on the
     * node-split graph), both within the constraints. Not available with required nodes, which both paths would
     * have to share.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what each path must satisfy
     * @return the pair, or why there is none
     */
    public static SearchResult<DisjointPair> disjointPair(final KeyGraph graph, final String source,
            final String destination, final PathConstraints constraints) {
        return betweenEnds(graph, source, destination, (from, to) -> {
            if (!constraints.requiredNodes().isEmpty()) {
                return new SearchResult.NotFound<>(DecisionReason.REQUIRED_NODE_UNREACHABLE);
            }
            final var pair = suurballe(new Filter(graph, constraints, Set.of()), from, to);
            return pair != null ? new SearchResult.Found<>(pair)
                : new SearchResult.NotFound<>(diagnose(graph, constraints,
                    relaxed -> suurballe(relaxed, from, to) != null));
        });
    }

    /**
     * Splits a demand over several paths when no single one carries it: a maximum flow (shortest augmenting paths
     * over spare rates, through trusted relays, under the other constraints) is computed up to the demanded rate
     * and decomposed into paths. Paths over the hop limit are dropped, and at most {@code maxPaths} of the largest
     * are kept; they must still carry the whole rate.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints the constraints; their rate is the total demanded
     * @param maxPaths most paths to split over, at least 1
     * @return the paths with their rates, summing to the demanded rate, or why the demand does not fit
     */
    public static SearchResult<List<PathShare>> split(final KeyGraph graph, final String source,
            final String destination, final PathConstraints constraints, final int maxPaths) {
        if (maxPaths < 1) {
            throw new IllegalArgumentException("number of paths must be at least 1, was " + maxPaths);
        }
        return betweenEnds(graph, source, destination, (from, to) -> {
            if (!constraints.requiredNodes().isEmpty()) {
                final var single = route(new Filter(graph, constraints, Set.of()), from, to);
                return single != null
                    ? new SearchResult.Found<>(List.of(new PathShare(single.toPath(graph), constraints.rateBps())))
                    : new SearchResult.NotFound<>(diagnose(graph, constraints,
                        relaxed -> route(relaxed, from, to) != null));
            }
            final var anyRate = new Filter(graph, constraints, EnumSet.of(DecisionReason.INSUFFICIENT_RATE));
            final var shares = maxFlowSplit(anyRate, from, to, constraints.rateBps(), maxPaths);
            if (shares != null) {
                return new SearchResult.Found<>(shares);
            }
            return new SearchResult.NotFound<>(route(anyRate, from, to) != null ? DecisionReason.INSUFFICIENT_RATE
                : diagnose(graph, constraints, relaxed -> route(relaxed, from, to) != null));
        });
    }

    /**
     * Checks that a given path, by its links, still satisfies the constraints: every link exists, is usable and has
     * the spare rate, the relays are usable trusted nodes, no node is visited twice, the hop limit holds and the
     * required nodes are on it. A controller that takes over keeps the paths it finds placed this way.
     *
     * @param graph the key graph
     * @param source source node, where the first link starts
     * @param destination destination node, not the source, where the last link ends
     * @param links the path's links, from the source
     * @param constraints what the path must satisfy
     * @return the path with its cost under the constraints' metric, or {@code no-path} when it does not satisfy them
     *     ({@code unknown-endpoint} when an end is not in the graph)
     */
    public static SearchResult<KeyPath> follow(final KeyGraph graph, final String source, final String destination,
            final List<String> links, final PathConstraints constraints) {
        return betweenEnds(graph, source, destination, (from, to) -> {
            final var filter = new Filter(graph, constraints, Set.of());
            final var route = along(filter, from, to, links);
            return route != null ? new SearchResult.Found<>(route.toPath(graph))
                : new SearchResult.NotFound<>(DecisionReason.NO_PATH);
        });
    }

    // the route a list of link IDs makes from the source, if it satisfies the filter; under the read lock
    private static Route along(final Filter filter, final int source, final int destination,
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

    // runs a search between two nodes under the read lock, or answers unknown-endpoint
    private static <T> SearchResult<T> betweenEnds(final KeyGraph graph, final String source,
            final String destination, final EndsSearch<T> search) {
        if (source.equals(destination)) {
            throw new IllegalArgumentException("source and destination are the same node " + source);
        }
        return graph.read(() -> {
            final var from = graph.indexOfNode(source);
            final var to = graph.indexOfNode(destination);
            return from == null || to == null ? new SearchResult.NotFound<>(DecisionReason.UNKNOWN_ENDPOINT)
                : search.between(from, to);
        });
    }

    @FunctionalInterface
    private interface EndsSearch<T> {
        SearchResult<T> between(int from, int to);
    }

    // The first relaxation that alone lets the search succeed names the reason; when none does alone, relaxations
    // accumulate and the last one needed is named.
    private static DecisionReason diagnose(final KeyGraph graph, final PathConstraints constraints,
            final Predicate<Filter> succeeds) {
        for (var reason : RELAXATIONS) {
            if (succeeds.test(new Filter(graph, constraints, EnumSet.of(reason)))) {
                return reason;
            }
        }
        final var relaxed = EnumSet.noneOf(DecisionReason.class);
        for (var reason : RELAXATIONS) {
            relaxed.add(reason);
            if (succeeds.test(new Filter(graph, constraints, relaxed))) {
                return reason;
            }
        }
        return DecisionReason.NO_PATH;
    }

    // The route of a query, where a learnt cut may spare the search; a search that exhausts what the source reaches
    // leaves a cut for later queries.
    private static Route firstRoute(final Filter filter, final int source, final int destination) {
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
    private static boolean exists(final Filter filter, final int source, final int destination) {
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

    private static Route route(final Filter filter, final int source, final int destination) {
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

    private static Route search(final Filter filter, final int source, final int destination,
            final boolean landmarks) {
        return search(filter, source, destination, landmarks, Double.POSITIVE_INFINITY, null);
    }

    // A* (Dijkstra without landmarks); relays must be allowed to relay; the source always expands. Paths that cost
    // costBound or more are not wanted: the search gives up when nothing cheaper is left. When toDestination is
    // given (exact costs to the destination in a larger graph), it replaces the landmark bounds.
    private static Route search(final Filter filter, final int source, final int destination,
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

    private static void yen(final Filter filter, final Route first, final int destination, final int count,
            final List<Route> found) {
        final var candidates = new PriorityQueue<Route>((one, other) -> one.cost != other.cost
            ? Double.compare(one.cost, other.cost) : Integer.compare(one.hops(), other.hops()));
        final var known = new HashSet<List<Integer>>();
        known.add(first.linkList());
        // exact costs to the destination without the bans: bounds for every spur search, which then runs
        // almost straight to the destination unless the bans force a detour
        final var toDestination = costsTo(filter, destination);
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
                final var tail = search(filter, spurNode, destination, true, bound, toDestination);
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

    // Dijkstra from the destination backwards: cost of the cheapest path from each node (its start) to the
    // destination, through nodes that may relay
    private static double[] costsTo(final Filter filter, final int destination) {
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

    // Suurballe: shortest path, then a shortest path in the residual node-split graph under reduced costs; the
    // links the second path walks backwards cancel, and the rest form two node-disjoint paths of least total cost.
    private static DisjointPair suurballe(final Filter filter, final int source, final int destination) {
        final var graph = filter.graph;
        final var first = search(filter, source, destination, false);
        if (first == null) {
            return null;
        }
        // potentials: the first search's distances (still in this thread's workspace), capped at the destination's
        final var potential = new double[graph.nodeSlots];
        final var firstWs = Workspace.current();
        for (int node = 0; node < potential.length; node++) {
            potential[node] = firstWs.seen(node) ? Math.min(firstWs.dist[node], first.cost) : first.cost;
        }
        final var position = new HashMap<Integer, Integer>();
        for (int i = 0; i < first.nodes.length; i++) {
            position.put(first.nodes[i], i);
        }
        final var firstLinks = new HashSet<Integer>();
        for (int link : first.links) {
            firstLinks.add(link);
        }
        final var second = residualSearch(filter, first, position, firstLinks, potential, source, destination,
            Workspace.get(2 * graph.nodeSlots));
        if (second == null) {
            return null;
        }
        final var used = new LinkedHashSet<>(firstLinks);
        for (var move : second) {
            if (move[1] == FORWARD) {
                used.add(move[0]);
            } else {
                used.remove(move[0]);
            }
        }
        final var paths = new ArrayList<Route>(2);
        final var at = new HashMap<Integer, List<Integer>>();
        for (int link : used) {
            at.computeIfAbsent(graph.linkA[link], node -> new ArrayList<>()).add(link);
            at.computeIfAbsent(graph.linkB[link], node -> new ArrayList<>()).add(link);
        }
        for (int start : at.getOrDefault(source, List.of())) {
            final var nodes = new ArrayList<Integer>();
            final var links = new ArrayList<Integer>();
            nodes.add(source);
            int link = start;
            int node = source;
            double cost = 0;
            while (true) {
                node = graph.otherEnd(link, node);
                nodes.add(node);
                links.add(link);
                cost += filter.cost(link);
                if (node == destination) {
                    break;
                }
                final int arrived = link;
                link = at.get(node).stream().filter(other -> other != arrived).findFirst().orElseThrow();
            }
            paths.add(new Route(nodes.stream().mapToInt(Integer::intValue).toArray(),
                links.stream().mapToInt(Integer::intValue).toArray(), cost));
        }
        if (paths.size() != 2) {
            throw new IllegalStateException("disjoint paths did not decompose into two but " + paths.size());
        }
        paths.sort((one, other) -> one.cost != other.cost ? Double.compare(one.cost, other.cost)
            : Integer.compare(one.hops(), other.hops()));
        if (paths.get(1).hops() > filter.maxHops) {
            return null;
        }
        return new DisjointPair(paths.get(0).toPath(graph), paths.get(1).toPath(graph));
    }

    // Dijkstra over states 2 * node + IN/OUT; returns the moves {link, FORWARD or CANCEL} of the second path
    private static List<int[]> residualSearch(final Filter filter, final Route first,
            final Map<Integer, Integer> position, final Set<Integer> firstLinks, final double[] potential,
            final int source, final int destination, final Workspace ws) {
        final var graph = filter.graph;
        final int last = first.nodes.length - 1;
        final int start = 2 * source + OUT;
        final int goal = 2 * destination + IN;
        final var kind = new HashMap<Integer, Integer>();
        ws.see(start);
        ws.dist[start] = 0;
        ws.viaState[start] = -1;
        ws.push(0, 0, start);
        while (!ws.heapEmpty()) {
            final int state = ws.pop();
            if (ws.closed(state)) {
                continue;
            }
            ws.close(state);
            if (state == goal) {
                final var moves = new ArrayList<int[]>();
                for (int at = goal; at != start; at = ws.viaState[at]) {
                    final int how = kind.getOrDefault(at, 0);
                    if (how != 0) {
                        moves.add(new int[] {ws.viaLink[at], how});
                    }
                }
                return moves;
            }
            final int node = state >> 1;
            final int pos = position.getOrDefault(node, -1);
            final double here = ws.dist[state];
            final double nodePotential = potential[node];
            if ((state & 1) == IN) {
                if (pos > 0 && pos < last) {
                    // the first path enters here: walk its link backwards, cancelling it
                    final int back = first.nodes[pos - 1];
                    final int link = first.links[pos - 1];
                    relax(ws, kind, state, 2 * back + OUT, link, CANCEL, here + Math.max(0,
                        -filter.cost(link) + nodePotential - potential[back]));
                } else if (pos < 0 && node != source && filter.relays(node)) {
                    relax(ws, kind, state, 2 * node + OUT, -1, 0, here);
                }
                continue;
            }
            if (pos > 0 && pos < last) {
                relax(ws, kind, state, 2 * node + IN, -1, 0, here);
            }
            final var at = graph.adjacency[node];
            for (int i = 0, degree = graph.degree[node]; i < degree; i++) {
                final int link = at[i];
                final int next = graph.otherEnd(link, node);
                if (firstLinks.contains(link) || next == source || !filter.linkUsable(link)
                        || !filter.nodeUsable(next)) {
                    continue;
                }
                relax(ws, kind, state, 2 * next + IN, link, FORWARD, here + Math.max(0,
                    filter.cost(link) + nodePotential - potential[next]));
            }
        }
        return null;
    }

    private static void relax(final Workspace ws, final Map<Integer, Integer> kind, final int from, final int to,
            final int link, final int how, final double dist) {
        if (ws.closed(to) || ws.seen(to) && dist >= ws.dist[to]) {
            return;
        }
        ws.see(to);
        ws.dist[to] = dist;
        ws.viaState[to] = from;
        ws.viaLink[to] = link;
        kind.put(to, how);
        ws.push(dist, 0, to);
    }

    private static List<PathShare> maxFlowSplit(final Filter filter, final int source, final int destination,
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

    private record Label(double cost, int previous, int link) {
    }

    /**
     * A path by indices, valid under the read lock it was found in.
     */
    private static final class Route {
        final int[] nodes;
        final int[] links;
        final double cost;

        Route(final int[] nodes, final int[] links, final double cost) {
            this.nodes = nodes;
            this.links = links;
            this.cost = cost;
        }

        int hops() {
            return links.length;
        }

        boolean sharesPrefix(final Route other, final int length) {
            for (int i = 0; i <= length; i++) {
                if (nodes[i] != other.nodes[i]) {
                    return false;
                }
            }
            return true;
        }

        Route prefix(final int length, final double prefixCost) {
            return new Route(Arrays.copyOf(nodes, length + 1), Arrays.copyOf(links, length),
                prefixCost);
        }

        Route append(final Route tail) {
            final var joinedNodes = Arrays.copyOf(nodes, nodes.length + tail.links.length);
            System.arraycopy(tail.nodes, 1, joinedNodes, nodes.length, tail.links.length);
            final var joinedLinks = Arrays.copyOf(links, links.length + tail.links.length);
            System.arraycopy(tail.links, 0, joinedLinks, links.length, tail.links.length);
            return new Route(joinedNodes, joinedLinks, cost + tail.cost);
        }

        List<Integer> linkList() {
            return Arrays.stream(links).boxed().toList();
        }

        KeyPath toPath(final KeyGraph graph) {
            final var nodeNames = new ArrayList<String>(nodes.length);
            for (int node : nodes) {
                nodeNames.add(graph.nodes[node].id());
            }
            final var linkNames = new ArrayList<String>(links.length);
            for (int link : links) {
                linkNames.add(graph.links[link].id());
            }
            return new KeyPath(nodeNames, linkNames, cost);
        }
    }
}
