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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import javax.security.auth.Subject;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a console line are refusals by the user's roles, and what their events say.
 */
class ConsoleRefusalsTest {
    private final List<String> asked = new ArrayList<>();
    // the commands that exist, whether or not a user's roles show them
    private final BiPredicate<String, String> registered = (scope, name) -> {
        asked.add(scope + ":" + name);
        return "qkd".equals(scope) && Set.of("device-add", "link-fault").contains(name);
    };

    @Test
    void aRegisteredCommandNotFoundForTheUserIsARefusal() {
        // what Karaf's secured session throws for a command the user's roles hide, however it was typed
        assertEquals("qkd:device-add", ConsoleRefusals.refusedCommand(
            new CommandNotFoundException("qkd:device-add"), "device-add --host 127.0.0.1 dev-1", registered));
        assertEquals(List.of("qkd:device-add"), asked);
    }

    @Test
    void aCommandThatDoesNotExistIsATypoNotARefusal() {
        assertNull(ConsoleRefusals.refusedCommand(new CommandNotFoundException("qkd:devce-add"), "qkd:devce-add",
            registered));
        assertNull(ConsoleRefusals.refusedCommand(new CommandNotFoundException("devce-add"), "devce-add",
            registered));
        assertEquals(List.of("qkd:devce-add"), asked, "a name without a scope is not looked up");
    }

    @Test
    void aRuleOnTheArgumentsRefusesWithInsufficientCredentialsAndTheEventNamesOnlyTheCommand() {
        final var refused = new SecurityException("Insufficient credentials.");
        assertEquals("qkd:device-add", ConsoleRefusals.refusedCommand(refused,
            "  qkd:device-add --host 127.0.0.1 --user qkd --password s3cret-password dev-1", registered));
        assertEquals("unknown", ConsoleRefusals.refusedCommand(refused, "${cmd} x", registered));
    }

    @Test
    void otherFailuresAreNoRefusal() {
        // the same words from another exception: the command ran and failed
        assertNull(ConsoleRefusals.refusedCommand(new IllegalArgumentException("Command not found: qkd:device-add"),
            "qkd:device-add x", registered));
        assertNull(ConsoleRefusals.refusedCommand(new ConsoleException("no link l-9"), "qkd:link-fault l-9 cut",
            registered));
        assertEquals(List.of(), asked);
    }

    @Test
    void theRefusalNamesTheUserKarafCheckedAndTheClientsAddress() {
        final var subject = new Subject(true, Set.of(new UserPrincipal("qkd-viewer"), new RolePrincipal("viewer"),
            new ClientPrincipal("ssh", "/127.0.0.1:40112")), Set.of(), Set.of());
        assertEquals(new ConsoleRefusals.Refusal("qkd:device-add", "qkd-viewer", "127.0.0.1"),
            ConsoleRefusals.refusal("qkd:device-add", subject));
        assertEquals(new ConsoleRefusals.Refusal("qkd:link-fault", "unknown", "unknown"),
            ConsoleRefusals.refusal("qkd:link-fault", null));
    }
}
