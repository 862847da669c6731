/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model.testing;

import java.time.Instant;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.DestinationBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.SourceBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * A QKD link of the topology for a test ({@link QkdTopology#link(String, String, String)}): its ID, its ends and the
 * QKD attributes the test sets.
 */
public final class LinkFixture {
    private final String linkId;
    private final String source;
    private final String destination;
    private final QkdLinkAttributesBuilder attributes = new QkdLinkAttributesBuilder();

    LinkFixture(final String linkId, final String source, final String destination) {
        this.linkId = linkId;
        this.source = source;
        this.destination = destination;
    }

    /**
     * The link's name for people.
     *
     * @param label its label
     * @return this
     */
    public LinkFixture label(final String label) {
        attributes.setLabel(label);
        return this;
    }

    /**
     * The link's state.
     *
     * @param status its state
     * @return this
     */
    public LinkFixture status(final LinkState status) {
        attributes.setStatus(status);
        return this;
    }

    /**
     * The secret key rate the link's devices report.
     *
     * @param bitsPerSecond the rate
     * @return this
     */
    public LinkFixture secretKeyRate(final long bitsPerSecond) {
        attributes.setSecretKeyRate(new BitRate(Uint64.valueOf(bitsPerSecond)));
        return this;
    }

    /**
     * The secret key rate left for key services.
     *
     * @param bitsPerSecond the rate
     * @return this
     */
    public LinkFixture effectiveSecretKeyRate(final long bitsPerSecond) {
        attributes.setEffectiveSecretKeyRate(new BitRate(Uint64.valueOf(bitsPerSecond)));
        return this;
    }

    /**
     * The quantum bit error rate (DV-QKD).
     *
     * @param qber the rate, a decimal such as {@code "0.020000"}
     * @return this
     */
    public LinkFixture qber(final String qber) {
        attributes.setQber(new Qber(Decimal64.valueOf(qber)));
        return this;
    }

    /**
     * The excess noise (CV-QKD), in shot-noise units.
     *
     * @param excessNoise the noise, a decimal such as {@code "0.012500"}
     * @return this
     */
    public LinkFixture excessNoise(final String excessNoise) {
        attributes.setExcessNoise(Decimal64.valueOf(excessNoise));
        return this;
    }

    /**
     * The key bits in the link's pool.
     *
     * @param bits how many
     * @return this
     */
    public LinkFixture keyPoolFill(final long bits) {
        attributes.setKeyPoolFill(Uint64.valueOf(bits));
        return this;
    }

    /**
     * How many key bits the link's pool holds at most.
     *
     * @param bits how many
     * @return this
     */
    public LinkFixture keyPoolCapacity(final long bits) {
        attributes.setKeyPoolCapacity(Uint64.valueOf(bits));
        return this;
    }

    /**
     * When the link's state last changed.
     *
     * @param instant when
     * @return this
     */
    public LinkFixture lastChange(final Instant instant) {
        attributes.setLastChange(new DateAndTime(instant.toString()));
        return this;
    }

    /**
     * The link.
     *
     * @return the link, with the QKD attributes set so far
     */
    public Link build() {
        return new LinkBuilder().setLinkId(new LinkId(linkId))
            .setSource(new SourceBuilder().setSourceNode(new NodeId(source)).build())
            .setDestination(new DestinationBuilder().setDestNode(new NodeId(destination)).build())
            .addAugmentation(new Link1Builder().setQkdLinkAttributes(attributes.build()).build())
            .build();
    }
}
