/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.etsi014.CertificateTrust;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.SaeCertificates;
import org.opendaylight.qkd.keys.etsi014.SiteTls;
import org.opendaylight.qkd.keys.etsi020.KmeTls;
import org.opendaylight.qkd.keys.site.KeyEncryptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of the key managers of a sites process: the operator's ({@link #files}) or a demo PKI made here
 * ({@link #demo}, loopback only). Every private key file must be its owner's only and every directory holding them
 * closed to others, checked when opened: a key file others may read stops the start.
 */
abstract sealed class SitePki {
    private static final Logger LOG = LoggerFactory.getLogger(SitePki.class);
    private static final EnumSet<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /**
     * A demo PKI in {@code directory} (made when missing), its CA key in {@code caDirectory}.
     *
     * @param directory the certificates and the entities' keys
     * @param caDirectory the CA's key, outside {@code directory}
     * @param password the PKCS#12 files' password
     * @return the PKI
     * @throws IOException when the files cannot be read or written, or a key file is open to others
     * @throws GeneralSecurityException when they cannot be decoded
     */
    static SitePki demo(final Path directory, final Path caDirectory, final String password) throws IOException,
            GeneralSecurityException {
        final var pki = DemoPki.open(directory, caDirectory, password, List.of());
        // the demo's controller's HTTPS certificate, from the same CA (scripts/run.sh, scripts/cluster.sh)
        pki.controllerKeyStore();
        checkPrivate(caDirectory, List.of(caDirectory.resolve("ca.p12")));
        checkKeyFiles(directory);
        return new Demo(pki, password.toCharArray());
    }

    /**
     * The operator's certificates in a directory: {@code kme/<node>.p12} (each node's key and certificate, CN and
     * DNS SAN the node's name, serverAuth and clientAuth: the ETSI GS QKD 014 server's and the KME's towards other
     * KMEs), {@code sae-ca.pem} (the CAs of SAE certificates, for them only), {@code kme-ca.pem} (the CAs of the
     * KMEs' certificates), optionally {@code crl/} (revocation lists of these CAs, PEM or DER; given, each CA needs
     * one), {@code deny-list} (SHA-256 fingerprints of refused certificates) and {@code sae/<sae-id>.p12} (the
     * key managers' client certificates at QKD devices that deliver link keys over ETSI GS QKD 014).
     *
     * @param directory the directory
     * @param password the PKCS#12 files' password
     * @return the PKI
     * @throws IOException when a file cannot be read, or a key file is open to others
     * @throws GeneralSecurityException when a file cannot be decoded
     */
    static SitePki files(final Path directory, final String password) throws IOException, GeneralSecurityException {
        checkKeyFiles(directory);
        final var crlDirectory = directory.resolve("crl");
        final var crls = new ArrayList<Path>();
        if (Files.isDirectory(crlDirectory)) {
            try (Stream<Path> files = Files.list(crlDirectory)) {
                files.filter(Files::isRegularFile).sorted().forEach(crls::add);
            }
        }
        final var denyFile = directory.resolve("deny-list");
        final var denyList = Files.exists(denyFile) ? denyFile : null;
        final var saes = CertificateTrust.of(certificates(directory.resolve("sae-ca.pem")), crls, denyList);
        final var kmes = CertificateTrust.of(certificates(directory.resolve("kme-ca.pem")), crls, denyList);
        LOG.info("Key managers' certificates from {}: {} revocation lists, {}", directory, crls.size(),
            denyList == null ? "no deny-list" : "deny-list " + denyList);
        return new OperatorFiles(directory, password.toCharArray(), saes, kmes);
    }

    /**
     * Whether this is the demo PKI.
     *
     * @return true for the demo PKI
     */
    abstract boolean isDemo();

    /**
     * A node's TLS towards other KMEs.
     *
     * @param node the node, its KME ID
     * @return its TLS
     * @throws IOException when its key store cannot be read
     * @throws GeneralSecurityException when it cannot be decoded or does not name the node
     */
    abstract KmeTls kmeTls(String node) throws IOException, GeneralSecurityException;

    /**
     * A node's ETSI GS QKD 014 server context.
     *
     * @param node the node
     * @return the context
     * @throws IOException when its key store cannot be read
     * @throws GeneralSecurityException when it cannot be decoded
     */
    abstract SslContext saeServer(String node) throws IOException, GeneralSecurityException;

    /**
     * The client context of a key manager at its QKD devices' ETSI GS QKD 014 endpoints.
     *
     * @param saeId the SAE ID the devices know the key manager by
     * @param deviceCa PEM certificates of the devices' CAs, or null
     * @return the context
     * @throws IOException when a file cannot be read
     * @throws GeneralSecurityException when it cannot be decoded
     */
    abstract SSLContext deviceClient(String saeId, @Nullable Path deviceCa) throws IOException,
        GeneralSecurityException;

    /**
     * Makes sure an SAE a node serves can present a certificate: the demo PKI makes one; with the operator's
     * certificates, the SAE must hold one of the SAEs' CA.
     *
     * @param node the node
     * @param saeId the SAE
     */
    abstract void enrol(String node, String saeId);

    /**
     * Where SAE certificates are, for the operator.
     *
     * @return a description
     */
    abstract String saeCertificates();

    // the private key files under a directory: every *.p12, *.key and the directories holding them
    private static void checkKeyFiles(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        final var keyFiles = new ArrayList<Path>();
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                .filter(file -> file.getFileName().toString().endsWith(".p12")
                    || file.getFileName().toString().endsWith(".key"))
                .forEach(keyFiles::add);
        }
        checkPrivate(directory, keyFiles);
    }

    private static void checkPrivate(final Path root, final List<Path> keyFiles) throws IOException {
        for (var file : keyFiles) {
            KeyEncryptionKey.checkPrivate(file);
            for (var parent = file.getParent(); parent != null && parent.startsWith(root);
                    parent = parent.getParent()) {
                checkPrivateDirectory(parent);
            }
        }
    }

    /**
     * Checks that a directory holding private keys is its owner's only.
     *
     * @param directory the directory
     * @throws IOException when others may access it
     */
    static void checkPrivateDirectory(final Path directory) throws IOException {
        final var permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        final var open = EnumSet.copyOf(OTHERS);
        open.retainAll(permissions);
        if (!open.isEmpty()) {
            throw new IOException("directory " + directory + " holds private keys and may be accessed by others ("
                + PosixFilePermissions.toString(permissions) + "); allow its owner only, for example chmod 700");
        }
    }

    private static KeyStore certificates(final Path pem) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(pem)) {
            throw new IOException(pem + " is missing: it names the CAs whose certificates are accepted");
        }
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int index = 0;
        try (InputStream in = Files.newInputStream(pem)) {
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
        }
        if (index == 0) {
            throw new IOException(pem + " holds no certificate");
        }
        return store;
    }

    private static KeyManagerFactory keyManagers(final KeyStore store, final char[] password)
            throws GeneralSecurityException {
        final var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    /**
     * The demo PKI.
     */
    private static final class Demo extends SitePki {
        private final DemoPki pki;
        private final char[] password;

        Demo(final DemoPki pki, final char[] password) {
            this.pki = requireNonNull(pki);
            this.password = password;
        }

        @Override
        boolean isDemo() {
            return true;
        }

        @Override
        KmeTls kmeTls(final String node) throws IOException, GeneralSecurityException {
            return new KmeTls(DemoPki.loadKeyStore(pki.kmeKeyStore(node), password), password, pki.trustStore());
        }

        @Override
        SslContext saeServer(final String node) throws IOException, GeneralSecurityException {
            return pki.serverContext();
        }

        @Override
        SSLContext deviceClient(final String saeId, final @Nullable Path deviceCa) throws IOException,
                GeneralSecurityException {
            final var trust = pki.trustStore();
            if (deviceCa != null) {
                final var devices = certificates(deviceCa);
                for (var alias : Collections.list(devices.aliases())) {
                    trust.setCertificateEntry("device-" + alias, devices.getCertificate(alias));
                }
            }
            return DemoPki.clientContext(pki.clientKeyStore(saeId), password, trust);
        }

        @Override
        void enrol(final String node, final String saeId) {
            try {
                pki.clientKeyStore(saeId);
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("Node {}: no certificate made for SAE {}", node, saeId, e);
            }
        }

        @Override
        String saeCertificates() {
            return "demo PKI (made for each SAE a node serves once an application names it): "
                + pki.caCertificateFile().resolveSibling("sae") + "/<sae-id>.crt, .key and .p12; CA "
                + pki.caCertificateFile();
        }
    }

    /**
     * The operator's certificates.
     */
    private static final class OperatorFiles extends SitePki {
        private final Path directory;
        private final char[] password;
        private final CertificateTrust saes;
        private final CertificateTrust kmes;

        OperatorFiles(final Path directory, final char[] password, final CertificateTrust saes,
                final CertificateTrust kmes) {
            this.directory = requireNonNull(directory);
            this.password = password;
            this.saes = requireNonNull(saes);
            this.kmes = requireNonNull(kmes);
        }

        @Override
        boolean isDemo() {
            return false;
        }

        private KeyStore kmeStore(final String node) throws IOException, GeneralSecurityException {
            final var file = directory.resolve("kme").resolve(node + ".p12");
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: node " + node + "'s key and certificate");
            }
            KeyEncryptionKey.checkPrivate(file);
            final var store = DemoPki.loadKeyStore(file, password);
            for (var alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    final var named = SaeCertificates.saeId(certificate);
                    if (named.isEmpty() || !named.orElseThrow().equals(node)) {
                        throw new GeneralSecurityException(file + " names " + named.orElse("no valid ID")
                            + " (CN and DNS subject alternative name), not node " + node);
                    }
                    return store;
                }
            }
            throw new GeneralSecurityException(file + " holds no key");
        }

        @Override
        KmeTls kmeTls(final String node) throws IOException, GeneralSecurityException {
            return new KmeTls(kmeStore(node), password, kmes);
        }

        @Override
        SslContext saeServer(final String node) throws IOException, GeneralSecurityException {
            return SiteTls.serverContext(keyManagers(kmeStore(node), password), saes);
        }

        @Override
        SSLContext deviceClient(final String saeId, final @Nullable Path deviceCa) throws IOException,
                GeneralSecurityException {
            if (deviceCa == null) {
                throw new IOException("links whose devices deliver the key need --device-ca with the devices' CAs");
            }
            final var file = directory.resolve("sae").resolve(saeId + ".p12");
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: the key manager's certificate as SAE " + saeId
                    + " of its QKD devices");
            }
            KeyEncryptionKey.checkPrivate(file);
            return DemoPki.clientContext(file, password, certificates(deviceCa));
        }

        @Override
        void enrol(final String node, final String saeId) {
            LOG.debug("Node {}: SAE {} presents a certificate of the SAEs' CA", node, saeId);
        }

        @Override
        String saeCertificates() {
            return "SAE certificates from the CAs of " + directory.resolve("sae-ca.pem");
        }
    }
}
