/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.opendaylight.qkd.keys.etsi014.RequestObserver;
import org.opendaylight.qkd.keys.site.SiteKme;

/**
 * The sites' metrics for Prometheus, one endpoint for the process ({@code http://127.0.0.1:PORT/metrics}, on the
 * loopback address only), every series labelled with its site: the ETSI GS QKD 014 requests each site's key manager
 * answered, by operation and status, as a latency histogram ({@code _count} is the number of requests), and each
 * application's keys (stored, delivered, discarded, expired). Prometheus' Java library keeps and exposes them.
 */
public final class SiteMetrics implements AutoCloseable {
    // from half a millisecond (a status in memory) to seconds (a request waiting for a full disk)
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5};

    private final Map<String, Supplier<Map<String, SiteKme.Counters>>> sites = new ConcurrentHashMap<>();
    private final Histogram requests;
    private final HTTPServer server;

    private SiteMetrics(final int port) throws IOException {
        final var registry = new PrometheusRegistry();
        requests = Histogram.builder().name("qkd_kme_etsi014_request_duration_seconds")
            .help("ETSI GS QKD 014 requests a site's key manager answered, by operation and HTTP status: time from "
                + "the request read to the answer ready")
            .labelNames("site", "operation", "status").classicOnly().classicUpperBounds(LATENCY_BOUNDS)
            .register(registry);
        GaugeWithCallback.builder().name("qkd_kme_application_stored_keys")
            .help("Keys a site holds for an application: ready for the master SAE at its site, to fetch for the slave")
            .labelNames("site", "application")
            .callback(callback -> each((site, application, counters) -> callback.call(counters.stored(), site,
                application)))
            .register(registry);
        counter(registry, "qkd_kme_application_delivered_keys", "Keys of an application a site delivered to its SAE",
            SiteKme.Counters::delivered);
        counter(registry, "qkd_kme_application_discarded_keys", "Keys of an application a site discarded before "
            + "delivery (a compromised link, a changed service, expiry)", SiteKme.Counters::discarded);
        counter(registry, "qkd_kme_application_expired_keys", "Keys of an application a site discarded because no "
            + "SAE took them in time (--key-expiry-s); also counted as discarded", SiteKme.Counters::expired);
        server = HTTPServer.builder().hostname(NetconfEmulator.HOST).port(port).registry(registry).buildAndStart();
    }

    // a counter of every application of every site, read when scraped
    private void counter(final PrometheusRegistry registry, final String name, final String help,
            final ToLongFunction<SiteKme.Counters> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("site", "application")
            .callback(callback -> each((site, application, counters) -> callback.call(value.applyAsLong(counters),
                site, application)))
            .register(registry);
    }

    @FunctionalInterface
    private interface CountersConsumer {
        void accept(String site, String application, SiteKme.Counters counters);
    }

    private void each(final CountersConsumer consumer) {
        sites.forEach((site, counters) -> counters.get().forEach((application, values) -> consumer.accept(site,
            application, values)));
    }

    /**
     * Starts the endpoint.
     *
     * @param port its port on the loopback address; 0 picks a free one
     * @return the metrics
     * @throws IOException when the port cannot be bound
     */
    public static SiteMetrics start(final int port) throws IOException {
        return new SiteMetrics(port);
    }

    /**
     * The port the endpoint listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getPort();
    }

    /**
     * What hears a site's ETSI GS QKD 014 answers.
     *
     * @param site the site
     * @return the observer to give its endpoint
     */
    RequestObserver observer(final String site) {
        return (operation, status, nanos) -> requests.labelValues(site, operation, Integer.toString(status))
            .observe(nanos / 1e9);
    }

    /**
     * Reports a site's key manager's applications from now on (again after a restart).
     *
     * @param site the site
     * @param counters its applications' counters
     */
    void add(final String site, final Supplier<Map<String, SiteKme.Counters>> counters) {
        sites.put(site, counters);
    }

    /**
     * Stops reporting a site's applications (its key manager stopped).
     *
     * @param site the site
     * @param counters what {@link #add} was given, so that a stopped key manager does not remove its successor
     */
    void remove(final String site, final Supplier<Map<String, SiteKme.Counters>> counters) {
        sites.remove(site, counters);
    }

    @Override
    public void close() {
        server.close();
    }
}
