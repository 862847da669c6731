/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Constrained shortest paths (fewest hops) through trusted nodes. A link is usable when it is up, its QBER is
 * within the limit and its spare rate carries the demand; a node is usable unless excluded by name, operator or
 * jurisdiction, and only trusted nodes may relay (the endpoints themselves need not be trusted relays).
 *
 * <p>When no path exists the search names the constraint in the way: it relaxes the policy's constraints one after
 * another (rate, hop limit, QBER limit, excluded nodes, operators, jurisdictions, then relay trust) and reports
 * the first whose relaxation yields a path; {@link NoPathReason#NO_PATH} when none does.
 */
public final class PathFinder {
    private PathFinder() {
        // static functions only
    }

    /**
     * Finds a path with the fewest hops.
     *
     * @param graph the key graph
     * @param source source node
     * @param destination destination node, not the source
     * @param constraints what the path must satisfy
     * @return the path, or why there is none
     */
    public static PathResult shortest(final KeyGraph graph, final String source, final String destination,
            final PathConstraints constraints) {
        if (source.equals(destination)) {
            throw new IllegalArgumentException("source and destination are the same node " + source);
        }
        return graph.read(view -> {
            if (view.node(source) == null || view.node(destination) == null) {
                return new PathResult.NotFound(NoPathReason.UNKNOWN_ENDPOINT);
            }
            final var path = search(view, source, destination, constraints, true);
            if (path != null) {
                return new PathResult.Found(path);
            }
            return new PathResult.NotFound(diagnose(view, source, destination, constraints));
        });
    }

    private static NoPathReason diagnose(final KeyGraph.View view, final String source, final String destination,
            final PathConstraints constraints) {
        final List<Relaxation> relaxations = List.of(
            new Relaxation(NoPathReason.INSUFFICIENT_RATE, PathConstraints::withoutRate),
            new Relaxation(NoPathReason.MAX_HOPS_EXCEEDED, PathConstraints::withoutHopLimit),
            new Relaxation(NoPathReason.LINK_COMPROMISED, PathConstraints::withoutQberLimit),
            new Relaxation(NoPathReason.EXCLUDED_NODE, PathConstraints::withoutExcludedNodes),
            new Relaxation(NoPathReason.EXCLUDED_OPERATOR, PathConstraints::withoutExcludedOperators),
            new Relaxation(NoPathReason.EXCLUDED_JURISDICTION, PathConstraints::withoutExcludedJurisdictions));
        // one constraint alone in the way
        for (var relaxation : relaxations) {
            if (search(view, source, destination, relaxation.relax().apply(constraints), true) != null) {
                return relaxation.reason();
            }
        }
        // several together: the last one whose relaxation completes a path
        var relaxed = constraints;
        for (var relaxation : relaxations) {
            relaxed = relaxation.relax().apply(relaxed);
            if (search(view, source, destination, relaxed, true) != null) {
                return relaxation.reason();
            }
        }
        return search(view, source, destination, relaxed, false) != null ? NoPathReason.UNTRUSTED_NODE
            : NoPathReason.NO_PATH;
    }

    // Breadth-first search: the first time the destination is reached is over the fewest hops
    private static KeyPath search(final KeyGraph.View view, final String source, final String destination,
            final PathConstraints constraints, final boolean trustedRelaysOnly) {
        if (!nodeAllowed(view.node(source), constraints) || !nodeAllowed(view.node(destination), constraints)) {
            return null;
        }
        final var via = new HashMap<String, String>();
        final var depth = new HashMap<String, Integer>();
        depth.put(source, 0);
        final var queue = new ArrayDeque<String>();
        queue.add(source);
        while (!queue.isEmpty()) {
            final var node = queue.poll();
            final int hops = depth.get(node);
            if (hops >= constraints.maxHops()) {
                continue;
            }
            if (!node.equals(source) && trustedRelaysOnly && !view.node(node).trusted()) {
                continue;
            }
            for (var linkId : view.linksAt(node)) {
                final var link = view.link(linkId);
                final var next = link.otherEnd(node);
                if (depth.containsKey(next) || !linkAllowed(view, link, constraints)
                        || !nodeAllowed(view.node(next), constraints)) {
                    continue;
                }
                depth.put(next, hops + 1);
                via.put(next, linkId);
                if (next.equals(destination)) {
                    return unwind(view, via, source, destination);
                }
                queue.add(next);
            }
        }
        return null;
    }

    private static boolean linkAllowed(final KeyGraph.View view, final KeyLink link,
            final PathConstraints constraints) {
        return link.up() && link.qber() <= constraints.maxLinkQber() && view.spare(link.id()) >= constraints.rateBps();
    }

    private static boolean nodeAllowed(final KeyNode node, final PathConstraints constraints) {
        return !constraints.excludedNodes().contains(node.id())
            && !constraints.excludedOperators().contains(node.operator())
            && !constraints.excludedJurisdictions().contains(node.jurisdiction());
    }

    private static KeyPath unwind(final KeyGraph.View view, final HashMap<String, String> via, final String source,
            final String destination) {
        final var nodes = new ArrayList<String>();
        final var links = new ArrayList<String>();
        var node = destination;
        nodes.add(node);
        while (!node.equals(source)) {
            final var linkId = via.get(node);
            links.add(linkId);
            node = view.link(linkId).otherEnd(node);
            nodes.add(node);
        }
        Collections.reverse(nodes);
        Collections.reverse(links);
        return new KeyPath(nodes, links);
    }

    private record Relaxation(NoPathReason reason, UnaryOperator<PathConstraints> relax) {
    }
}
