/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.benchmark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.opendaylight.qkd.karaf.process.KarafProcess;

/**
 * A RESTCONF client for the distribution's northbound at {@code https://127.0.0.1:8443/rests}, as admin, trusting
 * the distribution's HTTPS certificate ({@link KarafProcess#tlsContext()}) only. HTTP/1.1
 * with kept-alive connections, so that polling every few milliseconds costs one request each.
 */
final class RestconfClient {
    static final String BASE = "https://127.0.0.1:" + KarafProcess.HTTPS_PORT + "/rests";
    private static final String JSON = "application/yang-data+json";

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(KarafProcess.tlsContext())
        .build();
    private final String authorization;
    private final Duration timeout;

    /**
     * A client.
     *
     * @param user user name
     * @param password password
     * @param timeout limit on each request
     */
    RestconfClient(final String user, final String password, final Duration timeout) {
        authorization = "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> put(final String path, final String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", JSON).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Reads a resource as JSON.
     *
     * @param path path under {@link #BASE}
     * @return the document, empty when the answer is not 200 (e.g. no data yet)
     * @throws IOException when RESTCONF cannot be reached
     * @throws InterruptedException when interrupted while waiting
     */
    Optional<JsonObject> getObject(final String path) throws IOException, InterruptedException {
        final var response = get(path);
        return response.statusCode() == 200 ? Optional.of(JsonParser.parseString(response.body()).getAsJsonObject())
            : Optional.empty();
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path))
            .timeout(timeout)
            .header("Accept", JSON)
            .header("Authorization", authorization);
    }

    private HttpResponse<String> send(final HttpRequest.Builder builder) throws IOException, InterruptedException {
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
