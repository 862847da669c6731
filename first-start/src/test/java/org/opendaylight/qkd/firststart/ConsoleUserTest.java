/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.firststart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console users written hashed, into a users file replaced whole.
 */
class ConsoleUserTest {
    private static final String USERS = """
        # the distribution's users file
        _g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh
        karaf = {CRYPT}0123{CRYPT},_g_:admingroup
        """;
    private static final String PASSWORD = "alice-password-1";

    @TempDir
    Path etc;
    private Path users;

    @BeforeEach
    void setUp() throws Exception {
        users = etc.resolve("users.properties");
        Files.writeString(users, USERS);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aUserIsAddedHashedAndTheFileReplacedWhole() throws Exception {
        final var before = Files.readAttributes(users, BasicFileAttributes.class).fileKey();
        // left by a run that died while writing: made again, with the users file's mode
        final var left = etc.resolve("users.properties.new");
        Files.writeString(left, "mallory = {CRYPT}0{CRYPT},admin\n");
        Files.setPosixFilePermissions(left, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertTrue(ConsoleUser.put(users, "alice", List.of("operator", "ssh"), PASSWORD));
        final var file = Files.readString(users);
        assertTrue(file.startsWith(USERS), file);
        assertTrue(file.endsWith("alice = {CRYPT}" + FirstStart.sha256(PASSWORD) + "{CRYPT},operator,ssh\n"), file);
        assertFalse(file.contains(PASSWORD));
        assertFalse(file.contains("mallory"));
        // moved in place: a new file (Karaf's encryption watches changes to the old one), with the old one's mode
        assertNotEquals(before, Files.readAttributes(users, BasicFileAttributes.class).fileKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertEquals(List.of("users.properties"), Files.list(etc).map(path -> path.getFileName().toString()).toList());
    }

    @Test
    void anExistingUserGetsTheNewPasswordAndRoles() throws Exception {
        ConsoleUser.put(users, "alice", List.of("operator", "ssh"), PASSWORD);
        assertFalse(ConsoleUser.put(users, "alice", List.of("viewer", "ssh"), "another-password-2"));
        final var file = Files.readString(users);
        assertTrue(file.contains("alice = {CRYPT}" + FirstStart.sha256("another-password-2") + "{CRYPT},viewer,ssh"),
            file);
        assertEquals(1, file.lines().filter(line -> line.startsWith("alice")).count(), file);
    }

    @Test
    void badInputIsRefusedAndTheFileKept() throws Exception {
        assertThrows(IllegalArgumentException.class,
            () -> ConsoleUser.put(users, "al ice", List.of("ssh"), PASSWORD));
        assertThrows(IllegalArgumentException.class,
            () -> ConsoleUser.put(users, "alice", List.of("operator", "ssh=admin"), PASSWORD));
        assertThrows(IllegalArgumentException.class, () -> ConsoleUser.put(users, "alice", List.of(""), PASSWORD));
        final var shortPassword = assertThrows(IllegalArgumentException.class,
            () -> ConsoleUser.put(users, "alice", List.of("ssh"), "short"));
        assertTrue(shortPassword.getMessage().contains("at least 12 characters"), shortPassword.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsoleUser.put(users, "alice", List.of("ssh"), "karaf"));
        assertThrows(IllegalArgumentException.class, () -> ConsoleUser.put(users, "alice", List.of("ssh"), ""));
        assertEquals(USERS, Files.readString(users));
    }

    @Test
    void theKarafUserGetsANewPasswordInItsGroup() throws Exception {
        assertFalse(ConsoleUser.put(users, "karaf", List.of("_g_:admingroup"), PASSWORD));
        assertTrue(Files.readString(users).contains("karaf = {CRYPT}" + FirstStart.sha256(PASSWORD)
            + "{CRYPT},_g_:admingroup\n"));
    }
}
