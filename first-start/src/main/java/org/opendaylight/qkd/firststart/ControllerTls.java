/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.firststart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The controller's HTTPS certificate: RESTCONF, the OpenAPI explorer and the operator view on Jetty (pax-web), and
 * RESTCONF's Netty endpoint. Plain HTTP is off in the distribution; this makes what its HTTPS needs, in
 * {@code etc/qkd-tls} (a directory only its owner may read):
 * <ul>
 *   <li>{@code controller.p12}: Jetty's key store, under a random password that this writes into
 *       {@code etc/org.ops4j.pax.web.cfg} (which becomes readable by its owner only);</li>
 *   <li>{@code controller.key}: the same private key, PKCS#8 PEM, for the Netty endpoint;</li>
 *   <li>{@code controller.crt}: the certificate chain, PEM, for clients ({@code curl --cacert}).</li>
 * </ul>
 * The certificate is the operator's, from the PKCS#12 file in {@code $QKD_TLS_KEYSTORE} (password in
 * {@code $QKD_TLS_KEYSTORE_PASSWORD}), installed whenever it differs from the one in place; without it, a
 * self-signed RSA certificate naming {@code localhost}, the loopback addresses and the listening addresses, made
 * again when the listening addresses change and 30 days before it expires. RSA: RESTCONF's Netty endpoint of this
 * OpenDaylight release refuses EC keys. It also refuses plain HTTP turned on beyond loopback.
 */
public final class ControllerTls {
    static final String KEYSTORE_ENV = "QKD_TLS_KEYSTORE";
    static final String PASSWORD_ENV = "QKD_TLS_KEYSTORE_PASSWORD";
    static final String PAX_WEB = "org.ops4j.pax.web.cfg";
    static final String DIRECTORY = "qkd-tls";
    static final String KEY_STORE = "controller.p12";
    static final String KEY = "controller.key";
    static final String CERTIFICATE = "controller.crt";
    static final String ALIAS = "controller";
    private static final String HTTP_ENABLED = "org.osgi.service.http.enabled";
    private static final String LISTENING = "org.ops4j.pax.web.listening.addresses";
    private static final String STORE_PASSWORD = "org.ops4j.pax.web.ssl.keystore.password";
    private static final String KEY_PASSWORD = "org.ops4j.pax.web.ssl.key.password";
    private static final String SELF_SIGNED_CN = "QKD controller (self-signed)";
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final int RSA_BITS = 3072;
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ControllerTls() {
        // static functions only
    }

