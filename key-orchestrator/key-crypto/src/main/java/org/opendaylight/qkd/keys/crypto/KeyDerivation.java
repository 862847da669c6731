/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.agreement.kdf.ConcatenationKDFGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.KDFParameters;

/**
 * The key a service delivers in modes hybrid and pqc, derived with the concatenate construction of ETSI TS 103 744:
 * the secrets are concatenated, {@code Z = qkd_key || ml_kem_secret} (hybrid) or {@code Z = ml_kem_secret} (pqc),
 * and fed to the one-step key derivation of NIST SP 800-56C rev. 2 (option 1, H = SHA-256):
 * {@code K(i) = SHA-256(counter_i || Z || FixedInfo)} for {@code i = 1, 2, ...}, a 32-bit big-endian counter, the
 * output the first {@code L} bits of {@code K(1) || K(2) || ...}. {@code FixedInfo} binds what the key is for, each
 * field a 32-bit big-endian length then its bytes: the algorithm (e.g. {@code QKD-SUITE hybrid ml-kem-768 SHA-256}),
 * {@code L} as a 32-bit number, and the caller's context (the key's ID and the SAE IDs, say). So a hybrid and a pqc
 * key from the same ML-KEM secret differ, and so do keys for different contexts or lengths. In mode qkd the
 * delivered key is the QKD key itself and no derivation happens.
 *
 * <p>The concatenation buffer is zeroed before returning; the caller zeroes the inputs and the output once used.
 */
public final class KeyDerivation {
    /** The longest key derived, in bits. */
    public static final int MAX_BITS = 65_536;
    private static final String ALGORITHM_PREFIX = "QKD-SUITE ";
    private static final String HASH = "SHA-256";

    private KeyDerivation() {
        // static functions only
    }

    /**
     * A hybrid key: QKD key and ML-KEM secret mixed.
     *
     * @param qkdKey the QKD key (end to end, after relay)
     * @param mlKemSecret the 32-byte ML-KEM shared secret
     * @param parameterSet the ML-KEM parameter set the secret comes from
     * @param bits the key's length, a positive multiple of 8 up to {@link #MAX_BITS}
     * @param context what the key is for (its ID, the SAE IDs); may be empty
     * @return the key
     * @throws IllegalArgumentException when a length is wrong
     */
    public static byte[] hybrid(final byte[] qkdKey, final byte[] mlKemSecret, final MlKemParameterSet parameterSet,
            final int bits, final byte[] context) {
        if (qkdKey.length == 0) {
            throw new IllegalArgumentException("a hybrid key needs a QKD key");
        }
        checkSecret(mlKemSecret);
        final var secrets = new byte[qkdKey.length + mlKemSecret.length];
        System.arraycopy(qkdKey, 0, secrets, 0, qkdKey.length);
        System.arraycopy(mlKemSecret, 0, secrets, qkdKey.length, mlKemSecret.length);
        return derive(secrets, "hybrid", parameterSet, bits, context);
    }

    /**
     * A PQC fallback key: the ML-KEM secret alone, through the same derivation.
     *
     * @param mlKemSecret the 32-byte ML-KEM shared secret
     * @param parameterSet the ML-KEM parameter set the secret comes from
     * @param bits the key's length, a positive multiple of 8 up to {@link #MAX_BITS}
     * @param context what the key is for; may be empty
     * @return the key
     * @throws IllegalArgumentException when a length is wrong
     */
    public static byte[] pqc(final byte[] mlKemSecret, final MlKemParameterSet parameterSet, final int bits,
            final byte[] context) {
        checkSecret(mlKemSecret);
        return derive(mlKemSecret.clone(), "pqc", parameterSet, bits, context);
    }

    private static void checkSecret(final byte[] mlKemSecret) {
        if (mlKemSecret.length != MlKem.SHARED_SECRET_BYTES) {
            throw new IllegalArgumentException("an ML-KEM shared secret is " + MlKem.SHARED_SECRET_BYTES
                + " bytes, not " + mlKemSecret.length);
        }
    }

    // secrets is Z, this class's own buffer: zeroed here
    private static byte[] derive(final byte[] secrets, final String mode, final MlKemParameterSet parameterSet,
            final int bits, final byte[] context) {
        try {
            if (bits <= 0 || bits % 8 != 0 || bits > MAX_BITS) {
                throw new IllegalArgumentException("key size must be a positive multiple of 8 up to " + MAX_BITS
                    + " bits, not " + bits);
            }
            final var kdf = new ConcatenationKDFGenerator(new SHA256Digest());
            kdf.init(new KDFParameters(secrets, fixedInfo(mode, parameterSet, bits, context)));
            final var key = new byte[bits / 8];
            kdf.generateBytes(key, 0, key.length);
            return key;
        } finally {
            Arrays.fill(secrets, (byte) 0);
        }
    }

    /**
     * A tag that binds a name to a key, which only those who hold the key can compute: the first 64 bits of
     * {@code SHA-256(len || "QKD-SUITE key tag SHA-256" || len || name || key)}, lengths 32-bit big-endian. The key is
     * the hash's last input, so the tag cannot be extended to another name without it; the digest's buffers are
     * zeroed before returning.
     *
     * @param key the key; left unchanged
     * @param name what the tag names (a key ID's fields)
     * @return the tag
     */
    public static long tag(final byte[] key, final byte[] name) {
        final var algorithm = (ALGORITHM_PREFIX + "key tag " + HASH).getBytes(StandardCharsets.US_ASCII);
        final var digest = new SHA256Digest();
        final var prefix = ByteBuffer.allocate(4 + algorithm.length + 4 + name.length)
            .putInt(algorithm.length).put(algorithm).putInt(name.length).put(name).array();
        final var out = new byte[digest.getDigestSize()];
        try {
            digest.update(prefix, 0, prefix.length);
            digest.update(key, 0, key.length);
            digest.doFinal(out, 0);
            return ByteBuffer.wrap(out).getLong();
        } finally {
            // doFinal resets the digest, which zeroes its buffers
            Arrays.fill(out, (byte) 0);
        }
    }

    /**
     * The FixedInfo of a derivation: algorithm, length and context, each length-prefixed.
     *
     * @param mode {@code hybrid} or {@code pqc}
     * @param parameterSet the ML-KEM parameter set
     * @param bits the key's length
     * @param context the caller's context
     * @return the bytes
     */
    static byte[] fixedInfo(final String mode, final MlKemParameterSet parameterSet, final int bits,
            final byte[] context) {
        final var algorithm = (ALGORITHM_PREFIX + mode + " " + parameterSet.yangName() + " " + HASH)
            .getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + algorithm.length + 4 + 4 + 4 + context.length)
            .putInt(algorithm.length).put(algorithm)
            .putInt(4).putInt(bits)
            .putInt(context.length).put(context)
            .array();
    }
}
