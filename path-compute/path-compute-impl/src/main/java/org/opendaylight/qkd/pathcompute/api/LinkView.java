/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;

/**
 * A QKD link of the operational topology, as its changes are reported.
 *
 * @param id the link ID
 * @param source the node at its source end
 * @param destination the node at its destination end
 * @param status up, degraded, aborted, down or unknown
 * @param qber its QBER, 0 when not reported
 * @param lastChange when its status last changed, as the topology says
 */
public record LinkView(String id, String source, String destination, LinkState status, double qber,
        Instant lastChange) {
    public LinkView {
        requireNonNull(id);
        requireNonNull(source);
        requireNonNull(destination);
        requireNonNull(status);
        requireNonNull(lastChange);
    }

    /**
     * Whether key may be relayed over it.
     *
     * @return true when up or degraded
     */
    public boolean usable() {
        return status == LinkState.Up || status == LinkState.Degraded;
    }

    /**
     * Whether its QKD aborted (an eavesdropper, or errors beyond the abort threshold).
     *
     * @return true when aborted
     */
    public boolean compromised() {
        return status == LinkState.Aborted;
    }
}
