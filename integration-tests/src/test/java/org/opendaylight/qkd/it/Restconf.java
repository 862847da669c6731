/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.opendaylight.qkd.karaf.process.KarafProcess;

/**
 * A RESTCONF client for the distribution's northbound at {@code https://127.0.0.1:8443/rests}, or for a cluster
 * member's, trusting the distributions' HTTPS certificate ({@link KarafProcess#tlsContext()}) and nothing else.
 */
final class Restconf {
    static final String BASE = "https://127.0.0.1:" + KarafProcess.HTTPS_PORT + "/rests";
    private static final String JSON = "application/yang-data+json";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .sslContext(KarafProcess.tlsContext()).build();
    private final String authorization;
    private final String base;
    private final Duration timeout;

    Restconf(final String user, final String password) {
        this(BASE, user, password, Duration.ofSeconds(30));
    }

    /**
     * A client of the RESTCONF server at an address, each request answered within a time.
     *
     * @param base the server's RESTCONF root, as {@code https://127.0.0.2:8443/rests}
     * @param user the user, null for none
     * @param password the password
     * @param timeout how long one request may take
     */
    Restconf(final String base, final String user, final String password, final Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        authorization = user == null ? null : "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> put(final String path, final String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", JSON).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A plain patch (RFC 8040 section 4.6.1): the body is merged into the target resource.
     */
    HttpResponse<String> patch(final String path, final String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", JSON)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> post(final String path, final String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A POST of plain JSON ({@code application/json}), as AAA's user and role API takes it.
     */
    HttpResponse<String> postJson(final String path, final String body) throws IOException, InterruptedException {
        return send(request(path).setHeader("Accept", "application/json").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A GET of plain JSON ({@code application/json}), as AAA's user and role API answers it.
     */
    HttpResponse<String> getJson(final String path) throws IOException, InterruptedException {
        return send(request(path).setHeader("Accept", "application/json").GET());
    }

    HttpResponse<String> delete(final String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /**
     * The QKD devices the controller read after an instant, by their status's {@code last-read}.
     *
     * @param instant the instant
     * @return the devices' names; none when the controller does not answer 200
     * @throws IOException when the controller cannot be reached
     * @throws InterruptedException when interrupted while waiting for it
     */
    Set<String> devicesReadAfter(final Instant instant) throws IOException, InterruptedException {
        final var response = get("/data/qkd-devices:qkd-devices?content=nonconfig");
        if (response.statusCode() != 200) {
            return Set.of();
        }
        final var read = new HashSet<String>();
        for (var element : JsonParser.parseString(response.body()).getAsJsonObject()
                .getAsJsonObject("qkd-devices:qkd-devices").getAsJsonArray("device")) {
            final var device = element.getAsJsonObject();
            final var status = device.getAsJsonObject("status");
            if (status != null && status.has("last-read")
                    && Instant.parse(status.get("last-read").getAsString()).isAfter(instant)) {
                read.add(device.get("name").getAsString());
            }
        }
        return read;
    }

    private HttpRequest.Builder request(final String path) {
        final var builder = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", JSON);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<String> send(final HttpRequest.Builder builder) throws IOException, InterruptedException {
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
