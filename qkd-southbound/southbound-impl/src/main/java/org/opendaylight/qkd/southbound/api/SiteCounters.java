/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import java.util.Optional;

/**
 * A programmed key service's counters, as its two end nodes report them.
 *
 * @param stored keys ready for the master SAE at its node
 * @param delivered keys the slave SAE took: delivered to both sides
 * @param discarded keys erased unused at either end (voided, not relayed, or compromised)
 * @param lastFailure why keys were last not relayed, as the master's node says
 */
public record SiteCounters(long stored, long delivered, long discarded, Optional<String> lastFailure) {
}
