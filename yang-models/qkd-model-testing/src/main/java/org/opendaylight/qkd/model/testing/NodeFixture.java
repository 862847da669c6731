/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model.testing;

import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.node.QkdNodeAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Jurisdiction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.OperatorName;

/**
 * A QKD node of the topology for a test ({@link QkdTopology#node(String)}): its ID and the QKD attributes the test
 * sets.
 */
public final class NodeFixture {
    private final String nodeId;
    private final QkdNodeAttributesBuilder attributes = new QkdNodeAttributesBuilder();

    NodeFixture(final String nodeId) {
        this.nodeId = nodeId;
    }

    /**
     * Whether the node is a trusted node (may relay keys).
     *
     * @param trusted whether it is
     * @return this
     */
    public NodeFixture trusted(final boolean trusted) {
        attributes.setTrusted(trusted);
        return this;
    }

    /**
     * Whether the controller reaches the node.
     *
     * @param reachable whether it does
     * @return this
     */
    public NodeFixture reachable(final boolean reachable) {
        attributes.setReachable(reachable);
        return this;
    }

    /**
     * Who operates the node.
     *
     * @param operator the operator's name
     * @return this
     */
    public NodeFixture operator(final String operator) {
        attributes.setOperator(new OperatorName(operator));
        return this;
    }

    /**
     * Where the node is, legally.
     *
     * @param jurisdiction the jurisdiction's code
     * @return this
     */
    public NodeFixture jurisdiction(final String jurisdiction) {
        attributes.setJurisdiction(new Jurisdiction(jurisdiction));
        return this;
    }

    /**
     * Where the node is.
     *
     * @param location its location
     * @return this
     */
    public NodeFixture location(final String location) {
        attributes.setLocation(location);
        return this;
    }

    /**
     * The node.
     *
     * @return the node, with the QKD attributes set so far
     */
    public Node build() {
        return new NodeBuilder().setNodeId(new NodeId(nodeId))
            .addAugmentation(new Node1Builder().setQkdNodeAttributes(attributes.build()).build())
            .build();
    }
}
