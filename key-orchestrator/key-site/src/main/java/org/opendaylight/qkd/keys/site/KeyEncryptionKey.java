/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The site's key-encryption key (KEK): 256 bits of AES key in a file only its owner may read, as 64 hexadecimal
 * digits. A file that others may read or write, or that is not a regular file, is refused.
 */
public final class KeyEncryptionKey {
    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyEncryptionKey() {
        // static functions only
    }

    /**
     * Reads the KEK.
     *
     * @param file the file
     * @return the key
     * @throws IOException when the file cannot be read, others may access it, or it holds no 256-bit key
     */
    public static SecretKey load(final Path file) throws IOException {
        checkPrivate(file);
        final byte[] raw = Files.readAllBytes(file);
        try {
            final var text = new String(raw, StandardCharsets.US_ASCII).strip();
            if (!text.matches("[0-9a-fA-F]{64}")) {
                throw new IOException(file + " shall hold a 256-bit key as 64 hexadecimal digits");
            }
            final byte[] bits = HexFormat.of().parseHex(text);
            try {
                return new SecretKeySpec(bits, "AES");
            } finally {
                Arrays.fill(bits, (byte) 0);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Makes a new random KEK in a file that only its owner may read and write.
     *
     * @param file the file, which must not exist
     * @param random the randomness
     * @return the key
     * @throws IOException when the file exists or cannot be written
     */
    public static SecretKey generate(final Path file, final SecureRandom random) throws IOException {
        final byte[] bits = new byte[32];
        random.nextBytes(bits);
        final byte[] text = HexFormat.of().formatHex(bits).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
            return new SecretKeySpec(bits, "AES");
        } finally {
            Arrays.fill(bits, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    /**
     * Checks that a file is a regular file that no one but its owner may access.
     *
     * @param file the file
     * @throws IOException when it is not
     */
    public static void checkPrivate(final Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        final var permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        final var open = EnumSet.copyOf(FORBIDDEN);
        open.retainAll(permissions);
        if (!open.isEmpty()) {
            throw new IOException(file + " may be accessed by others (" + PosixFilePermissions.toString(permissions)
                + "); allow its owner only, for example chmod 600");
        }
    }
}
