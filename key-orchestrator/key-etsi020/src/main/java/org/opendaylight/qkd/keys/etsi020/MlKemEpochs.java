/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.KeyDerivation;
import org.opendaylight.qkd.keys.crypto.MlKem;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.opendaylight.qkd.keys.plane.LinkPad;

/**
 * One-time pads from ML-KEM between two KMEs that share no QKD link: the keys of a PQC key service go from the
 * master's KME to the slave's under such pads, as over a QKD link. The sending KME encapsulates a secret to the
 * receiving KME's ML-KEM encapsulation key (fetched over their mutually authenticated channel) and hands it the
 * ciphertext; the two KMEs then share an epoch: a secret and an ID. Each pad block is the KDF of that secret
 * ({@link KeyDerivation#pqc}) with the block's ID as context; a block ID holds the epoch (its upper 64 bits) and a
 * counter, so each is used once. The receiver confirms an epoch with an HMAC of its secret, so that both ends are
 * known to hold the same one before any key depends on it. An epoch is replaced after {@link #EPOCH_BLOCKS} blocks
 * or {@link #EPOCH_LIFETIME}, and its secret is erased when it is dropped. Epochs live in memory only: keys already
 * delivered do not need them, and a KME that restarted makes new ones.
 */
public final class MlKemEpochs {
    /** Blocks drawn from one epoch before a new one is made. */
    public static final long EPOCH_BLOCKS = 1L << 20;
    /** How long an epoch is used for new blocks. */
    public static final Duration EPOCH_LIFETIME = Duration.ofMinutes(10);
    /** Prefix of the link ID ({@code E32473_otp_relay} {@code link}) of ML-KEM pads: then the parameter set. */
    public static final String LINK_PREFIX = "ml-kem:";
    /** Bytes of one pad block: a 256-bit key takes one, longer keys several. */
    static final int BLOCK_BYTES = 32;
    // received epochs kept at most, oldest dropped first
    private static final int MAX_RECEIVED = 4096;
    private static final byte[] CONFIRMATION = "QKD-SUITE ml-kem epoch confirmation"
        .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAD_CONTEXT = "QKD-SUITE ml-kem pad ".getBytes(StandardCharsets.US_ASCII);

    /**
     * How a sending KME reaches the receiving one.
     */
    public interface Handshake {
        /**
         * The receiver's encapsulation key.
         *
         * @param parameterSet the parameter set
         * @return the encoded key
         * @throws IOException when the receiver does not give it
         */
        byte[] encapsulationKey(MlKemParameterSet parameterSet) throws IOException;

        /**
         * Hands the receiver an epoch's ciphertext.
         *
         * @param parameterSet the parameter set
         * @param epoch the epoch's ID
         * @param ciphertext the ciphertext
         * @return the receiver's confirmation
         * @throws IOException when the receiver does not take it
         */
        byte[] establish(MlKemParameterSet parameterSet, UUID epoch, byte[] ciphertext) throws IOException;
    }

