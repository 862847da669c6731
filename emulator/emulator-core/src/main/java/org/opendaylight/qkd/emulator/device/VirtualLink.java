/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * A virtual (multi-hop) key association link as one node along it holds it, after an SDN controller provisioned it
 * (ETSI GS QKD 015 {@code qkd_link} of type VIRT): its identifier, the node at its far end, the hops before and after
 * this node, and the bandwidth reserved for it. Configuration only: it carries no key of its own.
 *
 * @param qkdlId the link's identifier
 * @param remote qkdn_id of the far end
 * @param previousHop qkdn_id of the node before this one, null at the first end
 * @param nextHops qkdn_id of the nodes after this one, empty at the last end
 * @param bandwidthBps reserved bandwidth, bit/s
 */
public record VirtualLink(UUID qkdlId, UUID remote, UUID previousHop, List<UUID> nextHops,
        long bandwidthBps) {
    public VirtualLink {
        requireNonNull(qkdlId, "qkdlId");
        requireNonNull(remote, "remote");
        nextHops = List.copyOf(nextHops);
        if (bandwidthBps < 0) {
            throw new IllegalArgumentException("bandwidth must not be negative, was " + bandwidthBps);
        }
    }
}
