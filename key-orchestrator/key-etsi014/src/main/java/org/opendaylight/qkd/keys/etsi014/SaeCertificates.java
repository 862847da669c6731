/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The SAE ID (or KME ID) a certificate names: its subject's common name (CN), which must be a valid ID and must also
 * be one of its DNS subject alternative names. The SAN binds the ID to what a CA can be constrained to issue (name
 * constraints apply to subject alternative names, not to common names), so a CA trusted for one site's SAEs cannot
 * speak for another's.
 */
public final class SaeCertificates {
    private static final int DNS_NAME = 2;
    private static final Pattern SAE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SaeCertificates() {
        // static functions only
    }

    /**
     * The SAE ID of a certificate.
     *
     * @param certificate the client's certificate, already verified by TLS
     * @return its single CN when that is a valid SAE ID and a DNS subject alternative name too; empty otherwise
     */
    public static Optional<String> saeId(final X509Certificate certificate) {
        final var subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        final var names = subject.getRDNs(BCStyle.CN);
        if (names.length != 1 || names[0].isMultiValued()) {
            return Optional.empty();
        }
        final var value = IETFUtils.valueToString(names[0].getFirst().getValue());
        return SAE_ID.matcher(value).matches() && dnsNames(certificate).contains(value) ? Optional.of(value)
            : Optional.empty();
    }

    private static List<String> dnsNames(final X509Certificate certificate) {
        final Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (alternatives == null) {
            return List.of();
        }
        // each entry: the GeneralName's tag, then its value (a String for dNSName)
        return alternatives.stream()
            .filter(entry -> entry.size() == 2 && Integer.valueOf(DNS_NAME).equals(entry.get(0))
                && entry.get(1) instanceof String)
            .map(entry -> (String) entry.get(1))
            .toList();
    }

    /**
     * Whether a string is a valid SAE ID.
     *
     * @param saeId the string
     * @return true when it is
     */
    public static boolean isValid(final String saeId) {
        return SAE_ID.matcher(saeId).matches();
    }
}
