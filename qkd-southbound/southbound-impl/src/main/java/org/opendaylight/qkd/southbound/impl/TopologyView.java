/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ACTIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PASSIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.RECEIVER;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.TRANSMITTER;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.DestinationBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.link.SourceBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdLink1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.node.QkdNodeAttributesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * Turns what the devices last reported into the QKD network's nodes and links. Every declared device is a node,
 * reachable or not. A key association link is a topology link once the devices at both of its ends have been read
 * (the far end is known by its qkdn_id); its source is the end that transmits. A link is down when a device at
 * either end is not connected (the last data is kept, its state is not trusted), aborted when an end reports it
 * passive, and up when every reporting end reports it active. Rates and pool fill are the least, QBER the highest,
 * that the ends report. Pure: the caller keeps what was written before, for the times of last change.
 */
final class TopologyView {
    private static final int MAX_LOCATION = 255;

    private TopologyView() {
        // static functions only
    }

    /**
     * What the southbound knows of one device.
     *
     * @param declaration the device's declaration
     * @param connected whether its last read succeeded
     * @param data its last successfully read node, or null if never read
     */
    record DeviceReport(Device declaration, boolean connected, @Nullable QkdNode data) {
        String name() {
            return declaration.getName().getValue();
        }
    }

    /**
     * The nodes and links the reports make.
     *
     * @param nodes by node-id
     * @param links by link-id
     */
    record Topology(Map<String, Node> nodes, Map<String, Link> links) {
    }

    /**
     * Computes the network's nodes and links.
     *
     * @param reports every declared device
     * @param before what was written before, for the times of last change
     * @param now the time of this computation
     * @return the nodes and links
     */
    static Topology compute(final Collection<DeviceReport> reports, final Topology before, final Instant now) {
        final var byQkdnId = new HashMap<String, DeviceReport>();
        for (var report : reports) {
            if (report.data() != null) {
                byQkdnId.put(report.data().getQkdnId().getValue(), report);
            }
        }
        final var nodes = new TreeMap<String, Node>();
        for (var report : reports) {
            final var node = node(report, before.nodes().get(report.name()), now);
            nodes.put(report.name(), node);
        }
        // every end's view of each link, by qkdl_id
        final var ends = new TreeMap<String, Map<String, QkdLink>>();
        for (var report : reports) {
            if (report.data() == null || report.data().getQkdLinks() == null) {
                continue;
            }
            for (var link : report.data().getQkdLinks().nonnullQkdLink().values()) {
                // virtual links are provisioned over the physical ones: they are not links of the QKD topology
                if (link.getQkdlType() != null && !PHYS.VALUE.equals(link.getQkdlType())) {
                    continue;
                }
                if (link.getQkdlRemote() != null && link.getQkdlRemote().getQkdnId() != null
                        && byQkdnId.containsKey(link.getQkdlRemote().getQkdnId().getValue())) {
                    ends.computeIfAbsent(link.getQkdlId().getValue(), id -> new TreeMap<>()).put(report.name(), link);
                }
            }
        }
        final var byName = new HashMap<String, DeviceReport>();
        reports.forEach(report -> byName.put(report.name(), report));
        final var links = new TreeMap<String, Link>();
        for (var entry : ends.entrySet()) {
            final var link = link(entry.getKey(), entry.getValue(), byName, byQkdnId, before.links(), now);
            if (link != null) {
                links.put(entry.getKey(), link);
            }
        }
        return new Topology(nodes, links);
    }

