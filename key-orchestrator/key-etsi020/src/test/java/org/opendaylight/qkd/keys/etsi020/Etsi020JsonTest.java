/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written check of key values in ETSI GS QKD 020 bodies: what RFC 4648 allows, and nothing else. Key IDs
 * are checked as ETSI GS QKD 014's ({@code KeyPlaneTest}).
 */
class Etsi020JsonTest {
    @Test
    void keyValuesArePaddedBase64AndNothingElse() {
        final var random = new Random(20);
        for (int length = 1; length <= 64; length++) {
            final var bytes = new byte[length];
            random.nextBytes(bytes);
            final var text = Base64.getEncoder().encodeToString(bytes);
            assertTrue(Etsi020Json.isBase64(text), text);
        }
        for (var good : List.of("AAAA", "AA==", "AAA=", "+/+/", "QUJD")) {
            assertTrue(Etsi020Json.isBase64(good), good);
        }
        // unpadded, misplaced or too much padding, other alphabets and characters
        for (var bad : List.of("", "A", "AA", "AAA", "A===", "====", "AA=A", "=AAA", "A*==", "AB-_", "AAAA\n",
                "AA" + (char) 0xc9 + "A", " AAA", "AAAAA===")) {
            assertFalse(Etsi020Json.isBase64(bad), bad);
        }
    }
}
