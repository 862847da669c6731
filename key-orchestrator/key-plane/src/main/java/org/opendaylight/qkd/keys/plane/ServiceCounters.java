/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.util.Optional;

/**
 * What the key plane did for one service: counts only, safe for the datastore and logs.
 *
 * @param made keys made (relayed or derived) for both ends
 * @param issued keys the master SAE took
 * @param delivered keys the slave SAE took too: delivered to both sides
 * @param discarded keys discarded unused (a link compromised, the service changed)
 * @param failures key production attempts that failed (a link without enough key)
 * @param stocked keys ready for the master SAE now
 * @param awaitingSlave keys the master took that the slave has not yet
 * @param lastFailure why production last failed, if it has
 */
public record ServiceCounters(long made, long issued, long delivered, long discarded, long failures, int stocked,
        int awaitingSlave, Optional<String> lastFailure) {
}
