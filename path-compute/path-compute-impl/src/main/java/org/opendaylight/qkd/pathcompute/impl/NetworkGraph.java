/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.algo.KeyLink;
import org.opendaylight.qkd.pathcompute.algo.KeyNode;
import org.opendaylight.qkd.pathcompute.algo.LinkState;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QKD network of the operational datastore as a {@link KeyGraph}, kept current one node and link at a time.
 * Links whose ends are not (yet) nodes of the network are held back and enter the graph when both ends exist.
 * Used by the topology listener's thread only; the key graph itself is safe to search concurrently.
 */
final class NetworkGraph {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkGraph.class);

    private final String networkId;
    private final KeyGraph graph = new KeyGraph();
    private final Set<String> nodes = new HashSet<>();
    private final Map<String, KeyLink> links = new HashMap<>();
    private final Map<String, Set<String>> linksAtNode = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();

    NetworkGraph(final String networkId) {
        this.networkId = networkId;
    }

    KeyGraph graph() {
        return graph;
    }

    String networkId() {
        return networkId;
    }

    /**
     * Brings the graph in line with a whole network: what is new or changed is put, what is gone is removed.
     *
     * @param network the network as it is now
     */
    void resync(final Network network) {
        final var nodesNow = new HashSet<String>();
        for (var node : network.nonnullNode().values()) {
            nodesNow.add(node.requireNodeId().getValue());
            putNode(node);
        }
        for (var node : Set.copyOf(nodes)) {
            if (!nodesNow.contains(node)) {
                removeNode(node);
            }
        }
        final var linksNow = new HashSet<String>();
        final var topology = network.augmentation(Network1.class);
        if (topology != null) {
            for (var link : topology.nonnullLink().values()) {
                linksNow.add(link.requireLinkId().getValue());
                putLink(link);
            }
        }
        for (var link : Set.copyOf(links.keySet())) {
            if (!linksNow.contains(link)) {
                removeLink(link);
            }
        }
        apply();
    }

    void putNode(final Node node) {
        final var id = node.requireNodeId().getValue();
        final var qkd = node.augmentation(Node1.class);
        final var attributes = qkd == null ? null : qkd.getQkdNodeAttributes();
        final boolean trusted = attributes == null || Objects.requireNonNullElse(attributes.getTrusted(), true);
        final var operator = attributes == null || attributes.getOperator() == null ? ""
            : attributes.getOperator().getValue();
        final var jurisdiction = attributes == null || attributes.getJurisdiction() == null ? ""
            : attributes.getJurisdiction().getValue();
        graph.putNode(new KeyNode(id, trusted, operator, jurisdiction));
        if (nodes.add(id)) {
            dirty.addAll(linksAtNode.getOrDefault(id, Set.of()));
        }
    }

    void removeNode(final String id) {
        if (nodes.remove(id)) {
            graph.removeNode(id);
            dirty.addAll(linksAtNode.getOrDefault(id, Set.of()));
        }
    }

    void putLink(final Link link) {
        final var id = link.requireLinkId().getValue();
        if (link.getSource() == null || link.getSource().getSourceNode() == null || link.getDestination() == null
                || link.getDestination().getDestNode() == null) {
            LOG.warn("QKD network {}: link {} has no source or destination node; not used for paths", networkId, id);
            removeLink(id);
            return;
        }
        final var from = link.getSource().getSourceNode().getValue();
        final var to = link.getDestination().getDestNode().getValue();
        if (from.equals(to)) {
            LOG.warn("QKD network {}: link {} joins node {} to itself; not used for paths", networkId, id, from);
            removeLink(id);
            return;
        }
        final var qkd = link.augmentation(Link1.class);
        final var attributes = qkd == null ? null : qkd.getQkdLinkAttributes();
        var state = LinkState.DOWN;
        long rate = 0;
        double qber = 0;
        long pool = Long.MAX_VALUE;
        if (attributes != null) {
            state = attributes.getStatus() == null ? LinkState.DOWN : switch (attributes.getStatus()) {
                case Up -> LinkState.UP;
                case Degraded -> LinkState.DEGRADED;
                case Aborted -> LinkState.ABORTED;
                case Down, Unknown -> LinkState.DOWN;
            };
            final var usable = attributes.getEffectiveSecretKeyRate() != null
                ? attributes.getEffectiveSecretKeyRate() : attributes.getSecretKeyRate();
            rate = usable == null ? 0 : saturated(usable.getValue().longValue());
            qber = attributes.getQber() == null ? 0 : attributes.getQber().getValue().doubleValue();
            if (attributes.getKeyPoolFill() != null) {
                pool = saturated(attributes.getKeyPoolFill().longValue());
            }
        }
        final var previous = links.put(id, new KeyLink(id, from, to, state, rate, qber, pool));
        if (previous != null && !(previous.nodeA().equals(from) && previous.nodeB().equals(to))) {
            unindex(previous);
        }
        linksAtNode.computeIfAbsent(from, node -> new HashSet<>()).add(id);
        linksAtNode.computeIfAbsent(to, node -> new HashSet<>()).add(id);
        dirty.add(id);
    }

    void removeLink(final String id) {
        final var previous = links.remove(id);
        if (previous != null) {
            unindex(previous);
        }
        dirty.add(id);
    }

    /**
     * Applies the links touched since the last call: each enters the graph when both its ends are nodes, and
     * leaves it otherwise.
     */
    void apply() {
        for (var id : dirty) {
            final var link = links.get(id);
            if (link != null && nodes.contains(link.nodeA()) && nodes.contains(link.nodeB())) {
                graph.putLink(link);
            } else {
                graph.removeLink(id);
            }
        }
        dirty.clear();
    }

    private void unindex(final KeyLink link) {
        for (var end : new String[] {link.nodeA(), link.nodeB()}) {
            final var at = linksAtNode.get(end);
            if (at != null) {
                at.remove(link.id());
                if (at.isEmpty()) {
                    linksAtNode.remove(end);
                }
            }
        }
    }

    // uint64 values beyond Long.MAX_VALUE arrive negative; nothing real is that large, so they saturate
    private static long saturated(final long value) {
        return value < 0 ? Long.MAX_VALUE : value;
    }
}
