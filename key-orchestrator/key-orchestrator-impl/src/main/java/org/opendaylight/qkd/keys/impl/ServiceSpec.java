/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A configured key service as the nodes will carry it out, checked: SAE A is the master (its node's key manager makes
 * the keys), SAE B the slave.
 *
 * @param id the service
 * @param masterSae SAE A
 * @param slaveSae SAE B
 * @param nodeA SAE A's node
 * @param nodeB SAE B's node
 * @param keyBits size of each key
 * @param rateBps key rate, bit/s
 * @param maxStock most keys each end holds
 * @param additionalSlaves other slave SAEs at SAE B's node that may take the same keys
 */
record ServiceSpec(String id, String masterSae, String slaveSae, String nodeA, String nodeB, int keyBits,
        long rateBps, int maxStock, List<String> additionalSlaves) {
    /** The smallest key the site key managers serve, in bits (ETSI GS QKD 014 min_key_size). */
    static final int MIN_KEY_BITS = 64;
    /** The largest key the site key managers serve, in bits (ETSI GS QKD 014 max_key_size). */
    static final int MAX_KEY_BITS = 8192;

    /**
     * All slave SAEs.
     *
     * @return SAE B, then the additional ones
     */
    List<String> slaves() {
        final var slaves = new ArrayList<String>(additionalSlaves.size() + 1);
        slaves.add(slaveSae);
        slaves.addAll(additionalSlaves);
        return slaves;
    }

    /**
     * Checks the service.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    ServiceSpec {
        requireNonNull(id);
        requireNonNull(masterSae);
        requireNonNull(slaveSae);
        requireNonNull(nodeA);
        requireNonNull(nodeB);
        additionalSlaves = List.copyOf(additionalSlaves);
        if (additionalSlaves.contains(masterSae) || additionalSlaves.contains(slaveSae)) {
            throw new IllegalArgumentException("sae-b's additional-sae-id names the master or the slave SAE");
        }
        if (masterSae.equals(slaveSae)) {
            throw new IllegalArgumentException("master and slave SAE are both " + masterSae);
        }
        if (nodeA.equals(nodeB)) {
            throw new IllegalArgumentException("both SAEs are at node " + nodeA + "; a key service joins two nodes");
        }
        if (keyBits < MIN_KEY_BITS || keyBits % Byte.SIZE != 0 || keyBits > MAX_KEY_BITS) {
            throw new IllegalArgumentException("key-size must be a multiple of 8 bits (ETSI GS QKD 014) between "
                + MIN_KEY_BITS + " and " + MAX_KEY_BITS + ", was " + keyBits);
        }
        if (rateBps <= 0) {
            throw new IllegalArgumentException("required-rate must be positive, was " + rateBps);
        }
        if (maxStock <= 0) {
            throw new IllegalArgumentException("the stock limit must be positive, was " + maxStock);
        }
    }
}
