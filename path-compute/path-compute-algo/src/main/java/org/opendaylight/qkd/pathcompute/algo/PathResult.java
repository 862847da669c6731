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
 * The outcome of a path search: a path, or the reason there is none.
 */
public sealed interface PathResult {
    /**
     * A path was found.
     *
     * @param path the path
     */
    record Found(KeyPath path) implements PathResult {
        public Found {
            requireNonNull(path);
        }
    }

    /**
     * No path satisfies the constraints.
     *
     * @param reason the constraint that stood in the way
     */
    record NotFound(NoPathReason reason) implements PathResult {
        public NotFound {
            requireNonNull(reason);
        }
    }
}
