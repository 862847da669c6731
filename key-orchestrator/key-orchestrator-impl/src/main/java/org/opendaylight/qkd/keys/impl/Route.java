/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import java.util.List;

/**
 * A path a service's keys take through trusted nodes, as path computation placed it.
 *
 * @param nodes the nodes, from SAE A's to SAE B's
 * @param links the QKD links between consecutive nodes (topology link IDs, the links' qkdl_id), one fewer
 */
record Route(List<String> nodes, List<String> links) {
    Route {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        if (nodes.size() < 2 || links.size() != nodes.size() - 1) {
            throw new IllegalArgumentException("a route joins at least two nodes by one link fewer: " + nodes + ", "
                + links);
        }
    }
}
