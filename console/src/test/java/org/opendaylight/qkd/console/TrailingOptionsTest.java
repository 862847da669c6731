/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;

/**
 * Options after a command's arguments: set as Karaf sets them before, and errors that name the option.
 */
class TrailingOptionsTest {
    @Test
    void optionsAfterTheArgumentsAreSetWithTheirTypes() throws Exception {
        final var path = new PathCommand();
        TrailingOptions.apply(path, List.of("--policy", "gold", "--rate=2048", "--alternatives", "2"));
        assertEquals("gold", path.policy);
        assertEquals(2048, path.rate);
        assertEquals(2, path.alternatives);

        final var service = new ServiceAddCommand();
        TrailingOptions.apply(service, List.of("--also-slave", "sae-c", "--rate", "5120", "--also-slave", "sae-d"));
        assertEquals(5120L, service.rate);
        assertEquals(List.of("sae-c", "sae-d"), service.otherSlaves);
        assertNull(service.policy);

        final var device = new DeviceAddCommand();
        TrailingOptions.apply(device, List.of("--untrusted", "--host", "10.0.0.7", "--port", "17830"));
        assertTrue(device.untrusted);
        assertEquals("10.0.0.7", device.host);
        assertEquals(17830, device.port);
        // nothing after the arguments: nothing changes
        TrailingOptions.apply(device, null);
        assertEquals(17830, device.port);
    }

    @Test
    void errorsNameTheOption() {
        assertEquals("option --rate is missing its value", message(new ServiceAddCommand(), "--rate"));
        assertEquals("option --rate is missing its value", message(new ServiceAddCommand(), "--rate", "--policy",
            "gold"));
        assertEquals("option --rate takes a whole number, not 'fast'", message(new PathCommand(), "--rate", "fast"));
        assertEquals("option --port takes a whole number, not '830.5'", message(new DeviceAddCommand(), "--port",
            "830.5"));
        assertEquals("undefined option --colour", message(new PathCommand(), "--colour", "blue"));
        assertEquals("too many arguments: 'dc-south' follows them", message(new PathCommand(), "dc-south"));
        assertEquals("option --policy is required", assertThrows(ConsoleException.class,
            () -> TrailingOptions.require(new PathCommand().policy, "--policy")).getMessage());
    }

    private static String message(final Action command, final String... tokens) {
        return assertThrows(ConsoleException.class, () -> TrailingOptions.apply(command, List.of(tokens)))
            .getMessage();
    }
}
