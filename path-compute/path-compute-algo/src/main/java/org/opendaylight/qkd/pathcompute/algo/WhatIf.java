/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;

/**
 * What-if questions on the key graph: what a change of the network would do to the key services placed on it,
 * answered on a copy of the graph ({@link KeyGraph#copy()}); the graph in use and its reservations are not touched.
 *
 * <p>The services a change affects are placed again on the changed copy, one by one in the order of their names,
 * after the rate of all of them was given back: a cut link or a node down affects the services whose paths cross
 * it; a link whose key rate falls affects the services on it when their rates no longer fit; an added link may
 * draw services that would take it, each placed on it as long as it has spare rate. Each affected service's
 * predicted mode, paths and reason are the policy's answer on the changed copy, the same {@link DemandPlanner} the
 * controller places with. The links whose spare rate the change drives below a share of their rate are reported.
 */
public final class WhatIf {
    private WhatIf() {
        // static functions only
    }

    /**
     * A change of the network.
     */
    public sealed interface Change {
        // the changes are records
    }

    /**
     * A link cut (or down).
     *
     * @param link the link
     */
    public record CutLink(String link) implements Change {
        public CutLink {
            requireNonNull(link);
        }
    }

    /**
     * A node down, with every link at it.
     *
     * @param node the node
     */
    public record NodeDown(String node) implements Change {
        public NodeDown {
            requireNonNull(node);
        }
    }

    /**
     * A link whose key rate changes, as extra loss on its fiber changes it (the caller predicts the new rate).
     *
     * @param link the link
     * @param keyRateBps its new key rate
     */
    public record LinkRate(String link, long keyRateBps) implements Change {
        public LinkRate {
            requireNonNull(link);
            if (keyRateBps < 0) {
                throw new IllegalArgumentException("a key rate cannot be negative, was " + keyRateBps);
            }
        }
    }

    /**
     * A planned link, with its predicted key rate.
     *
     * @param link the link, its ends nodes of the graph
     */
    public record AddLink(KeyLink link) implements Change {
        public AddLink {
            requireNonNull(link);
        }
    }

    /**
     * A key service as it is placed now.
     *
     * @param name its name
     * @param demand what it demands
     * @param policy its policy
     * @param current how it is served now: its mode and the paths its rate is reserved on
     */
    public record Service(String name, Demand demand, KeyPolicy policy, Decision current) {
        public Service {
            requireNonNull(name);
            requireNonNull(demand);
            requireNonNull(policy);
            requireNonNull(current);
        }
    }

    /**
     * What the change would do to one service.
     *
     * @param service its name
     * @param before how it is served now
     * @param after how it would be served
     */
    public record Outcome(String service, Decision before, Decision after) {
        /**
         * Whether its paths would change.
         *
         * @return true when the links it uses differ
         */
        public boolean moved() {
            return !links(before).equals(links(after));
        }
    }

    /**
     * A link whose spare rate the change drives low.
     *
     * @param link the link
     * @param keyRateBps its key rate after the change
     * @param spareBeforeBps its spare rate now
     * @param spareAfterBps its spare rate after the change
     */
    public record LinkSpare(String link, long keyRateBps, long spareBeforeBps, long spareAfterBps) {
    }

    /**
     * The answer to a question.
     *
     * @param affected the services the change affects, by name
     * @param lowOnRate the links whose spare rate would fall below the share asked for, by name
     */
    public record Answer(List<Outcome> affected, List<LinkSpare> lowOnRate) {
        public Answer {
            affected = List.copyOf(affected);
            lowOnRate = List.copyOf(lowOnRate);
        }
    }

