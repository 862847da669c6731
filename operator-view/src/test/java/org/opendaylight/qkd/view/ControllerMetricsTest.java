/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.model.testing.LinkFixture;
import org.opendaylight.qkd.model.testing.QkdTopology;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarmsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.AlarmBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServicesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The controller's metrics against a real in-memory datastore, as Prometheus reads them.
 */
class ControllerMetricsTest extends AbstractConcurrentDataBrokerTest {
    private static final Pattern METRIC = Pattern.compile("qkd_[a-z_]+");
    private static final DataObjectIdentifier<Network> QKD = QkdTopology.networkId("qkd");

    @BeforeEach
    void setUp() throws Exception {
        setup();
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, QKD, QkdTopology.network("qkd", List.of(
                QkdTopology.node("hq").trusted(false).reachable(true).build(),
                QkdTopology.node("relay-north").reachable(false).build()), List.of(
                link("0b3c1e5a-1111-4222-8333-944455556666", "hq-north", LinkState.Up, 23_456)
                    .qber("0.031250").build(),
                // a CV-QKD link: excess noise, no QBER
                link("1c4d2f6b-1111-4222-8333-944455556666", "north-dc", LinkState.Down, 0)
                    .excessNoise("0.012500").build())));
        tx.put(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(KeyServices.class).build(),
            new KeyServicesBuilder().setKeyService(BindingMap.of(
                new KeyServiceBuilder().setServiceId("gov-vpn").setState(new StateBuilder().setMode(ServiceMode.Qkd)
                    .setPath(BindingMap.of(new PathBuilder().setIndex(Uint8.ZERO)
                        .setRate(new BitRate(Uint64.valueOf(2_048))).build(),
                        new PathBuilder().setIndex(Uint8.ONE).setRate(new BitRate(Uint64.valueOf(1_024))).build()))
                    .setKeysStored(Uint32.valueOf(17)).setKeysDelivered(new Counter64(Uint64.valueOf(1_234)))
                    .setKeysDiscarded(new Counter64(Uint64.valueOf(5))).setExhaustionTime(Uint64.valueOf(42))
                    .build()).build(),
                new KeyServiceBuilder().setServiceId("bank-backup").build()))
                .build());
        tx.put(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(QkdAlarms.class).build(),
            new QkdAlarmsBuilder().setAlarm(BindingMap.of(
                new AlarmBuilder().setId(Uint64.ONE).setType(AlarmType.LinkDown).setResource("north-dc")
                    .setActive(true).build(),
                new AlarmBuilder().setId(Uint64.TWO).setType(AlarmType.QberHigh).setResource("hq-north")
                    .setActive(false).build(),
                new AlarmBuilder().setId(Uint64.valueOf(3)).setType(AlarmType.LinkDown).setResource("hq-north")
                    .setActive(true).build()))
                .build());
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    // a link between the ends its label gives ("hq-north"), its pool 4,096 of 8,388,608 bits
    private static LinkFixture link(final String id, final String label, final LinkState status, final long rate) {
        final String[] ends = label.split("-");
        return QkdTopology.link(id, ends[0], ends[1]).label(label).status(status).secretKeyRate(rate)
            .keyPoolFill(4_096).keyPoolCapacity(8_388_608);
    }

    private String scrape() throws Exception {
        final var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, new ControllerMetrics(getDataBroker(), Duration.ofSeconds(5))
            .collect());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linksAreMetricsWithTheirStatusAsAStateSet() throws Exception {
        final var text = scrape();
        final var up = "network=\"qkd\",link=\"0b3c1e5a-1111-4222-8333-944455556666\",label=\"hq-north\","
            + "source=\"hq\",destination=\"north\"";
        final var labels = up.split(",");
        for (var expected : List.of(
                "# TYPE qkd_link_status gauge",
                "qkd_link_secret_key_rate_bits_per_second{" + sorted(labels) + "} 23456.0",
                "qkd_link_qber_ratio{" + sorted(labels) + "} 0.03125",
                "qkd_link_key_pool_fill_bits{" + sorted(labels) + "} 4096.0",
                "qkd_link_key_pool_capacity_bits{" + sorted(labels) + "} 8388608.0",
                "qkd_link_status{" + sorted(labels, "qkd_link_status=\"up\"") + "} 1",
                "qkd_link_status{" + sorted(labels, "qkd_link_status=\"down\"") + "} 0")) {
            assertTrue(text.contains(expected + "\n"), expected + " in\n" + text);
        }
        final var down = sorted(("network=\"qkd\",link=\"1c4d2f6b-1111-4222-8333-944455556666\",label=\"north-dc\","
            + "source=\"north\",destination=\"dc\"").split(","), "qkd_link_status=\"down\"");
        assertTrue(text.contains("qkd_link_status{" + down + "} 1\n"), text);
        assertFalse(text.contains("qkd_link_qber_ratio{destination=\"dc\""), "no QBER where the link reports none");
        assertTrue(text.contains("qkd_link_excess_noise_shot_noise_units{destination=\"dc\""), text);
        assertFalse(text.contains("qkd_link_excess_noise_shot_noise_units{destination=\"north\""), text);
        // one series per link and state
        assertEquals(2 * LinkState.values().length, text.lines().filter(line -> line.startsWith("qkd_link_status{"))
            .count());
    }

