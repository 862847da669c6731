/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.physics.CvQkd;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_interfaces.QkdInterfacesBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_interfaces.qkd_interfaces.QkdInterface;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_interfaces.qkd_interfaces.QkdInterfaceBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinksBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlLocalBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlPerformanceBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlRemoteBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ACTIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.DISABLED;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.DOWN;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.DVQKD;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ENABLED;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.OFF;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.OPERATING;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PASSIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.RECEIVER;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.TRANSMITTER;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdLink1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * A node's state in the ETSI GS QKD 015 V2.1.1 structure ({@code etsi-qkd-sdn-node:qkd_node}), as its device would
 * report it: one interface per link end, one physical key association link per link, with skr/eskr and, through
 * {@code qkd-device-ext}, QBER and this end's key pool. Carries no key material.
 */
public final class EtsiNodeView {
    /** Device model string reported for every interface. */
    public static final String INTERFACE_MODEL = "QKD suite emulator, decoy-state BB84";
    private static final Uint32 UINT32_MAX = Uint32.MAX_VALUE;

    private EtsiNodeView() {
        // static functions only
    }

    /**
     * The node's current state.
     *
     * @param network the network the node belongs to
     * @param node the node
     * @return its qkd_node container
     */
    public static QkdNode of(final EmulatedNetwork network, final EmulatedNode node) {
        final var interfaces = new ArrayList<QkdInterface>();
        final var links = new ArrayList<QkdLink>();
        for (var link : node.links()) {
            final int iface = node.interfaceOf(link);
            interfaces.add(new QkdInterfaceBuilder()
                .setQkdiId(Uint32.valueOf(iface))
                .setQkdiModel(INTERFACE_MODEL)
                .setQkdiType(DVQKD.VALUE)
                .setQkdiStatus(node.isUp() ? ENABLED.VALUE : DISABLED.VALUE)
                .build());
            links.add(linkOf(network, node, link, iface));
        }
        for (var virtual : node.virtualLinks()) {
            links.add(virtualLinkOf(node, virtual));
        }
        return new QkdNodeBuilder()
            .setQkdnId(new Uuid(node.qkdnId().toString()))
            .setQkdnStatus(node.isUp() ? OPERATING.VALUE : DOWN.VALUE)
            .setQkdnVersion("qkd-emulator")
            .setQkdnLocationId(node.location())
            .setQkdInterfaces(new QkdInterfacesBuilder().setQkdInterface(BindingMap.ordered(interfaces)).build())
            .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.ordered(links)).build())
            .build();
    }

    /**
     * The configuration part of a node's state, as {@code <get-config>} returns it: without node and interface
     * status and without link performance, which are state ({@code config false}) in ETSI GS QKD 015.
     *
     * @param node a node's full state
     * @return its configuration
     */
    public static QkdNode configurationOf(final QkdNode node) {
        final var builder = new QkdNodeBuilder(node).setQkdnStatus(null);
        if (node.getQkdInterfaces() != null) {
            builder.setQkdInterfaces(new QkdInterfacesBuilder(node.getQkdInterfaces())
                .setQkdInterface(BindingMap.ordered(node.getQkdInterfaces().nonnullQkdInterface().values().stream()
                    .map(iface -> new QkdInterfaceBuilder(iface).setQkdiStatus(null).build())
                    .toList()))
                .build());
        }
        if (node.getQkdLinks() != null) {
            builder.setQkdLinks(new QkdLinksBuilder(node.getQkdLinks())
                .setQkdLink(BindingMap.ordered(node.getQkdLinks().nonnullQkdLink().values().stream()
                    .map(link -> new QkdLinkBuilder(link).setQkdlPerformance(null).build())
                    .toList()))
                .build());
        }
        return builder.build();
    }

    private static QkdLink linkOf(final EmulatedNetwork network, final EmulatedNode node, final EmulatedLink link,
            final int iface) {
        final var snapshot = link.snapshot();
        final var peer = network.node(link.peerOf(node.id()));
        final var pool = link.poolAt(node.id());
        return new QkdLinkBuilder()
            .setQkdlId(new Uuid(link.qkdlId().toString()))
            .setQkdlStatus(switch (snapshot.state()) {
                case GENERATING, UNDER_ATTACK -> ACTIVE.VALUE;
                case ABORTED -> PASSIVE.VALUE;
                case CUT, ENDPOINT_DOWN -> OFF.VALUE;
            })
            .setQkdlEnable(true)
            .setQkdlType(PHYS.VALUE)
            .addAugmentation(new QkdLink1Builder().setLabel(link.id()).build())
            .setQkdlLocal(new QkdlLocalBuilder()
                .setQkdnId(new Uuid(node.qkdnId().toString()))
                .setQkdiId(Uint32.valueOf(iface))
                .build())
            .setQkdlRemote(new QkdlRemoteBuilder()
                .setQkdnId(new Uuid(peer.qkdnId().toString()))
                .setQkdiId(Uint32.valueOf(peer.interfaceOf(link)))
                .build())
            .setPhysChannelAtt(Decimal64.valueOf(BigDecimal.valueOf(link.physics().channelLossDb())
                .setScale(3, RoundingMode.HALF_EVEN)))
            .setPhysQkdRole(link.nodeA().equals(node.id()) ? TRANSMITTER.VALUE : RECEIVER.VALUE)
            .setQkdlPerformance(new QkdlPerformanceBuilder()
                .setSkr(rate(snapshot.secretKeyRateBps()))
                .setEskr(rate(snapshot.effectiveKeyRateBps()))
                .addAugmentation(new QkdlPerformance1Builder()
                    .setQber(new Qber(Decimal64.valueOf(BigDecimal.valueOf(snapshot.qber())
                        .setScale(6, RoundingMode.HALF_EVEN))))
                    // a CV-QKD link's noise is its excess noise, not a QBER
                    .setExcessNoise(snapshot.physics().protocol() instanceof CvQkd
                        ? Decimal64.valueOf(BigDecimal.valueOf(snapshot.physics().excessNoise())
                            .setScale(6, RoundingMode.HALF_EVEN)) : null)
                    .setKeyPoolFill(Uint64.valueOf(pool.storedBits()))
                    .setKeyPoolCapacity(Uint64.valueOf(pool.capacityBits()))
                    .build())
                .build())
            .build();
    }

    /**
     * The virtual link an ETSI GS QKD 015 {@code qkd_link} of type VIRT configures.
     *
     * @param link the entry
     * @return the virtual link
     * @throws IllegalArgumentException when the entry is not of type VIRT or has no remote end
     */
    public static VirtualLink virtualLinkFrom(final QkdLink link) {
        if (!VIRT.VALUE.equals(link.getQkdlType())) {
            throw new IllegalArgumentException("link " + link.getQkdlId().getValue() + " is not virtual");
        }
        final var remote = link.getQkdlRemote() == null ? null : link.getQkdlRemote().getQkdnId();
        if (remote == null) {
            throw new IllegalArgumentException("virtual link " + link.getQkdlId().getValue() + " has no remote end");
        }
        return new VirtualLink(uuid(link.getQkdlId()), uuid(remote),
            link.getVirtPrevHop() == null ? null : uuid(link.getVirtPrevHop()),
            link.getVirtNextHop() == null ? List.of() : link.getVirtNextHop().stream().map(EtsiNodeView::uuid)
                .sorted().toList(),
            link.getVirtBandwidth() == null ? 0 : link.getVirtBandwidth().longValue());
    }

    private static UUID uuid(final Uuid value) {
        return UUID.fromString(value.getValue());
    }

    private static QkdLink virtualLinkOf(final EmulatedNode node, final VirtualLink link) {
        final var builder = new QkdLinkBuilder()
            .setQkdlId(new Uuid(link.qkdlId().toString()))
            .setQkdlStatus(node.isUp() ? ACTIVE.VALUE : OFF.VALUE)
            .setQkdlEnable(true)
            .setQkdlType(VIRT.VALUE)
            .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(new Uuid(node.qkdnId().toString())).build())
            .setQkdlRemote(new QkdlRemoteBuilder().setQkdnId(new Uuid(link.remote().toString())).build())
            .setVirtBandwidth(rate(link.bandwidthBps()));
        if (link.previousHop() != null) {
            builder.setVirtPrevHop(new Uuid(link.previousHop().toString()));
        }
        if (!link.nextHops().isEmpty()) {
            builder.setVirtNextHop(link.nextHops().stream().map(hop -> new Uuid(hop.toString()))
                .collect(Collectors.toSet()));
        }
        return builder.build();
    }

    private static Uint32 rate(final double bps) {
        final long rounded = Math.round(bps);
        return rounded >= UINT32_MAX.longValue() ? UINT32_MAX : Uint32.valueOf(rounded);
    }
}
