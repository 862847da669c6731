/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) reader whose values remember the line they start on.
 */
final class LocatedJson {
    /**
     * A JSON value and the line it starts on.
     */
    sealed interface Value {
        int line();
    }

    record Obj(int line, Map<String, Value> members) implements Value {
    }

    record Arr(int line, List<Value> elements) implements Value {
    }

    record Str(int line, String value) implements Value {
    }

    record Num(int line, double value, String text) implements Value {
    }

    record Bool(int line, boolean value) implements Value {
    }

    record Null(int line) implements Value {
    }

    /**
     * A syntax error.
     */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int line;

        SyntaxException(final int line, final String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int line = 1;
    private int depth;

    private LocatedJson(final String text) {
        this.text = text;
    }

    static Value parse(final String text) throws SyntaxException {
        final var parser = new LocatedJson(text);
        parser.skipWhitespace();
        final var value = parser.value();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected content after the JSON document");
        }
        return value;
    }

    private Value value() throws SyntaxException {
        if (pos >= text.length()) {
            throw error("unexpected end of file");
        }
        final char ch = text.charAt(pos);
        return switch (ch) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new Str(line, string());
            case 't' -> literal("true", new Bool(line, true));
            case 'f' -> literal("false", new Bool(line, false));
            case 'n' -> literal("null", new Null(line));
            default -> {
                if (ch == '-' || ch >= '0' && ch <= '9') {
                    yield number();
                }
                throw error("unexpected character '" + ch + "'");
            }
        };
    }

    private Obj object() throws SyntaxException {
        final int start = line;
        enter();
        pos++;
        final var members = new LinkedHashMap<String, Value>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new Obj(start, Collections.unmodifiableMap(members));
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a field name in double quotes");
            }
            final int keyLine = line;
            final var key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (members.put(key, value()) != null) {
                throw new SyntaxException(keyLine, "field '" + key + "' appears twice");
            }
            skipWhitespace();
            final char next = peek();
            pos++;
            if (next == '}') {
                depth--;
                return new Obj(start, Collections.unmodifiableMap(members));
            }
            if (next != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private Arr array() throws SyntaxException {
        final int start = line;
        enter();
        pos++;
        final var elements = new ArrayList<Value>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new Arr(start, List.copyOf(elements));
        }
        while (true) {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            final char next = peek();
            pos++;
            if (next == ']') {
                depth--;
                return new Arr(start, List.copyOf(elements));
            }
            if (next != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws SyntaxException {
        pos++;
        final var sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            final char ch = text.charAt(pos++);
            if (ch == '"') {
                return sb.toString();
            }
            if (ch < 0x20) {
                pos--;
                throw error("control character in string");
            }
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            final char esc = text.charAt(pos++);
            switch (esc) {
                case '"', '\\', '/' -> sb.append(esc);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("truncated \\u escape");
                    }
                    final var hex = text.substring(pos, pos + 4);
                    if (!hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                        throw error("invalid \\u escape");
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                }
                default -> throw error("invalid escape '\\" + esc + "'");
            }
        }
    }

    private Num number() throws SyntaxException {
        final int start = pos;
        if (peek() == '-') {
            pos++;
        }
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        final var literal = text.substring(start, pos);
        return new Num(line, Double.parseDouble(literal), literal);
    }

    private void digits() throws SyntaxException {
        final int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("malformed number");
        }
    }

    private Value literal(final String word, final Value value) throws SyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void enter() throws SyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(final char ch) throws SyntaxException {
        if (peek() != ch) {
            throw error("expected '" + ch + "'");
        }
        pos++;
    }

    private char peek() throws SyntaxException {
        if (pos >= text.length()) {
            throw error("unexpected end of file");
        }
        return text.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            final char ch = text.charAt(pos);
            if (ch == '\n') {
                line++;
            } else if (ch != ' ' && ch != '\t' && ch != '\r') {
                return;
            }
            pos++;
        }
    }

    private SyntaxException error(final String message) {
        return new SyntaxException(line, message);
    }
}
