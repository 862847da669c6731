/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A {@code void_container}: keys passed earlier that the receiver shall discard.
 *
 * @param keyIds the keys; empty means every key between the SAEs, which needs {@code allConfirmation}
 * @param initiator the initiator SAE
 * @param targets the target SAEs
 * @param ackCallback where the outcome goes (asynchronous mode); null asks for the synchronous mode
 * @param allConfirmation confirms that an empty {@code keyIds} voids every key between the SAEs
 */
public record VoidRequest(List<UUID> keyIds, String initiator, List<String> targets, @Nullable URI ackCallback,
        boolean allConfirmation) {
    /**
     * Checks the parts.
     */
    public VoidRequest {
        keyIds = List.copyOf(keyIds);
        requireNonNull(initiator);
        targets = List.copyOf(targets);
    }
}
