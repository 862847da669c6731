/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

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

    /**
     * Checks the number and size of an ETSI GS QKD 014 Get key request against an SAE pair.
     *
     * @param number how many keys; absent means one
     * @param size key size in bits; absent means the pair's key size
     * @param keyBits the pair's key size
     * @param maxKeysPerRequest most keys one request may ask for
     * @return how many keys are asked
     * @throws DeliveryException bad request when the number or the size is out of bounds
     */
    static int keyCount(final OptionalInt number, final OptionalInt size, final int keyBits,
            final int maxKeysPerRequest) throws DeliveryException {
        final int count = number.orElse(1);
        if (count < 1 || count > maxKeysPerRequest) {
            throw DeliveryException.badRequest("number shall be between 1 and max_key_per_request ("
                + maxKeysPerRequest + "), was " + count);
        }
        if (size.isPresent()) {
            final int bits = size.getAsInt();
            if (bits % Byte.SIZE != 0) {
                throw DeliveryException.badRequest(DeliveryException.SIZE_NOT_MULTIPLE_OF_8);
            }
            if (bits != keyBits) {
                throw DeliveryException.badRequest("size shall be between min_key_size and max_key_size ("
                    + keyBits + " for this SAE pair), was " + bits);
            }
        }
        return count;
    }

    /**
     * Checks the key IDs of an ETSI GS QKD 014 Get key with key IDs request.
     *
     * @param keyIds the key IDs, as sent
     * @param maxKeysPerRequest most keys one request may name
     * @return the IDs, in order
     * @throws DeliveryException bad request when there is none, too many, one repeated, or one that is not a key
     *         ID this suite issues (a UUID), which is not found
     */
    static List<UUID> keyIds(final List<String> keyIds, final int maxKeysPerRequest) throws DeliveryException {
        if (keyIds.isEmpty()) {
            throw DeliveryException.badRequest("key_IDs shall name at least one key");
        }
        if (keyIds.size() > maxKeysPerRequest) {
            throw DeliveryException.badRequest("key_IDs shall name at most max_key_per_request ("
                + maxKeysPerRequest + ") keys, named " + keyIds.size());
        }
        final var ids = new ArrayList<UUID>(keyIds.size());
        for (var text : keyIds) {
            // every key ID this suite issues is a UUID: anything else is not found
            if (!KeyPlane.isKeyId(text)) {
                throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
            }
            ids.add(UUID.fromString(text));
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw DeliveryException.badRequest("key_IDs names a key more than once");
        }
        return ids;
    }
}
