/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.KeyStatus;
import org.opendaylight.qkd.keys.plane.StoredKey;

/**
 * The JSON data formats of ETSI GS QKD 014 V1.1.1 (clause 6): Status, Key request, Key container, Key IDs and Error,
 * with the specification's member names. Request bodies are parsed strictly; anything unexpected is a 400.
 */
final class Etsi014Json {
    /**
     * A Key request reduced to what this KME serves.
     *
     * @param number keys asked for, if given
     * @param size key size asked for, if given
     * @param additionalSlaves the other slave SAEs that are to share the keys, as named
     */
    record KeyRequest(OptionalInt number, OptionalInt size, List<String> additionalSlaves) {
        KeyRequest {
            additionalSlaves = List.copyOf(additionalSlaves);
        }
    }

    private static final Set<String> KEY_REQUEST_MEMBERS = Set.of("number", "size", "additional_slave_SAE_IDs",
        "extension_mandatory", "extension_optional");

    private Etsi014Json() {
        // static functions only
    }

    static void checkNoParameters(final Map<String, List<String>> parameters) throws DeliveryException {
        if (!parameters.isEmpty()) {
            throw DeliveryException.badRequest("unknown parameter '" + parameters.keySet().iterator().next() + "'");
        }
    }

    static KeyRequest keyRequestFromQuery(final Map<String, List<String>> parameters) throws DeliveryException {
        for (var name : parameters.keySet()) {
            if (!"number".equals(name) && !"size".equals(name)) {
                throw DeliveryException.badRequest("unknown parameter '" + name + "'; enc_keys takes number and size");
            }
        }
        return new KeyRequest(intParameter(parameters, "number"), intParameter(parameters, "size"), List.of());
    }

    private static OptionalInt intParameter(final Map<String, List<String>> parameters, final String name)
            throws DeliveryException {
        final var values = parameters.get(name);
        if (values == null) {
            return OptionalInt.empty();
        }
        if (values.size() != 1) {
            throw DeliveryException.badRequest("parameter '" + name + "' given " + values.size() + " times");
        }
        final var text = values.getFirst();
        if (!text.matches("-?[0-9]{1,10}")) {
            throw DeliveryException.badRequest(name + " shall be an integer");
        }
        final long value = Long.parseLong(text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw DeliveryException.badRequest(name + " is out of range");
        }
        return OptionalInt.of((int) value);
    }

