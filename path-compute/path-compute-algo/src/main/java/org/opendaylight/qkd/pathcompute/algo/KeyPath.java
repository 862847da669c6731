/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import java.util.List;

/**
 * A path through the key graph: its nodes from source to destination and the links between them.
 *
 * @param nodes nodes, source first
 * @param links links, {@code nodes.size() - 1} of them
 */
public record KeyPath(List<String> nodes, List<String> links) {
    public KeyPath {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        if (nodes.size() != links.size() + 1) {
            throw new IllegalArgumentException("a path of " + links.size() + " links has " + (links.size() + 1)
                + " nodes, not " + nodes.size());
        }
    }

    /**
     * Number of links (hops).
     *
     * @return hops
     */
    public int hops() {
        return links.size();
    }
}
