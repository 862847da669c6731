/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.security;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.StructuredDataMessage;

/**
 * A security event for the operator's SIEM, sent through the logging stack as a Log4j 2 structured data message on
 * the logger {@value #LOGGER}: with an RFC 5424 layout (a syslog appender or file), its type is the MSGID, its
 * parameters the structured data element {@code [qkd@<enterprise number> ...]} and its text the MSG. The logging
 * configuration says where it goes (see the README). Events name links, nodes, services and SAEs, never key material;
 * as a second line of defence, a value or text with a run of characters as long as a key in hexadecimal or base64 is
 * sent as {@value #REDACTED}.
 *
 * <pre>
 *   SecurityEvent.of(Type.LINK_DOWN, "link relay-north-gov is down").with("link", label).emit();
 * </pre>
 */
public final class SecurityEvent {
    /**
     * The logger security events go to.
     */
    public static final String LOGGER = "org.opendaylight.qkd.security";
    /**
     * The structured data ID of the events (the layout adds the enterprise number).
     */
    public static final String SD_ID = "qkd";

    /**
     * What happened, the event's MSGID.
     */
    public enum Type {
        /** A QKD link went down (a cut fiber) or aborted (QBER over the abort threshold: an eavesdropper?). */
        LINK_DOWN(Level.WARN),
        /** A QKD link came back. */
        LINK_UP(Level.INFO),
        /** A link's QBER rose over the alarm threshold: someone may be listening. */
        QBER_HIGH(Level.WARN),
        /** A key service changed how it is served (qkd, hybrid, pqc, refused). */
        MODE_CHANGE(Level.WARN),
        /** Keys were discarded because a link they crossed was compromised. */
        KEYS_DISCARDED(Level.WARN),
        /** A key manager refused an SAE: unknown, not master or slave of what it asked for, or a bad certificate. */
        SAE_REFUSED(Level.WARN),
        /** A login was refused: NETCONF at a node, RESTCONF (and the controller's other web services). */
        LOGIN_REFUSED(Level.WARN),
        /** An authenticated user was refused an action its roles do not allow. */
        ACTION_REFUSED(Level.WARN);

        private final Level level;

        Type(final Level level) {
            this.level = level;
        }

        /**
         * The event's MSGID.
         *
         * @return the type in lower case with hyphens, e.g. {@code link-down}
         */
        public String msgId() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    // RFC 5424 PARAM-NAME: 1 to 32 printable US-ASCII characters except '=', ' ', ']' and '"'
    private static final Pattern PARAM_NAME = Pattern.compile("[!#-<>-\\\\^-~]{1,32}");
    // hexadecimal runs of 128 bits and more, base64 runs of 240 bits and more: no name of this suite is that long
    private static final Pattern KEY_LIKE = Pattern.compile("[0-9a-fA-F]{32,}|[A-Za-z0-9+/]{40,}");
    /**
     * What a value or text that looks like key material is sent as.
     */
    public static final String REDACTED = "[redacted]";
    private static final Logger LOG = LogManager.getLogger(LOGGER);

    private final Type type;
    private final String text;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private SecurityEvent(final Type type, final String text) {
        this.type = requireNonNull(type);
        this.text = requireNonNull(text);
    }

    /**
     * A new event.
     *
     * @param type what happened
     * @param text what happened in words, for a person reading the SIEM
     * @return the event, to be given parameters and emitted
     */
    public static SecurityEvent of(final Type type, final String text) {
        return new SecurityEvent(type, text);
    }

    /**
     * Adds a parameter.
     *
     * @param name its name (RFC 5424 PARAM-NAME)
     * @param value its value; null leaves the parameter out
     * @return this event
     * @throws IllegalArgumentException when the name is not a PARAM-NAME
     */
    public SecurityEvent with(final String name, final Object value) {
        if (!PARAM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an RFC 5424 parameter name: " + name);
        }
        if (value != null) {
            parameters.put(name, redacted(value.toString()));
        }
        return this;
    }

    private static String redacted(final String string) {
        return KEY_LIKE.matcher(string).find() ? REDACTED : string;
    }

    /**
     * Sends the event through the logging stack.
     */
    public void emit() {
        final var message = new StructuredDataMessage(SD_ID, redacted(text), type.msgId());
        parameters.forEach(message::with);
        LOG.log(type.level, message);
    }
}
