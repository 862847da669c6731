/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.opendaylight.qkd.karaf.process.KarafProcess;

/**
 * What the integration tests do with a starting or stopping distribution.
 */
final class Distributions {
    private static final Restconf ADMIN = new Restconf("admin", KarafProcess.ADMIN_PASSWORD);

    private Distributions() {
        // static functions only
    }

    /**
     * Waits (boundedly: {@code qkd.it.startTimeoutSeconds}, 300 s by default) until RESTCONF answers; if it does not,
     * stops the distribution and fails with the last lines of its logs.
     *
     * @param karaf the starting distribution
     */
    static void awaitRestconf(final KarafProcess karaf) {
        try {
            await("RESTCONF answering").atMost(Duration.ofSeconds(Long.getLong("qkd.it.startTimeoutSeconds", 300)))
                .pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(1))
                .failFast("Karaf exited before RESTCONF answered", () -> !karaf.isAlive())
                .until(Distributions::restconfAnswers);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            final var message = "Distribution not ready: " + e.getMessage() + "\n" + karaf.diagnostics(60);
            stop(karaf);
            throw new AssertionError(message, e);
        }
    }

    /**
     * Stops a distribution, if there is one.
     *
     * @param karaf the distribution, or null
     */
    static void stop(final KarafProcess karaf) {
        if (karaf != null) {
            try {
                karaf.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean restconfAnswers() throws IOException, InterruptedException {
        try {
            // Jetty answers 404 before RESTCONF is deployed: only data, or RESTCONF's own data-missing, means ready
            final var response = ADMIN.get("/data/ietf-network:networks");
            return response.statusCode() == 200 || response.body().contains("data-missing");
        } catch (ConnectException | HttpTimeoutException e) {
            return false;
        }
    }
}
