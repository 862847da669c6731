/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The key manager (KME) of one node: the keys it holds for the SAEs it serves. For a service whose master SAE it
 * serves, a stock of keys that {@code enc_keys} hands out oldest first; for a service whose slave SAE it serves, the
 * same keys by ID, which {@code dec_keys} hands out once the master has taken them. Every copy handed out or
 * discarded is zeroed.
 */
public final class KeyManager {
    private final String node;
    private final Map<String, ArrayDeque<StoredKey>> stock = new HashMap<>();
    private final Map<UUID, Held> held = new HashMap<>();
    private final Map<String, Integer> heldCount = new HashMap<>();

    KeyManager(final String node) {
        this.node = requireNonNull(node);
    }

    /**
     * The node this KME belongs to; its KME ID in ETSI GS QKD 014.
     *
     * @return the node ID
     */
    public String node() {
        return node;
    }

    synchronized void stock(final StoredKey key) {
        stock.computeIfAbsent(key.serviceId(), id -> new ArrayDeque<>()).addLast(key);
    }

    synchronized void hold(final StoredKey key) {
        if (held.putIfAbsent(key.id(), new Held(key)) == null) {
            heldCount.merge(key.serviceId(), 1, Integer::sum);
        }
    }

    /**
     * How many keys this KME holds ready for a service's master SAE.
     *
     * @param serviceId the service
     * @return the count
     */
    public synchronized int stocked(final String serviceId) {
        final var keys = stock.get(serviceId);
        return keys == null ? 0 : keys.size();
    }

    /**
     * How many keys this KME holds for a service's slave SAE, whether the master has taken them yet or not.
     *
     * @param serviceId the service
     * @return the count
     */
    public synchronized int held(final String serviceId) {
        return heldCount.getOrDefault(serviceId, 0);
    }

    /**
     * Takes the oldest keys of a service's stock, all or none.
     *
     * @param serviceId the service
     * @param count how many
     * @return the keys, or an empty list when fewer are stocked
     */
    synchronized List<StoredKey> issue(final String serviceId, final int count) {
        final var keys = stock.get(serviceId);
        if (keys == null || keys.size() < count) {
            return List.of();
        }
        final var out = new ArrayList<StoredKey>(count);
        for (int i = 0; i < count; i++) {
            out.add(keys.pollFirst());
        }
        return out;
    }

    /**
     * Makes held keys available to the slave SAE: the master has taken its copies.
     *
     * @param ids the keys
     */
    synchronized void release(final Collection<UUID> ids) {
        for (var id : ids) {
            final var entry = held.get(id);
            if (entry != null) {
                entry.released = true;
            }
        }
    }

    /**
     * Takes released keys by ID for a service, all or none.
     *
     * @param serviceId the service whose slave SAE asks
     * @param ids the IDs, distinct
     * @return the keys in the order of the IDs
     * @throws DeliveryException unauthorized when a key belongs to another service; bad request when a key is not
     *         held, not yet released to the slave, or already taken
     */
    synchronized List<StoredKey> fetch(final String serviceId, final List<UUID> ids) throws DeliveryException {
        boolean missing = false;
        for (var id : ids) {
            final var entry = held.get(id);
            if (entry == null || !entry.released) {
                missing = true;
            } else if (!entry.key.serviceId().equals(serviceId)) {
                throw DeliveryException.unauthorized("key " + id + " belongs to another SAE pair");
            }
        }
        if (missing) {
            throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
        }
        final var out = new ArrayList<StoredKey>(ids.size());
        for (var id : ids) {
            out.add(unhold(held.remove(id)));
        }
        return out;
    }

    /**
     * Discards, zeroing them, the keys that match.
     *
     * @param which the keys to discard
     * @return the keys discarded, already zeroed
     */
    synchronized List<StoredKey> discard(final Predicate<StoredKey> which) {
        final var out = new ArrayList<StoredKey>();
        for (var keys : stock.values()) {
            keys.removeIf(key -> {
                if (which.test(key)) {
                    out.add(key);
                    key.destroy();
                    return true;
                }
                return false;
            });
        }
        held.values().removeIf(entry -> {
            if (which.test(entry.key)) {
                out.add(entry.key);
                unhold(entry).destroy();
                return true;
            }
            return false;
        });
        return out;
    }

    synchronized void forget(final String serviceId) {
        final var keys = stock.remove(serviceId);
        if (keys != null) {
            keys.forEach(StoredKey::destroy);
        }
        discard(key -> key.serviceId().equals(serviceId));
    }

    private StoredKey unhold(final Held entry) {
        heldCount.computeIfPresent(entry.key.serviceId(), (id, count) -> count == 1 ? null : count - 1);
        return entry.key;
    }

    @Override
    public String toString() {
        return "KeyManager{node=" + node + "}";
    }

    private static final class Held {
        final StoredKey key;
        boolean released;

        Held(final StoredKey key) {
            this.key = key;
        }
    }
}
