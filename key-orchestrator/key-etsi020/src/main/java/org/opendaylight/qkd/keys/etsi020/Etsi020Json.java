/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.etsi014.JsonBodies;
import org.opendaylight.qkd.keys.plane.KeyPlane;

/**
 * The JSON of ETSI GS QKD 020 V1.1.1, read strictly against the OpenAPI description's schemas (types, required
 * members, lengths, counts, UUID and base64 formats) and written with the specification's member names. Reading
 * errors are 400 problems whose details name the member.
 */
public final class Etsi020Json {
    /** Most keys, key IDs or acknowledgement containers one request may carry (the schemas' maxItems). */
    public static final int MAX_ITEMS = 1024;

    // RFC 3986 characters: unreserved, gen-delims, sub-delims, and pct-encoded
    private static final Gson GSON = new Gson();
    private static final Pattern SAE_ID =
        Pattern.compile("(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}){1,64}");

    private Etsi020Json() {
        // static functions only
    }

    /**
     * Reads an {@code ext_key_container}.
     *
     * @param body the request body
     * @return the request; the caller destroys its keys
     * @throws Etsi020Problem 400 when the body does not match the schema
     */
    public static ExtKeys extKeys(final String body) throws Etsi020Problem {
        // read as a stream, not as a tree: a request carries up to 1024 keys, and a tree of them cost the relay more
        // than the rest of its work on a key. The members other than keys are few and kept as a tree; what the tree
        // would hold is checked in the same order, after the whole body is read
        final var container = new JsonObject();
        List<RawKey> rawKeys = null;
        int keyCount = 0;
        try (var reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                JsonParser.parseReader(reader);
                end(reader);
                throw Etsi020Problem.badRequest("malformed_property", "ext_key_container shall be a JSON object");
            }
            reader.beginObject();
            while (reader.hasNext()) {
                final var name = reader.nextName();
                if (!"keys".equals(name)) {
                    container.add(name, JsonParser.parseReader(reader));
                } else if (reader.peek() == JsonToken.BEGIN_ARRAY) {
                    // a member given twice: the last one counts, as in a tree
                    container.remove(name);
                    rawKeys = new ArrayList<>();
                    keyCount = 0;
                    reader.beginArray();
                    while (reader.hasNext()) {
                        keyCount++;
                        if (keyCount > MAX_ITEMS) {
                            // refused below: not kept
                            reader.skipValue();
                        } else {
                            rawKeys.add(RawKey.read(reader));
                        }
                    }
                    reader.endArray();
                } else {
                    rawKeys = null;
                    container.add(name, JsonParser.parseReader(reader));
                }
            }
            reader.endObject();
            end(reader);
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw Etsi020Problem.badRequest("malformed_body", "body is not valid JSON", e);
        }
        if (rawKeys == null) {
            // missing, null or not an array: says which
            array(container, "keys", true);
            throw Etsi020Problem.badRequest("malformed_property", "keys shall be an array");
        }
        if (keyCount == 0 || keyCount > MAX_ITEMS) {
            throw Etsi020Problem.badRequest("invalid_keys", "keys shall hold 1 to " + MAX_ITEMS + " keys");
        }
        final var keys = new ArrayList<RelayedKey>(keyCount);
        try {
            for (var raw : rawKeys) {
                if (!raw.object()) {
                    throw Etsi020Problem.badRequest("malformed_property", "key shall be a JSON object");
                }
                final var id = uuid(required(raw.id(), "key_id"), "key_id");
                final var value = base64(required(raw.value(), "value"));
                keys.add(new RelayedKey(id, value, extension(raw.extension(), "extension")));
            }
            return new ExtKeys(keys, saeId(required(container, "initiator_sae_id"), "initiator_sae_id"),
                saeIds(container), callback(container), extension(container, "extension_mandatory"),
                extension(container, "extension_optional"));
        } catch (Etsi020Problem e) {
            keys.forEach(RelayedKey::destroy);
            throw e;
        }
    }

    // the members of one of ext_keys' keys that are read, as they were given; object false for a key that is not
    // an object
    private record RawKey(boolean object, @Nullable JsonElement id, @Nullable JsonElement value,
            @Nullable JsonElement extension) {
        static RawKey read(final JsonReader reader) throws IOException {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                JsonParser.parseReader(reader);
                return new RawKey(false, null, null, null);
            }
            JsonElement id = null;
            JsonElement value = null;
            JsonElement extension = null;
            reader.beginObject();
            while (reader.hasNext()) {
                switch (reader.nextName()) {
                    case "key_id" -> id = member(reader);
                    case "value" -> value = member(reader);
                    case "extension" -> extension = JsonParser.parseReader(reader);
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
            return new RawKey(true, id, value, extension);
        }

        private static JsonElement member(final JsonReader reader) throws IOException {
            return reader.peek() == JsonToken.STRING ? new JsonPrimitive(reader.nextString())
                : JsonParser.parseReader(reader);
        }
    }

    // the body ends after its one value
    private static void end(final JsonReader reader) throws IOException, Etsi020Problem {
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw Etsi020Problem.badRequest("malformed_body", "body holds more than one JSON value");
        }
    }

    /**
     * Reads {@code ack_containers}.
     *
     * @param body the request (or synchronous answer) body
     * @return the acknowledgements
     * @throws Etsi020Problem 400 when the body does not match the schema
     */
    public static List<Ack> acks(final String body) throws Etsi020Problem {
        final var element = parse(body);
        if (!element.isJsonArray()) {
            throw Etsi020Problem.badRequest("malformed_property", "body shall be an array of ack_container");
        }
        final var array = element.getAsJsonArray();
        if (array.size() > MAX_ITEMS) {
            throw Etsi020Problem.badRequest("malformed_property", "at most " + MAX_ITEMS + " ack_container");
        }
        final var acks = new ArrayList<Ack>(array.size());
        for (var item : array) {
            final var object = object(item, "ack_container");
            final var container = array(object, "key_id_container", true);
            if (container.size() > MAX_ITEMS) {
                throw Etsi020Problem.badRequest("malformed_property", "key_id_container holds more than "
                    + MAX_ITEMS + " key IDs");
            }
            final var ids = new ArrayList<UUID>(container.size());
            for (var entry : container) {
                final var keyId = object(entry, "key_id_container entry");
                ids.add(uuid(required(keyId, "key_id"), "key_id"));
                extension(keyId, "extension");
            }
            final var statusText = string(required(object, "ack_status"), "ack_status");
            final var status = AckStatus.ofWire(statusText).orElseThrow(() -> Etsi020Problem.badRequest(
                "invalid_ack_status", "ack_status shall be relayed, failed, voided, failed to void or key not "
                    + "present"));
            final var message = object.get("message");
            String text = null;
            if (message != null) {
                text = string(message, "message");
                if (text.length() > 4096) {
                    throw Etsi020Problem.badRequest("malformed_property", "message is longer than 4096 characters");
                }
            }
            extension(object, "extension");
            acks.add(new Ack(ids, status, saeId(required(object, "initiator_sae_id"), "initiator_sae_id"),
                saeIds(object), text));
        }
        return acks;
    }

    /**
     * Reads a {@code void_container}.
     *
     * @param body the request body
     * @return the request
     * @throws Etsi020Problem 400 when the body does not match the schema
     */
    public static VoidRequest voidRequest(final String body) throws Etsi020Problem {
        final var object = object(parse(body), "void_container");
        final var idArray = array(object, "key_ids", true);
        if (idArray.size() > MAX_ITEMS) {
            throw Etsi020Problem.badRequest("malformed_property", "key_ids holds more than " + MAX_ITEMS);
        }
        final var ids = new ArrayList<UUID>(idArray.size());
        for (var id : idArray) {
            ids.add(uuid(id, "key_ids"));
        }
        boolean all = false;
        final var confirmation = object.get("all_confirmation");
        if (confirmation != null) {
            if (!confirmation.isJsonPrimitive() || !confirmation.getAsJsonPrimitive().isBoolean()) {
                throw Etsi020Problem.badRequest("malformed_property", "all_confirmation shall be a boolean");
            }
            all = confirmation.getAsBoolean();
        }
        extension(object, "extension");
        return new VoidRequest(ids, saeId(required(object, "initiator_sae_id"), "initiator_sae_id"), saeIds(object),
            callback(object), all);
    }

    /**
     * Reads a {@code version_container}.
     *
     * @param body the answer body
     * @return the versions and the capabilities
     * @throws Etsi020Problem 400 when the body does not match the schema
     */
    public static Versions versions(final String body) throws Etsi020Problem {
        final var object = object(parse(body), "version_container");
        final var versions = strings(array(object, "versions", true), "versions", 16);
        final var capabilities = object.has("capabilities")
            ? strings(array(object, "capabilities", true), "capabilities", 128) : List.<String>of();
        return new Versions(versions, capabilities);
    }

    /**
     * Reads RFC 9457 problem details from an answer.
     *
     * @param status the answer's HTTP status
     * @param body its body
     * @return the problem; one with a {@code malformed_answer} detail when the body is not problem details
     */
    public static Etsi020Problem problem(final int status, final String body) {
        try {
            final var object = object(parse(body), "problem_details");
            final var type = string(required(object, "type"), "type");
            final var title = object.has("title") ? string(object.get("title"), "title") : "";
            final var details = new LinkedHashMap<String, String>();
            final var detailsElement = object.get("details");
            if (detailsElement != null) {
                for (var entry : object(detailsElement, "details").entrySet()) {
                    details.put(entry.getKey(), string(entry.getValue(), entry.getKey()));
                }
            }
            return new Etsi020Problem(status, type, title, details);
        } catch (Etsi020Problem e) {
            return new Etsi020Problem(status, "malformed-answer", "Answer without problem details",
                Map.of("malformed_answer", "HTTP " + status + " without RFC 9457 problem details"));
        }
    }

    /**
     * Writes an {@code ext_key_container}.
     *
     * @param request the request
     * @return the body
     */
    public static byte[] write(final ExtKeys request) {
        // a key with its one-time-pad extension takes about 200 characters
        return render(512 + request.keys().size() * 256, json -> {
            json.beginObject().name("keys").beginArray();
            final var encoder = Base64.getEncoder();
            for (var key : request.keys()) {
                json.beginObject()
                    .name("key_id").value(key.id().toString())
                    .name("value").value(encoder.encodeToString(key.value()));
                if (key.extension() != null) {
                    json.name("extension");
                    GSON.toJson(key.extension(), json);
                }
                json.endObject();
            }
            json.endArray().name("initiator_sae_id").value(request.initiator());
            targets(json, request.targets());
            if (request.ackCallback() != null) {
                json.name("ack_callback_url").value(request.ackCallback().toString());
            }
            if (request.extensionMandatory() != null) {
                json.name("extension_mandatory");
                GSON.toJson(request.extensionMandatory(), json);
            }
            if (request.extensionOptional() != null) {
                json.name("extension_optional");
                GSON.toJson(request.extensionOptional(), json);
            }
            json.endObject();
        });
    }

    /**
     * Writes {@code ack_containers}.
     *
     * @param acks the acknowledgements
     * @return the body
     */
    public static byte[] write(final List<Ack> acks) {
        return render(json -> {
            json.beginArray();
            for (var ack : acks) {
                json.beginObject().name("key_id_container").beginArray();
                for (var id : ack.keyIds()) {
                    json.beginObject().name("key_id").value(id.toString()).endObject();
                }
                json.endArray()
                    .name("ack_status").value(ack.status().wire())
                    .name("initiator_sae_id").value(ack.initiator());
                targets(json, ack.targets());
                if (ack.message() != null) {
                    json.name("message").value(ack.message());
                }
                json.endObject();
            }
            json.endArray();
        });
    }

    /**
     * Writes a {@code void_container}.
     *
     * @param request the request
     * @return the body
     */
    public static byte[] write(final VoidRequest request) {
        return render(json -> {
            json.beginObject().name("key_ids").beginArray();
            for (var id : request.keyIds()) {
                json.value(id.toString());
            }
            json.endArray().name("initiator_sae_id").value(request.initiator());
            targets(json, request.targets());
            if (request.ackCallback() != null) {
                json.name("ack_callback_url").value(request.ackCallback().toString());
            }
            if (request.allConfirmation()) {
                json.name("all_confirmation").value(true);
            }
            json.endObject();
        });
    }

    /**
     * Writes a {@code version_container}.
     *
     * @param versions the versions and capabilities
     * @return the body
     */
    public static byte[] write(final Versions versions) {
        return render(json -> {
            json.beginObject().name("versions").beginArray();
            for (var version : versions.versions()) {
                json.value(version);
            }
            json.endArray();
            if (!versions.capabilities().isEmpty()) {
                json.name("capabilities").beginArray();
                for (var capability : versions.capabilities()) {
                    json.value(capability);
                }
                json.endArray();
            }
            json.endObject();
        });
    }

    /**
     * Writes RFC 9457 problem details.
     *
     * @param problem the problem
     * @return the body
     */
    public static byte[] write(final Etsi020Problem problem) {
        return render(json -> {
            json.beginObject()
                .name("type").value(problem.type())
                .name("status").value(problem.status())
                .name("title").value(problem.title());
            if (!problem.details().isEmpty()) {
                json.name("details").beginObject();
                for (var entry : problem.details().entrySet()) {
                    json.name(entry.getKey()).value(entry.getValue());
                }
                json.endObject();
            }
            json.endObject();
        });
    }

    private static void targets(final JsonWriter json, final List<String> targets) throws IOException {
        json.name("target_sae_ids").beginArray();
        for (var target : targets) {
            json.value(target);
        }
        json.endArray();
    }

    private static byte[] render(final JsonBodies.Body body) {
        return render(64, body);
    }

    private static byte[] render(final int expectedChars, final JsonBodies.Body body) {
        return JsonBodies.write(expectedChars, json -> {
            json.setStrictness(Strictness.STRICT);
            body.write(json);
        });
    }

    private static JsonElement parse(final String body) throws Etsi020Problem {
        try (var reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            final var element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw Etsi020Problem.badRequest("malformed_body", "body holds more than one JSON value");
            }
            return element;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw Etsi020Problem.badRequest("malformed_body", "body is not valid JSON", e);
        }
    }

    private static JsonObject object(final JsonElement element, final String what) throws Etsi020Problem {
        if (!element.isJsonObject()) {
            throw Etsi020Problem.badRequest("malformed_property", what + " shall be a JSON object");
        }
        return element.getAsJsonObject();
    }

    private static JsonElement required(final JsonObject object, final String name) throws Etsi020Problem {
        return required(object.get(name), name);
    }

    private static JsonElement required(final @Nullable JsonElement element, final String name)
            throws Etsi020Problem {
        if (element == null || element.isJsonNull()) {
            throw Etsi020Problem.badRequest("missing_property", name + " is required");
        }
        return element;
    }

    private static JsonArray array(final JsonObject object, final String name, final boolean required)
            throws Etsi020Problem {
        final var element = required ? required(object, name) : object.get(name);
        if (element == null) {
            return new JsonArray();
        }
        if (!element.isJsonArray()) {
            throw Etsi020Problem.badRequest("malformed_property", name + " shall be an array");
        }
        return element.getAsJsonArray();
    }

    private static String string(final JsonElement element, final String name) throws Etsi020Problem {
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw Etsi020Problem.badRequest("malformed_property", name + " shall be a string");
        }
        return element.getAsString();
    }

    private static List<String> strings(final JsonArray array, final String name, final int maxLength)
            throws Etsi020Problem {
        if (array.size() > 1000) {
            throw Etsi020Problem.badRequest("malformed_property", name + " holds more than 1000 items");
        }
        final var out = new ArrayList<String>(array.size());
        for (var element : array) {
            final var text = string(element, name);
            if (text.length() > maxLength) {
                throw Etsi020Problem.badRequest("malformed_property", name + " item longer than " + maxLength);
            }
            out.add(text);
        }
        return out;
    }

    private static UUID uuid(final JsonElement element, final String name) throws Etsi020Problem {
        final var text = string(element, name);
        if (!KeyPlane.isKeyId(text)) {
            throw Etsi020Problem.badRequest("malformed_property", name + " shall be a UUID (RFC 9562)");
        }
        return UUID.fromString(text);
    }

    /**
     * Whether a text is base64 with padding (RFC 4648, table 1): whole groups of four characters of the alphabet, the
     * last ending in at most two {@code =}. Checked character by character, as {@link KeyPlane#isKeyId} checks
     * key IDs.
     *
     * @param text the text
     * @return whether it is
     */
    static boolean isBase64(final String text) {
        final int length = text.length();
        if (length == 0 || length % 4 != 0) {
            return false;
        }
        final int padding = text.charAt(length - 1) != '=' ? 0 : text.charAt(length - 2) == '=' ? 2 : 1;
        for (int i = 0; i < length - padding; i++) {
            final char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] base64(final JsonElement element) throws Etsi020Problem {
        final var text = string(element, "value");
        if (!isBase64(text)) {
            throw Etsi020Problem.badRequest("malformed_property", "value shall be base64 (RFC 4648, table 1)");
        }
        return Base64.getDecoder().decode(text);
    }

    static boolean isSaeId(final String text) {
        return text.length() <= 64 && SAE_ID.matcher(text).matches();
    }

    private static String saeId(final JsonElement element, final String name) throws Etsi020Problem {
        final var text = string(element, name);
        if (!isSaeId(text)) {
            throw Etsi020Problem.badRequest("invalid_character", name + " shall be 1 to 64 characters allowed in "
                + "a URI (RFC 3986)");
        }
        return text;
    }

    private static List<String> saeIds(final JsonObject object) throws Etsi020Problem {
        final var array = array(object, "target_sae_ids", true);
        if (array.isEmpty()) {
            throw Etsi020Problem.badRequest("missing_property", "target_sae_ids shall name at least one SAE");
        }
        if (array.size() > MAX_ITEMS) {
            throw Etsi020Problem.badRequest("malformed_property", "target_sae_ids holds more than " + MAX_ITEMS);
        }
        final var ids = new ArrayList<String>(array.size());
        for (var element : array) {
            ids.add(saeId(element, "target_sae_ids"));
        }
        return ids;
    }

    private static @Nullable URI callback(final JsonObject object) throws Etsi020Problem {
        final var element = object.get("ack_callback_url");
        if (element == null) {
            return null;
        }
        final var text = string(element, "ack_callback_url");
        if (text.length() > 1024) {
            throw Etsi020Problem.badRequest("malformed_property", "ack_callback_url is longer than 1024 characters");
        }
        final URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw Etsi020Problem.badRequest("malformed_property", "ack_callback_url is not a URI", e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw Etsi020Problem.badRequest("malformed_property", "ack_callback_url shall be a complete https URL");
        }
        return uri;
    }

    private static @Nullable JsonObject extension(final JsonObject object, final String name) throws Etsi020Problem {
        return extension(object.get(name), name);
    }

    private static @Nullable JsonObject extension(final @Nullable JsonElement element, final String name)
            throws Etsi020Problem {
        if (element == null) {
            return null;
        }
        final var extension = object(element, name);
        if (extension.isEmpty() || extension.size() > MAX_ITEMS) {
            throw Etsi020Problem.badRequest("malformed_property", name + " shall hold 1 to " + MAX_ITEMS
                + " properties");
        }
        return extension;
    }
}
