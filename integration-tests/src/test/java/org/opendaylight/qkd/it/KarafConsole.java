/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.opendaylight.netconf.shaded.sshd.client.SshClient;
import org.opendaylight.netconf.shaded.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.opendaylight.qkd.karaf.process.KarafProcess;

/**
 * The distribution's Karaf console over SSH (port 8101, Karaf's default user), as an operator types into it: an
 * interactive shell, one command, its output until the console falls quiet. (The console runs nothing sent as an SSH
 * exec request in this distribution.)
 */
final class KarafConsole {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    // the shell's prompt: the user and the Karaf instance (root, or a cluster member's name)
    private static final Pattern PROMPT = Pattern.compile("opendaylight-user@[\\w.-]+>");
    // terminal control sequences the console writes around its output
    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[=>])");

    private KarafConsole() {
        // static functions only
    }

    /**
     * Runs one console command.
     *
     * @param command the command line, e.g. {@code qkd:device-list}
     * @return what it printed, errors included, without terminal control sequences
     * @throws IOException when the console cannot be reached or does not answer in time
     * @throws InterruptedException when interrupted while waiting for it
     */
    static String run(final String command) throws IOException, InterruptedException {
        return run("127.0.0.1", command);
    }

    /**
     * Runs one console command on the distribution listening at an address (a cluster member).
     *
     * @param host the console's address
     * @param command the command line, e.g. {@code qkd:device-list}
     * @return what it printed, errors included, without terminal control sequences
     * @throws IOException when the console cannot be reached or does not answer in time
     * @throws InterruptedException when interrupted while waiting for it
     */
    static String run(final String host, final String command) throws IOException, InterruptedException {
        return run(host, "karaf", KarafProcess.CONSOLE_PASSWORD, command);
    }

    /**
     * Runs one console command as a user.
     *
     * @param host the console's address
     * @param user the user
     * @param password the user's password
     * @param command the command line, e.g. {@code qkd:device-list}
     * @return what it printed, errors included, without terminal control sequences
     * @throws IOException when the console cannot be reached or does not answer in time
     * @throws InterruptedException when interrupted while waiting for it
     */
    static String run(final String host, final String user, final String password, final String command)
            throws IOException, InterruptedException {
        final var client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (var session = client.connect(user, host, 8101).verify(TIMEOUT).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            try (var shell = session.createShellChannel()) {
                shell.setPtyType("vt100");
                shell.setPtyColumns(250);
                shell.open().verify(TIMEOUT);
                final var in = shell.getInvertedOut();
                // the banner and the first prompt
                readUntil(in, text -> PROMPT.matcher(text).find());
                final var toShell = shell.getInvertedIn();
                toShell.write((command + "\r").getBytes(StandardCharsets.UTF_8));
                toShell.flush();
                // the shell echoes the command line and its end of line first (the echo highlighted, so not always
                // the command's text), and ends with the next prompt
                final var output = readUntil(in, text -> {
                    final int lineEnd = text.indexOf('\n');
                    return lineEnd >= 0 && PROMPT.matcher(text).find(lineEnd);
                });
                final int echo = output.indexOf(command);
                final var after = echo < 0 ? output : output.substring(echo + command.length());
                final var prompt = PROMPT.matcher(after);
                int last = after.length();
                while (prompt.find()) {
                    last = prompt.start();
                }
                return after.substring(0, last);
            }
        } finally {
            client.stop();
        }
    }

    // reads until what the console said, without terminal control sequences, is complete; returns that text
    private static String readUntil(final InputStream in, final Predicate<String> complete)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        final var buffer = new ByteArrayOutputStream();
        while (true) {
            final int available = in.available();
            if (available > 0) {
                buffer.write(in.readNBytes(available));
                final var text = ESCAPES.matcher(buffer.toString(StandardCharsets.UTF_8)).replaceAll("");
                if (complete.test(text)) {
                    return text;
                }
            } else if (System.nanoTime() > deadline) {
                throw new IOException("the console did not finish within " + TIMEOUT.toSeconds() + " s: "
                    + buffer.toString(StandardCharsets.UTF_8));
            } else {
                // polled: the channel's stream has no read with a timeout
                Thread.sleep(10);
            }
        }
    }
}
