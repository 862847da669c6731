/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import java.net.URI;
import java.util.List;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An {@code ext_key_container}: keys passed to another KME for delivery to the target SAEs.
 *
 * @param keys the keys, at least one
 * @param initiator the initiator SAE (the master)
 * @param targets the target SAEs
 * @param ackCallback where acknowledgements go (asynchronous mode); null asks for the synchronous mode
 * @param extensionMandatory extensions the receiver shall implement or refuse the request
 * @param extensionOptional extensions the receiver passes on
 */
public record ExtKeys(List<RelayedKey> keys, String initiator, List<String> targets, @Nullable URI ackCallback,
        @Nullable JsonObject extensionMandatory, @Nullable JsonObject extensionOptional) {
    /**
     * Checks the parts.
     */
    public ExtKeys {
        keys = List.copyOf(keys);
        requireNonNull(initiator);
        targets = List.copyOf(targets);
    }

    /**
     * Overwrites every key value with zeros.
     */
    public void destroy() {
        keys.forEach(RelayedKey::destroy);
    }
}
