/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies of the key delivery protocols (ETSI GS QKD 014, SKIP) that hold no key, written with Gson's stream
 * writer.
 */
public final class JsonBodies {
    /**
     * Writes a body.
     */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the body.
         *
         * @param json where
         * @throws IOException never for a writer in memory
         */
        void write(JsonWriter json) throws IOException;
    }

    private JsonBodies() {
        // static functions only
    }

    /**
     * A body in UTF-8.
     *
     * @param body writes it
     * @return its bytes
     */
    public static byte[] write(final Body body) {
        final var text = new StringWriter();
        try (var json = new JsonWriter(text)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An error body, {@code {"message": "…"}}, as ETSI GS QKD 014's Error and the suite's SKIP errors have it.
     *
     * @param message the message
     * @return its bytes
     */
    public static byte[] message(final String message) {
        return write(json -> json.beginObject().name("message").value(message).endObject());
    }
}
