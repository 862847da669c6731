/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which certificates a key manager accepts from SAEs or from other key managers: a chain to one of the CAs given
 * for them (the JDK's PKIX validation), the extended key usage of the role (clientAuth for whoever connects,
 * serverAuth for a server called), an identity in a subject alternative name ({@link SaeCertificates#saeId}), not
 * revoked by the certificate revocation lists given and not on the deny-list given.
 *
 * <p>The revocation lists and the deny-list are files that an operator replaces while the key manager runs: they are
 * read again when one of them changes (looked at no more often than every {@link #RELOAD_INTERVAL}). Once revocation
 * lists are given, a certificate whose issuer has none of them is refused: its status cannot be known. A file that
 * cannot be read keeps the last good state and is logged.
 */
public final class CertificateTrust {
    /** How often the revocation lists and the deny-list are looked at for changes, at most. */
    public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(CertificateTrust.class);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final KeyStore anchors;
    private final List<Path> revocationLists;
    private final @Nullable Path denyList;
    private final InstantSource clock;
    private volatile State state;
    private volatile Instant checkedAt;

    // the trust manager for the revocation lists of a moment, the denied fingerprints, and when the files were read
    private record State(X509ExtendedTrustManager base, Set<String> denied, Map<Path, Long> stamps) {
    }

    private CertificateTrust(final KeyStore anchors, final List<Path> revocationLists, final @Nullable Path denyList,
            final InstantSource clock) throws IOException, GeneralSecurityException {
        this.anchors = requireNonNull(anchors);
        this.revocationLists = List.copyOf(revocationLists);
        this.denyList = denyList;
        this.clock = requireNonNull(clock);
        state = load();
        checkedAt = clock.instant();
    }

    /**
     * Trust in the CAs of a trust store, without revocation lists or deny-list.
     *
     * @param anchors the CAs
     * @return the trust
     * @throws GeneralSecurityException when the store holds no CA
     */
    public static CertificateTrust of(final KeyStore anchors) throws GeneralSecurityException {
        try {
            return new CertificateTrust(anchors, List.of(), null, InstantSource.system());
        } catch (IOException e) {
            throw new IllegalStateException("no file was read", e);
        }
    }

    /**
     * Trust in the CAs of a trust store, with certificate revocation lists and a deny-list.
     *
     * @param anchors the CAs
     * @param revocationLists CRL files (PEM or DER), each possibly holding several lists; none turns revocation off
     * @param denyList a file of SHA-256 fingerprints of refused certificates (hex, colons allowed, one per line,
     *     {@code #} comments), or null
     * @return the trust
     * @throws IOException when a file cannot be read
     * @throws GeneralSecurityException when a file cannot be decoded, or the store holds no CA
     */
    public static CertificateTrust of(final KeyStore anchors, final List<Path> revocationLists,
            final @Nullable Path denyList) throws IOException, GeneralSecurityException {
        return of(anchors, revocationLists, denyList, InstantSource.system());
    }

    /**
     * Trust in the CAs of a trust store, with certificate revocation lists and a deny-list, looked at for changes by
     * the time of a clock.
     *
     * @param anchors the CAs
     * @param revocationLists CRL files (PEM or DER), each possibly holding several lists; none turns revocation off
     * @param denyList a file of SHA-256 fingerprints of refused certificates, or null
     * @param clock the time by which the files are looked at no more often than every {@link #RELOAD_INTERVAL}
     * @return the trust
     * @throws IOException when a file cannot be read
     * @throws GeneralSecurityException when a file cannot be decoded, or the store holds no CA
     */
    public static CertificateTrust of(final KeyStore anchors, final List<Path> revocationLists,
            final @Nullable Path denyList, final InstantSource clock) throws IOException, GeneralSecurityException {
        return new CertificateTrust(anchors, revocationLists, denyList, clock);
    }

    /**
     * The trust manager of a server for its clients: clientAuth required, the identity checked, servers' checks
     * refused.
     *
     * @return the trust manager
     */
    public X509ExtendedTrustManager clients() {
        return new Checking(null);
    }

    /**
     * The trust manager of a client calling one server: serverAuth required and the server's identity must be the
     * one expected; when it serves too (a key manager's own server), its clients are checked as {@link #clients()}.
     *
     * @param expectedId the identity the server's certificate must name
     * @return the trust manager
     */
    public X509ExtendedTrustManager server(final String expectedId) {
        return new Checking(requireNonNull(expectedId));
    }

    /**
     * The SHA-256 fingerprint of a certificate, as the deny-list holds it: lower-case hex without separators.
     *
     * @param certificate the certificate
     * @return its fingerprint
     */
    public static String fingerprint(final X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private State load() throws IOException, GeneralSecurityException {
        final var stamps = new HashMap<Path, Long>();
        final var crls = new ArrayList<CRL>();
        final var factory = CertificateFactory.getInstance("X.509");
        for (var file : revocationLists) {
            stamps.put(file, Files.getLastModifiedTime(file).toMillis());
            try (InputStream in = Files.newInputStream(file)) {
                final var read = factory.generateCRLs(in);
                if (read.isEmpty()) {
                    throw new GeneralSecurityException(file + " holds no certificate revocation list");
                }
                crls.addAll(read);
            }
        }
        final Set<String> denied;
        if (denyList != null) {
            stamps.put(denyList, Files.getLastModifiedTime(denyList).toMillis());
            denied = readDenyList(denyList);
        } else {
            denied = Set.of();
        }
        final var factoryTrust = TrustManagerFactory.getInstance("PKIX");
        if (crls.isEmpty()) {
            factoryTrust.init(anchors);
        } else {
            final var parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            final var checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
            // the lists given and nothing else: no OCSP, no download from distribution points
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                PKIXRevocationChecker.Option.NO_FALLBACK, PKIXRevocationChecker.Option.ONLY_END_ENTITY));
            parameters.setRevocationEnabled(true);
            parameters.addCertPathChecker(checker);
            factoryTrust.init(new CertPathTrustManagerParameters(parameters));
        }
        for (var manager : factoryTrust.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return new State(extended, denied, Map.copyOf(stamps));
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static Set<String> readDenyList(final Path file) throws IOException {
        final var fingerprints = new HashSet<String>();
        int number = 0;
        for (var line : Files.readAllLines(file)) {
            number++;
            final int comment = line.indexOf('#');
            final var text = (comment < 0 ? line : line.substring(0, comment)).strip().replace(":", "")
                .toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                continue;
            }
            if (!text.matches("[0-9a-f]{64}")) {
                throw new IOException(file + " line " + number + ": not a SHA-256 fingerprint: " + text);
            }
            fingerprints.add(text);
        }
        return Set.copyOf(fingerprints);
    }

    // the state of now: read again when a file changed since it was last read
    private State current() {
        if (revocationLists.isEmpty() && denyList == null) {
            return state;
        }
        final var now = clock.instant();
        if (!isDue(checkedAt, now)) {
            return state;
        }
        synchronized (this) {
            if (!isDue(checkedAt, now)) {
                return state;
            }
            checkedAt = now;
            final var known = state;
            try {
                for (var entry : known.stamps().entrySet()) {
                    if (Files.getLastModifiedTime(entry.getKey()).toMillis() != entry.getValue()) {
                        state = load();
                        LOG.info("Certificate revocation lists and deny-list read again: {} certificates denied",
                            state.denied().size());
                        break;
                    }
                }
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("Certificate revocation lists or deny-list cannot be read again; the last ones stand: {}",
                    e.getMessage());
            }
            return state;
        }
    }

    // the files are looked at again once the interval has passed, or when the clock went back (set by an operator)
    private static boolean isDue(final Instant checkedAt, final Instant now) {
        return now.isBefore(checkedAt) || !now.isBefore(checkedAt.plus(RELOAD_INTERVAL));
    }

    private static void requirePurpose(final X509Certificate certificate, final String purpose, final String name)
            throws CertificateException {
        final List<String> purposes;
        try {
            purposes = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException("the certificate's extended key usage cannot be read", e);
        }
        if (purposes == null || !purposes.contains(purpose)) {
            throw new CertificateException("the certificate of " + certificate.getSubjectX500Principal()
                + " lacks the extended key usage " + name);
        }
    }

    /**
     * The checks beyond the JDK's, after them.
     */
    private final class Checking extends X509ExtendedTrustManager {
        private final @Nullable String expectedServer;

        Checking(final @Nullable String expectedServer) {
            this.expectedServer = expectedServer;
        }

        private static X509Certificate leaf(final X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no certificate");
            }
            return chain[0];
        }

        private void checkClient(final State at, final X509Certificate[] chain) throws CertificateException {
            final var certificate = leaf(chain);
            requirePurpose(certificate, CLIENT_AUTH, "clientAuth");
            checkIdentity(at, certificate, null);
        }

        private void checkServer(final State at, final X509Certificate[] chain) throws CertificateException {
            final var expected = expectedServer;
            if (expected == null) {
                throw new CertificateException("this trust manager checks clients only");
            }
            final var certificate = leaf(chain);
            requirePurpose(certificate, SERVER_AUTH, "serverAuth");
            checkIdentity(at, certificate, expected);
        }

        private static void checkIdentity(final State at, final X509Certificate certificate,
                final @Nullable String expected) throws CertificateException {
            final var named = SaeCertificates.saeId(certificate);
            if (named.isEmpty()) {
                throw new CertificateException("the certificate of " + certificate.getSubjectX500Principal()
                    + " does not name its ID both as CN and as a DNS subject alternative name");
            }
            if (expected != null && !expected.equals(named.orElseThrow())) {
                throw new CertificateException("the server is " + named.orElseThrow() + ", not " + expected);
            }
            if (!at.denied().isEmpty() && at.denied().contains(fingerprint(certificate))) {
                throw new CertificateException("the certificate of " + named.orElseThrow() + " is on the deny-list");
            }
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
                throws CertificateException {
            final var at = current();
            at.base().checkClientTrusted(chain, authType, socket);
            checkClient(at, chain);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
                throws CertificateException {
            final var at = current();
            at.base().checkClientTrusted(chain, authType, engine);
            checkClient(at, chain);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
                throws CertificateException {
            final var at = current();
            at.base().checkClientTrusted(chain, authType);
            checkClient(at, chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
                throws CertificateException {
            final var at = current();
            at.base().checkServerTrusted(chain, authType, socket);
            checkServer(at, chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
                throws CertificateException {
            final var at = current();
            at.base().checkServerTrusted(chain, authType, engine);
            checkServer(at, chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
                throws CertificateException {
            final var at = current();
            at.base().checkServerTrusted(chain, authType);
            checkServer(at, chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return current().base().getAcceptedIssuers();
        }
    }
}
