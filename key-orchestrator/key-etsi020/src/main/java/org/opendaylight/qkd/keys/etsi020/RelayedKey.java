/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.UUID;
import org.eclipse.jdt.annotation.Nullable;

/**
 * One {@code key} of an {@code ext_keys} request: its ID, its value and its extension. Between this suite's KMEs
 * the value is the key one-time-padded with link key; with another vendor's KMS it is the key. {@link #toString()}
 * never shows the value.
 *
 * @param id the key ID
 * @param value the value's bytes; the holder destroys them
 * @param extension the key's {@code extension}, if any
 */
@SuppressWarnings("checkstyle:ArrayRecordComponent")
public record RelayedKey(UUID id, byte[] value, @Nullable JsonObject extension) {
    /**
     * Checks the parts.
     */
    public RelayedKey {
        requireNonNull(id);
        requireNonNull(value);
    }

    /**
     * Overwrites the value with zeros.
     */
    public void destroy() {
        Arrays.fill(value, (byte) 0);
    }

    @Override
    public boolean equals(final Object obj) {
        return obj instanceof RelayedKey other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "RelayedKey{" + id + ", " + value.length + " bytes}";
    }
}
