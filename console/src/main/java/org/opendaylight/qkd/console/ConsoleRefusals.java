/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.security.SecurityEvent;
import org.osgi.service.component.annotations.Component;

/**
 * Console commands Karaf refused to a user because the user's roles do not allow them (its command ACLs,
 * {@code etc/org.apache.karaf.command.acl.*.cfg}), as {@code action-refused} security events with the user, the
 * command and the client's address, like RESTCONF's 403s.
 *
 * <p>Karaf refuses such a command before it runs, as if it did not exist ({@code Command not found: qkd:device-add},
 * with the command's full name), or with {@code Insufficient credentials} when a rule on its arguments refuses it; it
 * tells the listeners of its command sessions the outcome of each command line, in the console's thread, and this is
 * one. A command not found because it does not exist (a typo) is no event: a refused one is registered. The event
 * names the command only, never the line, which may hold a password. The user is the one Karaf checked: the subject
 * the console's thread runs as.
 */
@Component(service = CommandSessionListener.class)
public final class ConsoleRefusals implements CommandSessionListener {
    // Karaf's copy of Gogo's exception, in a package its shell bundle does not export
    private static final String NOT_FOUND = "org.apache.felix.gogo.runtime.CommandNotFoundException";
    private static final String NOT_FOUND_TEXT = "Command not found: ";
    // the console session Karaf keeps in its command session
    private static final String KARAF_SESSION = ".session";
    private static final Pattern COMMAND = Pattern.compile("[\\w.-]+(?::[\\w.-]+)?");

    /**
     * A refusal, as the event tells it.
     *
     * @param command the command's name, as {@code qkd:device-add}
     * @param user the user
     * @param address the client's address
     */
    record Refusal(String command, String user, String address) {
        SecurityEvent event() {
            return SecurityEvent.of(SecurityEvent.Type.ACTION_REFUSED, "console command " + command
                + " refused to user " + user + " from " + address + ": the user's roles do not allow it")
                .with("service", "console").with("user", user).with("command", command).with("address", address);
        }
    }

    @Override
    public void beforeExecute(final CommandSession session, final CharSequence line) {
        // a refusal is known once the line has run
    }

    @Override
    public void afterExecute(final CommandSession session, final CharSequence line, final Object result) {
        // it ran: nothing was refused
    }

    @Override
    public void afterExecute(final CommandSession session, final CharSequence line, final Exception exception) {
        final var command = refusedCommand(exception, line, (scope, name) -> registered(session, scope, name));
        if (command != null) {
            refusal(command, Subject.current()).event().emit();
        }
    }

    /**
     * The command a failure says the user's roles refused.
     *
     * @param exception how the line failed
     * @param line the line
     * @param registered whether a command (scope, name) exists
     * @return the command's name, or null when the failure is not a refusal
     */
    static @Nullable String refusedCommand(final Exception exception, final CharSequence line,
            final BiPredicate<String, String> registered) {
        if (NOT_FOUND.equals(exception.getClass().getName())) {
            final var text = String.valueOf(exception.getMessage());
            final var name = text.startsWith(NOT_FOUND_TEXT) ? text.substring(NOT_FOUND_TEXT.length()) : text;
            final int colon = name.indexOf(':');
            return colon > 0 && registered.test(name.substring(0, colon), name.substring(colon + 1)) ? name : null;
        }
        if (exception instanceof SecurityException) {
            // a rule on the arguments refused it: the line's first word is the command
            final var first = line.toString().strip().split("\\s+", 2)[0];
            return COMMAND.matcher(first).matches() ? first : "unknown";
        }
        return null;
    }

    private static boolean registered(final CommandSession session, final String scope, final String name) {
        // the registry lists the commands a user's roles hide too
        return session.get(KARAF_SESSION) instanceof Session karaf
            && karaf.getRegistry().getCommand(scope, name) != null;
    }

    /**
     * A refusal of a command to the subject the console's thread runs as.
     *
     * @param command the command
     * @param subject the subject, null when there is none
     * @return the refusal
     */
    static Refusal refusal(final String command, final @Nullable Subject subject) {
        String user = "unknown";
        if (subject != null) {
            for (var principal : subject.getPrincipals(UserPrincipal.class)) {
                user = principal.getName();
                break;
            }
        }
        final var client = ConsoleLogins.client(subject);
        return new Refusal(command, user, client == null ? "unknown" : ConsoleLogins.address(client.getAddress()));
    }
}
