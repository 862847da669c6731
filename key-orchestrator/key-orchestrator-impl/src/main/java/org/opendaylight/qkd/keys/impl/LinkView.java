/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import java.time.Instant;

/**
 * What the orchestrator needs to know of a topology link.
 *
 * @param id the link ID
 * @param source the node at its source end
 * @param destination the node at its destination end
 * @param status up, degraded, aborted, down or unknown
 * @param qber its QBER, 0 when not reported
 * @param lastChange when its status last changed
 */
record LinkView(String id, String source, String destination, String status, double qber, Instant lastChange) {
    boolean usable() {
        return "up".equals(status) || "degraded".equals(status);
    }

    boolean compromised() {
        return "aborted".equals(status);
    }
}
