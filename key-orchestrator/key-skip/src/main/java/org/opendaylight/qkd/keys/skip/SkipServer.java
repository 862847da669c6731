/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.opendaylight.qkd.keys.etsi014.HttpsListener;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;
import org.opendaylight.qkd.keys.plane.KeyDelivery;

/**
 * A site KME's SKIP endpoint (IETF draft-singh-skip): HTTPS whose TLS the client authenticates with a pre-shared
 * key, on its own port, answering from the same key store as the site's ETSI GS QKD 014 endpoint.
 */
public final class SkipServer implements AutoCloseable {
    // how long a connection may stay silent: under a minute, so that idle connections do not pile up
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final int MAX_BODY_BYTES = 1024;

    /**
     * The pre-shared keys of the site's encryptors: each identity is an encryptor's {@code localSystemID}, its SAE
     * ID.
     */
    @FunctionalInterface
    public interface PreSharedKeys {
        /**
         * The pre-shared key of an SAE.
         *
         * @param sae the identity the client named
         * @return a copy of its key, which the caller erases; empty when the SAE has none
         */
        Optional<byte[]> key(String sae);
    }

    private final HttpsListener listener;

    private SkipServer(final HttpsListener listener) {
        this.listener = listener;
    }

    /**
     * Starts the endpoint.
     *
     * @param keys the key store the SAEs take keys from
     * @param psks the encryptors' pre-shared keys
     * @param address where to listen; port 0 picks a free one
     * @param threads worker threads
     * @param random randomness for TLS and for {@code /entropy}
     * @param description what listens, for the log
     * @return the endpoint
     * @throws InterruptedException when interrupted while binding
     */
    public static SkipServer start(final KeyDelivery keys, final PreSharedKeys psks, final InetSocketAddress address,
            final int threads, final SecureRandom random, final String description) throws InterruptedException {
        requireNonNull(psks);
        final var crypto = new BcTlsCrypto(random);
        final var handler = new SkipHandler(keys, random);
        return new SkipServer(HttpsListener.listen(channel -> new PskTlsHandler(new PskTlsServer(crypto, psks)),
            address, threads, IDLE, MAX_BODY_BYTES, "skip", handler, description, ServerLimits.DEFAULT));
    }

    /**
     * Where it listens.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return listener.address();
    }

    @Override
    public void close() {
        listener.close();
    }
}