    static KeyRequest keyRequestFromBody(final String body) throws DeliveryException {
        final var request = object(body, "Key request");
        checkMembers(request, KEY_REQUEST_MEMBERS, "Key request");
        final var additional = new ArrayList<String>();
        for (var element : array(request, "additional_slave_SAE_IDs")) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()
                    || !SaeCertificates.isValid(element.getAsString())) {
                throw DeliveryException.badRequest("additional_slave_SAE_IDs shall hold SAE IDs: 1 to 64 of A-Z a-z "
                    + "0-9 '.' '_' '-', starting with a letter or digit");
            }
            additional.add(element.getAsString());
        }
        // this KME serves no extensions: it refuses what it would have to honour
        if (!array(request, "extension_mandatory").isEmpty()) {
            throw DeliveryException.badRequest("not all extension_mandatory parameters are supported");
        }
        array(request, "extension_optional");
        return new KeyRequest(intMember(request, "number"), intMember(request, "size"), additional);
    }

    // an optional array member, empty when absent
    private static JsonArray array(final JsonObject object, final String name) throws DeliveryException {
        final var element = object.get(name);
        if (element == null) {
            return new JsonArray();
        }
        if (!element.isJsonArray()) {
            throw DeliveryException.badRequest(name + " shall be an array");
        }
        return element.getAsJsonArray();
    }

    private static OptionalInt intMember(final JsonObject object, final String name) throws DeliveryException {
        final var element = object.get(name);
        if (element == null) {
            return OptionalInt.empty();
        }
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw DeliveryException.badRequest(name + " shall be an integer");
        }
        final BigDecimal value;
        try {
            value = new BigDecimal(element.getAsString());
        } catch (NumberFormatException e) {
            throw DeliveryException.badRequest(name + " shall be an integer", e);
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw DeliveryException.badRequest(name + " shall be an integer");
        }
        if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                || value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            throw DeliveryException.badRequest(name + " is out of range");
        }
        return OptionalInt.of(value.intValue());
    }

    static List<String> keyIdsFromQuery(final Map<String, List<String>> parameters) throws DeliveryException {
        for (var name : parameters.keySet()) {
            if (!"key_ID".equals(name)) {
                throw DeliveryException.badRequest("unknown parameter '" + name + "'; dec_keys takes key_ID");
            }
        }
        final var ids = parameters.get("key_ID");
        if (ids == null) {
            throw DeliveryException.badRequest("key_ID is required");
        }
        return ids;
    }

    static List<String> keyIdsFromBody(final String body) throws DeliveryException {
        // streamed: dec_keys is the hot path, and its body is a flat list
        try (var reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw DeliveryException.badRequest("body shall be a Key IDs JSON object");
            }
            List<String> ids = null;
            reader.beginObject();
            while (reader.hasNext()) {
                final var name = reader.nextName();
                switch (name) {
                    case "key_IDs" -> ids = keyIdArray(reader);
                    case "key_IDs_extension" -> reader.skipValue();
                    default -> throw DeliveryException.badRequest("unknown member '" + name + "' in Key IDs");
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw DeliveryException.badRequest("body holds more than one JSON value");
            }
            if (ids == null) {
                throw DeliveryException.badRequest("key_IDs shall be an array of objects with a key_ID");
            }
            return ids;
        } catch (IOException | IllegalStateException e) {
            throw DeliveryException.badRequest("body is not valid JSON", e);
        }
    }

    private static List<String> keyIdArray(final JsonReader reader) throws IOException, DeliveryException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            throw DeliveryException.badRequest("key_IDs shall be an array of objects with a key_ID");
        }
        final var ids = new ArrayList<String>();
        reader.beginArray();
        while (reader.hasNext()) {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw DeliveryException.badRequest("key_IDs shall be an array of objects with a key_ID");
            }
            String id = null;
            reader.beginObject();
            while (reader.hasNext()) {
                final var name = reader.nextName();
                switch (name) {
                    case "key_ID" -> {
                        if (reader.peek() != JsonToken.STRING) {
                            throw DeliveryException.badRequest("key_ID shall be a string");
                        }
                        id = reader.nextString();
                    }
                    case "key_ID_extension" -> reader.skipValue();
                    default -> throw DeliveryException.badRequest("unknown member '" + name + "' in key_IDs entry");
                }
            }
            reader.endObject();
            if (id == null) {
                throw DeliveryException.badRequest("key_ID shall be a string");
            }
            ids.add(id);
        }
        reader.endArray();
        return ids;
    }

    private static JsonObject object(final String body, final String what) throws DeliveryException {
        final JsonElement element;
        try (var reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw DeliveryException.badRequest("body holds more than one JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw DeliveryException.badRequest("body is not valid JSON", e);
        }
        if (!element.isJsonObject()) {
            throw DeliveryException.badRequest("body shall be a " + what + " JSON object");
        }
        return element.getAsJsonObject();
    }

    private static void checkMembers(final JsonObject object, final Set<String> allowed, final String what)
            throws DeliveryException {
        for (var name : object.keySet()) {
            if (!allowed.contains(name)) {
                throw DeliveryException.badRequest("unknown member '" + name + "' in " + what);
            }
        }
    }

    static byte[] status(final KeyStatus status) {
        return JsonBodies.write(json -> json.beginObject()
            .name("source_KME_ID").value(status.sourceKme())
            .name("target_KME_ID").value(status.targetKme())
            .name("master_SAE_ID").value(status.masterSae())
            .name("slave_SAE_ID").value(status.slaveSae())
            .name("key_size").value(status.keySize())
            .name("stored_key_count").value(status.storedKeyCount())
            .name("max_key_count").value(status.maxKeyCount())
            .name("max_key_per_request").value(status.maxKeyPerRequest())
            .name("max_key_size").value(status.maxKeySize())
            .name("min_key_size").value(status.minKeySize())
            .name("max_SAE_ID_count").value(status.maxSaeIdCount())
            .endObject());
    }

    static byte[] error(final String message) {
        return JsonBodies.message(message);
    }

    /**
     * A Key container. The key bytes are written once, straight into the returned array, which the caller zeroes
     * after sending; no other copy of them is left behind.
     *
     * @param keys the keys
     * @return the body
     */
    static byte[] keyContainer(final List<StoredKey> keys) {
        final var heads = new ArrayList<byte[]>(keys.size());
        final var tails = new ArrayList<byte[]>(keys.size());
        int length = "{\"keys\":[]}".length() + Math.max(0, keys.size() - 1);
        // the keys of one request mostly share service, provenance and paths: their JSON is written once
        StoredKey previous = null;
        String shared = null;
        for (var key : keys) {
            if (previous == null || !key.serviceId().equals(previous.serviceId())
                    || key.provenance() != previous.provenance() || !key.paths().equals(previous.paths())) {
                shared = extension(key);
                previous = key;
            }
            final var head = ("{\"key_ID\":\"" + key.id() + "\",\"key\":\"").getBytes(StandardCharsets.US_ASCII);
            final var tail = ("\",\"key_extension\":{\"made_at\":\"" + key.madeAt() + "\"," + shared + "}}")
                .getBytes(StandardCharsets.UTF_8);
            heads.add(head);
            tails.add(tail);
            length += head.length + base64Length(key.length()) + tail.length;
        }
        final var out = new byte[length];
        int at = put(out, 0, "{\"keys\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = put(out, at, heads.get(i));
            final int start = at;
            at += keys.get(i).withBits(bits -> {
                final var encoded = Base64.getEncoder().encode(bits);
                System.arraycopy(encoded, 0, out, start, encoded.length);
                Arrays.fill(encoded, (byte) 0);
                return encoded.length;
            });
            at = put(out, at, tails.get(i));
        }
        put(out, at, "]}".getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    /**
     * The members of a key's extension that depend on its service, provenance and paths, without braces.
     */
    private static String extension(final StoredKey key) {
        final var text = new String(JsonBodies.write(json -> {
            json.beginObject().name("provenance").value(key.provenance().label())
                .name("key_service").value(key.serviceId())
                .name("paths").beginArray();
            for (var path : key.paths()) {
                json.beginArray();
                for (var node : path) {
                    json.value(node);
                }
                json.endArray();
            }
            json.endArray().endObject();
        }), StandardCharsets.UTF_8);
        return text.substring(1, text.length() - 1);
    }

    private static int base64Length(final int bytes) {
        return (bytes + 2) / 3 * 4;
    }

    private static int put(final byte[] out, final int at, final byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }
}
