/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.view;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.FluentFuture;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.Path;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Node1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObject;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.EnumTypeObject;

/**
 * The controller's metrics, read from the operational datastore when Prometheus scrapes them: every QKD link's
 * status, key rates, QBER and key pool, every node's reachability, every key service's mode, reserved rate and
 * key counts, and the active alarms by type. One read-only transaction per scrape, so that the figures of one
 * scrape belong together; nothing is cached between scrapes.
 *
 * <p>Names follow Prometheus' conventions: the {@code qkd_} namespace, base units in the name ({@code _bits},
 * {@code _bits_per_second}, {@code _ratio}), {@code _total} on counters, and states as state sets (one series per
 * state, 1 for the current one), so that {@code qkd_link_status{qkd_link_status="down"} == 1} selects the links that
 * are down.
 */
public final class ControllerMetrics {
    private static final DataObjectIdentifier<Networks> NETWORKS = DataObjectIdentifier.builder(Networks.class)
        .build();
    private static final DataObjectIdentifier<KeyServices> SERVICES = DataObjectIdentifier.builder(KeyServices.class)
        .build();
    private static final DataObjectIdentifier<QkdAlarms> ALARMS = DataObjectIdentifier.builder(QkdAlarms.class)
        .build();
    private static final String[] LINK_LABELS = {"network", "link", "label", "source", "destination"};

    private final DataBroker broker;
    private final Duration timeout;

    /**
     * Metrics of a datastore.
     *
     * @param broker the controller's data broker
     * @param timeout how long a scrape waits for the datastore
     */
    public ControllerMetrics(final DataBroker broker, final Duration timeout) {
        this.broker = requireNonNull(broker);
        this.timeout = requireNonNull(timeout);
    }

    /**
     * The metrics as they are now.
     *
     * @return every metric family, each present even when it has no series (a network without links)
     * @throws MetricsUnavailableException when the datastore does not answer in time
     */
    public MetricSnapshots collect() throws MetricsUnavailableException {
        final Optional<Networks> networks;
        final Optional<KeyServices> services;
        final Optional<QkdAlarms> alarms;
        try (var tx = broker.newReadOnlyTransaction()) {
            final var networksRead = tx.read(LogicalDatastoreType.OPERATIONAL, NETWORKS);
            final var servicesRead = tx.read(LogicalDatastoreType.OPERATIONAL, SERVICES);
            final var alarmsRead = tx.read(LogicalDatastoreType.OPERATIONAL, ALARMS);
            final long deadline = System.nanoTime() + timeout.toNanos();
            networks = await(networksRead, deadline);
            services = await(servicesRead, deadline);
            alarms = await(alarmsRead, deadline);
        }
        final var snapshots = new ArrayList<MetricSnapshot>();
        links(networks, snapshots);
        nodes(networks, snapshots);
        services(services, snapshots);
        alarms(alarms, snapshots);
        return new MetricSnapshots(snapshots);
    }

    private static <T extends DataObject> Optional<T> await(
            final FluentFuture<Optional<T>> read, final long deadline)
            throws MetricsUnavailableException {
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new MetricsUnavailableException("the datastore failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new MetricsUnavailableException("the datastore did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException("interrupted", e);
        }
    }

    private static void links(final Optional<Networks> networks, final List<MetricSnapshot> snapshots) {
        final var status = StateSetSnapshot.builder().name("qkd_link_status")
            .help("Operational state of a QKD link (1 for its current state)");
        final var rate = gauge("qkd_link_secret_key_rate_bits_per_second",
            "Secret key rate the link generates (ETSI GS QKD 015 skr)");
        final var effective = gauge("qkd_link_effective_secret_key_rate_bits_per_second",
            "Secret key rate left after the devices' own consumption (ETSI GS QKD 015 eskr)");
        final var qber = gauge("qkd_link_qber_ratio", "Measured quantum bit error rate of the link");
        final var noise = gauge("qkd_link_excess_noise_shot_noise_units",
            "Excess noise of a continuous-variable QKD link, at the channel's input");
        final var fill = gauge("qkd_link_key_pool_fill_bits", "Secret key in the link's key pool");
        final var capacity = gauge("qkd_link_key_pool_capacity_bits", "Size of the link's key pool");
        for (var network : networks.map(Networks::nonnullNetwork).orElse(Map.of()).values()) {
            final var topology = network.augmentation(Network1.class);
            if (topology == null || !isQkd(network)) {
                continue;
            }
            for (var link : topology.nonnullLink().values()) {
                final var qkd = link.augmentation(Link1.class);
                final var attributes = qkd == null ? null : qkd.getQkdLinkAttributes();
                if (attributes == null) {
                    continue;
                }
                final var labels = Labels.of(LINK_LABELS, new String[] {
                    network.getNetworkId().getValue(), link.getLinkId().getValue(),
                    attributes.getLabel() == null ? "" : attributes.getLabel(),
                    link.getSource() == null || link.getSource().getSourceNode() == null ? ""
                        : link.getSource().getSourceNode().getValue(),
                    link.getDestination() == null || link.getDestination().getDestNode() == null ? ""
                        : link.getDestination().getDestNode().getValue()});
                status.dataPoint(states(LinkState.values(),
                    attributes.getStatus() == null ? LinkState.Unknown : attributes.getStatus(), labels));
                if (attributes.getSecretKeyRate() != null) {
                    rate.dataPoint(point(attributes.getSecretKeyRate().getValue().doubleValue(), labels));
                }
                if (attributes.getEffectiveSecretKeyRate() != null) {
                    effective.dataPoint(point(attributes.getEffectiveSecretKeyRate().getValue().doubleValue(),
                        labels));
                }
                if (attributes.getQber() != null) {
                    qber.dataPoint(point(attributes.getQber().getValue().doubleValue(), labels));
                }
                if (attributes.getExcessNoise() != null) {
                    noise.dataPoint(point(attributes.getExcessNoise().doubleValue(), labels));
                }
                if (attributes.getKeyPoolFill() != null) {
                    fill.dataPoint(point(attributes.getKeyPoolFill().doubleValue(), labels));
                }
                if (attributes.getKeyPoolCapacity() != null) {
                    capacity.dataPoint(point(attributes.getKeyPoolCapacity().doubleValue(), labels));
                }
            }
        }
        snapshots.add(status.build());
        snapshots.add(rate.build());
        snapshots.add(effective.build());
        snapshots.add(qber.build());
        snapshots.add(noise.build());
        snapshots.add(fill.build());
        snapshots.add(capacity.build());
    }

