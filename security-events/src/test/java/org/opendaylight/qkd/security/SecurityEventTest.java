/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security events through Log4j 2's RFC 5424 layout, as a syslog collector receives them.
 */
class SecurityEventTest {
    private static final Path LOG = Path.of("target/security-events-test.log");

    @Test
    void eventsAreRfc5424MessagesWithTheirTypeAndStructuredData() throws Exception {
        SecurityEvent.of(SecurityEvent.Type.LINK_DOWN, "link relay-north-gov is down: fiber cut?")
            .with("link", "225bc707-a259-4f81-8bd2-4e63cd5ceb51").with("label", "relay-north-gov")
            .with("status", "down").with("note", "a \"quoted\" ] bracket \\ and backslash").emit();
        SecurityEvent.of(SecurityEvent.Type.MODE_CHANGE, "key service gov-vpn: qkd -> pqc")
            .with("service", "gov-vpn").with("old-mode", "qkd").with("new-mode", "pqc").with("absent", null).emit();
        // a value or text that looks like key bytes never leaves
        SecurityEvent.of(SecurityEvent.Type.SAE_REFUSED, "sae refused 0123456789abcdef0123456789abcdef01")
            .with("sae", "c2VjcmV0IGtleSBieXRlcyBpbiBiYXNlNjQgYXJlIHJlZnVzZWQ=").emit();

        final var messages = Rfc5424.parseAll(Files.readString(LOG, StandardCharsets.UTF_8));
        assertEquals(3, messages.size(), messages::toString);
        final var down = messages.get(0);
        assertEquals("link-down", down.msgId());
        assertEquals("qkd-test", down.appName());
        assertEquals(4, down.facility(), "auth");
        assertEquals(4, down.severity(), "warning");
        assertEquals(Map.of("qkd@32473", Map.of("link", "225bc707-a259-4f81-8bd2-4e63cd5ceb51",
            "label", "relay-north-gov", "status", "down", "note", "a \"quoted\" ] bracket \\ and backslash")),
            down.data());
        assertEquals("link relay-north-gov is down: fiber cut?", down.message());
        final var mode = messages.get(1);
        assertEquals("mode-change", mode.msgId());
        assertEquals(Map.of("service", "gov-vpn", "old-mode", "qkd", "new-mode", "pqc"), mode.data().get("qkd@32473"));
        final var refused = messages.get(2);
        assertEquals(SecurityEvent.REDACTED, refused.message());
        assertEquals(Map.of("sae", SecurityEvent.REDACTED), refused.data().get("qkd@32473"));
    }

    @Test
    void parameterNamesFollowRfc5424() {
        final var event = SecurityEvent.of(SecurityEvent.Type.LINK_UP, "up");
        assertThrows(IllegalArgumentException.class, () -> event.with("has space", "x"));
        assertThrows(IllegalArgumentException.class, () -> event.with("a=b", "x"));
        assertThrows(IllegalArgumentException.class, () -> event.with("x".repeat(33), "x"));
    }

    @Test
    void theParserRefusesWhatIsNotRfc5424() {
        assertThrows(IllegalArgumentException.class, () -> Rfc5424.parse("<13>Dec  5 14:00:00 host app: BSD style"));
        assertThrows(IllegalArgumentException.class, () -> Rfc5424.parse("<13>1 - host app - id [x a=\"b] msg"));
        assertEquals("msg", Rfc5424.parse("<13>1 - host app - id - msg").message());
    }
}
