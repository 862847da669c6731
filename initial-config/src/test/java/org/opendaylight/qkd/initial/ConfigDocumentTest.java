/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.initial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape checks of initial configuration documents, before the models are involved.
 */
class ConfigDocumentTest {
    @Test
    void membersKeepTheDocumentsOrder() throws Exception {
        final var document = ConfigDocument.parse("a.json", """
            {"qkd-policy:qkd-policies": {}, "qkd-devices:qkd-devices": {"polling-interval": 500}}""");
        assertEquals(2, document.members().size());
        assertEquals("qkd-policy:qkd-policies", document.members().get(0).name());
        assertEquals("qkd-devices", document.members().get(1).module());
    }

    @Test
    void malformedDocumentsAreRefusedWithTheirFileAndLine() {
        final var broken = assertThrows(InitialConfigException.class, () -> ConfigDocument.parse("b.json", """
            {"qkd-policy:qkd-policies": {
              "policy": [ {"name": "x",, } ]
            }}"""));
        assertTrue(broken.getMessage().startsWith("b.json: invalid JSON: ") && broken.getMessage().contains("line 2"),
            broken::getMessage);
        final var trailing = assertThrows(InitialConfigException.class,
            () -> ConfigDocument.parse("c.json", "{\"qkd-policy:qkd-policies\": {}} {}"));
        assertTrue(trailing.getMessage().contains("c.json: invalid JSON"), trailing::getMessage);
        final var comment = assertThrows(InitialConfigException.class,
            () -> ConfigDocument.parse("d.json", "{\"qkd-policy:qkd-policies\": {}} // demo"));
        assertTrue(comment.getMessage().contains("d.json: invalid JSON"), comment::getMessage);
        assertEquals("e.json: the document must be a JSON object of top-level data nodes",
            assertThrows(InitialConfigException.class, () -> ConfigDocument.parse("e.json", "[1]")).getMessage());
        assertEquals("f.json: member 'qkd-policies' must be named module:node, as in \"qkd-policy:qkd-policies\"",
            assertThrows(InitialConfigException.class,
                () -> ConfigDocument.parse("f.json", "{\"qkd-policies\": {}}")).getMessage());
        assertEquals("g.json: the document holds no data",
            assertThrows(InitialConfigException.class, () -> ConfigDocument.parse("g.json", "{}")).getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir final Path dir) throws Exception {
        final var missing = dir.resolve("missing.json");
        final var error = assertThrows(InitialConfigException.class, () -> ConfigDocument.read(missing));
        assertTrue(error.getMessage().startsWith(missing + ": cannot read"), error::getMessage);
        final var present = dir.resolve("present.json");
        Files.writeString(present, "{\"qkd-policy:qkd-policies\": {}}");
        assertEquals(present.toString(), ConfigDocument.read(present).file());
    }
}
