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
 * The outcome of a search: what was found, or the reason nothing was.
 *
 * @param <T> what a search finds
 */
public sealed interface SearchResult<T> {
    /**
     * Found.
     *
     * @param <T> what was searched
     * @param value what was found
     */
    record Found<T>(T value) implements SearchResult<T> {
        public Found {
            requireNonNull(value);
        }
    }

    /**
     * Nothing satisfies the constraints.
     *
     * @param <T> what was searched
     * @param reason the constraint that stood in the way
     */
    record NotFound<T>(DecisionReason reason) implements SearchResult<T> {
        public NotFound {
            if (!reason.noPath()) {
                throw new IllegalArgumentException(reason + " does not explain a missing path");
            }
        }
    }
}
