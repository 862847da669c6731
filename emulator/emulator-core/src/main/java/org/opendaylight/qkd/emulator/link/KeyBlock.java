/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.UUID;

/**
 * One key block handed out of a key pool: its ID and its bits. The holder owns the bytes and should
 * {@link #destroy()} them once used. {@link #toString()} never shows key material.
 */
public final class KeyBlock {
    private final UUID id;
    private final byte[] bits;

    KeyBlock(final UUID id, final byte[] bits) {
        this.id = requireNonNull(id);
        this.bits = requireNonNull(bits);
    }

    public UUID id() {
        return id;
    }

    /**
     * Size of the block.
     *
     * @return bits
     */
    public int sizeBits() {
        return bits.length * Byte.SIZE;
    }

    /**
     * A copy of the key bits.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return bits.clone();
    }

    /**
     * Whether two blocks carry the same bits, compared in constant time.
     *
     * @param other the other block
     * @return true when the bits are identical
     */
    public boolean sameBitsAs(final KeyBlock other) {
        return java.security.MessageDigest.isEqual(bits, other.bits);
    }

    /**
     * Overwrites the key bits with zeros.
     */
    public void destroy() {
        Arrays.fill(bits, (byte) 0);
    }

    @Override
    public String toString() {
        return "KeyBlock{id=" + id + ", bits=" + sizeBits() + "}";
    }
}