    private static Node node(final DeviceReport report, final @Nullable Node previous, final Instant now) {
        final var declaration = report.declaration();
        final var attributes = new QkdNodeAttributesBuilder()
            .setTrusted(declaration.requireTrusted())
            .setOperator(declaration.getOperator())
            .setJurisdiction(declaration.getJurisdiction())
            .setReachable(report.connected());
        final var data = report.data();
        if (data != null) {
            attributes.setQkdnId(data.getQkdnId());
            final var location = data.getQkdnLocationId();
            if (location != null) {
                attributes.setLocation(location.length() > MAX_LOCATION ? location.substring(0, MAX_LOCATION)
                    : location);
            }
        }
        final var previousAttributes = previous == null ? null
            : previous.augmentation(Node1.class);
        final boolean same = previousAttributes != null && previousAttributes.getQkdNodeAttributes() != null
            && Boolean.valueOf(report.connected()).equals(previousAttributes.getQkdNodeAttributes().getReachable());
        attributes.setLastChange(same ? previousAttributes.getQkdNodeAttributes().getLastChange() : time(now));
        return new NodeBuilder()
            .setNodeId(new NodeId(report.name()))
            .addAugmentation(new Node1Builder().setQkdNodeAttributes(attributes.build()).build())
            .build();
    }

    private static @Nullable Link link(final String id, final Map<String, QkdLink> views,
            final Map<String, DeviceReport> byName, final Map<String, DeviceReport> byQkdnId,
            final Map<String, Link> before, final Instant now) {
        final var ends = Ends.of(views, byQkdnId);
        if (ends == null) {
            return null;
        }
        final var reports = new Reports();
        views.values().forEach(reports::add);
        if (!byName.get(ends.source).connected() || !byName.get(ends.destination).connected()) {
            reports.state = LinkState.Down;
        }
        final var attributes = reports.attributes(id);
        final var previous = previousAttributes(before.get(id));
        attributes.setLastChange(previous != null && previous.getStatus() == reports.state
            ? previous.getLastChange() : time(now));
        return new LinkBuilder()
            .setLinkId(new LinkId(id))
            .setSource(new SourceBuilder().setSourceNode(new NodeId(ends.source)).build())
            .setDestination(new DestinationBuilder().setDestNode(new NodeId(ends.destination)).build())
            .addAugmentation(new Link1Builder().setQkdLinkAttributes(attributes.build()).build())
            .build();
    }

    /**
     * A link's two ends: the source is the transmitting end; ends that do not say are ordered by name.
     *
     * @param source the source node's name
     * @param destination the destination node's name
     */
    private record Ends(String source, String destination) {
        // the reporting device and the one its view names as remote; null when that is itself
        static @Nullable Ends of(final Map<String, QkdLink> views, final Map<String, DeviceReport> byQkdnId) {
            final var first = views.entrySet().iterator().next();
            final var firstEnd = first.getKey();
            final var firstView = first.getValue();
            final var otherEnd = byQkdnId.get(firstView.getQkdlRemote().getQkdnId().getValue()).name();
            if (otherEnd.equals(firstEnd)) {
                return null;
            }
            final var role = firstView.getPhysQkdRole();
            final String source;
            if (TRANSMITTER.VALUE.equals(role)) {
                source = firstEnd;
            } else if (RECEIVER.VALUE.equals(role)) {
                source = otherEnd;
            } else {
                source = firstEnd.compareTo(otherEnd) < 0 ? firstEnd : otherEnd;
            }
            return new Ends(source, source.equals(firstEnd) ? otherEnd : firstEnd);
        }
    }

    /**
     * What the ends of a link report, together: the worse state (down over aborted over up), the lower key rates,
     * pool fill and capacity, the higher QBER and excess noise, the first label.
     */
    private static final class Reports {
        LinkState state = LinkState.Up;
        long skr = Long.MAX_VALUE;
        long eskr = Long.MAX_VALUE;
        double qber;
        boolean anyQber;
        @Nullable Decimal64 excessNoise;
        long fill = Long.MAX_VALUE;
        long capacity = Long.MAX_VALUE;
        @Nullable String label;

