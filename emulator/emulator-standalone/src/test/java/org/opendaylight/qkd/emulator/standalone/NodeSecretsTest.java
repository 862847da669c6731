/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes' secrets: no default NETCONF password, none on the command line, and an SSH host key that a restart
 * keeps.
 */
class NodeSecretsTest {
    @TempDir
    Path directory;

    @Test
    void theHostKeyIsMadeOnceAndKeptPrivate() throws Exception {
        final var first = NetconfEmulator.hostKey(directory);
        final var again = NetconfEmulator.hostKey(directory);
        assertArrayEquals(first.getPublic().getEncoded(), again.getPublic().getEncoded());
        assertArrayEquals(first.getPrivate().getEncoded(), again.getPrivate().getEncoded());
        final var file = directory.resolve("netconf-host.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // a host key others may read is refused, not used
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final var refused = assertThrows(DeviceStartException.class, () -> NetconfEmulator.hostKey(directory));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
    }

    @Test
    void thePasswordComesFromTheEnvironmentOrAFileNeverTheCommandLine() throws Exception {
        final var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        final var onCommandLine = assertThrows(UsageException.class, () -> RunCommand.run(List.of("topology.json",
            "--password", "s3cret"), out));
        assertTrue(onCommandLine.getMessage().contains("ps"), onCommandLine.getMessage());
        final var empty = Files.writeString(directory.resolve("password"), "", StandardCharsets.UTF_8);
        assertEquals("--password-file " + empty + " holds no password", assertThrows(UsageException.class,
            () -> RunCommand.run(List.of("topology.json", "--password-file", empty.toString()), out)).getMessage());
        // without $QKD_EMULATOR_PASSWORD there is no default to fall back on
        assumeTrue(System.getenv("QKD_EMULATOR_PASSWORD") == null);
        assertTrue(assertThrows(UsageException.class, () -> RunCommand.run(List.of("topology.json"), out))
            .getMessage().startsWith("no NETCONF password"));
    }

    @Test
    void aSeededTopologyNeedsTheFlagThatCallsItInsecure() throws Exception {
        final var topology = Files.writeString(directory.resolve("seeded.json"), """
            {"seed": 42, "nodes": [{"id": "a", "netconf-port": 1}, {"id": "b"}],
             "links": [{"id": "a-b", "a": "a", "b": "b", "fiber-length-km": 10}]}
            """, StandardCharsets.UTF_8);
        final var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        final var refused = assertThrows(UsageException.class, () -> RunCommand.run(List.of(topology.toString(),
            "--password-file", Files.writeString(directory.resolve("pw"), "p", StandardCharsets.UTF_8).toString()),
            out));
        assertTrue(refused.getMessage().contains("sets a seed") && refused.getMessage().contains(
            "--insecure-seeded-keys"), refused.getMessage());
    }
}
