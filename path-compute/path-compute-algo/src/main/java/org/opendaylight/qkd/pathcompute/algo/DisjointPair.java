/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;

/**
 * Two paths between the same endpoints that share no relay node and no link.
 *
 * @param primary the cheaper path
 * @param backup the other path
 */
public record DisjointPair(KeyPath primary, KeyPath backup) {
    public DisjointPair {
        requireNonNull(primary);
        requireNonNull(backup);
        final var relays = new HashSet<>(primary.relays());
        for (var relay : backup.relays()) {
            if (relays.contains(relay)) {
                throw new IllegalArgumentException("paths share relay " + relay);
            }
        }
        for (var link : backup.links()) {
            if (primary.links().contains(link)) {
                throw new IllegalArgumentException("paths share link " + link);
            }
        }
    }
}
