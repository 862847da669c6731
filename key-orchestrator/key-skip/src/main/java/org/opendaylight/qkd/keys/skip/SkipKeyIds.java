/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.opendaylight.qkd.keys.plane.DeliveryException;

/**
 * SKIP's {@code keyId}s: a key's 128-bit ETSI key ID in 32 hexadecimal digits, so that one key store serves both
 * protocols and a key taken over one is named alike over the other.
 */
public final class SkipKeyIds {
    private static final Pattern KEY_ID = Pattern.compile("[0-9A-Fa-f]{32}");

    private SkipKeyIds() {
        // static functions only
    }

    /**
     * The SKIP keyId of a key.
     *
     * @param id the key's ETSI key ID
     * @return its keyId, lower-case
     */
    public static String of(final UUID id) {
        return HexFormat.of().toHexDigits(id.getMostSignificantBits())
            + HexFormat.of().toHexDigits(id.getLeastSignificantBits());
    }

    /**
     * The ETSI key ID of a SKIP keyId.
     *
     * @param keyId as sent, either case
     * @return the key's ETSI key ID
     * @throws DeliveryException bad request when it is not 32 hexadecimal digits
     */
    public static UUID parse(final String keyId) throws DeliveryException {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw DeliveryException.badRequest("malformed keyId: 32 hexadecimal digits (128 bits) expected");
        }
        final var bytes = ByteBuffer.wrap(HexFormat.of().parseHex(keyId));
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
