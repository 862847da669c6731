/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.link.QkdLinkAttributes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;

/**
 * The operational QKD topology's nodes and links and the alarms, for the console. Read only.
 */
public final class NetworkCatalog {
    private static final DataObjectIdentifier<Networks> NETWORKS = DataObjectIdentifier.builder(Networks.class)
        .build();
    private static final DataObjectIdentifier<QkdAlarms> ALARMS = DataObjectIdentifier.builder(QkdAlarms.class)
        .build();

    private final DataBroker broker;

    /**
     * The catalog of a datastore.
     *
     * @param broker the controller's data broker
     */
    public NetworkCatalog(final DataBroker broker) {
        this.broker = requireNonNull(broker);
    }

    /**
     * One link as listed.
     *
     * @param network its network
     * @param id its ID (the ETSI qkdl_id)
     * @param ends its source and destination nodes
     * @param status up, degraded, aborted, down or unknown
     * @param secretKeyRate its secret key rate, bit/s
     * @param effectiveKeyRate what is left after authentication, bit/s
     * @param qber its QBER, or a CV-QKD link's excess noise ({@code xi 0.02}, shot-noise units)
     * @param pool key pool fill and capacity, bits
     * @param label the name its nodes give it, "-" when they give none
     */
    public record LinkRow(String network, String id, String ends, String status, String secretKeyRate,
            String effectiveKeyRate, String qber, String pool, String label) {
    }

    /**
     * One node as listed.
     *
     * @param network its network
     * @param id its node ID
     * @param trusted whether it may relay keys
     * @param reachable whether its device answers
     * @param operator its operator, or empty
     * @param jurisdiction its jurisdiction, or empty
     * @param location where it is, or empty
     * @param linksUp how many of its links are up or degraded
     * @param links how many links it has
     */
    public record NodeRow(String network, String id, boolean trusted, String reachable, String operator,
            String jurisdiction, String location, int linksUp, int links) {
    }

    /**
     * One alarm as listed.
     *
     * @param id its ID
     * @param type its type
     * @param resource the device or link it is about
     * @param active whether it is raised now
     * @param raised when it was raised
     * @param cleared when it was cleared, empty while active
     * @param message what it says
     */
    public record AlarmRow(String id, String type, String resource, boolean active, String raised, String cleared,
            String message) {
    }

    /**
     * The links of every QKD network, by network and ends.
     *
     * @return one row per link
     * @throws ConsoleException when the datastore does not answer
     */
    public List<LinkRow> links() throws ConsoleException {
        final var rows = new ArrayList<LinkRow>();
        for (var network : Datastore.read(broker, LogicalDatastoreType.OPERATIONAL, NETWORKS)
                .map(Networks::nonnullNetwork).orElse(Map.of()).values()) {
            final var topology = network.augmentation(Network1.class);
            if (topology == null) {
                continue;
            }
            for (var link : topology.nonnullLink().values()) {
                final var qkd = link.augmentation(Link1.class);
                final var attributes = qkd == null ? null : qkd.getQkdLinkAttributes();
                if (attributes == null) {
                    continue;
                }
                rows.add(new LinkRow(network.getNetworkId().getValue(), link.getLinkId().getValue(),
                    (link.getSource() == null ? "-" : link.getSource().getSourceNode().getValue()) + " -> "
                        + (link.getDestination() == null ? "-" : link.getDestination().getDestNode().getValue()),
                    attributes.getStatus() == null ? "unknown" : attributes.getStatus().getName(),
                    attributes.getSecretKeyRate() == null ? "-" : attributes.getSecretKeyRate().getValue().toString(),
                    attributes.getEffectiveSecretKeyRate() == null ? "-"
                        : attributes.getEffectiveSecretKeyRate().getValue().toString(),
                    noise(attributes),
                    (attributes.getKeyPoolFill() == null ? "-" : attributes.getKeyPoolFill().toString()) + " / "
                        + (attributes.getKeyPoolCapacity() == null ? "-"
                            : attributes.getKeyPoolCapacity().toString()),
                    attributes.getLabel() == null ? "-" : attributes.getLabel()));
            }
        }
        rows.sort(Comparator.comparing(LinkRow::network).thenComparing(LinkRow::ends));
        return rows;
    }

