/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Unwraps search results in tests.
 */
final class SearchResults {
    private SearchResults() {
        // static functions only
    }

    @SuppressWarnings("unchecked")
    static <T> T found(final SearchResult<T> result) {
        return ((SearchResult.Found<T>) assertInstanceOf(SearchResult.Found.class, result)).value();
    }

    static DecisionReason reason(final SearchResult<?> result) {
        return assertInstanceOf(SearchResult.NotFound.class, result).reason();
    }
}
