/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The SAE ID a client certificate names: its subject's common name (CN), which must be a valid SAE ID.
 */
public final class SaeCertificates {
    private static final Pattern SAE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SaeCertificates() {
        // static functions only
    }

    /**
     * The SAE ID of a certificate.
     *
     * @param certificate the client's certificate, already verified by TLS
     * @return its single CN when that is a valid SAE ID; empty otherwise
     */
    public static Optional<String> saeId(final X509Certificate certificate) {
        final var subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        final var names = subject.getRDNs(BCStyle.CN);
        if (names.length != 1 || names[0].isMultiValued()) {
            return Optional.empty();
        }
        final var value = IETFUtils.valueToString(names[0].getFirst().getValue());
        return SAE_ID.matcher(value).matches() ? Optional.of(value) : Optional.empty();
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
