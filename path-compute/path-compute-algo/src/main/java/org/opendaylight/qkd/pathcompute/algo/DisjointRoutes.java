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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two routes that share no relay and no link, of least total cost (Suurballe's algorithm on the node-split graph).
 */
final class DisjointRoutes {
    private static final int IN = 0;
    private static final int OUT = 1;
    private static final int FORWARD = 1;
    private static final int CANCEL = 2;

    private DisjointRoutes() {
        // static functions only
    }

    // Suurballe: shortest path, then a shortest path in the residual node-split graph under reduced costs; the
    // links the second path walks backwards cancel, and the rest form two node-disjoint paths of least total cost.
    static DisjointPair suurballe(final Filter filter, final int source, final int destination) {
        final var graph = filter.graph;
        final var first = ShortestRoutes.search(filter, source, destination, false);
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
}
