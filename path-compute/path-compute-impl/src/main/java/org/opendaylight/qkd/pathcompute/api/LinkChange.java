/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import static java.util.Objects.requireNonNull;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A QKD link that appeared, changed its status or QBER, or went away.
 *
 * @param id the link
 * @param before what it was, null when new
 * @param after what it is, null when gone
 */
public record LinkChange(String id, @Nullable LinkView before, @Nullable LinkView after) {
    public LinkChange {
        requireNonNull(id);
    }
}
