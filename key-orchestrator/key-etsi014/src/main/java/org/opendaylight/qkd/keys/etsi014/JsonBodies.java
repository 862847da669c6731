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
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies written with Gson's stream writer: those of the key delivery protocols (ETSI GS QKD 014, SKIP) that
 * hold no key, and ETSI GS QKD 020's, whose key values are one-time-padded between this suite's KMEs.
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
        return write(64, body);
    }

    /**
     * A body in UTF-8, written into a buffer of about the size it will have: a large body (an ETSI GS QKD 020
     * {@code ext_keys} of a thousand keys) is then not copied each time the buffer grows, and written without the
     * locking of {@link java.io.StringWriter}.
     *
     * @param expectedChars about how many characters the body has
     * @param body writes it
     * @return its bytes
     */
    public static byte[] write(final int expectedChars, final Body body) {
        final var text = new StringBuilder(Math.max(16, expectedChars));
        try (var json = new JsonWriter(new BuilderWriter(text))) {
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

    // a writer into a StringBuilder: one thread writes a body, so no lock
    private static final class BuilderWriter extends Writer {
        private final StringBuilder text;

        BuilderWriter(final StringBuilder text) {
            this.text = text;
        }

        @Override
        public void write(final int character) {
            text.append((char) character);
        }

        @Override
        public void write(final char[] chars, final int offset, final int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(final String str, final int offset, final int length) {
            text.append(str, offset, offset + length);
        }

        @Override
        public Writer append(final CharSequence chars) {
            text.append(chars);
            return this;
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
