/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Jurisdiction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.OperatorName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.SaeId;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * The typedefs reject what their YANG restrictions exclude, so bad values fail where they are built.
 */
class QkdTypesTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "0.031", "0.11", "1"})
    void qberAcceptsFractions(final String value) {
        assertEquals(Decimal64.valueOf(value), new Qber(Decimal64.valueOf(value)).getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.000001", "1.000001", "2"})
    void qberRejectsValuesOutsideZeroToOne(final String value) {
        final var qber = Decimal64.valueOf(value);
        assertThrows(IllegalArgumentException.class, () -> new Qber(qber));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE", "PL", "ES-MD", "GB-LND", "US-CA"})
    void jurisdictionAcceptsIsoCodes(final String value) {
        assertEquals(value, new Jurisdiction(value).getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "de", "Germany", "D", "DEU", "DE-", "DE-ABCD", "DE MD"})
    void jurisdictionRejectsOtherStrings(final String value) {
        assertThrows(IllegalArgumentException.class, () -> new Jurisdiction(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gw-berlin", "SAE_1", "hsm.vault.3", "a"})
    void saeIdAcceptsUrlSafeNames(final String value) {
        assertEquals(value, new SaeId(value).getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc/passwd", "a/b", "a b", ".hidden", "sae%2F1", "-lead",
        "x12345678901234567890123456789012345678901234567890123456789012345"})
    void saeIdRejectsPathsSpacesAndOverlongNames(final String value) {
        assertThrows(IllegalArgumentException.class, () -> new SaeId(value));
    }

    @Test
    void keySizeBounds() {
        assertEquals(Uint32.valueOf(256), new KeySize(Uint32.valueOf(256)).getValue());
        assertEquals(Uint32.valueOf(8), new KeySize(Uint32.valueOf(8)).getValue());
        assertThrows(IllegalArgumentException.class, () -> new KeySize(Uint32.valueOf(7)));
        assertThrows(IllegalArgumentException.class, () -> new KeySize(Uint32.valueOf(65537)));
    }

    @Test
    void operatorAndPolicyNames() {
        assertEquals("Other Carrier", new OperatorName("Other Carrier").getValue());
        assertThrows(IllegalArgumentException.class, () -> new OperatorName(" leading-space"));
        assertEquals("gold", new PolicyName("gold").getValue());
        assertThrows(IllegalArgumentException.class, () -> new PolicyName("gold/../x"));
    }
}
