/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.util.List;

/**
 * A path over which keys are relayed: its nodes from the A end to the B end and the links between them.
 *
 * @param nodes nodes, at least two, none repeated
 * @param links links, one fewer than nodes; {@code links.get(i)} joins {@code nodes.get(i)} and {@code nodes.get(i+1)}
 */
public record RelayPath(List<String> nodes, List<String> links) {
    /**
     * Validates the path.
     *
     * @throws IllegalArgumentException when the counts do not match, a node repeats, or the path has no hop
     */
    public RelayPath {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a relay path needs at least two nodes, got " + nodes);
        }
        if (links.size() != nodes.size() - 1) {
            throw new IllegalArgumentException("a path of " + nodes.size() + " nodes needs " + (nodes.size() - 1)
                + " links, got " + links.size());
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("relay path visits a node twice: " + nodes);
        }
    }

    /**
     * The node at the A end.
     *
     * @return node
     */
    public String source() {
        return nodes.getFirst();
    }

    /**
     * The node at the B end.
     *
     * @return node
     */
    public String destination() {
        return nodes.getLast();
    }
}
