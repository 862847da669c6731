/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The client's address of a refused console login, as Karaf's SSH server writes it into the login's subject.
 */
class ConsoleLoginsTest {
    @Test
    void theAddressIsTheHostWithoutItsPort() {
        assertEquals("127.0.0.1", ConsoleLogins.address("/127.0.0.1:40112"));
        assertEquals("0:0:0:0:0:0:0:1", ConsoleLogins.address("/[0:0:0:0:0:0:0:1]:40112"));
        assertEquals("192.0.2.7", ConsoleLogins.address("192.0.2.7"));
        // an IPv6 address without brackets: its last group cannot be told from a port, so it stays whole
        assertEquals("fe80:0:0:0:0:0:0:1", ConsoleLogins.address("/fe80:0:0:0:0:0:0:1"));
        assertEquals("unknown", ConsoleLogins.address(null));
    }
}
