/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA for tests of certificate rules: certificates with any names and extended key usages, EC or RSA keys, and
 * revocation lists.
 */
final class TestCa {
    static final char[] PASSWORD = "test".toCharArray();

    private final AtomicLong serials = new AtomicLong(1000);
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final List<BigInteger> revoked = new ArrayList<>();

    /**
     * An issued certificate and its key.
     */
    record Entity(X509Certificate certificate, KeyStore keyStore) {
        KeyManagerFactory keyManagers() throws GeneralSecurityException {
            final var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, PASSWORD);
            return factory;
        }
    }

    TestCa(final String name) throws Exception {
        keys = keyPair(false);
        final var subject = new X500Name("CN=" + name);
        final var now = Instant.now();
        final var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(serials.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
            keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
            new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    KeyStore trustStore() throws Exception {
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", certificate);
        return store;
    }

    /**
     * Issues a certificate.
     *
     * @param cn the subject's CN
     * @param dnsNames its DNS subject alternative names (none: no SAN extension)
     * @param rsa an RSA key instead of EC P-256
     * @param purposes its extended key usages (none: no EKU extension)
     */
    Entity issue(final String cn, final List<String> dnsNames, final boolean rsa, final KeyPurposeId... purposes)
            throws Exception {
        final var entity = keyPair(rsa);
        final var now = Instant.now();
        final var builder = new JcaX509v3CertificateBuilder(certificate,
            BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + cn), entity.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(rsa
            ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
        if (purposes.length > 0) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        }
        if (!dnsNames.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)));
        }
        final var issued = new JcaX509CertificateConverter().getCertificate(builder.build(
            new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("entity", entity.getPrivate(), PASSWORD, new X509Certificate[] { issued, certificate });
        return new Entity(issued, store);
    }

    /** An SAE's certificate as the rules want it: CN and DNS SAN its ID, clientAuth. */
    Entity sae(final String saeId) throws Exception {
        return issue(saeId, List.of(saeId), false, KeyPurposeId.id_kp_clientAuth);
    }

    void revoke(final X509Certificate issued) {
        revoked.add(issued.getSerialNumber());
    }

    /** Writes this CA's revocation list (PEM), valid for a day. */
    void writeCrl(final Path file) throws Exception {
        final var now = Instant.now();
        final var builder = new X509v2CRLBuilder(X500Name.getInstance(
            certificate.getSubjectX500Principal().getEncoded()), Date.from(now.minus(Duration.ofMinutes(1))));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        for (var serial : revoked) {
            builder.addCRLEntry(serial, Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
        }
        final var crl = new JcaX509CRLConverter().getCRL(builder.build(
            new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        final var text = new StringWriter();
        try (var pem = new JcaPEMWriter(text)) {
            pem.writeObject(crl);
        }
        final var temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text.toString());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static KeyPair keyPair(final boolean rsa) throws GeneralSecurityException {
        if (rsa) {
            final var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        final var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
