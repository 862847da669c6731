/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.opendaylight.qkd.keys.etsi014.CertificateTrust;
import org.opendaylight.qkd.keys.etsi014.SiteTls;

/**
 * The TLS of a KME towards other KMEs (ETSI GS QKD 020): TLS 1.3 only, its own certificate both as server and as
 * client, and the peers' certificates checked by {@link CertificateTrust} (a chain to the CAs given for KMEs, the
 * extended key usage of the role, the KME ID as CN and DNS subject alternative name, revocation lists, deny-list); a
 * client also checks that the server it reached is the KME it meant to call, so no key goes to anyone else.
 */
public final class KmeTls {
    /** The only protocol ETSI GS QKD 020 V1.1.1 allows (or later ones, which the JDK does not offer yet). */
    public static final String PROTOCOL = "TLSv1.3";

    /** TLS 1.3's suites, all AEAD with ephemeral key exchange. */
    public static final List<String> CIPHER_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256");

    private final KeyManagerFactory keys;
    private final CertificateTrust trust;

    /**
     * TLS from a key store and the KMEs' CAs, without revocation lists or deny-list.
     *
     * @param keyStore the KME's key and certificate (its CN and a DNS SAN are its KME ID)
     * @param password the key's password
     * @param trustStore the CAs whose KME certificates are accepted
     * @throws GeneralSecurityException when the stores cannot be used
     */
    public KmeTls(final KeyStore keyStore, final char[] password, final KeyStore trustStore)
            throws GeneralSecurityException {
        this(keyStore, password, CertificateTrust.of(trustStore));
    }

    /**
     * TLS from a key store and the rules for peers' certificates.
     *
     * @param keyStore the KME's key and certificate (its CN and a DNS SAN are its KME ID)
     * @param password the key's password
     * @param trust which KME certificates are accepted
     * @throws GeneralSecurityException when the key store cannot be used
     */
    public KmeTls(final KeyStore keyStore, final char[] password, final CertificateTrust trust)
            throws GeneralSecurityException {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        this.trust = requireNonNull(trust);
    }

    /**
     * The server's context: client certificates required.
     *
     * @return a Netty server context
     * @throws SSLException when it cannot be built
     */
    public SslContext serverContext() throws SSLException {
        return SiteTls.serverContext(keys, trust, List.of(PROTOCOL), CIPHER_SUITES);
    }

    /**
     * A client context for calls to one peer, on the {@link SiteTls#provider() key managers' TLS engine}: this KME's
     * certificate, the server's checked by {@link CertificateTrust#server} to name the peer, and its host name or
     * address checked against the URL called (endpoint identification {@code HTTPS}).
     *
     * @param peerKmeId the KME the server's certificate must name
     * @return a Netty client context
     * @throws SSLException when it cannot be built
     */
    public SslContext clientContext(final String peerKmeId) throws SSLException {
        return SslContextBuilder.forClient()
            .sslProvider(SiteTls.provider())
            .keyManager(keys)
            .trustManager(trust.server(peerKmeId))
            .protocols(PROTOCOL)
            .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
            .endpointIdentificationAlgorithm("HTTPS")
            .build();
    }
}
