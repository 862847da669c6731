/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS a key manager offers its SAEs: TLS 1.3, and TLS 1.2 only with ephemeral elliptic-curve Diffie-Hellman and
 * AEAD suites, named one by one (no suite without forward secrecy, none with CBC); client certificates required and
 * checked by {@link CertificateTrust#clients()}.
 */
public final class SiteTls {
    /** The protocols offered. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The suites offered, in order of preference: TLS 1.3's, then TLS 1.2's ECDHE with AES-GCM or ChaCha20. */
    public static final List<String> CIPHER_SUITES = List.of(
        "TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final Logger LOG = LoggerFactory.getLogger(SiteTls.class);
    private static final SslProvider PROVIDER = chooseProvider();

    private SiteTls() {
        // static functions only
    }

    /**
     * The server context of a key manager's ETSI GS QKD 014 endpoint.
     *
     * @param keys the key manager's key and certificate
     * @param saes which SAE certificates are accepted
     * @return a Netty server context
     * @throws SSLException when it cannot be built
     */
    public static SslContext serverContext(final KeyManagerFactory keys, final CertificateTrust saes)
            throws SSLException {
        return serverContext(keys, saes, PROTOCOLS, CIPHER_SUITES);
    }

    /**
     * The server context of one of a key manager's endpoints (ETSI GS QKD 014 for its SAEs, 020 for its peers), on
     * the {@link #provider() key managers' TLS engine}: client certificates required.
     *
     * @param keys the key manager's key and certificate
     * @param clients which client certificates are accepted
     * @param protocols the protocols offered
     * @param suites the suites offered, in order of preference
     * @return a Netty server context
     * @throws SSLException when it cannot be built
     */
    public static SslContext serverContext(final KeyManagerFactory keys, final CertificateTrust clients,
            final List<String> protocols, final List<String> suites) throws SSLException {
        return SslContextBuilder.forServer(requireNonNull(keys))
            .sslProvider(provider())
            .trustManager(clients.clients())
            .clientAuth(ClientAuth.REQUIRE)
            .protocols(protocols)
            .ciphers(suites, SupportedCipherSuiteFilter.INSTANCE)
            .build();
    }

    /**
     * The TLS engine of the key managers, their servers (ETSI GS QKD 014 and 020) and their ETSI GS QKD 020 client:
     * BoringSSL, from netty-tcnative, which the key managers' programs ship with for Linux, macOS and Windows on x86-64
     * and ARM64; the JDK's own engine only where that native library cannot load (then a warning says why). With the
     * JDK's engine, TLS took 27 % of the sites' processor time at full load.
     *
     * @return the provider every TLS context of a key manager uses
     */
    public static SslProvider provider() {
        return PROVIDER;
    }

    private static SslProvider chooseProvider() {
        if (OpenSsl.isAvailable()) {
            LOG.info("key managers' TLS: {}", OpenSsl.versionString());
            return SslProvider.OPENSSL;
        }
        LOG.warn("key managers' TLS: the JDK's engine, BoringSSL (netty-tcnative) cannot load here",
            OpenSsl.unavailabilityCause());
        return SslProvider.JDK;
    }
}
