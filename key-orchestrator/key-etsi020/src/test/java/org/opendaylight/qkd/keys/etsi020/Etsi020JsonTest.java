/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written check of key values in ETSI GS QKD 020 bodies: what RFC 4648 allows, and nothing else. Key IDs
 * are checked as ETSI GS QKD 014's ({@code KeyPlaneTest}). And {@code ext_keys} read as a stream: what a body that
 * breaks the schema gets.
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

    @Test
    void extKeysReadAsAStreamSaysWhatIsWrongInTheOrderATreeWould() throws Exception {
        final var id = UUID.randomUUID();
        final var key = "{\"key_id\":\"" + id + "\",\"value\":\"AAECAw==\",\"note\":[1,{\"a\":null}]}";
        final var tail = ",\"initiator_sae_id\":\"sae-a\",\"target_sae_ids\":[\"sae-b\"]}";
        final var read = Etsi020Json.extKeys("{\"keys\":[" + key + "]" + tail);
        assertEquals(1, read.keys().size());
        assertEquals(id, read.keys().getFirst().id());
        assertArrayEquals(new byte[] {0, 1, 2, 3}, read.keys().getFirst().value());
        assertNull(read.keys().getFirst().extension());
        assertEquals("sae-a", read.initiator());
        assertEquals(List.of("sae-b"), read.targets());
        // a member given twice: the last one counts, as in a tree
        assertEquals(1, Etsi020Json.extKeys("{\"keys\":7,\"keys\":[" + key + "]" + tail).keys().size());

        assertProblem("malformed_body", "");
        assertProblem("malformed_body", "{\"keys\":[" + key + "]" + tail + " {}");
        assertProblem("malformed_body", "{\"keys\":[" + key + ",]" + tail);
        assertProblem("malformed_property", "[" + key + "]");
        assertProblem("missing_property", "{\"initiator_sae_id\":\"sae-a\",\"target_sae_ids\":[\"sae-b\"]}");
        assertProblem("missing_property", "{\"keys\":null" + tail);
        assertProblem("malformed_property", "{\"keys\":{}" + tail);
        assertProblem("malformed_property", "{\"keys\":[" + key + ",\"k\"]" + tail);
        assertProblem("missing_property", "{\"keys\":[{\"value\":\"AAAA\"}]" + tail);
        assertProblem("malformed_property", "{\"keys\":[{\"key_id\":7,\"value\":\"AAAA\"}]" + tail);
        assertProblem("malformed_property", "{\"keys\":[{\"key_id\":\"" + id + "\",\"value\":[]}]" + tail);
        assertProblem("malformed_property", "{\"keys\":[{\"key_id\":\"" + id
            + "\",\"value\":\"AAAA\",\"extension\":\"x\"}]" + tail);
        assertProblem("invalid_keys", "{\"keys\":[]" + tail);
        final var tooMany = IntStream.range(0, Etsi020Json.MAX_ITEMS + 1).mapToObj(unused -> "{\"key_id\":\""
            + UUID.randomUUID() + "\",\"value\":\"AAAA\"}").collect(Collectors.joining(","));
        assertProblem("invalid_keys", "{\"keys\":[" + tooMany + "]" + tail);
        // the keys are checked before the members after them, as before
        assertProblem("malformed_property", "{\"keys\":[{\"key_id\":\"123\",\"value\":\"AAAA\"}]}");
        assertProblem("missing_property", "{\"keys\":[" + key + "],\"target_sae_ids\":[\"sae-b\"]}");
    }

    private static void assertProblem(final String detail, final String body) {
        final var problem = assertThrows(Etsi020Problem.class, () -> Etsi020Json.extKeys(body));
        assertEquals(400, problem.status(), body);
        assertTrue(problem.details().containsKey(detail), () -> body + ": " + problem.details());
    }
}