        void add(final QkdLink view) {
            final var names = view.augmentation(QkdLink1.class);
            if (label == null && names != null) {
                label = names.getLabel();
            }
            final var status = view.getQkdlStatus();
            if (PASSIVE.VALUE.equals(status)) {
                state = state == LinkState.Down ? state : LinkState.Aborted;
            } else if (!ACTIVE.VALUE.equals(status)) {
                state = LinkState.Down;
            }
            final var performance = view.getQkdlPerformance();
            if (performance == null) {
                return;
            }
            if (performance.getSkr() != null) {
                skr = Math.min(skr, performance.getSkr().longValue());
            }
            if (performance.getEskr() != null) {
                eskr = Math.min(eskr, performance.getEskr().longValue());
            }
            final var extension = performance.augmentation(QkdlPerformance1.class);
            if (extension == null) {
                return;
            }
            if (extension.getQber() != null) {
                qber = Math.max(qber, extension.getQber().getValue().doubleValue());
                anyQber = true;
            }
            final var noise = extension.getExcessNoise();
            if (noise != null && (excessNoise == null || excessNoise.compareTo(noise) < 0)) {
                excessNoise = noise;
            }
            if (extension.getKeyPoolFill() != null) {
                fill = Math.min(fill, extension.getKeyPoolFill().longValue());
            }
            if (extension.getKeyPoolCapacity() != null) {
                capacity = Math.min(capacity, extension.getKeyPoolCapacity().longValue());
            }
        }

        // the link's attributes but its last change; what no end reported is left out
        QkdLinkAttributesBuilder attributes(final String id) {
            final var attributes = new QkdLinkAttributesBuilder()
                .setQkdlId(new Uuid(id))
                .setStatus(state)
                .setLabel(label)
                .setExcessNoise(excessNoise);
            if (skr != Long.MAX_VALUE) {
                attributes.setSecretKeyRate(new BitRate(Uint64.valueOf(skr)));
            }
            if (eskr != Long.MAX_VALUE) {
                attributes.setEffectiveSecretKeyRate(new BitRate(Uint64.valueOf(eskr)));
            }
            if (anyQber) {
                attributes.setQber(new Qber(Decimal64.valueOf(BigDecimal.valueOf(qber)
                    .setScale(6, RoundingMode.HALF_EVEN))));
            }
            if (fill != Long.MAX_VALUE) {
                attributes.setKeyPoolFill(Uint64.valueOf(fill));
            }
            if (capacity != Long.MAX_VALUE) {
                attributes.setKeyPoolCapacity(Uint64.valueOf(capacity));
            }
            return attributes;
        }
    }

    /**
     * Marks the links that make key with a QBER over the alarm threshold as degraded: still usable, but policies may
     * keep keys off them ({@code allow-degraded-links}). A degraded link is up again once its QBER falls below the
     * threshold minus the hysteresis, as the qber-high alarm clears (without its hold time: the link is usable as
     * soon as its QBER is).
     *
     * @param topology the topology as the devices report it
     * @param qberHigh the QBER over which an up link is degraded
     * @param hysteresis how far under it a degraded link's QBER must fall
     * @param before the topology written before, for each link's last state and change
     * @param now the time
     * @return the topology with those links degraded
     */
    static Topology degrade(final Topology topology, final double qberHigh, final double hysteresis,
            final Topology before, final Instant now) {
        final var links = new HashMap<String, Link>();
        for (var entry : topology.links().entrySet()) {
            final var link = entry.getValue();
            final var attributes = previousAttributes(link);
            final var previous = previousAttributes(before.links().get(entry.getKey()));
            final boolean wasDegraded = previous != null && previous.getStatus() == LinkState.Degraded;
            if (attributes == null || attributes.getStatus() != LinkState.Up || attributes.getQber() == null
                    || attributes.getQber().getValue().doubleValue() <= (wasDegraded ? qberHigh - hysteresis
                        : qberHigh)) {
                links.put(entry.getKey(), link);
                continue;
            }
            links.put(entry.getKey(), new LinkBuilder(link).addAugmentation(new Link1Builder().setQkdLinkAttributes(
                new QkdLinkAttributesBuilder(attributes).setStatus(LinkState.Degraded)
                    .setLastChange(wasDegraded ? previous.getLastChange() : time(now))
                    .build()).build()).build());
        }
        return new Topology(topology.nodes(), links);
    }

    private static @Nullable QkdLinkAttributes previousAttributes(final @Nullable Link link) {
        final var augmentation = link == null ? null
            : link.augmentation(Link1.class);
        return augmentation == null ? null : augmentation.getQkdLinkAttributes();
    }

    static DateAndTime time(final Instant instant) {
        return new DateAndTime(instant.toString());
    }
}