    /**
     * Answers a what-if question.
     *
     * @param graph the key graph in use, with the services' reservations; not changed
     * @param services the services placed on it
     * @param change the change
     * @param lowShare a link is low on rate when its spare rate falls below this share of its key rate, in [0, 1]
     * @return the affected services and the links low on rate
     * @throws IllegalArgumentException when the change names a link or node the graph does not have (an added link:
     *     one it has already, or an end it lacks)
     */
    public static Answer ask(final KeyGraph graph, final Collection<Service> services, final Change change,
            final double lowShare) {
        if (!(lowShare >= 0 && lowShare <= 1)) {
            throw new IllegalArgumentException("the low-rate share must be in [0, 1], was " + lowShare);
        }
        final var copy = graph.copy();
        final var ordered = services.stream().sorted(Comparator.comparing(Service::name)).toList();
        final List<Outcome> outcomes = switch (change) {
            case CutLink(var link) -> {
                known(copy, link);
                copy.removeLink(link);
                yield replace(copy, ordered.stream().filter(service -> links(service.current()).contains(link))
                    .toList());
            }
            case NodeDown(var node) -> {
                if (copy.node(node).isEmpty()) {
                    throw new IllegalArgumentException("no node " + node);
                }
                copy.removeNode(node);
                yield replace(copy, ordered.stream().filter(service -> crosses(service, node)).toList());
            }
            case LinkRate(var link, var rate) -> {
                final var before = known(copy, link);
                copy.putLink(new KeyLink(before.id(), before.nodeA(), before.nodeB(), before.state(), rate,
                    before.qber(), before.poolBits()));
                yield copy.reservedBps(link) <= rate ? List.of()
                    : replace(copy, ordered.stream().filter(service -> links(service.current()).contains(link))
                        .toList());
            }
            case AddLink(var link) -> {
                if (copy.link(link.id()).isPresent()) {
                    throw new IllegalArgumentException("link " + link.id() + " exists already");
                }
                copy.putLink(link);
                yield attract(copy, ordered, link.id());
            }
        };
        final var low = new ArrayList<LinkSpare>();
        for (var link : copy.links()) {
            final long after = copy.spareBps(link.id());
            final long before = graph.link(link.id()).isPresent() ? graph.spareBps(link.id()) : link.keyRateBps();
            if (after < before && after < lowShare * link.keyRateBps()) {
                low.add(new LinkSpare(link.id(), link.keyRateBps(), before, after));
            }
        }
        low.sort(Comparator.comparing(LinkSpare::link));
        return new Answer(outcomes, low);
    }

    // the services give their rate back, then are placed again one by one
    private static List<Outcome> replace(final KeyGraph copy, final List<Service> affected) {
        affected.forEach(service -> giveBack(copy, service.current()));
        final var outcomes = new ArrayList<Outcome>(affected.size());
        for (var service : affected) {
            final var placement = DemandPlanner.place(copy, service.policy(), service.demand());
            outcomes.add(new Outcome(service.name(), service.current(), placement.decision()));
        }
        return outcomes;
    }

    // each service, in turn, placed as if anew: the ones that would take the new link move there (and hold its
    // rate), the others keep what they have
    private static List<Outcome> attract(final KeyGraph copy, final List<Service> services, final String added) {
        final var outcomes = new ArrayList<Outcome>();
        for (var service : services) {
            giveBack(copy, service.current());
            final var decision = DemandPlanner.decide(copy, service.policy(), service.demand());
            if (links(decision).contains(added) && copy.reserve(decision.paths()).isPresent()) {
                outcomes.add(new Outcome(service.name(), service.current(), decision));
            } else if (!service.current().paths().isEmpty()) {
                copy.reserve(service.current().paths());
            }
        }
        return outcomes;
    }

    private static void giveBack(final KeyGraph copy, final Decision decision) {
        copy.giveBack(decision.paths());
    }

    private static KeyLink known(final KeyGraph graph, final String link) {
        return graph.link(link).orElseThrow(() -> new IllegalArgumentException("no link " + link));
    }

    private static boolean crosses(final Service service, final String node) {
        return service.demand().source().equals(node) || service.demand().destination().equals(node)
            || service.current().paths().stream().anyMatch(share -> share.path().nodes().contains(node));
    }

    static List<String> links(final Decision decision) {
        final var links = new ArrayList<String>();
        for (PathShare share : decision.paths()) {
            links.addAll(share.path().links());
        }
        return links;
    }
}
