/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1.KeyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;

/**
 * What the nodes should do for one key service.
 *
 * @param masterSae the SAE that takes keys with {@code enc_keys}
 * @param slaveSae the SAE that takes the same keys with {@code dec_keys}
 * @param masterNode the device that serves the master SAE
 * @param slaveNode the device that serves the slave SAE
 * @param hops the devices the keys are relayed through, from the master's to the slave's; empty when no key is
 *     relayed (mode pqc)
 * @param links the QKD links between consecutive hops (their qkdl_id), one fewer than the hops
 * @param mode how the keys are made
 * @param parameterSet the ML-KEM parameter set of hybrid and pqc keys
 * @param keyBits size of each key, a multiple of 8
 * @param rateBps the key rate the service is entitled to; 0 while it is refused for now (no path, not enough rate):
 *        the nodes keep and deliver the keys they hold, and make none
 * @param maxStoredKeys most keys a node holds for the service
 * @param additionalSlaves other slave SAEs at the slave's node that may take the same keys
 */
public record SitePlan(String masterSae, String slaveSae, String masterNode, String slaveNode, List<String> hops,
        List<String> links, KeyMode mode, MlKemParameterSet parameterSet, int keyBits, long rateBps,
        int maxStoredKeys, List<String> additionalSlaves) {
    /**
     * A plan for one slave SAE.
     *
     * @param masterSae the SAE that takes keys with {@code enc_keys}
     * @param slaveSae the SAE that takes the same keys with {@code dec_keys}
     * @param masterNode the device that serves the master SAE
     * @param slaveNode the device that serves the slave SAE
     * @param hops the devices the keys are relayed through
     * @param links the QKD links between consecutive hops
     * @param mode how the keys are made
     * @param parameterSet the ML-KEM parameter set of hybrid and pqc keys
     * @param keyBits size of each key
     * @param rateBps the key rate the service is entitled to
     * @param maxStoredKeys most keys a node holds for the service
     */
    public SitePlan(final String masterSae, final String slaveSae, final String masterNode, final String slaveNode,
            final List<String> hops, final List<String> links, final KeyMode mode,
            final MlKemParameterSet parameterSet, final int keyBits, final long rateBps, final int maxStoredKeys) {
        this(masterSae, slaveSae, masterNode, slaveNode, hops, links, mode, parameterSet, keyBits, rateBps,
            maxStoredKeys, List.of());
    }

    /**
     * The same plan with the nodes making no keys for now.
     *
     * @return this plan at rate 0
     */
    public SitePlan paused() {
        return new SitePlan(masterSae, slaveSae, masterNode, slaveNode, hops, links, mode, parameterSet, keyBits, 0,
            maxStoredKeys, additionalSlaves);
    }

    /**
     * Checks the plan's shape.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public SitePlan {
        requireNonNull(masterSae);
        requireNonNull(slaveSae);
        requireNonNull(masterNode);
        requireNonNull(slaveNode);
        hops = List.copyOf(hops);
        links = List.copyOf(links);
        additionalSlaves = List.copyOf(additionalSlaves);
        requireNonNull(mode);
        requireNonNull(parameterSet);
        if (masterNode.equals(slaveNode)) {
            throw new IllegalArgumentException("both SAEs are at node " + masterNode);
        }
        if (hops.isEmpty() != (mode == KeyMode.Pqc)) {
            throw new IllegalArgumentException(mode == KeyMode.Pqc ? "pqc keys are not relayed: no hops expected"
                : "keys of mode " + mode.getName() + " are relayed: hops expected");
        }
        if (!hops.isEmpty() && (hops.size() < 2 || links.size() != hops.size() - 1
                || !hops.getFirst().equals(masterNode) || !hops.getLast().equals(slaveNode))) {
            throw new IllegalArgumentException("a path runs from " + masterNode + " to " + slaveNode
                + " with one link between consecutive hops, got " + hops + " over " + links);
        }
        if (keyBits <= 0 || keyBits % Byte.SIZE != 0) {
            throw new IllegalArgumentException("key size must be a positive multiple of 8, was " + keyBits);
        }
        if (rateBps < 0 || maxStoredKeys <= 0) {
            throw new IllegalArgumentException("the rate must not be negative and the stored keys positive");
        }
    }
}
