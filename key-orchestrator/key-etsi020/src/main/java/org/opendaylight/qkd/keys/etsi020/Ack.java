/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An {@code ack_container}: the outcome shared by some keys of one initiator and its targets.
 *
 * @param keyIds the keys
 * @param status their outcome
 * @param initiator the initiator SAE
 * @param targets the target SAEs
 * @param message details in words, if any
 */
public record Ack(List<UUID> keyIds, AckStatus status, String initiator, List<String> targets,
        @Nullable String message) {
    /**
     * Checks the parts.
     */
    public Ack {
        keyIds = List.copyOf(keyIds);
        requireNonNull(status);
        requireNonNull(initiator);
        targets = List.copyOf(targets);
    }
}
