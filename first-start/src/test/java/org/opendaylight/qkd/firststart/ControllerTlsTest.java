/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.firststart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's HTTPS certificate as the first start installs it: self-signed for the listening addresses, or
 * the operator's; the files Jetty and the Netty endpoint read, closed to others; plain HTTP kept to loopback.
 */
class ControllerTlsTest {
    // the distribution's etc/org.ops4j.pax.web.cfg as the build writes it (karaf-dist/pom.xml)
    static final String PAX_WEB = """
        org.ops4j.pax.web.config.file = etc/jetty.xml
        org.osgi.service.http.enabled = false
        org.osgi.service.http.secure.enabled = true
        org.osgi.service.http.port.secure = 8443
        org.ops4j.pax.web.ssl.keystore = ${karaf.etc}/qkd-tls/controller.p12
        org.ops4j.pax.web.ssl.keystore.type = PKCS12
        org.ops4j.pax.web.listening.addresses = 127.0.0.1
        """;
    static final Instant START = Instant.parse("2026-12-07T09:00:00Z");
    static final InstantSource CLOCK = InstantSource.fixed(START);

    @TempDir
    Path etc;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(etc.resolve(ControllerTls.PAX_WEB), PAX_WEB);
    }

    private String config() throws Exception {
        return Files.readString(etc.resolve(ControllerTls.PAX_WEB));
    }

    private X509Certificate certificate() throws Exception {
        try (InputStream in = Files.newInputStream(etc.resolve("qkd-tls/controller.crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<String> names(final X509Certificate certificate) throws Exception {
        final var names = new ArrayList<String>();
        for (var name : certificate.getSubjectAlternativeNames()) {
            names.add(String.valueOf(name.get(1)));
        }
        return names;
    }

    private String permissions(final String file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve(file)));
    }

    // Jetty's key store opens with the password written into pax-web's configuration, and holds the key that
    // the Netty endpoint's PEM file holds, for the certificate that clients are given
    private void assertInstalledConsistently() throws Exception {
        final var password = ControllerTls.value(config(), "org.ops4j.pax.web.ssl.keystore.password");
        assertNotNull(password);
        assertEquals(password, ControllerTls.value(config(), "org.ops4j.pax.web.ssl.key.password"));
        final var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(etc.resolve("qkd-tls/controller.p12"))) {
            store.load(in, password.toCharArray());
        }
        final var key = store.getKey(ControllerTls.ALIAS, password.toCharArray());
        assertEquals(certificate(), store.getCertificate(ControllerTls.ALIAS));
        final var pem = Files.readString(etc.resolve("qkd-tls/controller.key"), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        final var der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertArrayEquals(key.getEncoded(), KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(der)).getEncoded());
        assertEquals("rwx------", permissions("qkd-tls"));
        assertEquals("rw-------", permissions("qkd-tls/controller.p12"));
        assertEquals("rw-------", permissions("qkd-tls/controller.key"));
        assertEquals("rw-------", permissions(ControllerTls.PAX_WEB), "the file now holds a password");
    }

    @Test
    void aSelfSignedCertificateIsMadeOnceForTheListeningAddresses() throws Exception {
        final var made = ControllerTls.run(etc, Map.of(), CLOCK);
        assertNotNull(made);
        assertTrue(made.contains("self-signed") && made.contains("SHA-256 "), made);
        assertInstalledConsistently();
        final var first = certificate();
        assertEquals(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"), names(first));
        assertTrue(made.contains(ControllerTls.fingerprint(first)), made);
        first.verify(first.getPublicKey());
        assertTrue(first.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        // the rest of the configuration is kept as it was
        assertTrue(config().startsWith(PAX_WEB), config());

        // valid from five minutes before the first start for 825 days
        assertEquals(START.minus(Duration.ofMinutes(5)), first.getNotBefore().toInstant());
        assertEquals(START.plus(Duration.ofDays(825)), first.getNotAfter().toInstant());

        // nothing to do the next time, nor 31 days before it expires
        assertNull(ControllerTls.run(etc, Map.of(), CLOCK));
        assertNull(ControllerTls.run(etc, Map.of(), InstantSource.fixed(START.plus(Duration.ofDays(825 - 31)))));
        assertEquals(first, certificate());

        // within 30 days of its end, it is made again, for 825 days from then
        final var later = START.plus(Duration.ofDays(825 - 29));
        assertNotNull(ControllerTls.run(etc, Map.of(), InstantSource.fixed(later)));
        final var renewed = certificate();
        assertNotEquals(first, renewed);
        assertEquals(later.plus(Duration.ofDays(825)), renewed.getNotAfter().toInstant());
        assertEquals(names(first), names(renewed));
        assertInstalledConsistently();

        // a cluster member that listens on another loopback address gets a certificate that names it
        Files.writeString(etc.resolve(ControllerTls.PAX_WEB), config().replace("addresses = 127.0.0.1",
            "addresses = 127.0.0.2"));
        assertNotNull(ControllerTls.run(etc, Map.of(), CLOCK));
        assertTrue(names(certificate()).contains("127.0.0.2"), names(certificate())::toString);
        assertInstalledConsistently();
    }

    @Test
    void theOperatorsCertificateIsInstalledAndReplacedWhenItChanges() throws Exception {
        final var own = etc.resolveSibling(etc.getFileName() + "-operator.p12");
        final var entry = ControllerTls.selfSigned("controller.example.net",
            List.of("controller.example.net", "192.0.2.10"), CLOCK);
        Files.write(own, entry.toPkcs12("Operator-store-42".toCharArray()));
        final var environment = Map.of(ControllerTls.KEYSTORE_ENV, own.toString(), ControllerTls.PASSWORD_ENV,
            "Operator-store-42");
        final var installed = ControllerTls.run(etc, environment, CLOCK);
        assertTrue(installed != null && installed.contains("$QKD_TLS_KEYSTORE installed"), installed);
        assertEquals(entry.chain()[0], certificate());
        assertInstalledConsistently();
        assertNull(ControllerTls.run(etc, environment, CLOCK), "the same certificate again: nothing to do");
        // without the variable, the operator's certificate stays: it is not replaced by a self-signed one
        assertNull(ControllerTls.run(etc, Map.of(), CLOCK));
        assertEquals(entry.chain()[0], certificate());

        // a renewed certificate replaces it
        final var renewed = ControllerTls.selfSigned("controller.example.net", List.of("controller.example.net"),
            CLOCK);
        Files.write(own, renewed.toPkcs12("Operator-store-42".toCharArray()));
        assertNotNull(ControllerTls.run(etc, environment, CLOCK));
        assertEquals(renewed.chain()[0], certificate());
        assertInstalledConsistently();

        // a wrong password, and a key store of two keys: a clear refusal, nothing changed
        final var wrong = assertThrows(IllegalArgumentException.class, () -> ControllerTls.run(etc,
            Map.of(ControllerTls.KEYSTORE_ENV, own.toString(), ControllerTls.PASSWORD_ENV, "wrong"), CLOCK));
        assertTrue(wrong.getMessage().contains("$QKD_TLS_KEYSTORE_PASSWORD"), wrong::getMessage);
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("one", entry.key(), "pw".toCharArray(), entry.chain());
        store.setKeyEntry("two", renewed.key(), "pw".toCharArray(), renewed.chain());
        try (var out = Files.newOutputStream(own)) {
            store.store(out, "pw".toCharArray());
        }
        final var two = assertThrows(IllegalArgumentException.class, () -> ControllerTls.run(etc,
            Map.of(ControllerTls.KEYSTORE_ENV, own.toString(), ControllerTls.PASSWORD_ENV, "pw"), CLOCK));
        assertTrue(two.getMessage().contains("must hold one private key, it holds 2"), two::getMessage);
        // an EC key, which RESTCONF's Netty endpoint of this OpenDaylight release would refuse
        Files.write(own, ecEntry().toPkcs12("pw".toCharArray()));
        final var ec = assertThrows(IllegalArgumentException.class, () -> ControllerTls.run(etc,
            Map.of(ControllerTls.KEYSTORE_ENV, own.toString(), ControllerTls.PASSWORD_ENV, "pw"), CLOCK));
        assertTrue(ec.getMessage().contains("takes RSA keys only"), ec::getMessage);
        assertEquals(renewed.chain()[0], certificate());
    }

    private static ControllerTls.Entry ecEntry() throws Exception {
        final var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final var keys = generator.generateKeyPair();
        final var name = new X500Name("CN=ec.example.net");
        final var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(START),
            Date.from(START.plus(Duration.ofDays(1))), name, keys.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        return new ControllerTls.Entry(keys.getPrivate(),
            new X509Certificate[] { new JcaX509CertificateConverter().getCertificate(holder) });
    }

    @Test
    void plainHttpIsRefusedBeyondLoopback() throws Exception {
        final var plain = PAX_WEB.replace("http.enabled = false", "http.enabled = true");
        Files.writeString(etc.resolve(ControllerTls.PAX_WEB), plain);
        assertNotNull(ControllerTls.run(etc, Map.of(), CLOCK), "plain HTTP on loopback may be turned on");
        Files.writeString(etc.resolve(ControllerTls.PAX_WEB), plain.replace("addresses = 127.0.0.1",
            "addresses = 127.0.0.1,0.0.0.0"));
        final var refused = assertThrows(IllegalArgumentException.class,
            () -> ControllerTls.run(etc, Map.of(), CLOCK));
        assertTrue(refused.getMessage().contains("may only listen on loopback, but "
            + "org.ops4j.pax.web.listening.addresses names 0.0.0.0"), refused::getMessage);
        // without the setting, pax-web serves plain HTTP: the same refusal
        Files.writeString(etc.resolve(ControllerTls.PAX_WEB), PAX_WEB.replace("org.osgi.service.http.enabled = false\n",
            "").replace("addresses = 127.0.0.1", "addresses = 0.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> ControllerTls.run(etc, Map.of(), CLOCK));
        Files.delete(etc.resolve(ControllerTls.PAX_WEB));
        assertThrows(IOException.class, () -> ControllerTls.run(etc, Map.of(), CLOCK));
    }
}
