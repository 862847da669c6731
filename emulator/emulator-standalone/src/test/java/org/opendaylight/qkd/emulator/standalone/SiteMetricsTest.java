/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.keys.site.SiteKme;

/**
 * The sites' metrics as Prometheus reads them from the endpoint.
 */
class SiteMetricsTest {
    @Test
    void requestsAndApplicationsAreServedBySite() throws Exception {
        try (var metrics = SiteMetrics.start(0); var client = HttpClient.newHttpClient()) {
            final Supplier<Map<String, SiteKme.Counters>> hq = () -> Map.of("bank-replication",
                new SiteKme.Counters(17, 3, 1234, 5, 2, null));
            metrics.add("hq", hq);
            final var observer = metrics.observer("hq");
            observer.answered("enc_keys", 200, 3_000_000);
            observer.answered("enc_keys", 200, 40_000_000);
            observer.answered("status", 401, 200_000);

            final var text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (var expected : List.of(
                    "qkd_kme_etsi014_request_duration_seconds_count{operation=\"enc_keys\",site=\"hq\","
                        + "status=\"200\"} 2",
                    "qkd_kme_etsi014_request_duration_seconds_bucket{operation=\"enc_keys\",site=\"hq\","
                        + "status=\"200\",le=\"0.005\"} 1",
                    "qkd_kme_etsi014_request_duration_seconds_count{operation=\"status\",site=\"hq\","
                        + "status=\"401\"} 1",
                    "qkd_kme_application_stored_keys{application=\"bank-replication\",site=\"hq\"} 17.0",
                    "qkd_kme_application_delivered_keys_total{application=\"bank-replication\",site=\"hq\"} 1234.0",
                    "qkd_kme_application_discarded_keys_total{application=\"bank-replication\",site=\"hq\"} 5.0",
                    "qkd_kme_application_expired_keys_total{application=\"bank-replication\",site=\"hq\"} 2.0")) {
                assertTrue(text.contains(expected + "\n"), expected + " in\n" + text);
            }

            // a key manager that stopped is no longer reported; one that took its place is
            metrics.remove("hq", () -> Map.of());
            assertTrue(scrape(client, metrics).contains("site=\"hq\"} 17.0"), "another supplier removes nothing");
            metrics.remove("hq", hq);
            assertFalse(scrape(client, metrics).contains("qkd_kme_application_stored_keys{"));
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    private static String scrape(final HttpClient client, final SiteMetrics metrics) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theGrafanaDashboardQueriesOnlySiteMetricsThatAreServed() throws Exception {
        final var dashboard = JsonParser.parseString(Files.readString(Path.of(
            "../../operator-view/src/main/grafana/qkd-network-dashboard.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
        final var names = new TreeSet<String>();
        for (var panel : dashboard.getAsJsonArray("panels")) {
            for (var target : panel.getAsJsonObject().getAsJsonArray("targets")) {
                final var matcher = Pattern.compile("qkd_kme_[a-z0-9_]+")
                    .matcher(target.getAsJsonObject().get("expr").getAsString());
                while (matcher.find()) {
                    names.add(matcher.group());
                }
            }
        }
        assertTrue(names.size() >= 3, names::toString);
        try (var metrics = SiteMetrics.start(0); var client = HttpClient.newHttpClient()) {
            metrics.add("hq", () -> Map.of("bank-replication", new SiteKme.Counters(1, 0, 1, 0, 0, null)));
            metrics.observer("hq").answered("status", 200, 1_000);
            final var text = scrape(client, metrics);
            for (var name : names) {
                assertTrue(text.lines().anyMatch(line -> line.startsWith(name + "{")), name + " is not served");
            }
        }
    }
}
