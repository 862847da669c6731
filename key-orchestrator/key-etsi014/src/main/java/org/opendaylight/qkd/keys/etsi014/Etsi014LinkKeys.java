/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.opendaylight.qkd.keys.plane.LinkPad;

/**
 * The key of a QKD link whose two devices deliver it over ETSI GS QKD 014: the key manager at one end takes blocks
 * with {@code enc_keys} from its device (as the master SAE, naming the peer KME's SAE ID as slave), and the key
 * manager at the other end takes the same blocks by ID with {@code dec_keys} from its own device. Mutual TLS with the
 * KMEs' client certificates. Errors name the device, the status and the device's message, never key material.
 */
public final class Etsi014LinkKeys implements LinkKeySource {
    /**
     * One end of the link.
     *
     * @param node the topology node
     * @param endpoint the device's ETSI GS QKD 014 endpoint, e.g. {@code https://qkd-a.example:443}
     * @param saeId the SAE ID of this end's key manager, as the device knows it (its client certificate's name)
     * @param client the HTTPS client of this end's key manager, with its client certificate
     */
    public record End(String node, URI endpoint, String saeId, HttpClient client) {
        /**
         * Validates the end.
         *
         * @throws IllegalArgumentException when the endpoint is not HTTPS or the SAE ID is not valid
         */
        public End {
            requireNonNull(node);
            requireNonNull(client);
            if (!"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("ETSI GS QKD 014 endpoint of " + node + " must be an https URL, was "
                    + endpoint);
            }
            if (!SaeCertificates.isValid(saeId)) {
                throw new IllegalArgumentException("not a valid SAE ID for " + node + ": " + saeId);
            }
        }
    }

    private final String linkId;
    private final End endA;
    private final End endB;
    private final int blockBits;
    private final Duration timeout;

    /**
     * A link over its devices' ETSI GS QKD 014 endpoints.
     *
     * @param linkId the link, for messages
     * @param endA one end
     * @param endB the other end
     * @param blockBits size of the keys asked of the devices, a multiple of 8
     * @param timeout how long a device may take to answer
     */
    public Etsi014LinkKeys(final String linkId, final End endA, final End endB, final int blockBits,
            final Duration timeout) {
        this.linkId = requireNonNull(linkId);
        this.endA = requireNonNull(endA);
        this.endB = requireNonNull(endB);
        if (blockBits <= 0 || blockBits % Byte.SIZE != 0) {
            throw new IllegalArgumentException("key size must be a positive multiple of 8, was " + blockBits);
        }
        this.blockBits = blockBits;
        this.timeout = requireNonNull(timeout);
    }

    @Override
    public LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a pad needs at least one byte, asked " + bytes);
        }
        final var end = end(node);
        final var peer = end == endA ? endB : endA;
        final int blockBytes = blockBits / Byte.SIZE;
        final int count = (bytes + blockBytes - 1) / blockBytes;
        return pad(end, send(end, peer.saeId() + "/enc_keys", "{\"number\":" + count + ",\"size\":" + blockBits
            + "}"), count, null);
    }

    @Override
    public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
        final var end = end(node);
        final var peer = end == endA ? endB : endA;
        final var body = new StringBuilder("{\"key_IDs\":[");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"key_ID\":\"").append(ids.get(i)).append("\"}");
        }
        body.append("]}");
        return pad(end, send(end, peer.saeId() + "/dec_keys", body.toString()), ids.size(), ids);
    }

    private End end(final String node) throws KeyUnavailableException {
        if (endA.node().equals(node)) {
            return endA;
        }
        if (endB.node().equals(node)) {
            return endB;
        }
        throw new KeyUnavailableException("node " + node + " is not an end of link " + linkId);
    }

    private String send(final End end, final String resource, final String body) throws KeyUnavailableException {
        final var uri = end.endpoint().resolve("/api/v1/keys/" + resource);
        final HttpResponse<String> response;
        try {
            response = end.client().send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeyUnavailableException("device KME of " + end.node() + " (" + end.endpoint()
                + ") cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyUnavailableException("interrupted while asking the device KME of " + end.node(), e);
        }
        if (response.statusCode() != 200) {
            throw new KeyUnavailableException("device KME of " + end.node() + " answered " + response.statusCode()
                + message(response.body()));
        }
        return response.body();
    }

    private static String message(final String body) {
        try {
            final var error = JsonParser.parseString(body);
            if (error.isJsonObject() && error.getAsJsonObject().get("message") instanceof JsonPrimitive message
                    && message.isString()) {
                return ": " + message.getAsString();
            }
            return "";
        } catch (JsonParseException e) {
            return "";
        }
    }

    private LinkPad pad(final End end, final String body, final int count, final @Nullable List<UUID> expected)
            throws KeyUnavailableException {
        final var ids = new ArrayList<UUID>(count);
        final int blockBytes = blockBits / Byte.SIZE;
        final var bits = new byte[count * blockBytes];
        boolean complete = false;
        try {
            final var container = JsonParser.parseString(body);
            final var keys = container.isJsonObject() ? container.getAsJsonObject().get("keys") : null;
            if (keys == null || !keys.isJsonArray() || keys.getAsJsonArray().size() != count) {
                throw malformed(end, "asked " + count + " keys, got "
                    + (keys == null || !keys.isJsonArray() ? "none" : keys.getAsJsonArray().size()));
            }
            for (int i = 0; i < count; i++) {
                final var element = keys.getAsJsonArray().get(i);
                if (!element.isJsonObject()) {
                    throw malformed(end, "a key is not an object");
                }
                final var id = member(element.getAsJsonObject(), "key_ID", end);
                if (!KeyPlane.isKeyId(id)) {
                    throw malformed(end, "a key_ID is not a UUID");
                }
                final var uuid = UUID.fromString(id);
                if (expected != null && !expected.get(i).equals(uuid)) {
                    throw malformed(end, "keys out of order");
                }
                final var key = Base64.getDecoder().decode(member(element.getAsJsonObject(), "key", end));
                try {
                    if (key.length != blockBytes) {
                        throw malformed(end, "a key of " + key.length + " bytes, " + blockBytes + " asked");
                    }
                    System.arraycopy(key, 0, bits, i * blockBytes, blockBytes);
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
                ids.add(uuid);
            }
            complete = true;
            return new LinkPad(ids, bits);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new KeyUnavailableException("device KME of " + end.node() + " sent a malformed Key container", e);
        } finally {
            if (!complete) {
                Arrays.fill(bits, (byte) 0);
            }
        }
    }

    private static String member(final JsonObject entry, final String name, final End end)
            throws KeyUnavailableException {
        final var value = entry.get(name);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw malformed(end, name + " missing or not a string");
        }
        return value.getAsString();
    }

    private static KeyUnavailableException malformed(final End end, final String what) {
        return new KeyUnavailableException("device KME of " + end.node() + " sent a malformed Key container: "
            + what);
    }

    @Override
    public String toString() {
        return "Etsi014LinkKeys{" + linkId + ": " + endA.endpoint() + " - " + endB.endpoint() + "}";
    }
}
