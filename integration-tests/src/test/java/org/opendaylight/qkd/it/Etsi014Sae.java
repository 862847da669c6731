/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SAE talking ETSI GS QKD 014 to its site's key manager over mutual TLS, with the client certificate its node made
 * for it in the sites' demo PKI.
 */
final class Etsi014Sae {
    private static final String PASSWORD = "changeit";

    private final HttpClient client;
    private final URI base;

    private Etsi014Sae(final HttpClient client, final URI base) {
        this.client = client;
        this.base = base;
    }

    /**
     * An SAE of a key manager with a demo PKI of its own (the sites' key managers).
     *
     * @param pki the PKI's directory: {@code ca.crt}, {@code sae/<id>.p12}
     * @param saeId the SAE
     * @param port the key manager's ETSI GS QKD 014 port on localhost
     * @return the client
     * @throws IOException when the files cannot be read
     * @throws GeneralSecurityException when they cannot be decoded
     */
    static Etsi014Sae of(final Path pki, final String saeId, final int port) throws IOException,
            GeneralSecurityException {
        final var keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.resolve("sae").resolve(saeId + ".p12"))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        final var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        final var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(pki.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        final var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        final var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return new Etsi014Sae(HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5))
            .build(), URI.create("https://localhost:" + port + "/api/v1/keys/"));
    }

    HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(final String path, final String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(final HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("ETSI 014 answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private URI uri(final String path) {
        return base.resolve(path);
    }
}
