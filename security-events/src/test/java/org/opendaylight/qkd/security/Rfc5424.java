/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A syslog message as RFC 5424 section 6 defines it, parsed strictly: the tests read what a collector received with
 * it, so a message that does not follow the grammar fails them.
 *
 * @param priority PRI (facility * 8 + severity)
 * @param timestamp TIMESTAMP, or "-"
 * @param hostname HOSTNAME
 * @param appName APP-NAME
 * @param procId PROCID
 * @param msgId MSGID
 * @param data the STRUCTURED-DATA elements by SD-ID, each with its parameters in order
 * @param message MSG, empty when there is none
 */
public record Rfc5424(int priority, String timestamp, String hostname, String appName, String procId, String msgId,
        Map<String, Map<String, String>> data, String message) {
    private static final Pattern HEADER = Pattern.compile(
        "<(\\d{1,3})>1 (-|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?(?:Z|[+-]\\d\\d:\\d\\d)) "
            + "(\\S{1,255}) (\\S{1,48}) (\\S{1,128}) (\\S{1,32}) (.*)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[!#-<>-\\\\^-~]{1,32}");

    /**
     * Parses one message.
     *
     * @param line the message, without its trailing line feed
     * @return it
     * @throws IllegalArgumentException when it is not an RFC 5424 message
     */
    public static Rfc5424 parse(final String line) {
        final var header = HEADER.matcher(line);
        if (!header.matches()) {
            throw new IllegalArgumentException("not an RFC 5424 header: " + line);
        }
        final int priority = Integer.parseInt(header.group(1));
        if (priority > 191) {
            throw new IllegalArgumentException("PRI over 191: " + line);
        }
        final var rest = header.group(7);
        final var data = new LinkedHashMap<String, Map<String, String>>();
        int at = 0;
        if (rest.startsWith("-")) {
            at = 1;
        } else {
            while (at < rest.length() && rest.charAt(at) == '[') {
                at = element(rest, at + 1, data, line);
            }
            if (data.isEmpty()) {
                throw new IllegalArgumentException("no STRUCTURED-DATA: " + line);
            }
        }
        final String message;
        if (at == rest.length()) {
            message = "";
        } else if (rest.charAt(at) == ' ') {
            message = rest.substring(at + 1);
        } else {
            throw new IllegalArgumentException("no space after STRUCTURED-DATA: " + line);
        }
        return new Rfc5424(priority, header.group(2), header.group(3), header.group(4), header.group(5),
            header.group(6), data, message);
    }

    // SD-ELEMENT after its '[': SD-ID *(SP SD-PARAM) ']'; returns the index after the ']'
    private static int element(final String text, final int start, final Map<String, Map<String, String>> data,
            final String line) {
        int at = start;
        while (at < text.length() && text.charAt(at) != ' ' && text.charAt(at) != ']') {
            at++;
        }
        final var id = text.substring(start, at);
        if (!NAME.matcher(id).matches() || data.containsKey(id)) {
            throw new IllegalArgumentException("bad or repeated SD-ID " + id + ": " + line);
        }
        final var parameters = new LinkedHashMap<String, String>();
        while (at < text.length() && text.charAt(at) == ' ') {
            final int nameStart = at + 1;
            final int equals = text.indexOf("=\"", nameStart);
            if (equals < 0 || !NAME.matcher(text.substring(nameStart, equals)).matches()) {
                throw new IllegalArgumentException("bad SD-PARAM in " + id + ": " + line);
            }
            final var value = new StringBuilder();
            int position = equals + 2;
            while (true) {
                if (position >= text.length()) {
                    throw new IllegalArgumentException("unterminated PARAM-VALUE in " + id + ": " + line);
                }
                final char c = text.charAt(position++);
                if (c == '\\' && position < text.length() && "\"\\]".indexOf(text.charAt(position)) >= 0) {
                    value.append(text.charAt(position++));
                } else if (c == '"') {
                    break;
                } else if (c == ']' || c == '"') {
                    throw new IllegalArgumentException("unescaped ']' in a PARAM-VALUE of " + id + ": " + line);
                } else {
                    value.append(c);
                }
            }
            parameters.put(text.substring(nameStart, equals), value.toString());
            at = position;
        }
        if (at >= text.length() || text.charAt(at) != ']') {
            throw new IllegalArgumentException("SD-ELEMENT " + id + " not closed: " + line);
        }
        data.put(id, parameters);
        return at + 1;
    }

    /**
     * Parses every non-empty line of a text.
     *
     * @param text lines of messages
     * @return them, in order
     */
    public static List<Rfc5424> parseAll(final String text) {
        final var messages = new ArrayList<Rfc5424>();
        text.lines().filter(line -> !line.isBlank()).forEach(line -> messages.add(parse(line)));
        return messages;
    }

    /**
     * The severity.
     *
     * @return PRI modulo 8 (4 warning, 6 informational)
     */
    public int severity() {
        return priority % 8;
    }

    /**
     * The facility.
     *
     * @return PRI divided by 8 (4 auth, 16 local0)
     */
    public int facility() {
        return priority / 8;
    }
}
