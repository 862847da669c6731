/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import org.apache.karaf.shell.api.console.Session;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit of changes made on the console, on the logger that audits RESTCONF's changes
 * ({@code org.opendaylight.qkd.audit}), naming the console session's user: {@code user karaf console
 * qkd:service-add bank -> done}, or {@code -> failed: <reason>} when the change was not made.
 */
final class ConsoleAudit {
    static final String LOGGER = "org.opendaylight.qkd.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    private ConsoleAudit() {
        // static functions only
    }

    /**
     * A change a command makes.
     *
     * @param <T> what it answers
     */
    @FunctionalInterface
    interface Change<T> {
        /**
         * Makes the change.
         *
         * @return its answer
         * @throws ConsoleException when it is refused or fails
         */
        T make() throws ConsoleException;
    }

    /**
     * Makes a change and audits it, as done or failed (with the reason).
     *
     * @param session the console session, which names its user (Karaf's {@code USER}); null when run outside one
     * @param command the command, as {@code qkd:service-add}
     * @param target what it changes, as the service's ID
     * @param change the change
     * @param <T> what the change answers
     * @return its answer
     * @throws ConsoleException the change's failure, audited first
     */
    static <T> T change(final @Nullable Session session, final String command, final String target,
            final Change<T> change) throws ConsoleException {
        final var user = session == null ? null : session.get("USER");
        boolean done = false;
        String reason = "an unexpected error";
        try {
            final T result = change.make();
            done = true;
            return result;
        } catch (ConsoleException e) {
            reason = e.getMessage();
            throw e;
        } finally {
            if (done) {
                AUDIT.info("user {} console {} {} -> done", user, command, target);
            } else {
                AUDIT.info("user {} console {} {} -> failed: {}", user, command, target, reason);
            }
        }
    }
}
