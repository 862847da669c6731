/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model.testing;

import java.util.Collection;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NetworkTypesBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1Builder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.network.types.QkdNetworkBuilder;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;

/**
 * The QKD topology for tests, built once here instead of by hand in each test class: a QKD network (RFC 8345 with
 * the suite's network type), its nodes and links with their QKD attributes ({@link NodeFixture},
 * {@link LinkFixture}), where they are in the datastore, and key-path policies. A builder sets only what a test asks
 * for; the rest stays absent, as from a device that does not report it.
 */
public final class QkdTopology {
    private QkdTopology() {
        // static only
    }

    /**
     * Where a network is in the datastore.
     *
     * @param networkId the network's ID
     * @return its identifier
     */
    public static DataObjectIdentifier<Network> networkId(final String networkId) {
        return DataObjectIdentifier.builder(Networks.class).child(Network.class,
            new NetworkKey(new NetworkId(networkId))).build();
    }

    /**
     * Where a link of a network is in the datastore.
     *
     * @param network the network's identifier
     * @param link the link
     * @return its identifier
     */
    public static DataObjectIdentifier<Link> linkId(final DataObjectIdentifier<Network> network, final Link link) {
        return network.toBuilder().augmentation(Network1.class).child(Link.class, link.key()).build();
    }

    /**
     * A QKD network: its network type says it is one.
     *
     * @param networkId its ID
     * @param nodes its nodes
     * @param links its links
     * @return the network
     */
    public static Network network(final String networkId, final Collection<Node> nodes,
            final Collection<Link> links) {
        return new NetworkBuilder().setNetworkId(new NetworkId(networkId))
            .setNetworkTypes(new NetworkTypesBuilder().addAugmentation(new NetworkTypes1Builder()
                .setQkdNetwork(new QkdNetworkBuilder().build()).build()).build())
            .setNode(BindingMap.of(nodes))
            .addAugmentation(new Network1Builder().setLink(BindingMap.of(links)).build())
            .build();
    }

    /**
     * A QKD node, its attributes to set.
     *
     * @param nodeId its ID
     * @return its builder
     */
    public static NodeFixture node(final String nodeId) {
        return new NodeFixture(nodeId);
    }

    /**
     * A QKD link, its attributes to set.
     *
     * @param linkId its ID
     * @param source the node at its source end
     * @param destination the node at its destination end
     * @return its builder
     */
    public static LinkFixture link(final String linkId, final String source, final String destination) {
        return new LinkFixture(linkId, source, destination);
    }

    /**
     * A key-path policy, more of it to set.
     *
     * @param name its name
     * @param mode its mode
     * @return its builder
     */
    public static PolicyBuilder policy(final String name, final PolicyMode mode) {
        return new PolicyBuilder().setName(new PolicyName(name)).setMode(mode);
    }
}
