/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.initial;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactorySupplier;
import org.opendaylight.yangtools.yang.data.codec.gson.JsonParserStream;
import org.opendaylight.yangtools.yang.data.impl.schema.ImmutableNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.impl.schema.NormalizationResultHolder;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;

/**
 * One JSON document of initial configuration: a JSON object whose members are top-level data nodes named
 * {@code module:name}, as RESTCONF takes them on the datastore's root.
 *
 * @param file where it was read from, for messages
 * @param members its top-level data nodes, in the document's order
 */
public record ConfigDocument(String file, List<Member> members) {
    /**
     * One top-level data node of a document, not yet checked against the models.
     *
     * @param file the document it is in
     * @param name its JSON member name, {@code module:name}
     * @param body its JSON value
     */
    public record Member(String file, String name, JsonElement body) {
        /**
         * A member.
         *
         * @param file the document it is in
         * @param name its JSON member name, {@code module:name}
         * @param body its JSON value
         */
        public Member {
            requireNonNull(file);
            requireNonNull(name);
            requireNonNull(body);
        }

        /**
         * The YANG module the member belongs to.
         *
         * @return the part of its name before the colon
         */
        public String module() {
            return name.substring(0, name.indexOf(':'));
        }

        /**
         * Parses the member against the models, strictly: an unknown node, a value of the wrong type or out of its
         * range is refused.
         *
         * @param context the models
         * @return the data node
         * @throws InitialConfigException naming the file, the member and what is wrong
         */
        @SuppressWarnings("checkstyle:IllegalCatch")
        public NormalizedNode parse(final EffectiveModelContext context) throws InitialConfigException {
            final var holder = new NormalizationResultHolder();
            final var single = new JsonObject();
            single.add(name, body);
            try (var parser = JsonParserStream.create(ImmutableNormalizedNodeStreamWriter.from(holder),
                    JSONCodecFactorySupplier.RFC7951.getShared(context));
                 var reader = new JsonReader(new StringReader(single.toString()))) {
                parser.parse(reader);
            } catch (IOException e) {
                throw new InitialConfigException(file + ": " + name + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // the parser reports schema violations as IllegalArgumentException, IllegalStateException or
                // JsonParseException, with the offending node in the message
                throw new InitialConfigException(file + ": " + name + ": " + e.getMessage(), e);
            }
            return holder.getResult().data();
        }
    }

    /**
     * A document.
     *
     * @param file where it was read from, for messages
     * @param members its top-level data nodes, in the document's order
     */
    public ConfigDocument {
        requireNonNull(file);
        members = List.copyOf(members);
    }

    /**
     * Reads a document and checks its shape (not yet its content, which needs the models).
     *
     * @param path the file
     * @return the document
     * @throws InitialConfigException when it cannot be read, is not JSON, is not an object, or a member is not named
     *     {@code module:name}
     */
    public static ConfigDocument read(final Path path) throws InitialConfigException {
        final String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InitialConfigException(path + ": cannot read: " + e.getMessage(), e);
        }
        return parse(path.toString(), text);
    }

    /**
     * Checks the shape of a document's text.
     *
     * @param file its name, for messages
     * @param text the text
     * @return the document
     * @throws InitialConfigException when it is not JSON, is not an object, or a member is not named
     *     {@code module:name}
     */
    public static ConfigDocument parse(final String file, final String text) throws InitialConfigException {
        final JsonElement root;
        try (var reader = new JsonReader(new StringReader(text))) {
            // strict: no comments, no unquoted names, nothing after the document
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new InitialConfigException(file + ": invalid JSON: more than one value");
            }
        } catch (MalformedJsonException | JsonParseException e) {
            throw new InitialConfigException(file + ": invalid JSON: " + message(e), e);
        } catch (IOException e) {
            throw new InitialConfigException(file + ": invalid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new InitialConfigException(file + ": the document must be a JSON object of top-level data nodes");
        }
        final var members = new ArrayList<Member>();
        for (var entry : root.getAsJsonObject().entrySet()) {
            final var name = entry.getKey();
            final int colon = name.indexOf(':');
            if (colon < 1 || colon == name.length() - 1) {
                throw new InitialConfigException(file + ": member '" + name
                    + "' must be named module:node, as in \"qkd-policy:qkd-policies\"");
            }
            members.add(new Member(file, name, entry.getValue()));
        }
        if (members.isEmpty()) {
            throw new InitialConfigException(file + ": the document holds no data");
        }
        return new ConfigDocument(file, members);
    }

    private static String message(final Exception exception) {
        final var cause = exception.getCause();
        return cause != null && cause.getMessage() != null ? cause.getMessage() : exception.getMessage();
    }
}
