/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo PKI's files: every private key readable by its owner only, whatever the umask.
 */
class DemoPkiTest {
    @TempDir
    Path directory;

    @Test
    void privateKeysAreTheOwnersOnly() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        pki.clientKeyStore("sae-1");
        pki.kmeKeyStore("kme-1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            directory.resolve("pki-ca/ca.p12"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            directory.resolve("pki-ca"))));
        for (var file : List.of("server.p12", "sae/sae-1.p12", "sae/sae-1.key", "kme/kme-1.p12")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("pki").resolve(file))), file);
        }
        for (var dir : List.of("sae", "kme")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("pki").resolve(dir))), dir);
        }
        // certificates are not secret
        assertEquals('r', PosixFilePermissions.toString(Files.getPosixFilePermissions(
            directory.resolve("pki").resolve("sae/sae-1.crt"))).charAt(0));
    }

    @Test
    void theControllersCertificateIsRsaForServersFromTheSameCa() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        final var file = pki.controllerKeyStore();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final var store = DemoPki.loadKeyStore(file, "changeit".toCharArray());
        final var alias = store.aliases().nextElement();
        assertEquals("RSA", store.getKey(alias, "changeit".toCharArray()).getAlgorithm());
        final var certificate = (X509Certificate) store.getCertificate(alias);
        certificate.verify(pki.trustStore().getCertificate("ca").getPublicKey());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage());
        assertTrue(certificate.getSubjectAlternativeNames().stream()
            .anyMatch(name -> name.get(1).equals("127.0.0.3")));
        // made once
        assertEquals(certificate, DemoPki.loadKeyStore(pki.controllerKeyStore(), "changeit".toCharArray())
            .getCertificate(alias));
    }

    @Test
    void theCaKeyIsKeptApartAndMovedOutOfAnEarlierLayout() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        final var sae = pki.clientKeyStore("sae-1");
        assertFalse(Files.exists(directory.resolve("pki/ca.p12")));
        // an earlier version kept the CA key with the certificates
        Files.move(directory.resolve("pki-ca/ca.p12"), directory.resolve("pki/ca.p12"));
        final var reopened = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        assertFalse(Files.exists(directory.resolve("pki/ca.p12")));
        assertTrue(Files.exists(directory.resolve("pki-ca/ca.p12")));
        assertEquals(sae, reopened.clientKeyStore("sae-1"));
        assertThrows(IllegalArgumentException.class, () -> DemoPki.open(directory.resolve("pki"),
            directory.resolve("pki/ca"), "changeit", List.of()));
    }

    @Test
    void certificatesNameTheirIdAsCnAndSan() throws Exception {
        final var pki = DemoPki.open(directory.resolve("pki"), "changeit", List.of());
        for (var entry : List.of(pki.clientKeyStore("sae-1"), pki.kmeKeyStore("kme-1"))) {
            final var certificate = (X509Certificate) DemoPki.loadKeyStore(entry, "changeit".toCharArray())
                .getCertificate("entity");
            final var id = entry.getFileName().toString().replace(".p12", "");
            assertEquals(id, SaeCertificates.saeId(certificate).orElseThrow());
        }
    }
}
