/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.topology;

import static java.util.Objects.requireNonNull;

import java.net.URI;
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
 * @param keyDeliveries the links whose key the key managers take from the QKD devices' own ETSI GS QKD 014 endpoints
 *        rather than from the emulated link, by link name
 */
public record Topology(OptionalLong seed, List<NodeSpec> nodes, List<LinkSpec> links,
        Map<String, Integer> netconfPorts, Map<String, KeyPorts> keyPorts, Map<String, KeyDelivery> keyDeliveries) {

    /**
     * The ports of a node's key manager.
     *
     * @param etsi014 where its SAEs fetch keys
     * @param etsi020 where other key managers relay keys to it
     * @param skip where its encryptors fetch keys over SKIP; 0 for none
     */
    public record KeyPorts(int etsi014, int etsi020, int skip) {
        /**
         * The ports of a key manager without SKIP.
         *
         * @param etsi014 where its SAEs fetch keys
         * @param etsi020 where other key managers relay keys to it
         */
        public KeyPorts(final int etsi014, final int etsi020) {
            this(etsi014, etsi020, 0);
        }
    }

    /**
     * Where the key managers at a link's ends take its key: each from the QKD device at its end, over ETSI GS QKD
     * 014, as that device's SAE (the key manager at A takes blocks with {@code enc_keys} naming B's SAE ID as slave,
     * the one at B takes the same blocks by ID with {@code dec_keys}). This is how an SD-QKD node's agent uses any
     * vendor's QKD modules.
     *
     * @param keyBits size of the keys asked of the devices, a positive multiple of 8
     * @param endA the device at the A end
     * @param endB the device at the B end
     */
    public record KeyDelivery(int keyBits, Device endA, Device endB) {
        /**
         * Checks the parts.
         */
        public KeyDelivery {
            if (keyBits <= 0 || keyBits % Byte.SIZE != 0) {
                throw new IllegalArgumentException("key-size must be a positive multiple of 8, was " + keyBits);
            }
            requireNonNull(endA);
            requireNonNull(endB);
        }
    }

    /**
     * A QKD device's ETSI GS QKD 014 endpoint and the SAE ID under which it knows the key manager at its end.
     *
     * @param url the endpoint's base URL, {@code https://host:port}
     * @param saeId the key manager's SAE ID there (its client certificate's name)
     */
    public record Device(URI url, String saeId) {
        /**
         * Checks the parts.
         */
        public Device {
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("a device's ETSI GS QKD 014 endpoint is an https URL, not " + url);
            }
            requireNonNull(saeId);
        }
    }

    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        netconfPorts = Map.copyOf(netconfPorts);
        keyPorts = Map.copyOf(keyPorts);
        keyDeliveries = Map.copyOf(keyDeliveries);
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
        this(seed, nodes, links, netconfPorts, Map.of(), Map.of());
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
