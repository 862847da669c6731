/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.PathShare;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph.Reservation;

/**
 * Turns a demand and a policy into a decision, and places it (reserves its paths' rate).
 *
 * <ul>
 *   <li>{@code qkd-only}: a QKD path, or refused with the reason;</li>
 *   <li>{@code qkd-preferred-pqc-fallback}: a QKD path, or pqc with the reason;</li>
 *   <li>{@code hybrid}: a QKD path whose keys are mixed with ML-KEM secrets, or pqc with the reason;</li>
 *   <li>{@code pqc-only}: pqc, reason {@code policy-pqc-only}.</li>
 * </ul>
 * A QKD path is a single path when one carries the rate, else a split over up to the demand's number of paths. With
 * a backup asked for, the path is the primary of the cheapest node-disjoint pair when there is one.
 */
public final class DemandPlanner {
    private static final int PLACEMENT_ATTEMPTS = 3;

    private DemandPlanner() {
        // static functions only
    }

    /**
     * Decides how a demand is served, without reserving anything.
     *
     * @param graph the key graph
     * @param policy the policy
     * @param demand the demand
     * @return the decision
     */
    public static Decision decide(final KeyGraph graph, final KeyPolicy policy, final Demand demand) {
        if (policy.mode() == PolicyMode.PQC_ONLY) {
            return Decision.withoutPath(ServiceMode.PQC, DecisionReason.POLICY_PQC_ONLY);
        }
        final var constraints = policy.constraints().toBuilder().rateBps(demand.rateBps())
            .minPoolBits(Math.max(policy.constraints().minPoolBits(), demand.keySizeBits())).build();
        final var src = demand.source();
        final var dst = demand.destination();

        List<PathShare> paths = List.of();
        Optional<KeyPath> backup = Optional.empty();
        var backupReason = DecisionReason.NONE;
        DecisionReason reason;
        if (demand.backup()) {
            final var pair = PathFinder.disjointPair(graph, src, dst, constraints);
            if (pair instanceof SearchResult.Found<DisjointPair> found) {
                paths = List.of(new PathShare(found.value().primary(), demand.rateBps()));
                backup = Optional.of(found.value().backup());
            } else {
                backupReason = ((SearchResult.NotFound<DisjointPair>) pair).reason();
            }
        }
        if (paths.isEmpty()) {
            final var single = PathFinder.shortest(graph, src, dst, constraints);
            if (single instanceof SearchResult.Found<KeyPath> found) {
                paths = List.of(new PathShare(found.value(), demand.rateBps()));
                reason = DecisionReason.NONE;
            } else {
                reason = ((SearchResult.NotFound<KeyPath>) single).reason();
                if (reason == DecisionReason.INSUFFICIENT_RATE && demand.maxPaths() > 1) {
                    final var split = PathFinder.split(graph, src, dst, constraints, demand.maxPaths());
                    if (split instanceof SearchResult.Found<List<PathShare>> found) {
                        paths = found.value();
                        reason = DecisionReason.NONE;
                    }
                }
            }
        } else {
            reason = DecisionReason.NONE;
        }
        if (paths.isEmpty()) {
            return withoutPath(policy, reason);
        }
        final var alternatives = new ArrayList<KeyPath>();
        if (demand.alternatives() > 0 && paths.size() == 1) {
            final var chosen = paths.get(0).path();
            final var ranked = PathFinder.kShortest(graph, src, dst, constraints, demand.alternatives() + 1);
            if (ranked instanceof SearchResult.Found<List<KeyPath>> found) {
                found.value().stream().filter(path -> !path.links().equals(chosen.links()))
                    .limit(demand.alternatives()).forEach(alternatives::add);
            }
        }
        return new Decision(policy.mode() == PolicyMode.HYBRID ? ServiceMode.HYBRID : ServiceMode.QKD, reason,
            paths, backup, backupReason, alternatives);
    }

    /**
     * Decides and reserves the rate of the chosen paths. When another placement takes the rate between the search
     * and the reservation, the search is repeated; a demand that no longer fits gets the policy's answer for
     * {@code insufficient-rate}.
     *
     * @param graph the key graph
     * @param policy the policy
     * @param demand the demand
     * @return the decision and, for QKD and hybrid, the reservation
     */
    public static Placement place(final KeyGraph graph, final KeyPolicy policy, final Demand demand) {
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
            final var decision = decide(graph, policy, demand);
            if (decision.paths().isEmpty()) {
                return new Placement(decision, Optional.empty());
            }
            final var reservation = graph.reserve(decision.paths());
            if (reservation.isPresent()) {
                return new Placement(decision, reservation);
            }
        }
        return new Placement(withoutPath(policy, DecisionReason.INSUFFICIENT_RATE), Optional.empty());
    }

    /**
     * Places a demand on the path it already has when that path is still good: a controller that takes over (a
     * restart, a new cluster owner) keeps what the nodes were programmed with. The path is kept, its rate reserved,
     * when the policy wants QKD and the path satisfies the policy's constraints with the demand's rate spare on every
     * link ({@link PathFinder#follow}); otherwise, and for demands with a backup or alternatives, the demand is
     * placed as {@link #place(KeyGraph, KeyPolicy, Demand)} places it.
     *
     * @param graph the key graph
     * @param policy the policy
     * @param demand the demand
     * @param links the links of the path it has, from its source; empty when it has none
     * @return the decision and, for QKD and hybrid, the reservation
     */
    public static Placement place(final KeyGraph graph, final KeyPolicy policy, final Demand demand,
            final List<String> links) {
        if (!links.isEmpty() && policy.mode() != PolicyMode.PQC_ONLY && !demand.backup()
                && demand.alternatives() == 0) {
            final var constraints = policy.constraints().toBuilder().rateBps(demand.rateBps())
                .minPoolBits(Math.max(policy.constraints().minPoolBits(), demand.keySizeBits())).build();
            if (PathFinder.follow(graph, demand.source(), demand.destination(), links, constraints)
                    instanceof SearchResult.Found<KeyPath> found) {
                final var shares = List.of(new PathShare(found.value(), demand.rateBps()));
                final var reservation = graph.reserve(shares);
                if (reservation.isPresent()) {
                    return new Placement(new Decision(policy.mode() == PolicyMode.HYBRID ? ServiceMode.HYBRID
                        : ServiceMode.QKD, DecisionReason.NONE, shares, Optional.empty(), DecisionReason.NONE,
                        List.of()), reservation);
                }
            }
        }
        return place(graph, policy, demand);
    }

    // what the policy makes of a demand no QKD path serves: refused under qkd-only, else pqc
    private static Decision withoutPath(final KeyPolicy policy, final DecisionReason reason) {
        return Decision.withoutPath(policy.mode() == PolicyMode.QKD_ONLY ? ServiceMode.REFUSED : ServiceMode.PQC,
            reason);
    }

    /**
     * A placed demand.
     *
     * @param decision the decision
     * @param reservation the rate held on its paths, present exactly when it has paths
     */
    public record Placement(Decision decision, Optional<Reservation> reservation) {
    }
}
