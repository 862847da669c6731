/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A demo PKI for the ETSI GS QKD 014 endpoint, made with Bouncy Castle: a CA, the server's certificate and one
 * client certificate per SAE (its SAE ID as CN), all ECDSA P-256, kept in a directory so that they survive restarts.
 * For demonstrations and tests only: the private keys are stored unencrypted. Production loads its own key stores.
 *
 * <p>Layout: {@code ca.crt}, {@code server.p12}, {@code kme/<id>.p12} for each KME, and for each SAE
 * {@code sae/<id>.crt}, {@code sae/<id>.key} (PKCS#8 PEM, for curl) and {@code sae/<id>.p12} (for Java clients).
 * The PKCS#12 files use the password given at creation. The CA and its key ({@code ca.p12}) are in a directory apart.
 * SAE and KME certificates name their ID as CN and as a DNS subject alternative name.
 */
public final class DemoPki {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPki.class);
    // private keys: files rw------- and directories rwx------, whatever the umask
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final String CA_ALIAS = "ca";
    private static final String ENTITY_ALIAS = "entity";
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path directory;
    private final char[] password;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final SecureRandom random = new SecureRandom();
    // guarded by this: key stores known to name their ID
    private final Set<Path> checked = new HashSet<>();

    private DemoPki(final Path directory, final char[] password, final KeyPair caKeys,
            final X509Certificate caCertificate) {
        this.directory = directory;
        this.password = password;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
    }

    /**
     * Opens the PKI in a directory, its CA's key in the directory beside it named as it with {@code -ca} added,
     * creating the CA and the server's certificate when they are not there yet.
     *
     * @param directory where the certificates and the entities' keys live
     * @param password the PKCS#12 files' password
     * @param serverNames DNS names and IP addresses the server's certificate names besides localhost and loopback
     * @return the PKI
     * @throws IOException when the files cannot be read or written
     * @throws GeneralSecurityException when the files cannot be decoded, or keys cannot be made
     */
    public static DemoPki open(final Path directory, final String password, final List<String> serverNames)
            throws IOException, GeneralSecurityException {
        final var absolute = directory.toAbsolutePath().normalize();
        return open(absolute, absolute.resolveSibling(absolute.getFileName() + "-ca"), password, serverNames);
    }

    /**
     * Opens the PKI in a directory, creating the CA and the server's certificate when they are not there yet. The
     * CA's key is kept apart from the certificates and keys that the key managers read ({@code caDirectory}, which
     * must not be inside {@code directory}); a CA key left in {@code directory} by an earlier version is moved there.
     *
     * @param directory where the certificates and the entities' keys live
     * @param caDirectory where the CA's key lives
     * @param password the PKCS#12 files' password
     * @param serverNames DNS names and IP addresses the server's certificate names besides localhost and loopback
     * @return the PKI
     * @throws IOException when the files cannot be read or written
     * @throws GeneralSecurityException when the files cannot be decoded, or keys cannot be made
     * @throws IllegalArgumentException when the CA's directory is inside the PKI's
     */
    public static DemoPki open(final Path directory, final Path caDirectory, final String password,
            final List<String> serverNames) throws IOException, GeneralSecurityException {
        if (caDirectory.toAbsolutePath().normalize().startsWith(directory.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the demo CA's key must not be inside " + directory + ": "
                + caDirectory);
        }
        final var pass = password.toCharArray();
        final var caFile = caDirectory.resolve("ca.p12");
        final var legacy = directory.resolve("ca.p12");
        if (Files.exists(legacy) && !Files.exists(caFile)) {
            Files.createDirectories(caDirectory, OWNER_ONLY_DIRECTORY);
            Files.move(legacy, caFile);
            LOG.info("Demo CA key moved from {} to {}", legacy, caFile);
        }
        // the demo's own directories, made before private keys were kept to their owner: closed to others now
        for (var own : List.of(directory, directory.resolve("sae"), directory.resolve("kme"))) {
            if (Files.isDirectory(own)) {
                Files.setPosixFilePermissions(own, OWNER_ONLY_DIRECTORY.value());
            }
        }
        if (Files.exists(caFile)) {
            final var store = loadKeyStore(caFile, pass);
            final var key = store.getKey(CA_ALIAS, pass);
            final var certificate = store.getCertificate(CA_ALIAS);
            if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
                throw new GeneralSecurityException(caFile + " holds no CA key and certificate under alias "
                    + CA_ALIAS);
            }
            final var pki = new DemoPki(directory, pass, new KeyPair(x509.getPublicKey(), privateKey), x509);
            // the certificates' directory made again beside a CA kept apart
            Files.createDirectories(directory.resolve("sae"), OWNER_ONLY_DIRECTORY);
            if (!Files.exists(directory.resolve("ca.crt"))) {
                writePem(directory.resolve("ca.crt"), x509);
            }
            if (!Files.exists(directory.resolve("server.p12"))) {
                pki.issueServer(serverNames);
            }
            return pki;
        }
        if (Files.exists(directory.resolve("ca.crt"))) {
            throw new GeneralSecurityException(directory + " holds a CA certificate but its key is not in "
                + caDirectory + ": the certificates issued could not be trusted any more; give the CA's directory, "
                + "or remove " + directory + " to start a new demo PKI");
        }
        Files.createDirectories(directory.resolve("sae"), OWNER_ONLY_DIRECTORY);
        Files.createDirectories(caDirectory, OWNER_ONLY_DIRECTORY);
        final var keys = newKeyPair();
        final var now = Instant.now();
        final var name = new X500Name("CN=QKD suite demo CA");
        final var builder = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), name, keys.getPublic());
        final var utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
            utils.createSubjectKeyIdentifier(keys.getPublic()));
        final var certificate = sign(builder, keys.getPrivate());
        final var pki = new DemoPki(directory, pass, keys, certificate);
        pki.store(caFile, CA_ALIAS, keys.getPrivate(), certificate);
        writePem(directory.resolve("ca.crt"), certificate);
        pki.issueServer(serverNames);
        return pki;
    }

    private void issueServer(final List<String> serverNames) throws IOException, GeneralSecurityException {
        final var names = new ArrayList<GeneralName>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        for (var serverName : serverNames) {
            final boolean address = serverName.matches("[0-9.]+|[0-9A-Fa-f:]+") && serverName.indexOf('.') != 0;
            names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, serverName));
        }
        issue("CN=QKD suite ETSI 014 KME", new GeneralNames(names.toArray(GeneralName[]::new)),
            new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth }, directory.resolve("server.p12"), null);
    }

    /**
     * The certificate of a KME towards other KMEs (ETSI GS QKD 020), made when it does not exist yet: server and
     * client authentication, the KME ID as CN, localhost and loopback as names.
     *
     * @param kmeId the KME ID, its certificate's CN
     * @return the PKCS#12 file holding the KME's key and certificate
     * @throws IOException when the files cannot be written
     * @throws GeneralSecurityException when the certificate cannot be made
     * @throws IllegalArgumentException when the KME ID is not valid
     */
    public synchronized Path kmeKeyStore(final String kmeId) throws IOException, GeneralSecurityException {
        if (!SaeCertificates.isValid(kmeId)) {
            throw new IllegalArgumentException("not a valid KME ID: " + kmeId);
        }
        final var file = directory.resolve("kme").resolve(kmeId + ".p12");
        if (!names(file, kmeId)) {
            Files.createDirectories(file.getParent(), OWNER_ONLY_DIRECTORY);
            issue("CN=" + kmeId, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, kmeId),
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")
            }), new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }, file, null);
            checked.add(file);
        }
        return file;
    }

    /**
     * The HTTPS certificate of the demo's controller, made when it does not exist yet ({@code controller.p12}):
     * {@code scripts/run.sh} and {@code scripts/cluster.sh} give it to the distribution's first start, so that one
     * CA certificate ({@link #caCertificateFile()}) lets a client trust the controller and the key managers alike.
     * RSA, 3072 bits (RESTCONF's Netty endpoint of this OpenDaylight release refuses EC keys), serverAuth, and as names
     * {@code localhost} and the loopback addresses of the three cluster members.
     *
     * @return the PKCS#12 file holding the controller's key and certificate
     * @throws IOException when the files cannot be written
     * @throws GeneralSecurityException when the certificate cannot be made
     */
    public synchronized Path controllerKeyStore() throws IOException, GeneralSecurityException {
        final var file = directory.resolve("controller.p12");
        if (!Files.exists(file)) {
            final var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072, random);
            issue("CN=QKD suite demo controller", new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.2"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.3"),
                new GeneralName(GeneralName.iPAddress, "::1")
            }), new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth }, file, null, generator.generateKeyPair());
        }
        return file;
    }

    /**
     * The client certificate of an SAE, made when it does not exist yet.
     *
     * @param saeId the SAE ID, its certificate's CN
     * @return the PKCS#12 file holding the SAE's key and certificate
     * @throws IOException when the files cannot be written
     * @throws GeneralSecurityException when the certificate cannot be made
     * @throws IllegalArgumentException when the SAE ID is not valid
     */
    public synchronized Path clientKeyStore(final String saeId) throws IOException, GeneralSecurityException {
        if (!SaeCertificates.isValid(saeId)) {
            throw new IllegalArgumentException("not a valid SAE ID: " + saeId);
        }
        final var file = directory.resolve("sae").resolve(saeId + ".p12");
        if (!names(file, saeId)) {
            Files.createDirectories(file.getParent(), OWNER_ONLY_DIRECTORY);
            issue("CN=" + saeId, new GeneralNames(new GeneralName(GeneralName.dNSName, saeId)),
                new KeyPurposeId[] { KeyPurposeId.id_kp_clientAuth }, file, directory.resolve("sae").resolve(saeId));
            checked.add(file);
        }
        return file;
    }

    // whether a key store exists and its certificate names an ID as SaeCertificates wants it (earlier versions made
    // certificates without the ID as a subject alternative name: those are made again); each file opened once, the
    // ones that did are remembered (also the ones this PKI made)
    private boolean names(final Path keyStore, final String id) throws IOException, GeneralSecurityException {
        if (checked.contains(keyStore)) {
            return true;
        }
        if (!Files.exists(keyStore)) {
            return false;
        }
        final var certificate = loadKeyStore(keyStore, password).getCertificate(ENTITY_ALIAS);
        final boolean names = certificate instanceof X509Certificate x509
            && SaeCertificates.saeId(x509).filter(id::equals).isPresent();
        if (names) {
            checked.add(keyStore);
        }
        return names;
    }

    private void issue(final String subject, final @Nullable GeneralNames alternativeNames,
            final KeyPurposeId[] purposes, final Path keyStore, final @Nullable Path pemBase)
            throws IOException, GeneralSecurityException {
        issue(subject, alternativeNames, purposes, keyStore, pemBase, newKeyPair());
    }

    private void issue(final String subject, final @Nullable GeneralNames alternativeNames,
            final KeyPurposeId[] purposes, final Path keyStore, final @Nullable Path pemBase, final KeyPair keys)
            throws IOException, GeneralSecurityException {
        final var now = Instant.now();
        final var builder = new JcaX509v3CertificateBuilder(caCertificate, serial(random),
            Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), new X500Name(subject),
            keys.getPublic());
        final var utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
            utils.createAuthorityKeyIdentifier(caCertificate));
        if (alternativeNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
        }
        final var certificate = sign(builder, caKeys.getPrivate());
        store(keyStore, ENTITY_ALIAS, keys.getPrivate(), certificate, caCertificate);
        if (pemBase != null) {
            final var base = pemBase.getFileName().toString();
            writePem(pemBase.resolveSibling(base + ".crt"), certificate);
            writePem(pemBase.resolveSibling(base + ".key"), keys.getPrivate());
        }
    }

    /**
     * The CA certificate clients trust.
     *
     * @return the PEM file
     */
    public Path caCertificateFile() {
        return directory.resolve("ca.crt");
    }

    /**
     * The server's TLS context: its certificate, and client certificates required and checked against the CA.
     *
     * @return the context
     * @throws IOException when the key store cannot be read
     * @throws GeneralSecurityException when it cannot be decoded
     */
    public SslContext serverContext() throws IOException, GeneralSecurityException {
        return serverContext(directory.resolve("server.p12"), password, trustStore());
    }

    /**
     * A server TLS context from key stores, with the SAE certificate rules of {@link CertificateTrust} and the
     * protocols and suites of {@link SiteTls}.
     *
     * @param keyStore the server's PKCS#12 key store (one key entry)
     * @param password its password
     * @param trustStore the CAs whose client certificates are accepted
     * @return the context
     * @throws IOException when the key store cannot be read
     * @throws GeneralSecurityException when it cannot be decoded
     */
    public static SslContext serverContext(final Path keyStore, final char[] password, final KeyStore trustStore)
            throws IOException, GeneralSecurityException {
        final var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(loadKeyStore(keyStore, password), password);
        return SiteTls.serverContext(keys, CertificateTrust.of(trustStore));
    }

    /**
     * A client TLS context for an SAE (JDK), trusting the demo CA.
     *
     * @param saeId the SAE
     * @return the context
     * @throws IOException when the files cannot be read or written
     * @throws GeneralSecurityException when they cannot be decoded
     */
    public SSLContext clientContext(final String saeId) throws IOException, GeneralSecurityException {
        return clientContext(clientKeyStore(saeId), password, trustStore());
    }

    /**
     * A client TLS context (JDK) from a key store: production configuration.
     *
     * @param keyStore the client's PKCS#12 key store (one key entry)
     * @param password its password
     * @param trustStore the CAs whose server certificates are accepted
     * @return the context
     * @throws IOException when the key store cannot be read
     * @throws GeneralSecurityException when it cannot be decoded
     */
    public static SSLContext clientContext(final Path keyStore, final char[] password, final KeyStore trustStore)
            throws IOException, GeneralSecurityException {
        final var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(loadKeyStore(keyStore, password), password);
        final var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        final var context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /**
     * The demo CA as a trust store.
     *
     * @return a PKCS#12 store holding the CA certificate
     * @throws IOException never for this in-memory store
     * @throws GeneralSecurityException when PKCS#12 is not available
     */
    public KeyStore trustStore() throws IOException, GeneralSecurityException {
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry(CA_ALIAS, caCertificate);
        return store;
    }

    /**
     * Reads a PKCS#12 key or trust store.
     *
     * @param file the file
     * @param password its password
     * @return the store
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it cannot be decoded
     */
    public static KeyStore loadKeyStore(final Path file, final char[] password) throws IOException,
            GeneralSecurityException {
        final var store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private void store(final Path file, final String alias, final PrivateKey key,
            final X509Certificate... chain) throws IOException, GeneralSecurityException {
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, key, password, chain);
        final var temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = ownerOnly(temporary)) {
            store.store(out, password);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePem(final Path file, final Object object) throws IOException {
        final var text = new StringWriter();
        try (var pem = new JcaPEMWriter(text)) {
            pem.writeObject(object instanceof PrivateKey key
                ? new JcaPKCS8Generator(key, null) : object);
        }
        if (object instanceof PrivateKey) {
            try (var out = ownerOnly(file)) {
                out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            }
        } else {
            Files.writeString(file, text.toString());
        }
    }

    // a new file only its owner may read and write, whatever the umask: it holds a private key
    private static OutputStream ownerOnly(final Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.newOutputStream(Files.createFile(file, OWNER_ONLY_FILE));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        final var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial(final SecureRandom random) {
        return new BigInteger(64, random).setBit(63);
    }

    private static X509Certificate sign(final JcaX509v3CertificateBuilder builder, final PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
        }
    }

    @Override
    public String toString() {
        return "DemoPki{" + directory + "}";
    }
}