    // a link's noise: its QBER, or a CV-QKD link's excess noise (shot-noise units)
    private static String noise(final QkdLinkAttributes attributes) {
        if (attributes.getExcessNoise() != null) {
            return "xi " + attributes.getExcessNoise();
        }
        return attributes.getQber() == null ? "-" : attributes.getQber().getValue().toString();
    }

    /**
     * The nodes of every QKD network, by network and name.
     *
     * @return one row per node
     * @throws ConsoleException when the datastore does not answer
     */
    public List<NodeRow> nodes() throws ConsoleException {
        final var rows = new ArrayList<NodeRow>();
        for (var network : Datastore.read(broker, LogicalDatastoreType.OPERATIONAL, NETWORKS)
                .map(Networks::nonnullNetwork).orElse(Map.of()).values()) {
            if (network.getNetworkTypes() == null
                    || network.getNetworkTypes().augmentation(NetworkTypes1.class) == null) {
                continue;
            }
            final var links = new HashMap<String, int[]>();
            final var topology = network.augmentation(Network1.class);
            for (var link : topology == null ? List.<Link>of() : topology.nonnullLink().values()) {
                final var qkd = link.augmentation(Link1.class);
                final var status = qkd == null || qkd.getQkdLinkAttributes() == null ? null
                    : qkd.getQkdLinkAttributes().getStatus();
                final boolean up = status == LinkState.Up || status == LinkState.Degraded;
                // each end once, also for a link without an end or from a node to itself
                final var ends = new HashSet<String>();
                if (link.getSource() != null && link.getSource().getSourceNode() != null) {
                    ends.add(link.getSource().getSourceNode().getValue());
                }
                if (link.getDestination() != null && link.getDestination().getDestNode() != null) {
                    ends.add(link.getDestination().getDestNode().getValue());
                }
                for (var end : ends) {
                    final var count = links.computeIfAbsent(end, name -> new int[2]);
                    count[0] += up ? 1 : 0;
                    count[1]++;
                }
            }
            for (var node : network.nonnullNode().values()) {
                final var name = node.getNodeId().getValue();
                final var qkd = node.augmentation(Node1.class);
                final var attributes = qkd == null ? null : qkd.getQkdNodeAttributes();
                final var count = links.getOrDefault(name, new int[2]);
                rows.add(new NodeRow(network.getNetworkId().getValue(), name,
                    attributes == null || !Boolean.FALSE.equals(attributes.getTrusted()),
                    attributes == null || attributes.getReachable() == null ? "unknown"
                        : attributes.getReachable() ? "yes" : "no",
                    attributes == null || attributes.getOperator() == null ? ""
                        : attributes.getOperator().getValue(),
                    attributes == null || attributes.getJurisdiction() == null ? ""
                        : attributes.getJurisdiction().getValue(),
                    attributes == null || attributes.getLocation() == null ? "" : attributes.getLocation(),
                    count[0], count[1]));
            }
        }
        rows.sort(Comparator.comparing(NodeRow::network).thenComparing(NodeRow::id));
        return rows;
    }

    /**
     * The names of the nodes of every QKD network.
     *
     * @return them, sorted, each once
     * @throws ConsoleException when the datastore does not answer
     */
    public List<String> nodeNames() throws ConsoleException {
        return nodes().stream().map(NodeRow::id).distinct().sorted().toList();
    }

    /**
     * The alarms, newest first.
     *
     * @param all whether cleared alarms are listed too
     * @return one row per alarm
     * @throws ConsoleException when the datastore does not answer
     */
    public List<AlarmRow> alarms(final boolean all) throws ConsoleException {
        final var rows = new ArrayList<AlarmRow>();
        for (var alarm : Datastore.read(broker, LogicalDatastoreType.OPERATIONAL, ALARMS)
                .map(QkdAlarms::nonnullAlarm).orElse(Map.of()).values()) {
            final boolean active = Boolean.TRUE.equals(alarm.getActive());
            if (!active && !all) {
                continue;
            }
            rows.add(new AlarmRow(alarm.getId() == null ? "-" : alarm.getId().toString(),
                alarm.getType() == null ? "-" : alarm.getType().getName(),
                alarm.getResource() == null ? "-" : alarm.getResource(), active,
                alarm.getRaised() == null ? "-" : alarm.getRaised().getValue(),
                alarm.getCleared() == null ? "" : alarm.getCleared().getValue(),
                alarm.getMessage() == null ? "" : alarm.getMessage()));
        }
        rows.sort(Comparator.comparing(AlarmRow::raised).reversed());
        return rows;
    }
}
