/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated QKD network: nodes, the links between them, one clock. Faults are injected by node or link name.
 * Thread-safe.
 */
public final class EmulatedNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedNetwork.class);

    private final Map<String, EmulatedNode> nodes;
    private final Map<String, EmulatedLink> links;
    private final InstantSource clock;

    private EmulatedNetwork(final Map<String, EmulatedNode> nodes, final Map<String, EmulatedLink> links,
            final InstantSource clock) {
        this.nodes = nodes;
        this.links = links;
        this.clock = clock;
    }

    /**
     * Builds a network.
     *
     * @param nodeSpecs the nodes
     * @param linkSpecs the links; each must join two of the nodes
     * @param keyMaterial key material source for each link, by link name (called once per link, in order)
     * @param clock emulated time
     * @return the network, generating key from the clock's current instant
     * @throws IllegalArgumentException on duplicate names or links to unknown nodes
     */
    public static EmulatedNetwork create(final List<NodeSpec> nodeSpecs, final List<LinkSpec> linkSpecs,
            final Function<String, KeyMaterial> keyMaterial, final InstantSource clock) {
        requireNonNull(clock);
        final var byNode = new LinkedHashMap<String, List<EmulatedLink>>();
        for (var node : nodeSpecs) {
            if (byNode.putIfAbsent(node.id(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("duplicate node " + node.id());
            }
        }
        final var links = new LinkedHashMap<String, EmulatedLink>();
        for (var spec : linkSpecs) {
            for (var end : List.of(spec.nodeA(), spec.nodeB())) {
                if (!byNode.containsKey(end)) {
                    throw new IllegalArgumentException("link " + spec.id() + " ends at unknown node " + end);
                }
            }
            final var link = new EmulatedLink(spec, keyMaterial.apply(spec.id()), clock);
            if (links.putIfAbsent(spec.id(), link) != null) {
                throw new IllegalArgumentException("duplicate link " + spec.id());
            }
            byNode.get(spec.nodeA()).add(link);
            byNode.get(spec.nodeB()).add(link);
        }
        final var nodes = new LinkedHashMap<String, EmulatedNode>();
        for (var spec : nodeSpecs) {
            nodes.put(spec.id(), new EmulatedNode(spec.id(), spec.qkdnId(), spec.location(), byNode.get(spec.id())));
        }
        // in the order given: devices start, and list, as the topology file has them
        return new EmulatedNetwork(Collections.unmodifiableMap(nodes), Collections.unmodifiableMap(links), clock);
    }

    public InstantSource clock() {
        return clock;
    }

    /**
     * All nodes.
     *
     * @return the nodes
     */
    public Collection<EmulatedNode> nodes() {
        return nodes.values();
    }

    /**
     * All links.
     *
     * @return the links
     */
    public Collection<EmulatedLink> links() {
        return links.values();
    }

    /**
     * A node by name.
     *
     * @param id node name
     * @return the node
     * @throws NoSuchElementException naming the unknown node
     */
    public EmulatedNode node(final String id) {
        final var node = nodes.get(id);
        if (node == null) {
            throw new NoSuchElementException("no emulated node named '" + id + "'");
        }
        return node;
    }

    /**
     * A link by name.
     *
     * @param id link name
     * @return the link
     * @throws NoSuchElementException naming the unknown link
     */
    public EmulatedLink link(final String id) {
        final var link = links.get(id);
        if (link == null) {
            throw new NoSuchElementException("no emulated link named '" + id + "'");
        }
        return link;
    }

    /**
     * Brings every link up to the clock's current instant.
     */
    public void advance() {
        links.values().forEach(EmulatedLink::advance);
    }

    /**
     * Takes a node down (power loss, crash) or brings it back; its links stop or resume generating.
     *
     * @param id node name
     * @param up whether the node runs
     */
    public void setNodeUp(final String id, final boolean up) {
        final var node = node(id);
        synchronized (this) {
            node.setUp(up);
            for (var link : node.links()) {
                link.setEndpointsUp(node(link.nodeA()).isUp() && node(link.nodeB()).isUp());
            }
        }
        LOG.info("Node {} {}", id, up ? "up" : "down");
    }

    /**
     * What an emulated node is.
     *
     * @param id node name
     * @param qkdnId its ETSI GS QKD 015 node ID
     * @param location free-form site description
     */
    public record NodeSpec(String id, UUID qkdnId, String location) {
        public NodeSpec {
            requireNonNull(id, "node id");
            requireNonNull(qkdnId, "qkdn id");
            requireNonNull(location, "location");
        }
    }
}
