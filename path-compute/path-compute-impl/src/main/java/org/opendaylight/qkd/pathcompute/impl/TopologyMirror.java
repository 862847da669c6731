/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataObjectModification;
import org.opendaylight.mdsal.binding.api.DataTreeChangeListener;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.api.LinkChange;
import org.opendaylight.qkd.pathcompute.api.LinkListener;
import org.opendaylight.qkd.pathcompute.api.LinkView;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yangtools.concepts.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link KeyGraph} per QKD network of the operational datastore, updated from data tree changes: a
 * network written as a whole is reconciled against the graph, and changes below it are applied node by node and
 * link by link. Nothing is rebuilt per query, and reservations survive topology changes. It is the controller's one
 * reader of the QKD topology: once a change is in the graphs, it tells the {@link LinkListener}s which links changed
 * their status or QBER, with the version of the topology that has the change.
 */
final class TopologyMirror implements DataTreeChangeListener<Network> {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyMirror.class);
    // QBER moves smaller than this are noise, not changes
    private static final double QBER_STEP = 0.005;

    private final Map<String, NetworkGraph> networks = new ConcurrentHashMap<>();
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();
    // network -> link -> view, as last reported; the listener's thread only
    private final Map<String, Map<String, LinkView>> linkViews = new HashMap<>();
    // dates a link whose status change the datastore does not date
    private final InstantSource clock;
    private volatile long version;

    TopologyMirror(final InstantSource clock) {
        this.clock = requireNonNull(clock);
    }

    /**
     * The version of the topology the graphs hold: it grows with every change they take.
     *
     * @return the version
     */
    long version() {
        return version;
    }

    /**
     * Tells a listener of link changes from now on.
     *
     * @param listener the listener
     * @return closing it stops the reports
     */
    Registration watchLinks(final LinkListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * The key graph of a QKD network.
     *
     * @param networkId network name
     * @return its graph, if it is a QKD network in the operational datastore
     */
    Optional<KeyGraph> graph(final String networkId) {
        return Optional.ofNullable(networks.get(networkId)).map(NetworkGraph::graph);
    }

    /**
     * A QKD network as mirrored.
     *
     * @param networkId network name
     * @return it, if it is a QKD network in the operational datastore
     */
    Optional<NetworkGraph> network(final String networkId) {
        return Optional.ofNullable(networks.get(networkId));
    }

    /**
     * Names of the QKD networks.
     *
     * @return network names
     */
    List<String> networkIds() {
        return networks.keySet().stream().sorted().toList();
    }

    @Override
    public void onDataTreeChanged(final List<DataTreeModification<Network>> changes) {
        final var linkChanges = new ArrayList<LinkChange>();
        for (var change : changes) {
            final var root = change.getRootNode();
            final var after = root.dataAfter();
            final var before = root.dataBefore();
            final var id = (after != null ? after : before).requireNetworkId().getValue();
            if (after == null || !isQkdNetwork(after)) {
                if (networks.remove(id) != null) {
                    LOG.info("QKD network {} left the operational topology", id);
                }
                compareLinks(id, Map.of(), linkChanges);
                continue;
            }
            final var existing = networks.get(id);
            if (existing == null || root.modificationType() == DataObjectModification.ModificationType.WRITE) {
                final var graph = existing != null ? existing : new NetworkGraph(id);
                graph.resync(after);
                if (existing == null) {
                    networks.put(id, graph);
                    LOG.info("QKD network {} mirrored: {} nodes, {} links", id, graph.graph().nodeCount(),
                        graph.graph().linkCount());
                }
            } else {
                applyChanges(existing, root);
            }
            compareLinks(id, links(after), linkChanges);
        }
        // the graphs have the changes: a placement asked for from here on is computed on them
        final long now = ++version;
        if (!linkChanges.isEmpty()) {
            for (var listener : listeners) {
                listener.linksChanged(List.copyOf(linkChanges), now);
            }
        }
    }

    // the links of a network that appeared, went away, or changed their status or QBER since last reported
    private void compareLinks(final String networkId, final Map<String, LinkView> now, final List<LinkChange> out) {
        final var before = linkViews.getOrDefault(networkId, Map.of());
        final var reported = new HashMap<String, LinkView>();
        for (var entry : now.entrySet()) {
            final var previous = before.get(entry.getKey());
            final var link = entry.getValue();
            if (previous == null || previous.status() != link.status()
                    || Math.abs(previous.qber() - link.qber()) >= QBER_STEP) {
                out.add(new LinkChange(entry.getKey(), previous, link));
                reported.put(entry.getKey(), link);
            } else {
                // a move within the noise: the last reported view stays the one changes are measured from
                reported.put(entry.getKey(), previous);
            }
        }
        for (var entry : before.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
                out.add(new LinkChange(entry.getKey(), entry.getValue(), null));
            }
        }
        if (reported.isEmpty()) {
            linkViews.remove(networkId);
        } else {
            linkViews.put(networkId, reported);
        }
    }

    private Map<String, LinkView> links(final Network network) {
        final var topology = network.augmentation(Network1.class);
        final var out = new HashMap<String, LinkView>();
        if (topology == null) {
            return out;
        }
        for (Link link : topology.nonnullLink().values()) {
            final var qkd = link.augmentation(Link1.class);
            final var attributes = qkd == null ? null : qkd.getQkdLinkAttributes();
            if (attributes == null) {
                continue;
            }
            final var id = link.requireLinkId().getValue();
            final var status = attributes.getStatus() == null ? LinkState.Unknown : attributes.getStatus();
            final double qber = attributes.getQber() == null ? 0 : attributes.getQber().getValue().doubleValue();
            final var source = link.getSource() == null || link.getSource().getSourceNode() == null ? ""
                : link.getSource().getSourceNode().getValue();
            final var destination = link.getDestination() == null || link.getDestination().getDestNode() == null
                ? "" : link.getDestination().getDestNode().getValue();
            out.put(id, new LinkView(id, source, destination, status, qber, instant(attributes.getLastChange() == null
                ? null : attributes.getLastChange().getValue())));
        }
        return out;
    }

    private Instant instant(final @Nullable String text) {
        if (text == null) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    private static void applyChanges(final NetworkGraph graph, final DataObjectModification<Network> root) {
        final var topology = root.getModifiedAugmentation(Network1.class);
        if (topology != null && topology.modificationType() != DataObjectModification.ModificationType
                .SUBTREE_MODIFIED) {
            // the link list was written or removed as a whole
            graph.resync(root.dataAfter());
            return;
        }
        for (var node : root.getModifiedChildren(Node.class)) {
            final var nodeAfter = node.dataAfter();
            if (nodeAfter == null) {
                graph.removeNode(node.dataBefore().requireNodeId().getValue());
            } else {
                graph.putNode(nodeAfter);
            }
        }
        if (topology != null) {
            for (var link : topology.getModifiedChildren(Link.class)) {
                final var linkAfter = link.dataAfter();
                if (linkAfter == null) {
                    graph.removeLink(link.dataBefore().requireLinkId().getValue());
                } else {
                    graph.putLink(linkAfter);
                }
            }
        }
        graph.apply();
    }

    private static boolean isQkdNetwork(final Network network) {
        final var types = network.getNetworkTypes();
        final var qkd = types == null ? null : types.augmentation(NetworkTypes1.class);
        return qkd != null && qkd.getQkdNetwork() != null;
    }
}
