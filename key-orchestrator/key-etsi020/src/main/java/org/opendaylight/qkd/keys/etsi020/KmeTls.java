/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.opendaylight.qkd.keys.etsi014.SaeCertificates;

/**
 * The TLS of a KME towards other KMEs (ETSI GS QKD 020): TLS 1.3 only, its own certificate both as server and as
 * client, and the peers' certificates checked against the trusted CAs; a client also checks that the server it
 * reached is the KME it meant to call (the certificate's common name), so no key goes to anyone else.
 */
public final class KmeTls {
    /** The only protocol ETSI GS QKD 020 V1.1.1 allows (or later ones, which the JDK does not offer yet). */
    public static final String PROTOCOL = "TLSv1.3";

    private final KeyManagerFactory keys;
    private final TrustManagerFactory trust;

    /**
     * TLS from key stores.
     *
     * @param keyStore the KME's key and certificate (its CN is its KME ID)
     * @param password the key's password
     * @param trustStore the CAs whose KME certificates are accepted
     * @throws GeneralSecurityException when the stores cannot be used
     */
    public KmeTls(final KeyStore keyStore, final char[] password, final KeyStore trustStore)
            throws GeneralSecurityException {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
    }

    /**
     * The server's context: client certificates required.
     *
     * @return a Netty server context
     * @throws SSLException when it cannot be built
     */
    public SslContext serverContext() throws SSLException {
        return SslContextBuilder.forServer(keys)
            .trustManager(trust)
            .clientAuth(ClientAuth.REQUIRE)
            .protocols(PROTOCOL)
            .build();
    }

    /**
     * A client context for calls to one peer.
     *
     * @param peerKmeId the KME the server's certificate must name
     * @return a JDK context
     * @throws GeneralSecurityException when it cannot be built
     */
    public SSLContext clientContext(final String peerKmeId) throws GeneralSecurityException {
        X509ExtendedTrustManager base = null;
        for (var manager : trust.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                base = extended;
                break;
            }
        }
        if (base == null) {
            throw new GeneralSecurityException("no X.509 trust manager");
        }
        final var context = SSLContext.getInstance(PROTOCOL);
        context.init(keys.getKeyManagers(), new X509TrustManager[] { new PeerTrust(base, peerKmeId) }, null);
        return context;
    }

    /**
     * The default checks, then the server's KME ID.
     */
    private static final class PeerTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager base;
        private final String peer;

        PeerTrust(final X509ExtendedTrustManager base, final String peer) {
            this.base = requireNonNull(base);
            this.peer = requireNonNull(peer);
        }

        private void checkPeer(final X509Certificate[] chain) throws CertificateException {
            final var named = SaeCertificates.saeId(chain[0]);
            if (named.isEmpty() || !named.orElseThrow().equals(peer)) {
                throw new CertificateException("the server is " + named.orElse("no KME") + ", not KME " + peer);
            }
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
                throws CertificateException {
            base.checkServerTrusted(chain, authType, socket);
            checkPeer(chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
                throws CertificateException {
            base.checkServerTrusted(chain, authType, engine);
            checkPeer(chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
                throws CertificateException {
            base.checkServerTrusted(chain, authType);
            checkPeer(chain);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
                throws CertificateException {
            base.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
                throws CertificateException {
            base.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
                throws CertificateException {
            base.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return base.getAcceptedIssuers();
        }
    }
}
