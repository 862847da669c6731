/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opendaylight.mdsal.binding.api.DataObjectModification;
import org.opendaylight.mdsal.binding.api.DataTreeChangeListener;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link KeyGraph} per QKD network of the operational datastore, updated from data tree changes: a
 * network written as a whole is reconciled against the graph, and changes below it are applied node by node and
 * link by link. Nothing is rebuilt per query, and reservations survive topology changes.
 */
final class TopologyMirror implements DataTreeChangeListener<Network> {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyMirror.class);

    private final Map<String, NetworkGraph> networks = new ConcurrentHashMap<>();

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
     * Names of the QKD networks.
     *
     * @return network names
     */
    List<String> networkIds() {
        return networks.keySet().stream().sorted().toList();
    }

    @Override
    public void onDataTreeChanged(final List<DataTreeModification<Network>> changes) {
        for (var change : changes) {
            final var root = change.getRootNode();
            final var after = root.dataAfter();
            final var before = root.dataBefore();
            final var id = (after != null ? after : before).requireNetworkId().getValue();
            if (after == null || !isQkdNetwork(after)) {
                if (networks.remove(id) != null) {
                    LOG.info("QKD network {} left the operational topology", id);
                }
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
                continue;
            }
            applyChanges(existing, root);
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
