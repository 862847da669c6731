/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.crypto;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.DestroyFailedException;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * ML-KEM (FIPS 203) with Bouncy Castle's lightweight API: key pairs, encapsulation to an encoded encapsulation key,
 * decapsulation. The shared secret is ML-KEM's raw 32 bytes, with no KDF of its own: {@link KeyDerivation} is the
 * one KDF a delivered key goes through. Error messages name lengths and parameter sets, never key material.
 */
public final class MlKem {
    /** The length of an ML-KEM shared secret. */
    public static final int SHARED_SECRET_BYTES = 32;

    private MlKem() {
        // static functions only
    }

    /**
     * A decapsulation key with its encapsulation key.
     */
    public static final class KeyPair {
        private final MlKemParameterSet parameterSet;
        private final MLKEMPublicKeyParameters publicKey;
        private final MLKEMPrivateKeyParameters privateKey;

        KeyPair(final MlKemParameterSet parameterSet, final MLKEMPublicKeyParameters publicKey,
                final MLKEMPrivateKeyParameters privateKey) {
            this.parameterSet = parameterSet;
            this.publicKey = publicKey;
            this.privateKey = privateKey;
        }

        /**
         * The parameter set.
         *
         * @return it
         */
        public MlKemParameterSet parameterSet() {
            return parameterSet;
        }

        /**
         * The encapsulation key as sent to the peer (FIPS 203 encoding).
         *
         * @return a new copy of its bytes
         */
        public byte[] publicKey() {
            return publicKey.getEncoded();
        }

        @Override
        public String toString() {
            return "ML-KEM key pair (" + parameterSet.yangName() + ")";
        }
    }

    /**
     * What encapsulation gives: the ciphertext for the peer and the shared secret kept here.
     *
     * @param ciphertext to send to the holder of the decapsulation key
     * @param sharedSecret the 32-byte shared secret; zero it once used
     */
    public record Encapsulation(byte[] ciphertext, byte[] sharedSecret) {
        @Override
        public String toString() {
            return "ML-KEM encapsulation (" + ciphertext.length + " byte ciphertext)";
        }
    }

    /**
     * Generates a key pair.
     *
     * @param parameterSet the parameter set
     * @param random the randomness
     * @return the key pair
     */
    public static KeyPair generateKeyPair(final MlKemParameterSet parameterSet, final SecureRandom random) {
        final var generator = new MLKEMKeyPairGenerator();
        generator.init(new MLKEMKeyGenerationParameters(requireNonNull(random), parameterSet.parameters()));
        final var pair = generator.generateKeyPair();
        if (pair.getPublic() instanceof MLKEMPublicKeyParameters publicKey
                && pair.getPrivate() instanceof MLKEMPrivateKeyParameters privateKey) {
            return new KeyPair(parameterSet, publicKey, privateKey);
        }
        throw new IllegalStateException("the ML-KEM generator gave another kind of key pair");
    }

    /**
     * Encapsulates a fresh shared secret to an encapsulation key.
     *
     * @param parameterSet the parameter set the key belongs to
     * @param publicKey the encoded encapsulation key
     * @param random the randomness
     * @return ciphertext and shared secret
     * @throws IllegalArgumentException when the key does not have the parameter set's length
     */
    public static Encapsulation encapsulate(final MlKemParameterSet parameterSet, final byte[] publicKey,
            final SecureRandom random) {
        if (publicKey.length != parameterSet.publicKeyBytes()) {
            throw new IllegalArgumentException(parameterSet.yangName() + " encapsulation key must be "
                + parameterSet.publicKeyBytes() + " bytes, not " + publicKey.length);
        }
        final var secret = new MLKEMGenerator(requireNonNull(random)).generateEncapsulated(
            new MLKEMPublicKeyParameters(parameterSet.parameters(), publicKey));
        final var encapsulation = new Encapsulation(secret.getEncapsulation(), secret.getSecret());
        try {
            secret.destroy();
        } catch (DestroyFailedException e) {
            // the generator's own copy: ours is in the answer, and the caller zeroes it
            throw new IllegalStateException("ML-KEM secret could not be cleared", e);
        }
        return encapsulation;
    }

    /**
     * Decapsulates a ciphertext. A ciphertext of the right length that was altered gives a different secret (FIPS
     * 203 implicit rejection), not an error: the keys derived on both sides then differ.
     *
     * @param keyPair the decapsulation key
     * @param ciphertext the peer's ciphertext
     * @return the 32-byte shared secret; zero it once used
     * @throws IllegalArgumentException when the ciphertext does not have the parameter set's length
     */
    public static byte[] decapsulate(final KeyPair keyPair, final byte[] ciphertext) {
        final var set = keyPair.parameterSet;
        if (ciphertext.length != set.ciphertextBytes()) {
            throw new IllegalArgumentException(set.yangName() + " ciphertext must be " + set.ciphertextBytes()
                + " bytes, not " + ciphertext.length);
        }
        final var secret = new MLKEMExtractor(keyPair.privateKey).extractSecret(ciphertext);
        final var copy = Arrays.copyOf(secret, secret.length);
        Arrays.fill(secret, (byte) 0);
        return copy;
    }
}
