/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import org.opendaylight.qkd.keys.etsi014.SaeCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-shared keys of a site's SKIP clients, one file per SAE: {@code <sae>.psk} holds the key in hexadecimal
 * digits (32 bytes when the site makes it), readable by its owner only. The operator puts the key the encryptor is
 * configured with there, or has the site make one ({@link #enrol}) and configures the encryptor with it. Each
 * handshake reads the file, so a key changed on disk is used from the next connection on.
 */
public final class PskFiles implements SkipServer.PreSharedKeys {
    private static final Logger LOG = LoggerFactory.getLogger(PskFiles.class);
    private static final int KEY_BYTES = 32;
    private static final EnumSet<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);

    private final Path directory;
    private final SecureRandom random;

    /**
     * The keys in a directory.
     *
     * @param directory the directory (made when needed)
     * @param random randomness for the keys the site makes
     */
    public PskFiles(final Path directory, final SecureRandom random) {
        this.directory = requireNonNull(directory);
        this.random = requireNonNull(random);
    }

    /**
     * Where an SAE's key is.
     *
     * @param sae the SAE
     * @return its file
     */
    public Path file(final String sae) {
        if (!SaeCertificates.isValid(sae)) {
            throw new IllegalArgumentException("not an SAE ID: " + sae);
        }
        return directory.resolve(sae + ".psk");
    }

    /**
     * Makes an SAE's key unless it has one.
     *
     * @param sae the SAE
     * @throws IOException when the file cannot be written
     */
    public void enrol(final String sae) throws IOException {
        final var file = file(sae);
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(directory);
        final var key = new byte[KEY_BYTES];
        random.nextBytes(key);
        final var hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.write(file, hex);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("SKIP key of {} made meanwhile", sae, e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(hex, (byte) 0);
        }
    }

    @Override
    public Optional<byte[]> key(final String sae) {
        if (!SaeCertificates.isValid(sae)) {
            return Optional.empty();
        }
        final var file = directory.resolve(sae + ".psk");
        byte[] text = null;
        try {
            final var permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("SKIP key {} is readable by others than its owner ({}): not used", file,
                    PosixFilePermissions.toString(permissions));
                return Optional.empty();
            }
            text = Files.readAllBytes(file);
            int length = text.length;
            while (length > 0 && Character.isWhitespace(text[length - 1])) {
                length--;
            }
            if (length == 0 || length % 2 != 0) {
                LOG.warn("SKIP key {} is not hexadecimal digits: not used", file);
                return Optional.empty();
            }
            final var key = new byte[length / 2];
            for (int i = 0; i < key.length; i++) {
                final int high = Character.digit(text[2 * i], 16);
                final int low = Character.digit(text[2 * i + 1], 16);
                if (high < 0 || low < 0) {
                    Arrays.fill(key, (byte) 0);
                    LOG.warn("SKIP key {} is not hexadecimal digits: not used", file);
                    return Optional.empty();
                }
                key[i] = (byte) (high << 4 | low);
            }
            return Optional.of(key);
        } catch (NoSuchFileException e) {
            LOG.debug("No SKIP key for {}", sae, e);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("SKIP key {} cannot be read", file, e);
            return Optional.empty();
        } finally {
            if (text != null) {
                Arrays.fill(text, (byte) 0);
            }
        }
    }
}