    private static void nodes(final Optional<Networks> networks, final List<MetricSnapshot> snapshots) {
        final var reachable = gauge("qkd_node_reachable",
            "Whether the controller reaches the node's SD-QKD node (1) or not (0); absent while unknown");
        for (var network : networks.map(Networks::nonnullNetwork).orElse(Map.of()).values()) {
            if (!isQkd(network)) {
                continue;
            }
            for (var node : network.nonnullNode().values()) {
                final var qkd = node.augmentation(Node1.class);
                final var attributes = qkd == null ? null : qkd.getQkdNodeAttributes();
                if (attributes == null || attributes.getReachable() == null) {
                    continue;
                }
                reachable.dataPoint(point(attributes.getReachable() ? 1 : 0, Labels.of("network",
                    network.getNetworkId().getValue(), "node", node.getNodeId().getValue(), "trusted",
                    String.valueOf(!Boolean.FALSE.equals(attributes.getTrusted())))));
            }
        }
        snapshots.add(reachable.build());
    }

    private static void services(final Optional<KeyServices> services, final List<MetricSnapshot> snapshots) {
        final var mode = StateSetSnapshot.builder().name("qkd_key_service_mode")
            .help("How a key service is served now (1 for its current mode)");
        final var reserved = gauge("qkd_key_service_reserved_rate_bits_per_second",
            "Key rate reserved for the service on its QKD paths");
        final var stored = gauge("qkd_key_service_stored_keys", "Keys ready for the service's master SAE");
        final var delivered = counter("qkd_key_service_delivered_keys",
            "Keys delivered to both SAEs of the service since it was created");
        final var discarded = counter("qkd_key_service_discarded_keys",
            "Keys of the service discarded before delivery (a compromised link, a changed service)");
        final var exhaustion = gauge("qkd_key_service_exhaustion_seconds",
            "Predicted time until the service's stored keys run out; absent while production keeps up");
        for (var service : services.map(KeyServices::nonnullKeyService).orElse(Map.of()).values()) {
            final var state = service.getState();
            final var labels = Labels.of("service", service.getServiceId());
            mode.dataPoint(states(ServiceMode.values(),
                state == null || state.getMode() == null ? ServiceMode.Pending : state.getMode(), labels));
            if (state == null) {
                continue;
            }
            reserved.dataPoint(point(state.nonnullPath().values().stream().map(Path::getRate)
                .mapToDouble(rate -> rate == null ? 0 : rate.getValue().doubleValue()).sum(), labels));
            if (state.getKeysStored() != null) {
                stored.dataPoint(point(state.getKeysStored().doubleValue(), labels));
            }
            if (state.getKeysDelivered() != null) {
                delivered.dataPoint(CounterDataPointSnapshot.builder()
                    .value(state.getKeysDelivered().getValue().doubleValue()).labels(labels).build());
            }
            if (state.getKeysDiscarded() != null) {
                discarded.dataPoint(CounterDataPointSnapshot.builder()
                    .value(state.getKeysDiscarded().getValue().doubleValue()).labels(labels).build());
            }
            if (state.getExhaustionTime() != null) {
                exhaustion.dataPoint(point(state.getExhaustionTime().doubleValue(), labels));
            }
        }
        snapshots.add(mode.build());
        snapshots.add(reserved.build());
        snapshots.add(stored.build());
        snapshots.add(delivered.build());
        snapshots.add(discarded.build());
        snapshots.add(exhaustion.build());
    }

    private static void alarms(final Optional<QkdAlarms> alarms, final List<MetricSnapshot> snapshots) {
        final var active = new EnumMap<AlarmType, Integer>(AlarmType.class);
        for (var type : AlarmType.values()) {
            active.put(type, 0);
        }
        for (var alarm : alarms.map(QkdAlarms::nonnullAlarm).orElse(Map.of()).values()) {
            if (Boolean.TRUE.equals(alarm.getActive()) && alarm.getType() != null) {
                active.merge(alarm.getType(), 1, Integer::sum);
            }
        }
        final var gauge = gauge("qkd_alarms_active", "Active alarms of the QKD network by type");
        active.forEach((type, count) -> gauge.dataPoint(point(count, Labels.of("type", type.getName()))));
        snapshots.add(gauge.build());
    }

    private static boolean isQkd(final Network network) {
        return network.getNetworkTypes() != null && network.getNetworkTypes().augmentation(NetworkTypes1.class) != null;
    }

    private static <E extends Enum<E> & EnumTypeObject> StateSetDataPointSnapshot states(final E[] values,
            final E current, final Labels labels) {
        final var point = StateSetDataPointSnapshot.builder().labels(labels);
        for (var value : values) {
            point.state(value.getName(), value == current);
        }
        return point.build();
    }

    private static GaugeSnapshot.Builder gauge(final String name, final String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.Builder counter(final String name, final String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(final double value, final Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
