/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.firststart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Adds a console user to {@code etc/users.properties}, or gives an existing one a new password and roles, while the
 * installation runs or not: {@code bin/qkd-console-user <user> <role>[,<role>...]}, the password in
 * {@code $QKD_USER_PASSWORD} or on the first line of standard input. The {@code karaf} user's new password is given
 * with its group: {@code bin/qkd-console-user karaf _g_:admingroup}.
 *
 * <p>The password is written hashed (Karaf's {@code {CRYPT}} SHA-256 form, as {@link FirstStart} writes the
 * {@code karaf} user's) and the file is written whole beside the old one, then moved in its place. A file edited in
 * place is not safe while Karaf runs: its password encryption rewrites the file as soon as it changes, and it can
 * read a line half written and store the hash of what it read (a user whose name and password are cut), or write
 * at the same time as the editor or the console's {@code jaas:} commands. A file moved in place with no clear
 * password gives it nothing to rewrite, and a login reads either the old file or the new one.
 */
public final class ConsoleUser {
    static final String PASSWORD_ENV = "QKD_USER_PASSWORD";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    // a role, or a group as _g_:<group>
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:-]*");

    private ConsoleUser() {
        // entry point only
    }

    /**
     * Runs the tool.
     *
     * @param args the installation's directory, the user, the roles separated by commas
     */
    public static void main(final String[] args) {
        FirstStart.exit((out, diag) -> run(args, out, diag));
    }

    // exit status: 0 done, 1 refused or failed, 2 usage error
    private static int run(final String[] args, final PrintStream out, final PrintStream diag) {
        if (args.length != 3) {
            diag.println("usage: qkd-console-user <user> <role>[,<role>...]  (the password in $" + PASSWORD_ENV
                + " or on standard input)");
            return 2;
        }
        try {
            var password = System.getenv(PASSWORD_ENV);
            if (password == null || password.isEmpty()) {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            final boolean added = put(Path.of(args[0]).resolve("etc").resolve("users.properties"), args[1],
                Arrays.asList(args[2].split(",", -1)), password == null ? "" : password);
            out.println("console user " + args[1] + (added ? " added" : " changed") + " with roles " + args[2]
                + "; Karaf reads it at the user's next login");
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            diag.println("qkd-console-user: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Writes a user into a users file.
     *
     * @param users the file
     * @param user the user's name
     * @param roles its roles (Karaf's {@code ssh} lets it log in to the console)
     * @param password its password, in clear
     * @return true when the user is new, false when it had an entry, which is replaced
     * @throws IllegalArgumentException when the name, a role or the password is not acceptable
     * @throws IOException when the file cannot be read or written
     */
    static boolean put(final Path users, final String user, final List<String> roles, final String password)
            throws IOException {
        if (!NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("a user's name has letters, digits and . _ @ - only: " + user);
        }
        if (roles.isEmpty() || !roles.stream().allMatch(role -> ROLE.matcher(role).matches())) {
            throw new IllegalArgumentException("roles are words with letters, digits and . _ : - separated by commas: "
                + String.join(",", roles));
        }
        if (FirstStart.checked(password, PASSWORD_ENV) == null) {
            throw new IllegalArgumentException("no password: give it in $" + PASSWORD_ENV + " or on standard input");
        }
        final var entry = user + " = " + FirstStart.crypt(password) + "," + String.join(",", roles);
        final var lines = new ArrayList<>(Files.readAllLines(users, StandardCharsets.ISO_8859_1));
        final var found = FirstStart.userLines(lines, user);
        found.forEach(i -> lines.set(i, entry));
        if (found.isEmpty()) {
            lines.add(entry);
        }
        FirstStart.replaceUsers(users, lines);
        return found.isEmpty();
    }
}
