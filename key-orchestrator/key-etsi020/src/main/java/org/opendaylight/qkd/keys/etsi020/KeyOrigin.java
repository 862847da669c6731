/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;

/**
 * Where the keys of one {@code ext_keys} request come from: when the initiator's KME made them and the nodes they
 * travel through (ETSI GS QKD 015 {@code qkdn_id}s, the initiator's first), as its application said. Both ends keep
 * it with each key, so that both can apply the compromise rule to the same keys: a key that crossed a link at or
 * after its compromise is discarded. It travels unchanged from hop to hop in the optional extension
 * {@value #EXTENSION}; a KME of another vendor may ignore it.
 *
 * @param madeAt when the initiator's KME made the keys
 * @param path the nodes the keys travel through, from the initiator's to the target's; empty when not known
 * @param mlKem for hybrid keys, the ML-KEM epoch the two end KMEs share, which each key mixes in; null otherwise
 */
public record KeyOrigin(Instant madeAt, List<UUID> path, @Nullable MlKemShare mlKem) {
    /** The optional extension that carries it. */
    public static final String EXTENSION = "E32473_key_origin";
    /** Most nodes a path may name. */
    public static final int MAX_PATH = 64;

    /**
     * The ML-KEM epoch of hybrid keys.
     *
     * @param epoch the epoch's ID
     * @param parameterSet its parameter set
     */
    public record MlKemShare(UUID epoch, MlKemParameterSet parameterSet) {
        /**
         * Checks the parts.
         */
        public MlKemShare {
            requireNonNull(epoch);
            requireNonNull(parameterSet);
        }
    }

    /**
     * The origin of keys that are not hybrid.
     *
     * @param madeAt when the initiator's KME made the keys
     * @param path the nodes they travel through
     */
    public KeyOrigin(final Instant madeAt, final List<UUID> path) {
        this(madeAt, path, null);
    }

    /**
     * Checks the parts.
     */
    public KeyOrigin {
        requireNonNull(madeAt);
        path = List.copyOf(path);
        if (path.size() > MAX_PATH) {
            throw new IllegalArgumentException("a path names at most " + MAX_PATH + " nodes, not " + path.size());
        }
    }

    /**
     * Whether a path crosses the link between two nodes (in either direction).
     *
     * @param path the nodes, in order
     * @param nodeA one end of the link
     * @param nodeB the other end
     * @return true when the two are next to each other on the path
     */
    public static boolean crosses(final List<UUID> path, final UUID nodeA, final UUID nodeB) {
        for (int i = 0; i + 1 < path.size(); i++) {
            final var from = path.get(i);
            final var to = path.get(i + 1);
            if (from.equals(nodeA) && to.equals(nodeB) || from.equals(nodeB) && to.equals(nodeA)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The optional extensions of a request that carry this origin.
     *
     * @return {@code {"E32473_key_origin": {"made_at": ..., "path": [...]}}}
     */
    JsonObject toExtension() {
        final var origin = new JsonObject();
        origin.addProperty("made_at", madeAt.toString());
        final var nodes = new JsonArray(path.size());
        path.forEach(node -> nodes.add(node.toString()));
        origin.add("path", nodes);
        if (mlKem != null) {
            final var share = new JsonObject();
            share.addProperty("epoch", mlKem.epoch().toString());
            share.addProperty("parameter_set", mlKem.parameterSet().yangName());
            origin.add("ml_kem", share);
        }
        final var extension = new JsonObject();
        extension.add(EXTENSION, origin);
        return extension;
    }

    /**
     * Reads the origin from a request's optional extensions.
     *
     * @param optional the request's {@code extension_optional}, or null
     * @return the origin, null when the request carries none
     * @throws Etsi020Problem 400 {@code invalid_extension} when it is malformed
     */
    static @Nullable KeyOrigin fromExtension(final @Nullable JsonObject optional) throws Etsi020Problem {
        final var element = optional == null ? null : optional.get(EXTENSION);
        if (element == null) {
            return null;
        }
        if (!(element instanceof JsonObject origin) || !(origin.get("path") instanceof JsonArray nodes)
                || nodes.size() > MAX_PATH) {
            throw invalid("an object with made_at and a path of at most " + MAX_PATH + " qkdn_ids", null);
        }
        try {
            final var path = new ArrayList<UUID>(nodes.size());
            for (var node : nodes) {
                path.add(UUID.fromString(text(node)));
            }
            MlKemShare mlKem = null;
            if (origin.get("ml_kem") instanceof JsonObject share) {
                mlKem = new MlKemShare(UUID.fromString(text(share.get("epoch"))),
                    MlKemParameterSet.ofYangName(text(share.get("parameter_set"))));
            } else if (origin.has("ml_kem")) {
                throw new IllegalArgumentException("ml_kem is not an object");
            }
            return new KeyOrigin(Instant.parse(text(origin.get("made_at"))), path, mlKem);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid("made_at an RFC 3339 instant, path qkdn_ids (UUIDs) and ml_kem, if any, an epoch (UUID) "
                + "and a parameter_set", e);
        }
    }

    private static String text(final @Nullable JsonElement element) {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("not a string");
        }
        return element.getAsString();
    }

    private static Etsi020Problem invalid(final String expected, final @Nullable Exception cause) {
        final var text = EXTENSION + " shall be " + expected;
        return cause == null ? Etsi020Problem.badRequest("invalid_extension", text)
            : Etsi020Problem.badRequest("invalid_extension", text, cause);
    }
}
