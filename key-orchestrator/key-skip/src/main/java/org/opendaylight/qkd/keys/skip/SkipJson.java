/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.opendaylight.qkd.keys.etsi014.JsonBodies;
import org.opendaylight.qkd.keys.plane.StoredKey;

/**
 * SKIP's JSON bodies. A key's body is written into bytes that the caller zeroes once sent, never into a string.
 */
final class SkipJson {
    private static final byte[] KEY_ID_MEMBER = "{\"keyId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_MEMBER = "\",\"key\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);

    private SkipJson() {
        // static functions only
    }

    static byte[] capabilities(final String local, final List<String> remotes) {
        return JsonBodies.write(json -> {
            json.beginObject()
                .name("entropy").value(true)
                .name("key").value(true)
                .name("algorithm").value(SkipHandler.ALGORITHM)
                .name("localSystemID").value(local)
                .name("remoteSystemID").beginArray();
            for (var remote : remotes) {
                json.value(remote);
            }
            json.endArray().endObject();
        });
    }

    static byte[] entropy(final byte[] sample, final int bits) {
        try {
            return JsonBodies.write(json -> json.beginObject()
                .name("randomStr").value(HexFormat.of().withUpperCase().formatHex(sample))
                .name("minentropy").value(bits)
                .endObject());
        } finally {
            Arrays.fill(sample, (byte) 0);
        }
    }

    /**
     * A key's body, {@code {"keyId":"…","key":"…"}}, the key in hexadecimal digits.
     *
     * @param key the key; left unchanged
     * @return the body, which the caller zeroes once sent
     */
    static byte[] key(final StoredKey key) {
        final var id = SkipKeyIds.of(key.id()).getBytes(StandardCharsets.US_ASCII);
        return key.withBits(bits -> {
            final var hex = Hex.encode(bits);
            try {
                return ByteBuffer.allocate(KEY_ID_MEMBER.length + id.length + KEY_MEMBER.length + hex.length
                        + END.length)
                    .put(KEY_ID_MEMBER).put(id).put(KEY_MEMBER).put(hex).put(END).array();
            } finally {
                Arrays.fill(hex, (byte) 0);
            }
        });
    }
}
