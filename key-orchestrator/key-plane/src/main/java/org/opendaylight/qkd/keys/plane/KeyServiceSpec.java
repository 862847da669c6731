/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import org.opendaylight.qkd.keys.crypto.KeyDerivation;

/**
 * What a key service asks of the key plane: keys of one size at one rate for one pair of SAEs at two nodes.
 *
 * @param id the service's ID
 * @param masterSae the SAE that takes keys with {@code enc_keys}, served by {@code nodeA}'s KME
 * @param slaveSae the SAE that takes the same keys with {@code dec_keys}, served by {@code nodeB}'s KME
 * @param nodeA the master SAE's node
 * @param nodeB the slave SAE's node
 * @param keyBits size of each key, a multiple of 8
 * @param rateBps key rate the service is entitled to, bits per second
 * @param maxStock most keys held for the pair at once
 */
public record KeyServiceSpec(String id, String masterSae, String slaveSae, String nodeA, String nodeB, int keyBits,
        long rateBps, int maxStock) {
    /**
     * Validates the service.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public KeyServiceSpec {
        requireNonNull(id, "service id");
        requireNonNull(masterSae, "master SAE");
        requireNonNull(slaveSae, "slave SAE");
        requireNonNull(nodeA, "node A");
        requireNonNull(nodeB, "node B");
        if (masterSae.equals(slaveSae)) {
            throw new IllegalArgumentException("service " + id + ": master and slave SAE are both " + masterSae);
        }
        if (nodeA.equals(nodeB)) {
            throw new IllegalArgumentException("service " + id + ": both SAEs are at node " + nodeA
                + "; a key service joins two nodes");
        }
        if (keyBits <= 0 || keyBits % Byte.SIZE != 0 || keyBits > KeyDerivation.MAX_BITS) {
            throw new IllegalArgumentException("service " + id + ": key size must be a multiple of 8 between 8 and "
                + KeyDerivation.MAX_BITS + " bits, was " + keyBits);
        }
        if (rateBps <= 0) {
            throw new IllegalArgumentException("service " + id + ": rate must be positive, was " + rateBps);
        }
        if (maxStock <= 0) {
            throw new IllegalArgumentException("service " + id + ": stock limit must be positive, was " + maxStock);
        }
    }

    /**
     * Whether another spec keeps this one's keys valid: same SAEs, nodes and key size.
     *
     * @param other the other spec
     * @return true when stored keys can stay
     */
    boolean keepsKeysOf(final KeyServiceSpec other) {
        return masterSae.equals(other.masterSae) && slaveSae.equals(other.slaveSae) && nodeA.equals(other.nodeA)
            && nodeB.equals(other.nodeB) && keyBits == other.keyBits;
    }
}
