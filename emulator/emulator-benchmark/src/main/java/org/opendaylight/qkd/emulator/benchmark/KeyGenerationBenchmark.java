/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.benchmark;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.KeyRateModel;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One operation of {@code linkSecond*} is one emulated second of one metro link (20 km, the metro preset): its
 * key accrues into both ends' pools, which are then erased as a key manager would drain them. Throughput in
 * operations per second is therefore the number of such links one thread keeps in real time. The cipher
 * benchmarks process {@link #BUFFER} bytes per operation on the same machine, in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeyGenerationBenchmark {
    /** Bytes per cipher operation. */
    public static final int BUFFER = 64 * 1024;
    /** The link the linkSecond benchmarks emulate. */
    public static final LinkPhysics LINK = LinkPhysics.metro(20);
    /** Its decoy protocol. */
    public static final DecoyProtocol DECOY = DecoyProtocol.vacuumWeak(0.1);

    /**
     * Key bits one emulated second of {@link #LINK} puts into each pool.
     *
     * @return bits per second
     */
    public static double linkBitsPerSecond() {
        return KeyRateModel.evaluate(LINK, DECOY).secretKeyRateBps() * (1 - LinkSpec.DEFAULT_AUTHENTICATION_OVERHEAD);
    }

    /**
     * A link on its own manual clock.
     */
    @State(Scope.Thread)
    @SuppressFBWarnings(value = "UWF_FIELD_NOT_INITIALIZED_IN_CONSTRUCTOR",
        justification = "JMH calls setUp() before any benchmark method")
    public static class LinkState {
        @Param({"drbg", "seeded"})
        public String material;

        ManualClock clock;
        EmulatedLink link;

        @Setup(Level.Trial)
        public void setUp() {
            clock = new ManualClock(Instant.EPOCH);
            link = new EmulatedLink(new LinkSpec("bench", "a", "b", LINK, DECOY, LinkSpec.DEFAULT_BLOCK_BITS,
                LinkSpec.DEFAULT_POOL_BITS, LinkSpec.DEFAULT_AUTHENTICATION_OVERHEAD),
                "drbg".equals(material) ? KeyMaterial.secure() : KeyMaterial.seeded(1), clock);
        }
    }

    /**
     * Cipher state: keys, nonces and a buffer.
     */
    @State(Scope.Thread)
    @SuppressFBWarnings(value = "UWF_FIELD_NOT_INITIALIZED_IN_CONSTRUCTOR",
        justification = "JMH calls setUp() before any benchmark method")
    public static class CipherState {
        final byte[] input = new byte[BUFFER];
        final byte[] output = new byte[BUFFER + 16];
        Cipher aesCtr;
        Cipher chacha;
        SecureRandom drbg;
        final byte[] random = new byte[BUFFER];
        private final byte[] key = new byte[32];
        private final SecureRandom nonces = new SecureRandom();

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            nonces.nextBytes(key);
            nonces.nextBytes(input);
            aesCtr = Cipher.getInstance("AES/CTR/NoPadding");
            aesCtr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            chacha = Cipher.getInstance("ChaCha20");
            drbg = SecureRandom.getInstance("DRBG");
        }

        void rekeyChacha() throws GeneralSecurityException {
            // ChaCha20 refuses to reuse a key and nonce pair
            final var nonce = new byte[12];
            nonces.nextBytes(nonce);
            chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 1));
        }
    }

    @Benchmark
    public long linkSecond(final LinkState state) {
        state.clock.advance(Duration.ofSeconds(1));
        state.link.advance();
        final long stored = state.link.poolAt("a").storedBits();
        state.link.erasePools();
        return stored;
    }

    @Benchmark
    public int aesCtr(final CipherState state) throws GeneralSecurityException {
        return state.aesCtr.update(state.input, 0, BUFFER, state.output);
    }

    @Benchmark
    public int chacha20(final CipherState state) throws GeneralSecurityException {
        state.rekeyChacha();
        return state.chacha.update(state.input, 0, BUFFER, state.output);
    }

    @Benchmark
    public byte drbg(final CipherState state) {
        state.drbg.nextBytes(state.random);
        return state.random[0];
    }
}
