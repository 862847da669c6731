/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo PKI's files: every private key readable by its owner only, whatever the umask.
 */
class DemoPkiTest {
    @TempDir
    Path directory;

    @Test
    void privateKeysAreTheOwnersOnly() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        pki.clientKeyStore("sae-1");
        pki.kmeKeyStore("kme-1");
        for (var file : List.of("ca.p12", "server.p12", "sae/sae-1.p12", "sae/sae-1.key", "kme/kme-1.p12")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("pki").resolve(file))), file);
        }
        for (var dir : List.of("sae", "kme")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("pki").resolve(dir))), dir);
        }
        // certificates are not secret
        assertEquals('r', PosixFilePermissions.toString(Files.getPosixFilePermissions(
            directory.resolve("pki").resolve("sae/sae-1.crt"))).charAt(0));
    }
}
