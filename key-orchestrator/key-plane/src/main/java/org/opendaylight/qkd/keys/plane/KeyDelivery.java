/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a key manager answers to its SAEs over ETSI GS QKD 014: status, keys for the master SAE, and the slave SAE's
 * copies by key ID, each key to each side once.
 */
public interface KeyDelivery {
    /**
     * ETSI GS QKD 014 Get status.
     *
     * @param caller the authenticated SAE (the master)
     * @param slaveSae the slave SAE of the URL
     * @return the status
     * @throws DeliveryException unauthorized when the caller is not the master of a pair with that slave
     */
    KeyStatus status(String caller, String slaveSae) throws DeliveryException;

    /**
     * ETSI GS QKD 014 Get key: keys for the master SAE.
     *
     * @param caller the authenticated SAE (the master)
     * @param slaveSae the slave SAE of the URL
     * @param number how many keys; absent means one
     * @param size key size in bits; absent means the pair's key size
     * @return the keys; the caller sends them and destroys them
     * @throws DeliveryException unauthorized, bad request (number or size out of bounds), unavailable (fewer keys
     *         stored than asked)
     */
    List<StoredKey> encKeys(String caller, String slaveSae, OptionalInt number, OptionalInt size)
        throws DeliveryException;

    /**
     * ETSI GS QKD 014 Get key with key IDs: the slave SAE's copies.
     *
     * @param caller the authenticated SAE (the slave)
     * @param masterSae the master SAE of the URL
     * @param keyIds the key IDs, as sent
     * @return the keys in the order of the IDs; the caller sends them and destroys them
     * @throws DeliveryException unauthorized (not the slave of that master, or a key of another pair), bad request
     *         (no ID, too many, repeated, or a key that is not there)
     */
    List<StoredKey> decKeys(String caller, String masterSae, List<String> keyIds) throws DeliveryException;
}
