/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

/**
 * A QKD node as path computation sees it.
 *
 * @param id node name (the topology's node-id)
 * @param trusted whether keys may be relayed through it
 * @param operator its operator, empty when unknown
 * @param jurisdiction its jurisdiction, empty when unknown
 */
public record KeyNode(String id, boolean trusted, String operator, String jurisdiction) {
    public KeyNode {
        requireNonNull(id, "id");
        requireNonNull(operator, "operator");
        requireNonNull(jurisdiction, "jurisdiction");
    }
}