    /**
     * Makes or installs what HTTPS needs, when it is not in place.
     *
     * @param etc the installation's {@code etc} directory
     * @param environment where the operator's key store is looked up
     * @param clock when now is: a self-signed certificate starts then, and is made again within 30 days of its end
     * @return what was done, to show the operator once; null when there was nothing to do
     * @throws IllegalArgumentException when plain HTTP is turned on beyond loopback, or the operator's key store is
     *     unusable (not one private key, a wrong password)
     * @throws IOException when the files cannot be read or written
     */
    static String run(final Path etc, final Map<String, String> environment, final InstantSource clock)
            throws IOException {
        final var paxWeb = etc.resolve(PAX_WEB);
        if (!Files.isRegularFile(paxWeb)) {
            throw new IOException(paxWeb + " is missing: without it Jetty would answer plain HTTP on every address");
        }
        final var config = Files.readString(paxWeb, StandardCharsets.ISO_8859_1);
        final var listening = listening(value(config, LISTENING));
        // pax-web serves plain HTTP unless told not to
        final var plain = value(config, HTTP_ENABLED);
        if (plain == null || Boolean.parseBoolean(plain)) {
            for (var address : listening) {
                if (!isLoopback(address)) {
                    throw new IllegalArgumentException("plain HTTP (" + HTTP_ENABLED + " in " + paxWeb + ") may only "
                        + "listen on loopback, but " + LISTENING + " names " + address);
                }
            }
        }
        final var directory = etc.resolve(DIRECTORY);
        final var given = environment.get(KEYSTORE_ENV);
        final var now = clock.instant();
        try {
            final var installed = installed(directory, config);
            if (given != null && !given.isEmpty()) {
                final var entry = load(Path.of(given), environment.getOrDefault(PASSWORD_ENV, ""));
                if (installed != null && installed.equals(entry.chain()[0])) {
                    return null;
                }
                install(directory, paxWeb, entry);
                return "HTTPS certificate from $" + KEYSTORE_ENV + " installed: " + describe(etc, entry.chain()[0]);
            }
            final var names = names(listening);
            // a self-signed certificate of this tool is made again when the listening addresses change and before
            // it expires
            if (installed != null && !(isSelfSignedHere(installed) && (!namesOf(installed).containsAll(names)
                    || installed.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))))) {
                return null;
            }
            final var entry = selfSigned(SELF_SIGNED_CN, names, now, VALIDITY);
            install(directory, paxWeb, entry);
            return "HTTPS certificate made, self-signed: " + describe(etc, entry.chain()[0]) + "; give your own "
                + "with $" + KEYSTORE_ENV + " (README, \"HTTPS\")";
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the controller's HTTPS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A private key and its certificate chain, the leaf first.
     *
     * @param key the private key
     * @param chain the certificates
     */
    public record Entry(PrivateKey key, X509Certificate[] chain) {
        /**
         * The entry as a PKCS#12 file's content.
         *
         * @param password the file's password
         * @return the file's bytes
         * @throws IOException when it cannot be encoded
         * @throws GeneralSecurityException when the key store cannot be made
         */
        public byte[] toPkcs12(final char[] password) throws IOException, GeneralSecurityException {
            final var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain);
            final var bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            return bytes.toByteArray();
        }
    }

    /**
     * A self-signed server certificate, RSA 3072 bits, for the names given (DNS names and IP addresses).
     *
     * @param commonName the certificate's CN
     * @param names the names
     * @param clock when now is: the certificate is valid from five minutes before it for 825 days
     * @return the key and the certificate
     * @throws GeneralSecurityException when it cannot be made
     */
    public static Entry selfSigned(final String commonName, final Collection<String> names,
            final InstantSource clock) throws GeneralSecurityException {
        return selfSigned(commonName, names, clock.instant(), VALIDITY);
    }

    private static Entry selfSigned(final String commonName, final Collection<String> names, final Instant now,
            final Duration validity) throws GeneralSecurityException {
        final var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_BITS, RANDOM);
        final var keys = generator.generateKeyPair();
        final var subject = new X500Name("CN=" + commonName);
        final var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, RANDOM),
            Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                .map(name -> new GeneralName(ADDRESS.matcher(name).matches() ? GeneralName.iPAddress
                    : GeneralName.dNSName, name))
                .toArray(GeneralName[]::new)));
            final var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            final var certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Entry(keys.getPrivate(), new X509Certificate[] { certificate });
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make a self-signed certificate", e);
        }
    }

    /**
     * The SHA-256 fingerprint of a certificate, as {@code openssl x509 -fingerprint -sha256} shows it.
     *
     * @param certificate the certificate
     * @return its fingerprint
     * @throws GeneralSecurityException when it cannot be encoded
     */
    public static String fingerprint(final Certificate certificate) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    // the installed certificate, when its key store and the key store's password are in place
    private static X509Certificate installed(final Path directory, final String config) throws IOException,
            GeneralSecurityException {
        final var certificate = directory.resolve(CERTIFICATE);
        if (value(config, STORE_PASSWORD) == null || !Files.isRegularFile(directory.resolve(KEY_STORE))
                || !Files.isRegularFile(directory.resolve(KEY)) || !Files.isRegularFile(certificate)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    // the operator's key store: exactly one private key with its chain
    private static Entry load(final Path file, final String password) throws IOException,
            GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("$" + KEYSTORE_ENV + " names " + file + ", which cannot be read");
        }
        final var pass = password.toCharArray();
        final var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, pass);
        } catch (IOException e) {
            throw new IllegalArgumentException("$" + KEYSTORE_ENV + " (" + file + ") cannot be opened with the "
                + "password in $" + PASSWORD_ENV, e);
        }
        final var keys = new ArrayList<String>();
        for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
            final var alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException("$" + KEYSTORE_ENV + " (" + file + ") must hold one private key, "
                + "it holds " + keys.size() + " " + keys);
        }
        final var key = store.getKey(keys.get(0), pass);
        final var chain = store.getCertificateChain(keys.get(0));
        if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
            throw new IllegalArgumentException("$" + KEYSTORE_ENV + " (" + file + "): the entry " + keys.get(0)
                + " has no private key with a certificate");
        }
        final var certificates = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            certificates[i] = (X509Certificate) chain[i];
        }
        certificates[0].checkValidity();
        if (!privateKey.getAlgorithm().equals("RSA")) {
            // the Netty endpoint (OpenDaylight netconf 10.0.2) reads its PEM key with Bouncy Castle, which names an
            // EC key ECDSA, and then refuses it as neither RSA nor EC
            throw new IllegalArgumentException("$" + KEYSTORE_ENV + " (" + file + "): the key is " + privateKey
                .getAlgorithm() + "; RESTCONF's Netty endpoint of this OpenDaylight release takes RSA keys only");
        }
        return new Entry(privateKey, certificates);
    }

    // the files, then Jetty's key store password; every file written whole, then moved in place
    private static void install(final Path directory, final Path paxWeb, final Entry entry) throws IOException,
            GeneralSecurityException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        final var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        final var password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        writeWhole(directory.resolve(KEY_STORE), entry.toPkcs12(password.toCharArray()), "rw-------");
        writeWhole(directory.resolve(KEY), pem("PRIVATE KEY", List.of(entry.key().getEncoded())), "rw-------");
        writeWhole(directory.resolve(CERTIFICATE),
            certificatesPem(entry.chain()).getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
        var config = Files.readString(paxWeb, StandardCharsets.ISO_8859_1);
        config = withValue(withValue(config, STORE_PASSWORD, password), KEY_PASSWORD, password);
        writeWhole(paxWeb, config.getBytes(StandardCharsets.ISO_8859_1), "rw-------");
    }

    // a file written whole beside the old one, readable by its owner alone until it has its permissions, on disk
    // before it is moved in its place, and the move on disk before this returns: a power cut leaves the old file or
    // the new one, never an empty one (a file left by a run that died is made again)
    static void writeWhole(final Path file, final byte[] content, final String permissions) throws IOException {
        final var temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
            "rw-------")));
        try (var out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            final var buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(permissions));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (var directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * Certificates in PEM, as {@code controller.crt} holds them and clients such as curl read them.
     *
     * @param chain the certificates
     * @return their PEM text
     * @throws GeneralSecurityException when one cannot be encoded
     */
    public static String certificatesPem(final X509Certificate... chain) throws GeneralSecurityException {
        final var blocks = new ArrayList<byte[]>();
        for (var certificate : chain) {
            blocks.add(certificate.getEncoded());
        }
        return new String(pem("CERTIFICATE", blocks), StandardCharsets.US_ASCII);
    }

    private static byte[] pem(final String type, final List<byte[]> blocks) {
        final var text = new StringBuilder();
        final var encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (var block : blocks) {
            text.append("-----BEGIN ").append(type).append("-----\n").append(encoder.encodeToString(block))
                .append("\n-----END ").append(type).append("-----\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String describe(final Path etc, final X509Certificate certificate)
            throws GeneralSecurityException {
        return etc.resolve(DIRECTORY).resolve(CERTIFICATE) + " (" + certificate.getSubjectX500Principal().getName()
            + ", names " + String.join(", ", namesOf(certificate)) + ", SHA-256 " + fingerprint(certificate) + ")";
    }

    private static boolean isSelfSignedHere(final X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
            && certificate.getSubjectX500Principal().getName().equals("CN=" + SELF_SIGNED_CN);
    }

    private static List<String> namesOf(final X509Certificate certificate) throws GeneralSecurityException {
        final var names = new ArrayList<String>();
        final var alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (var name : alternatives) {
                names.add(normal(String.valueOf(name.get(1))));
            }
        }
        return names;
    }

    // what a self-signed certificate names: localhost, loopback, the listening addresses (the host's name when
    // one of them is a wildcard)
    private static Set<String> names(final List<String> listening) throws IOException {
        final var names = new LinkedHashSet<String>();
        LOOPBACK.forEach(name -> names.add(normal(name)));
        for (var address : listening) {
            if (address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0")) {
                names.add(InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.ROOT));
            } else {
                names.add(normal(address));
            }
        }
        return names;
    }

    // an IPv6 address as the JDK writes it, so that the names of a certificate and a configuration compare
    private static String normal(final String name) {
        if (name.indexOf(':') >= 0 && ADDRESS.matcher(name).matches()) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (IOException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean isLoopback(final String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    // pax-web's listening addresses: a comma-separated list, 0.0.0.0 when not set
    private static List<String> listening(final String value) {
        if (value == null || value.isBlank()) {
            return List.of("0.0.0.0");
        }
        return List.of(value.trim().split("\\s*,\\s*"));
    }

    // a property of a configuration file (key = value lines), null when not set
    static String value(final String config, final String key) {
        final var matcher = property(key).matcher(config);
        return matcher.find() ? matcher.group(1).trim() : null;
    }

    static String withValue(final String config, final String key, final String value) {
        final var matcher = property(key).matcher(config);
        if (matcher.find()) {
            // the value as it is: no group references
            return config.substring(0, matcher.start()) + key + " = " + value + config.substring(matcher.end());
        }
        return config + (config.isEmpty() || config.endsWith("\n") ? "" : "\n") + key + " = " + value + "\n";
    }

    private static Pattern property(final String key) {
        return Pattern.compile("^[ \\t]*" + Pattern.quote(key) + "[ \\t]*[=:][ \\t]*(.*)$", Pattern.MULTILINE);
    }
}
