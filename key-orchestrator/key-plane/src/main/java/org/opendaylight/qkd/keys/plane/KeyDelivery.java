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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * What a key manager answers to its SAEs over ETSI GS QKD 014: status, keys for the master SAE, and the slave SAE's
 * copies by key ID, each key to each side once.
 *
 * <p>A key manager whose answers wait (for its disk) answers through {@link #encKeysAsync} and {@link #decKeysAsync}
 * without blocking the caller, and its blocking methods wait for them; one that answers from memory answers through
 * the blocking methods, which the asynchronous ones call by default.
 */
public interface KeyDelivery {
    /** Smallest key size a site KME serves, bits (ETSI GS QKD 014 {@code min_key_size}). */
    int MIN_KEY_BITS = 64;
    /** Largest key size a site KME serves, bits (ETSI GS QKD 014 {@code max_key_size}). */
    int MAX_KEY_BITS = 8192;

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
     * The SAEs an SAE may share keys with through this key manager: the slave SAEs of the applications whose master
     * it is, and the masters of those it is a slave of.
     *
     * @param sae the SAE
     * @return the other SAEs, sorted; empty when it has none here
     */
    default List<String> peers(final String sae) {
        return List.of();
    }

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
     * {@link #encKeys} without blocking the caller.
     *
     * @param caller the authenticated SAE (the master)
     * @param slaveSae the slave SAE of the URL
     * @param number how many keys; absent means one
     * @param size key size in bits; absent means the pair's key size
     * @param callerThread runs tasks on the calling thread once it has handled the work at hand (the caller's event
     *        loop): a key manager that must force its disk before it answers does that there, once for every answer
     *        the thread gathered, instead of waking a thread of its own
     * @return the keys, or failed with a {@link DeliveryException}
     */
    default CompletionStage<List<StoredKey>> encKeysAsync(final String caller, final String slaveSae,
            final OptionalInt number, final OptionalInt size, final Executor callerThread) {
        try {
            return CompletableFuture.completedFuture(encKeys(caller, slaveSae, number, size));
        } catch (DeliveryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@link #encKeysAsync(String, String, OptionalInt, OptionalInt, Executor)} for keys that several slave SAEs
     * share (ETSI GS QKD 014 key multicast). A key manager that serves none refuses additional slave SAEs.
     *
     * @param caller the authenticated SAE (the master)
     * @param slaveSae the slave SAE of the URL
     * @param number how many keys; absent means one
     * @param size key size in bits; absent means the pair's key size
     * @param additionalSlaves the request's {@code additional_slave_SAE_IDs}: each also takes each key once
     * @param callerThread runs tasks on the calling thread once it has handled the work at hand
     * @return the keys, or failed with a {@link DeliveryException}
     */
    default CompletionStage<List<StoredKey>> encKeysAsync(final String caller, final String slaveSae,
            final OptionalInt number, final OptionalInt size, final List<String> additionalSlaves,
            final Executor callerThread) {
        if (!additionalSlaves.isEmpty()) {
            return CompletableFuture.failedFuture(DeliveryException.badRequest("additional_slave_SAE_IDs is not "
                + "supported: max_SAE_ID_count is 0"));
        }
        return encKeysAsync(caller, slaveSae, number, size, callerThread);
    }

    /**
     * {@link #decKeys} without blocking the caller.
     *
     * @param caller the authenticated SAE (the slave)
     * @param masterSae the master SAE of the URL
     * @param keyIds the key IDs, as sent
     * @param callerThread runs tasks on the calling thread once it has handled the work at hand, as for
     *        {@link #encKeysAsync}
     * @return the keys in the order of the IDs, or failed with a {@link DeliveryException}
     */
    default CompletionStage<List<StoredKey>> decKeysAsync(final String caller, final String masterSae,
            final List<String> keyIds, final Executor callerThread) {
        try {
            return CompletableFuture.completedFuture(decKeys(caller, masterSae, keyIds));
        } catch (DeliveryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for an asynchronous answer, for the blocking methods of a key manager that answers asynchronously.
     *
     * @param <T> the answer's type
     * @param answer the answer
     * @return its value
     * @throws DeliveryException its failure, or unavailable when the wait was interrupted
     */
    // the ExecutionException only wraps the failure, which is kept
    @SuppressWarnings("checkstyle:AvoidHidingCauseException")
    static <T> T await(final CompletionStage<T> answer) throws DeliveryException {
        try {
            return answer.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.unavailable("interrupted while waiting for the key manager", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * The delivery failure an asynchronous answer failed with.
     *
     * @param cause what it failed with, perhaps wrapped in a {@link CompletionException}
     * @return the delivery failure; any other cause is a fault of the key manager, unavailable
     */
    static DeliveryException failure(final Throwable cause) {
        var unwrapped = cause;
        while (unwrapped instanceof CompletionException && unwrapped.getCause() != null) {
            unwrapped = unwrapped.getCause();
        }
        return unwrapped instanceof DeliveryException delivery ? delivery
            : DeliveryException.unavailable("the key manager failed to serve the request", unwrapped);
    }

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
        final int count = keyNumber(number, maxKeysPerRequest);
        keySize(size, keyBits, keyBits, keyBits);
        return count;
    }

    /**
     * Checks the number of an ETSI GS QKD 014 Get key request.
     *
     * @param number how many keys; absent means one
     * @param maxKeysPerRequest most keys one request may ask for
     * @return how many keys are asked
     * @throws DeliveryException bad request when the number is out of bounds
     */
    static int keyNumber(final OptionalInt number, final int maxKeysPerRequest) throws DeliveryException {
        final int count = number.orElse(1);
        if (count < 1 || count > maxKeysPerRequest) {
            throw DeliveryException.badRequest("number shall be between 1 and max_key_per_request ("
                + maxKeysPerRequest + "), was " + count);
        }
        return count;
    }

    /**
     * Checks the size of an ETSI GS QKD 014 Get key request.
     *
     * @param size key size in bits; absent means the default
     * @param defaultBits the default key size ({@code key_size})
     * @param minBits the smallest ({@code min_key_size})
     * @param maxBits the largest ({@code max_key_size})
     * @return the size asked, bits
     * @throws DeliveryException bad request when the size is not a multiple of 8 or out of bounds
     */
    static int keySize(final OptionalInt size, final int defaultBits, final int minBits, final int maxBits)
            throws DeliveryException {
        if (size.isEmpty()) {
            return defaultBits;
        }
        final int bits = size.getAsInt();
        if (bits % Byte.SIZE != 0) {
            throw DeliveryException.badRequest(DeliveryException.SIZE_NOT_MULTIPLE_OF_8);
        }
        if (bits < minBits || bits > maxBits) {
            throw DeliveryException.badRequest("size shall be between min_key_size and max_key_size ("
                + (minBits == maxBits ? minBits + " for this SAE pair" : minBits + " to " + maxBits + " bits")
                + "), was " + bits);
        }
        return bits;
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
