/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.topology;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork.NodeSpec;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;

/**
 * A validated emulator topology.
 *
 * @param seed seed for reproducible key material, or empty for the JDK's DRBG
 * @param nodes the nodes
 * @param links the links
 * @param netconfPorts NETCONF port of each node that has one, by node name
 * @param keyPorts the key manager's ports (ETSI GS QKD 014 for its SAEs, ETSI GS QKD 020 for other key managers)
 *        of each node that has them, by node name
 */
public record Topology(OptionalLong seed, List<NodeSpec> nodes, List<LinkSpec> links,
        Map<String, Integer> netconfPorts, Map<String, KeyPorts> keyPorts) {

    /**
     * The ports of a node's key manager.
     *
     * @param etsi014 where its SAEs fetch keys
     * @param etsi020 where other key managers relay keys to it
     */
    public record KeyPorts(int etsi014, int etsi020) {
    }

    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        netconfPorts = Map.copyOf(netconfPorts);
        keyPorts = Map.copyOf(keyPorts);
    }

    /**
     * A topology whose nodes have no key manager.
     *
     * @param seed seed for reproducible key material, or empty for the JDK's DRBG
     * @param nodes the nodes
     * @param links the links
     * @param netconfPorts NETCONF port of each node that has one, by node name
     */
    public Topology(final OptionalLong seed, final List<NodeSpec> nodes, final List<LinkSpec> links,
            final Map<String, Integer> netconfPorts) {
        this(seed, nodes, links, netconfPorts, Map.of());
    }

    /**
     * Builds the emulated network, generating key from the clock's current instant.
     *
     * @param clock emulated time
     * @return the network
     */
    public EmulatedNetwork createNetwork(final InstantSource clock) {
        return EmulatedNetwork.create(nodes, links, linkId -> seed.isPresent()
            ? KeyMaterial.seeded(seed.getAsLong() * 31 + linkId.hashCode()) : KeyMaterial.secure(), clock);
    }
}
