/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The user and password NETCONF clients of the emulated devices must present. {@link #toString()} hides the
 * password.
 *
 * @param user user name
 * @param password password
 */
public record Credentials(String user, String password) {
    /**
     * Checks the fields.
     *
     * @throws NullPointerException when user or password is null
     * @throws IllegalArgumentException when user or password is empty
     */
    public Credentials {
        requireNonNull(user);
        requireNonNull(password);
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("user and password must not be empty");
        }
    }

    boolean matches(final String offeredUser, final String offeredPassword) {
        // constant time for the password
        return user.equals(offeredUser) && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
            offeredPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials{user=" + user + "}";
    }
}
