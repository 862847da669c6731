/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.opendaylight.netconf.shaded.sshd.common.config.keys.AuthorizedKeyEntry;
import org.opendaylight.netconf.shaded.sshd.common.config.keys.KeyUtils;
import org.opendaylight.netconf.shaded.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The user and password NETCONF clients of the emulated devices must present, and the public keys that may
 * authenticate that user instead (SSH public key authentication, as OpenSSH's {@code authorized_keys}).
 * {@link #toString()} hides the password.
 *
 * @param user user name
 * @param password password
 * @param authorizedKeys public keys accepted for the user, none for password authentication only
 */
public record Credentials(String user, String password, List<PublicKey> authorizedKeys) {
    /**
     * Checks the fields.
     *
     * @throws NullPointerException when user, password or authorizedKeys is null
     * @throws IllegalArgumentException when user or password is empty
     */
    public Credentials {
        requireNonNull(user);
        requireNonNull(password);
        authorizedKeys = List.copyOf(authorizedKeys);
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("user and password must not be empty");
        }
    }

    /**
     * Credentials for password authentication only.
     *
     * @param user user name
     * @param password password
     */
    public Credentials(final String user, final String password) {
        this(user, password, List.of());
    }

    /**
     * Reads the public keys of an OpenSSH {@code authorized_keys} file (options are not supported: a line with
     * options is refused).
     *
     * @param file the file
     * @return its keys
     * @throws IOException when it cannot be read, or a line is not a public key this SSH server supports
     */
    public static List<PublicKey> readAuthorizedKeys(final Path file) throws IOException {
        final var keys = new ArrayList<PublicKey>();
        try {
            for (var entry : AuthorizedKeyEntry.readAuthorizedKeys(file)) {
                if (entry.getLoginOptions() != null && !entry.getLoginOptions().isEmpty()) {
                    throw new IOException(file + ": key options are not supported (" + entry.getLoginOptions()
                        .keySet() + ")");
                }
                keys.add(entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an authorized_keys file: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IOException(file + " holds no public key");
        }
        return keys;
    }

    boolean matches(final String offeredUser, final String offeredPassword) {
        // constant time for the password
        return user.equals(offeredUser) && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
            offeredPassword.getBytes(StandardCharsets.UTF_8));
    }

    boolean accepts(final String offeredUser, final PublicKey offeredKey) {
        return user.equals(offeredUser) && authorizedKeys.stream().anyMatch(key -> KeyUtils.compareKeys(key,
            offeredKey));
    }

    @Override
    public String toString() {
        return "Credentials{user=" + user + ", " + authorizedKeys.size() + " authorized keys}";
    }
}
