/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opendaylight.qkd.emulator.standalone.NetconfEmulator;
import org.opendaylight.qkd.karaf.process.KarafProcess;

/**
 * Debian's Prometheus server ({@code /usr/bin/prometheus}), started by a test to scrape the controller's
 * {@code /qkd/metrics} every second with RESTCONF's credentials, and asked PromQL queries over its HTTP API. It
 * listens on a free loopback port and keeps its data under the test's directory.
 */
final class PrometheusServer implements AutoCloseable {
    /**
     * Debian's Prometheus binary.
     */
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ToolProcess process;

    private PrometheusServer(final int port) {
        base = "http://127.0.0.1:" + port;
    }

    /**
     * Whether the binary is installed.
     *
     * @return whether it can be started
     */
    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts Prometheus scraping a target and waits until it is ready.
     *
     * @param dir its directory (configuration, data, log); emptied first
     * @param target host:port of the controller's web server (HTTPS, its certificate
     *     {@link KarafProcess#tlsCertificate()})
     * @param user RESTCONF user
     * @param password its password, given to Prometheus in a file
     * @param sites host:port of the sites' metrics endpoint (no authentication, loopback only)
     * @return the running server
     * @throws IOException when it cannot be started
     */
    static PrometheusServer start(final Path dir, final String target, final String user, final String password,
            final String sites) throws IOException {
        KarafProcess.deleteTree(dir);
        Files.createDirectories(dir);
        final var passwordFile = Files.writeString(dir.resolve("password"), password, StandardCharsets.UTF_8);
        final var config = Files.writeString(dir.resolve("prometheus.yml"), """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: qkd-controller
                metrics_path: /qkd/metrics
                scheme: https
                tls_config:
                  ca_file: %s
                basic_auth:
                  username: %s
                  password_file: %s
                static_configs:
                  - targets: ['%s']
              - job_name: qkd-sites
                static_configs:
                  - targets: ['%s']
            """.formatted(KarafProcess.tlsCertificate(), user, passwordFile, target, sites), StandardCharsets.UTF_8);
        final int port = NetconfEmulator.freePorts(1).getFirst();
        final var server = new PrometheusServer(port);
        server.process = ToolProcess.start(List.of(BINARY.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
            dir.resolve("prometheus.log"), Duration.ofSeconds(60), server::ready);
        return server;
    }

    private boolean ready() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * An instant PromQL query.
     *
     * @param promql the query
     * @return its result vector: objects with {@code metric} (the labels) and {@code value} ([time, "value"])
     * @throws IOException when Prometheus does not answer or refuses the query
     * @throws InterruptedException when interrupted
     */
    JsonArray query(final String promql) throws IOException, InterruptedException {
        final var response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        final var body = JsonParser.parseString(response.body()).getAsJsonObject();
        if (response.statusCode() != 200 || !"success".equals(body.get("status").getAsString())) {
            throw new IOException("query " + promql + " refused: " + response.statusCode() + " " + body);
        }
        return body.getAsJsonObject("data").getAsJsonArray("result");
    }

    /**
     * The health of the scrape targets as Prometheus last saw them.
     *
     * @return each job with "up", "down" or "unknown" and its last error
     * @throws IOException when Prometheus does not answer
     * @throws InterruptedException when interrupted
     */
    String targetHealth() throws IOException, InterruptedException {
        final var response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/targets"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        final var health = new StringBuilder();
        for (var element : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data")
                .getAsJsonArray("activeTargets")) {
            final var target = element.getAsJsonObject();
            final var error = target.get("lastError").getAsString();
            health.append(health.isEmpty() ? "" : ", ").append(target.getAsJsonObject("labels").get("job")
                .getAsString()).append(' ').append(target.get("health").getAsString())
                .append(error.isEmpty() ? "" : ": " + error);
        }
        return health.isEmpty() ? "no target" : health.toString();
    }

    @Override
    public void close() {
        process.close();
    }
}