    @Test
    void servicesNodesAndAlarmsAreMetrics() throws Exception {
        final var text = scrape();
        for (var expected : List.of(
                "qkd_key_service_mode{service=\"gov-vpn\",qkd_key_service_mode=\"qkd\"} 1",
                "qkd_key_service_mode{service=\"gov-vpn\",qkd_key_service_mode=\"pqc\"} 0",
                "qkd_key_service_mode{service=\"bank-backup\",qkd_key_service_mode=\"pending\"} 1",
                "qkd_key_service_reserved_rate_bits_per_second{service=\"gov-vpn\"} 3072.0",
                "qkd_key_service_stored_keys{service=\"gov-vpn\"} 17.0",
                "# TYPE qkd_key_service_delivered_keys_total counter",
                "qkd_key_service_delivered_keys_total{service=\"gov-vpn\"} 1234.0",
                "qkd_key_service_discarded_keys_total{service=\"gov-vpn\"} 5.0",
                "qkd_key_service_exhaustion_seconds{service=\"gov-vpn\"} 42.0",
                "qkd_node_reachable{network=\"qkd\",node=\"hq\",trusted=\"false\"} 1.0",
                "qkd_node_reachable{network=\"qkd\",node=\"relay-north\",trusted=\"true\"} 0.0",
                "qkd_alarms_active{type=\"link-down\"} 2.0",
                "qkd_alarms_active{type=\"qber-high\"} 0.0",
                "qkd_alarms_active{type=\"device-unreachable\"} 0.0")) {
            assertTrue(text.contains(expected + "\n"), expected + " in\n" + text);
        }
        assertFalse(text.contains("service=\"bank-backup\"} 0.0"), "a service without state has no key counts");
    }

    @Test
    void anEmptyDatastoreGivesEveryFamilyWithoutSeries() throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, QKD);
        tx.delete(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(KeyServices.class).build());
        tx.commit().get(10, TimeUnit.SECONDS);
        final var text = scrape();
        assertFalse(text.contains("qkd_link_status{"), text);
        assertTrue(text.contains("qkd_alarms_active{type=\"link-down\"} 2.0"), text);
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsThatAreServed() throws Exception {
        // the controller's metrics here; the sites' (qkd_kme_*) in the sites' SiteMetricsTest
        final var text = scrape();
        final var dashboard = JsonParser.parseString(Files.readString(Path.of(
            "src/main/grafana/qkd-network-dashboard.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        final var names = new TreeSet<String>();
        for (var panel : dashboard.getAsJsonArray("panels")) {
            for (var target : panel.getAsJsonObject().getAsJsonArray("targets")) {
                final var matcher = METRIC.matcher(target.getAsJsonObject().get("expr").getAsString());
                while (matcher.find()) {
                    if (!matcher.group().startsWith("qkd_kme_")) {
                        names.add(matcher.group());
                    }
                }
            }
        }
        assertTrue(names.size() >= 10, names::toString);
        for (var name : names) {
            assertTrue(text.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " ")),
                name + " is not served");
        }
    }

    // Prometheus' writer sorts labels by name and writes a state set's state last
    private static String sorted(final String[] labels, final String... state) {
        final var all = new ArrayList<>(List.of(labels));
        all.sort(null);
        all.addAll(List.of(state));
        return String.join(",", all);
    }
}
