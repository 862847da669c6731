/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static java.util.Objects.requireNonNull;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The server side of one SKIP connection's TLS: the client proves it holds the pre-shared key of its identity, and
 * both ends agree on an ephemeral (EC)DHE secret besides, so that a key that leaks later does not open recorded
 * sessions. TLS 1.3 with {@code TLS_AES_256_GCM_SHA384} (SKIP's required mode; an external PSK in
 * {@code psk_dhe_ke} mode), or TLS 1.2 with the (EC)DHE_PSK AES-256 suites: the GCM ones of RFC 8442 and RFC 5487,
 * and {@code TLS_DHE_PSK_WITH_AES_256_CBC_SHA384}, the one SKIP recommends for TLS 1.2. No suite without forward
 * secrecy and none with SHA-1.
 */
final class PskTlsServer extends PSKTlsServer {
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA384,
    };

    private final SkipServer.PreSharedKeys keys;
    private volatile @Nullable String identity;

    PskTlsServer(final TlsCrypto crypto, final SkipServer.PreSharedKeys keys) {
        super(crypto, new IdentityManager(keys));
        this.keys = requireNonNull(keys);
        ((IdentityManager) pskIdentityManager).server = this;
    }

    /**
     * The identity whose key the handshake uses, once the client named a known one.
     *
     * @return the identity, null before
     */
    @Nullable String identity() {
        return identity;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public TlsPSKExternal getExternalPSK(final Vector clientIdentities) {
        // TLS 1.3: the first identity the client offers that has a key here
        for (var offered : clientIdentities) {
            if (offered instanceof PskIdentity pskIdentity) {
                final var name = new String(pskIdentity.getIdentity(), StandardCharsets.UTF_8);
                final var found = keys.key(name);
                if (found.isPresent()) {
                    final var key = found.orElseThrow();
                    try {
                        identity = name;
                        return new BasicTlsPSKExternal(pskIdentity.getIdentity(), getCrypto().createSecret(key),
                            PRFAlgorithm.tls13_hkdf_sha384);
                    } finally {
                        Arrays.fill(key, (byte) 0);
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void notifyAlertRaised(final short alertLevel, final short alertDescription, final String message,
            final Throwable cause) {
        if (alertDescription != AlertDescription.close_notify) {
            identity = null;
        }
    }

    // TLS 1.2: the key of the identity in the client's key exchange
    private static final class IdentityManager implements TlsPSKIdentityManager {
        private final SkipServer.PreSharedKeys keys;
        @Nullable PskTlsServer server;

        IdentityManager(final SkipServer.PreSharedKeys keys) {
            this.keys = keys;
        }

        @Override
        @SuppressFBWarnings(value = "PZLA_PREFER_ZERO_LENGTH_ARRAYS", justification = "Bouncy Castle's API: null is no "
            + "hint")
        public byte[] getHint() {
            return null;
        }

        @Override
        public byte[] getPSK(final byte[] identity) {
            final var name = new String(identity, StandardCharsets.UTF_8);
            final var key = keys.key(name);
            if (key.isPresent() && server != null) {
                server.identity = name;
            }
            // null: an unknown identity, which Bouncy Castle refuses with unknown_psk_identity
            return key.orElse(null);
        }
    }
}
