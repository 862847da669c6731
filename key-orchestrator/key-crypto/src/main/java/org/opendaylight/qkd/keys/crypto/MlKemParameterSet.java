/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.crypto;

import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;

/**
 * The ML-KEM parameter sets of FIPS 203, named as the suite's YANG names them
 * ({@code qkd-policy:ml-kem-parameter-set}).
 */
public enum MlKemParameterSet {
    /** ML-KEM-512, security category 1. */
    ML_KEM_512("ml-kem-512", MLKEMParameters.ml_kem_512, 800, 768),
    /** ML-KEM-768, security category 3. */
    ML_KEM_768("ml-kem-768", MLKEMParameters.ml_kem_768, 1184, 1088),
    /** ML-KEM-1024, security category 5. */
    ML_KEM_1024("ml-kem-1024", MLKEMParameters.ml_kem_1024, 1568, 1568);

    private final String yangName;
    private final MLKEMParameters parameters;
    private final int publicKeyBytes;
    private final int ciphertextBytes;

    MlKemParameterSet(final String yangName, final MLKEMParameters parameters, final int publicKeyBytes,
            final int ciphertextBytes) {
        this.yangName = yangName;
        this.parameters = parameters;
        this.publicKeyBytes = publicKeyBytes;
        this.ciphertextBytes = ciphertextBytes;
    }

    /**
     * The name in the YANG models.
     *
     * @return e.g. {@code ml-kem-768}
     */
    public String yangName() {
        return yangName;
    }

    /**
     * The length of an encapsulation key (FIPS 203 table 3).
     *
     * @return bytes
     */
    public int publicKeyBytes() {
        return publicKeyBytes;
    }

    /**
     * The length of a ciphertext (FIPS 203 table 3).
     *
     * @return bytes
     */
    public int ciphertextBytes() {
        return ciphertextBytes;
    }

    MLKEMParameters parameters() {
        return parameters;
    }

    /**
     * The parameter set a YANG name names.
     *
     * @param name e.g. {@code ml-kem-768}
     * @return the parameter set
     * @throws IllegalArgumentException for any other name
     */
    public static MlKemParameterSet ofYangName(final String name) {
        for (var set : values()) {
            if (set.yangName.equals(name)) {
                return set;
            }
        }
        throw new IllegalArgumentException("no ML-KEM parameter set named '" + name + "'");
    }
}
