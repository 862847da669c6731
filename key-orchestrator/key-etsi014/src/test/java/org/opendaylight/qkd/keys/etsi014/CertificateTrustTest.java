/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SAE certificate rules and the TLS suites of a key manager's ETSI GS QKD 014 endpoint, each case beside one
 * that passes on the same server: the server stack of the endpoint answering 200, reached by a JDK client.
 */
class CertificateTrustTest {
    private static final String GET = "GET /api/v1/keys/sae-b/status HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @TempDir
    Path directory;

    // the status line the server answers, or null when TLS refused the client
    private static @Nullable String call(final InetSocketAddress server, final TestCa.Entity client,
            final KeyStore serverCa, final String protocol, final String... suites) throws Exception {
        final var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(serverCa);
        final var context = SSLContext.getInstance("TLS");
        context.init(client.keyManagers().getKeyManagers(), trust.getTrustManagers(), null);
        try (var socket = (SSLSocket) context.getSocketFactory().createSocket(server.getAddress(), server.getPort())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] { protocol });
            if (suites.length > 0) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.startHandshake();
            socket.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        } catch (IOException e) {
            // TLS 1.3 refuses a client's certificate after the client finished: the alert comes with the first read
            return null;
        }
    }

    private static Etsi014Server server(final TestCa.Entity own, final CertificateTrust saes) throws Exception {
        return Etsi014Server.baseline(SiteTls.serverContext(own.keyManagers(), saes),
            new InetSocketAddress("127.0.0.1", 0), 1);
    }

    @Test
    void certificatesOfTheSaesCaWithCnSanAndClientAuthPassOthersAreRefused() throws Exception {
        final var saeCa = new TestCa("SAE CA");
        final var serverCa = new TestCa("KME CA");
        final var other = new TestCa("Another CA");
        final var own = serverCa.issue("kme-a", List.of("localhost"), false, KeyPurposeId.id_kp_serverAuth);
        try (var server = server(own, CertificateTrust.of(saeCa.trustStore()))) {
            final var address = server.address();
            final var trustServer = serverCa.trustStore();
            assertEquals("HTTP/1.1 200 OK", call(address, saeCa.sae("sae-a"), trustServer, "TLSv1.3"));
            // the right CN and SAN, from a CA not given for SAEs (the KMEs' CA, then a stranger's)
            assertNull(call(address, serverCa.sae("sae-a"), trustServer, "TLSv1.3"));
            assertNull(call(address, other.sae("sae-a"), trustServer, "TLSv1.3"));
            // no extended key usage at all; serverAuth only
            assertNull(call(address, saeCa.issue("sae-a", List.of("sae-a"), false), trustServer, "TLSv1.3"));
            assertNull(call(address, saeCa.issue("sae-a", List.of("sae-a"), false, KeyPurposeId.id_kp_serverAuth),
                trustServer, "TLSv1.3"));
            // the ID as CN only, or a SAN naming someone else
            assertNull(call(address, saeCa.issue("sae-a", List.of(), false, KeyPurposeId.id_kp_clientAuth),
                trustServer, "TLSv1.3"));
            assertNull(call(address, saeCa.issue("sae-a", List.of("sae-b"), false, KeyPurposeId.id_kp_clientAuth),
                trustServer, "TLSv1.3"));
            // still served after the refusals
            assertEquals("HTTP/1.1 200 OK", call(address, saeCa.sae("sae-b"), trustServer, "TLSv1.2"));
        }
    }

    @Test
    void revokedAndDeniedCertificatesAreRefusedAsSoonAsTheFilesChange() throws Exception {
        final var saeCa = new TestCa("SAE CA");
        final var serverCa = new TestCa("KME CA");
        final var own = serverCa.issue("kme-a", List.of("localhost"), false, KeyPurposeId.id_kp_serverAuth);
        final var good = saeCa.sae("sae-a");
        final var revoked = saeCa.sae("sae-b");
        final var denied = saeCa.sae("sae-c");
        final var crl = directory.resolve("sae-ca.crl");
        saeCa.revoke(revoked.certificate());
        saeCa.writeCrl(crl);
        final var denyList = directory.resolve("deny-list");
        Files.writeString(denyList, "# none yet\n");
        final var now = new AtomicReference<>(Instant.parse("2026-12-07T08:00:00Z"));
        final var trust = CertificateTrust.of(saeCa.trustStore(), List.of(crl), denyList, now::get);
        try (var server = server(own, trust)) {
            final var address = server.address();
            final var trustServer = serverCa.trustStore();
            assertEquals("HTTP/1.1 200 OK", call(address, good, trustServer, "TLSv1.3"));
            assertNull(call(address, revoked, trustServer, "TLSv1.3"));
            assertEquals("HTTP/1.1 200 OK", call(address, denied, trustServer, "TLSv1.3"));
            final var sae = saeCa.sae("sae-d");

            // the operator revokes sae-a and denies sae-c while the server runs
            saeCa.revoke(good.certificate());
            saeCa.writeCrl(crl);
            final var fingerprint = CertificateTrust.fingerprint(denied.certificate()).replaceAll("(..)(?!$)", "$1:");
            Files.writeString(denyList, "# sae-c: its key was lost\n" + fingerprint.toUpperCase() + "\n");
            final var later = FileTime.from(Instant.now().plusSeconds(5));
            Files.setLastModifiedTime(crl, later);
            Files.setLastModifiedTime(denyList, later);
            // the files are looked at no more often than every RELOAD_INTERVAL: not yet
            now.set(now.get().plus(CertificateTrust.RELOAD_INTERVAL).minusMillis(1));
            assertEquals("HTTP/1.1 200 OK", call(address, good, trustServer, "TLSv1.3"));
            now.set(now.get().plusMillis(1));
            assertNull(call(address, good, trustServer, "TLSv1.3"));
            assertNull(call(address, denied, trustServer, "TLSv1.3"));
            assertEquals("HTTP/1.1 200 OK", call(address, sae, trustServer, "TLSv1.3"));

            // a clock set back does not hold the files' next change off for the time it went back
            saeCa.revoke(sae.certificate());
            saeCa.writeCrl(crl);
            Files.setLastModifiedTime(crl, FileTime.from(later.toInstant().plusSeconds(5)));
            now.set(now.get().minus(Duration.ofHours(1)));
            assertNull(call(address, sae, trustServer, "TLSv1.3"));
        }
    }

    @Test
    void aCertificateFromACaWithoutRevocationListIsRefusedOnceListsAreGiven() throws Exception {
        final var saeCa = new TestCa("SAE CA");
        final var secondCa = new TestCa("Second SAE CA");
        final var serverCa = new TestCa("KME CA");
        final var own = serverCa.issue("kme-a", List.of("localhost"), false, KeyPurposeId.id_kp_serverAuth);
        final var crl = directory.resolve("sae-ca.crl");
        saeCa.writeCrl(crl);
        final var anchors = saeCa.trustStore();
        anchors.setCertificateEntry("second", secondCa.trustStore().getCertificate("ca"));
        try (var server = server(own, CertificateTrust.of(anchors, List.of(crl), null))) {
            assertEquals("HTTP/1.1 200 OK", call(server.address(), saeCa.sae("sae-a"), serverCa.trustStore(),
                "TLSv1.3"));
            assertNull(call(server.address(), secondCa.sae("sae-b"), serverCa.trustStore(), "TLSv1.3"));
        }
    }

    @Test
    void onlyForwardSecretAeadSuitesAreAccepted() throws Exception {
        final var saeCa = new TestCa("SAE CA");
        final var serverCa = new TestCa("KME CA");
        final var sae = saeCa.sae("sae-a");
        final var trustServer = serverCa.trustStore();
        final var ec = serverCa.issue("kme-a", List.of("localhost"), false, KeyPurposeId.id_kp_serverAuth);
        try (var server = server(ec, CertificateTrust.of(saeCa.trustStore()))) {
            final var address = server.address();
            assertEquals("HTTP/1.1 200 OK", call(address, sae, trustServer, "TLSv1.2",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
            // forward secret, but CBC
            assertNull(call(address, sae, trustServer, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
            assertNull(call(address, sae, trustServer, "TLSv1.1"));
        }
        final var rsa = serverCa.issue("kme-a", List.of("localhost"), true, KeyPurposeId.id_kp_serverAuth);
        try (var server = server(rsa, CertificateTrust.of(saeCa.trustStore()))) {
            final var address = server.address();
            assertEquals("HTTP/1.1 200 OK", call(address, sae, trustServer, "TLSv1.2",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
            // AEAD, but the key exchanged under the server's RSA key: no forward secrecy
            assertNull(call(address, sae, trustServer, "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"));
            assertNull(call(address, sae, trustServer, "TLSv1.2", "TLS_RSA_WITH_AES_256_GCM_SHA384"));
        }
    }

    @Test
    void theServersRunBoringSslOnThePlatformsItShipsFor() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
            && Set.of("amd64", "aarch64").contains(System.getProperty("os.arch")),
            "a platform netty-tcnative ships for");
        assertEquals(SslProvider.OPENSSL, SiteTls.provider());
        final var serverCa = new TestCa("KME CA");
        final var own = serverCa.issue("kme-a", List.of("localhost"), false, KeyPurposeId.id_kp_serverAuth);
        assertTrue(SiteTls.serverContext(own.keyManagers(), CertificateTrust.of(new TestCa("SAE CA").trustStore()))
            instanceof OpenSslContext);
    }

    @Test
    void aDenyListLineThatIsNoFingerprintIsNamed() throws Exception {
        final var denyList = directory.resolve("deny-list");
        Files.writeString(denyList, "0123\n");
        final var failure = assertThrows(IOException.class, () -> CertificateTrust.of(new TestCa("CA").trustStore(),
            List.of(), denyList));
        assertTrue(failure.getMessage().contains("line 1: not a SHA-256 fingerprint"), failure.getMessage());
    }
}