    private final SecureRandom random;
    private final InstantSource clock;
    // guarded by this
    private final Map<MlKemParameterSet, MlKem.KeyPair> keyPairs = new EnumMap<>(MlKemParameterSet.class);
    // oldest first; a dropped epoch's secret is erased
    private final Map<Long, Received> received = new LinkedHashMap<>(16, 0.75f, false) {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, Received> eldest) {
            if (size() <= MAX_RECEIVED) {
                return false;
            }
            Arrays.fill(eldest.getValue().secret(), (byte) 0);
            return true;
        }
    };

    /**
     * Epochs of a KME.
     *
     * @param random the randomness of key pairs, encapsulations and epoch IDs
     * @param clock when epochs expire
     */
    public MlKemEpochs(final SecureRandom random, final InstantSource clock) {
        this.random = requireNonNull(random);
        this.clock = requireNonNull(clock);
    }

    private record Received(String sender, MlKemParameterSet parameterSet, byte[] secret) {
    }

    /**
     * An epoch two KMEs share, with its secret: what hybrid keys mix into the relayed QKD key.
     *
     * @param epoch the epoch's ID
     * @param parameterSet its parameter set
     * @param secret its shared secret, a copy the holder erases with {@link #destroy()}
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    public record Shared(UUID epoch, MlKemParameterSet parameterSet, byte[] secret) {
        /**
         * Checks the parts.
         */
        public Shared {
            requireNonNull(epoch);
            requireNonNull(parameterSet);
            requireNonNull(secret);
        }

        /**
         * Overwrites the secret with zeros.
         */
        public void destroy() {
            Arrays.fill(secret, (byte) 0);
        }

        @Override
        public String toString() {
            return "Shared{" + epoch + " " + parameterSet.yangName() + "}";
        }
    }

    /**
     * The sending side of epochs with one KME: pads of keys sent there, and the current epoch itself.
     */
    public interface Sender extends LinkKeySource {
        /**
         * The current epoch, made or renewed as needed.
         *
         * @return it, with a copy of its secret
         * @throws KeyUnavailableException when the receiving KME takes no epoch
         */
        Shared current() throws KeyUnavailableException;
    }

    /**
     * This KME's encapsulation key of a parameter set, made when first asked for.
     *
     * @param parameterSet the parameter set
     * @return the encoded key
     */
    public synchronized byte[] encapsulationKey(final MlKemParameterSet parameterSet) {
        return keyPairs.computeIfAbsent(parameterSet, set -> MlKem.generateKeyPair(set, random)).publicKey();
    }

    /**
     * Takes an epoch a sending KME made.
     *
     * @param sender the sending KME, as its certificate names it
     * @param parameterSet the parameter set
     * @param epoch the epoch's ID
     * @param ciphertext the ciphertext to this KME's encapsulation key
     * @return the confirmation for the sender
     * @throws IllegalArgumentException when this KME has no key of the parameter set, the ciphertext is malformed, or
     *         the epoch ID is taken
     */
    public synchronized byte[] receive(final String sender, final MlKemParameterSet parameterSet, final UUID epoch,
            final byte[] ciphertext) {
        final var pair = keyPairs.get(parameterSet);
        if (pair == null) {
            throw new IllegalArgumentException("no " + parameterSet.yangName() + " encapsulation key was given out");
        }
        final long id = epoch.getMostSignificantBits();
        if (received.containsKey(id)) {
            throw new IllegalArgumentException("epoch " + epoch + " is taken");
        }
        final var secret = MlKem.decapsulate(pair, ciphertext);
        final var confirmation = confirmation(secret, epoch);
        received.put(id, new Received(sender, parameterSet, secret));
        return confirmation;
    }

    /**
     * The pads of keys sent to one KME: each draw makes or renews an epoch with it as needed.
     *
     * @param parameterSet the parameter set
     * @param handshake how that KME is reached
     * @return the pads
     */
    public Sender sendingTo(final MlKemParameterSet parameterSet, final Handshake handshake) {
        return new Sending(parameterSet, requireNonNull(handshake));
    }

    /**
     * The secret of an epoch a KME made with this one.
     *
     * @param sender that KME
     * @param parameterSet the parameter set
     * @param epoch the epoch's ID
     * @return a copy of its secret, which the caller erases
     * @throws KeyUnavailableException when that KME made no such epoch here (or it was dropped)
     */
    public synchronized byte[] secretOf(final String sender, final MlKemParameterSet parameterSet, final UUID epoch)
            throws KeyUnavailableException {
        final var known = received.get(epoch.getMostSignificantBits());
        if (known == null || !known.sender().equals(sender) || known.parameterSet() != parameterSet) {
            throw new KeyUnavailableException("no " + parameterSet.yangName() + " epoch " + epoch + " with KME "
                + sender);
        }
        return known.secret().clone();
    }

    /**
     * The pads of keys received from one KME.
     *
     * @param sender that KME
     * @param parameterSet the parameter set
     * @return the pads
     */
    public LinkKeySource receivingFrom(final String sender, final MlKemParameterSet parameterSet) {
        return new LinkKeySource() {
            @Override
            public LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
                throw new KeyUnavailableException("keys from KME " + sender + " are only received here");
            }

            @Override
            public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
                final var out = new ArrayList<byte[]>();
                synchronized (MlKemEpochs.this) {
                    for (var id : ids) {
                        final var epoch = received.get(id.getMostSignificantBits());
                        if (epoch == null || !epoch.sender().equals(sender)
                                || epoch.parameterSet() != parameterSet) {
                            throw new KeyUnavailableException("no ML-KEM epoch of block " + id + " with KME "
                                + sender);
                        }
                        out.add(pad(epoch.secret(), parameterSet, id));
                    }
                }
                return new LinkPad(ids, concat(out));
            }
        };
    }

    private static byte[] pad(final byte[] secret, final MlKemParameterSet parameterSet, final UUID block) {
        final var context = ByteBuffer.allocate(PAD_CONTEXT.length + 16).put(PAD_CONTEXT)
            .putLong(block.getMostSignificantBits()).putLong(block.getLeastSignificantBits()).array();
        return KeyDerivation.pqc(secret, parameterSet, BLOCK_BYTES * Byte.SIZE, context);
    }

    private static byte[] concat(final List<byte[]> blocks) {
        final var out = new byte[blocks.size() * BLOCK_BYTES];
        for (int i = 0; i < blocks.size(); i++) {
            System.arraycopy(blocks.get(i), 0, out, i * BLOCK_BYTES, BLOCK_BYTES);
            Arrays.fill(blocks.get(i), (byte) 0);
        }
        return out;
    }

    private static byte[] confirmation(final byte[] secret, final UUID epoch) {
        try {
            final var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(CONFIRMATION);
            mac.update(ByteBuffer.allocate(16).putLong(epoch.getMostSignificantBits())
                .putLong(epoch.getLeastSignificantBits()).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * The sending side with one KME: the current epoch, renewed when used up or old.
     */
    private final class Sending implements Sender {
        private final MlKemParameterSet parameterSet;
        private final Handshake handshake;
        // guarded by this
        private byte @Nullable [] secret;
        private long epochBits;
        private long next;
        private long expires;

        Sending(final MlKemParameterSet parameterSet, final Handshake handshake) {
            this.parameterSet = parameterSet;
            this.handshake = handshake;
        }

        @Override
        public synchronized LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
            final int blocks = (bytes + BLOCK_BYTES - 1) / BLOCK_BYTES;
            if (secret == null || next + blocks > EPOCH_BLOCKS || clock.millis() >= expires) {
                renew();
            }
            final var ids = new ArrayList<UUID>(blocks);
            final var pads = new ArrayList<byte[]>(blocks);
            for (int i = 0; i < blocks; i++) {
                final var id = new UUID(epochBits, next++);
                ids.add(id);
                pads.add(pad(requireNonNull(secret), parameterSet, id));
            }
            return new LinkPad(ids, concat(pads));
        }

        @Override
        public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
            throw new KeyUnavailableException("keys to another KME are only sent from here");
        }

        @Override
        public synchronized Shared current() throws KeyUnavailableException {
            if (secret == null || next >= EPOCH_BLOCKS || clock.millis() >= expires) {
                renew();
            }
            return new Shared(new UUID(epochBits, 0), parameterSet, requireNonNull(secret).clone());
        }

        // under the lock
        private void renew() throws KeyUnavailableException {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
                secret = null;
            }
            final var encapsulation = encapsulation();
            final var epoch = new UUID(random.nextLong(), 0);
            final byte[] confirmed;
            try {
                confirmed = handshake.establish(parameterSet, epoch, encapsulation.ciphertext());
            } catch (IOException e) {
                Arrays.fill(encapsulation.sharedSecret(), (byte) 0);
                throw unavailable("the receiving KME took no " + parameterSet.yangName() + " epoch", e);
            }
            final var expected = confirmation(encapsulation.sharedSecret(), epoch);
            if (!MessageDigest.isEqual(expected, confirmed)) {
                Arrays.fill(encapsulation.sharedSecret(), (byte) 0);
                throw new KeyUnavailableException("the receiving KME's " + parameterSet.yangName()
                    + " epoch confirmation does not match: no key is sent under it");
            }
            secret = encapsulation.sharedSecret();
            epochBits = epoch.getMostSignificantBits();
            next = 0;
            expires = clock.millis() + EPOCH_LIFETIME.toMillis();
        }

        private MlKem.Encapsulation encapsulation() throws KeyUnavailableException {
            try {
                return MlKem.encapsulate(parameterSet, handshake.encapsulationKey(parameterSet), random);
            } catch (IOException | IllegalArgumentException e) {
                throw unavailable("no " + parameterSet.yangName() + " encapsulation key of the receiving KME", e);
            }
        }
    }

    private static KeyUnavailableException unavailable(final String message, final Exception cause) {
        final var exception = new KeyUnavailableException(message + ": " + cause.getMessage());
        exception.initCause(cause);
        return exception;
    }
}
