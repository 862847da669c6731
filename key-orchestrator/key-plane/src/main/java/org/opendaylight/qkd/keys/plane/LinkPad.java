/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Link key blocks used as a one-time pad: their IDs and their bits, concatenated in ID order. The bits are used once
 * and then destroyed. {@link #toString()} shows IDs and length only.
 */
public final class LinkPad {
    private final List<UUID> ids;
    private final byte[] bits;

    /**
     * A pad made of blocks. The array is taken over, not copied.
     *
     * @param ids the blocks' IDs
     * @param bits their bits, concatenated in the same order
     */
    public LinkPad(final List<UUID> ids, final byte[] bits) {
        this.ids = List.copyOf(ids);
        this.bits = requireNonNull(bits);
    }

    public List<UUID> ids() {
        return ids;
    }

    /**
     * Length of the pad.
     *
     * @return bytes
     */
    public int length() {
        return bits.length;
    }

    /**
     * XORs the pad's first bytes into data, in place.
     *
     * @param data the data, at most as long as the pad
     * @throws IllegalArgumentException when the data is longer than the pad
     */
    public void xorInto(final byte[] data) {
        if (data.length > bits.length) {
            throw new IllegalArgumentException("pad of " + bits.length + " bytes cannot cover " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] ^= bits[i];
        }
    }

    /**
     * Overwrites the bits with zeros.
     */
    public void destroy() {
        Arrays.fill(bits, (byte) 0);
    }

    @Override
    public String toString() {
        return "LinkPad{blocks=" + ids + ", bytes=" + bits.length + "}";
    }
}
