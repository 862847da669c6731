/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.ipsec;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.skip.SkipClient;
import org.opendaylight.qkd.keys.skip.SkipKeyIds;

/**
 * Where a gateway takes its keys: its site KME, over ETSI GS QKD 014 or SKIP, as the SAE of a key service. Key IDs
 * are ETSI key IDs (UUIDs) either way, so that both gateways name a key alike whichever protocol each uses.
 */
public interface KeyEndpoint extends AutoCloseable {
    /**
     * A key and its ID; {@link #destroy()} erases it.
     *
     * @param id its ETSI key ID
     * @param bits the key
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    record Key(String id, byte[] bits) {
        /**
         * Erases the key.
         */
        public void destroy() {
            Arrays.fill(bits, (byte) 0);
        }
    }

    /**
     * A new key shared with the other gateway's SAE (ETSI GS QKD 014 {@code enc_keys}, SKIP {@code /key}).
     *
     * @param peerSae the other gateway's SAE
     * @param bits its size
     * @return the key
     * @throws IOException when the KME does not give one
     */
    Key newKey(String peerSae, int bits) throws IOException;

    /**
     * The key the other gateway took, by its ID (ETSI GS QKD 014 {@code dec_keys}, SKIP {@code /key/{keyId}}).
     *
     * @param peerSae the other gateway's SAE, which took it
     * @param id its ETSI key ID
     * @return the key
     * @throws IOException when the KME does not give it
     */
    Key keyById(String peerSae, String id) throws IOException;

    @Override
    void close() throws IOException;

    /**
     * ETSI GS QKD 014 with the SAE's client certificate.
     *
     * @param base the KME's {@code …/api/v1/keys/} URL
     * @param timeout per request
     * @param http the client, with the SAE's TLS
     */
    record Etsi014(URI base, Duration timeout, HttpClient http) implements KeyEndpoint {
        /**
         * An endpoint.
         *
         * @param base the KME's {@code …/api/v1/keys/} URL
         * @param tls the SAE's TLS (its certificate, the KME's CA)
         * @param timeout per request
         * @return the endpoint
         */
        public static Etsi014 of(final URI base, final SSLContext tls, final Duration timeout) {
            return new Etsi014(requireNonNull(base), timeout, HttpClient.newBuilder().sslContext(tls)
                .connectTimeout(timeout).build());
        }

        @Override
        public Key newKey(final String peerSae, final int bits) throws IOException {
            return single(get(peerSae + "/enc_keys?number=1&size=" + bits));
        }

        @Override
        public Key keyById(final String peerSae, final String id) throws IOException {
            return single(get(peerSae + "/dec_keys?key_ID=" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
        }

        private byte[] get(final String path) throws IOException {
            final HttpResponse<byte[]> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (answer.statusCode() != 200) {
                throw new IOException("ETSI GS QKD 014 " + base.resolve(path).getPath() + ": " + answer.statusCode()
                    + " " + new String(answer.body(), StandardCharsets.UTF_8));
            }
            return answer.body();
        }

        private static Key single(final byte[] body) throws IOException {
            try {
                final var keys = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("keys");
                if (keys == null || keys.size() != 1) {
                    throw new IOException("ETSI GS QKD 014: one key expected");
                }
                final var key = keys.get(0).getAsJsonObject();
                return new Key(Members.text(key, "key_ID"), Base64.getDecoder().decode(Members.text(key, "key")));
            } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
                throw new IOException("ETSI GS QKD 014: not a key container", e);
            } finally {
                Arrays.fill(body, (byte) 0);
            }
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /**
     * SKIP with the SAE's pre-shared key, over one kept-alive connection.
     *
     * @param client the connection
     */
    record Skip(SkipClient client) implements KeyEndpoint {
        /**
         * Connects.
         *
         * @param server the KME's SKIP endpoint
         * @param sae the SAE (the PSK identity)
         * @param psk its pre-shared key; left unchanged
         * @param timeout for the connection and each answer
         * @return the endpoint
         * @throws IOException when the handshake fails
         */
        public static Skip connect(final InetSocketAddress server, final String sae, final byte[] psk,
                final Duration timeout) throws IOException {
            return new Skip(SkipClient.connect(server, sae, psk, true, timeout));
        }

        @Override
        public Key newKey(final String peerSae, final int bits) throws IOException {
            return key(client.get("/key?remoteSystemID=" + URLEncoder.encode(peerSae, StandardCharsets.UTF_8)
                + "&size=" + bits));
        }

        @Override
        public Key keyById(final String peerSae, final String id) throws IOException {
            return key(client.get("/key/" + SkipKeyIds.of(UUID.fromString(id)) + "?remoteSystemID="
                + URLEncoder.encode(peerSae, StandardCharsets.UTF_8)));
        }

        private static Key key(final SkipClient.Answer answer) throws IOException {
            final var body = answer.body();
            try {
                if (answer.status() != 200) {
                    throw new IOException("SKIP: " + answer.status() + " " + answer.text());
                }
                final var json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
                return new Key(SkipKeyIds.parse(Members.text(json, "keyId")).toString(), HexFormat.of().parseHex(
                    Members.text(json, "key")));
            } catch (DeliveryException | JsonParseException | IllegalStateException | IllegalArgumentException e) {
                throw new IOException("SKIP: not a key", e);
            } finally {
                Arrays.fill(body, (byte) 0);
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }
}
