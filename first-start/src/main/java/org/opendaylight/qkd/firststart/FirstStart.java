/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.firststart;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opendaylight.aaa.api.IDMStoreException;
import org.opendaylight.aaa.api.IIDMStore;
import org.opendaylight.aaa.api.StoreBuilder;
import org.opendaylight.aaa.api.model.Role;
import org.opendaylight.aaa.api.password.service.PasswordHashService;
import org.opendaylight.aaa.datastore.h2.H2Store;
import org.opendaylight.aaa.datastore.h2.IdmLightConfigBuilder;
import org.opendaylight.aaa.datastore.h2.IdmLightSimpleConnectionProvider;
import org.opendaylight.aaa.impl.password.service.DefaultPasswordHashService;

/**
 * Makes an installation's own credentials before its first start, so that no default password is ever accepted.
 *
 * <ul>
 *   <li>RESTCONF: OpenDaylight AAA creates {@code admin}/{@code admin} when its store has no {@code sdn} domain.
 *       This tool creates the domain first, in AAA's own H2 store with AAA's own classes (the password hashed as
 *       AAA hashes it: salted SHA-512, 20,000 rounds), with the roles {@code admin}, {@code user}, {@code viewer}
 *       and {@code operator} and the user {@code admin}: AAA then adds nobody. A store whose {@code admin} still
 *       has the password {@code admin} (made by a start without this tool) gets a new one.</li>
 *   <li>The console: {@code etc/users.properties} ships without a {@code karaf} user; this tool adds it, its
 *       password hashed (Karaf's {@code {CRYPT}} SHA-256 form, which the distribution's JAAS configuration
 *       checks), in the {@code admingroup}. A {@code karaf} user with the password {@code karaf} gets a new one.</li>
 *   <li>HTTPS: the controller's certificate, the operator's or self-signed ({@link ControllerTls}).</li>
 * </ul>
 * The passwords are the operator's ({@code $QKD_ADMIN_PASSWORD}, {@code $QKD_CONSOLE_PASSWORD}) or random, 128 bits
 * each; random ones are shown once, on this tool's output, and kept nowhere in clear. {@code bin/setenv} runs it
 * with the installation's directory before every start (AAA's store is locked while the installation runs); with
 * nothing to do it changes and shows nothing.
 */
public final class FirstStart {
    static final String ADMIN_ENV = "QKD_ADMIN_PASSWORD";
    static final String CONSOLE_ENV = "QKD_CONSOLE_PASSWORD";
    static final String DOMAIN = IIDMStore.DEFAULT_DOMAIN;
    static final List<String> QKD_ROLES = List.of("viewer", "operator");
    static final int MIN_LENGTH = 12;
    private static final Set<String> WELL_KNOWN = Set.of("admin", "karaf", "password", "changeit");
    private static final String CRYPT = "{CRYPT}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FirstStart() {
        // entry point only
    }

    /**
     * Runs the tool.
     *
     * @param args the installation's directory
     */
    public static void main(final String[] args) {
        exit((out, diag) -> run(args, out, diag));
    }

    /**
     * What a tool of this bundle does, on its standard output and error.
     */
    @FunctionalInterface
    interface Tool {
        /**
         * Runs it.
         *
         * @param out its output
         * @param diag its errors
         * @return its exit status
         */
        int run(PrintStream out, PrintStream diag);
    }

    // runs a tool with UTF-8 output, and ends the JVM with its status when that is not 0
    static void exit(final Tool tool) {
        final var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final var diag = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final int status = tool.run(out, diag);
        if (status != 0) {
            Runtime.getRuntime().exit(status);
        }
    }

    // exit status: 0 done, 1 failed, 2 usage error
    private static int run(final String[] args, final PrintStream out, final PrintStream diag) {
        if (args.length != 1) {
            diag.println("usage: qkd-first-start <installation directory>");
            return 2;
        }
        try {
            run(Path.of(args[0]), System.getenv(), out, InstantSource.system());
            return 0;
        } catch (IllegalArgumentException | IOException | IDMStoreException e) {
            diag.println("qkd-first-start: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Makes what is missing.
     *
     * @param base the installation's directory
     * @param environment where the operator's passwords are looked up
     * @param out where random passwords are shown
     * @param clock when now is, for the HTTPS certificate ({@link ControllerTls})
     * @return the credentials made, user to password; empty when there was nothing to do
     * @throws IllegalArgumentException when an operator's password is a well-known or a short one
     * @throws IOException when the files cannot be read or written
     * @throws IDMStoreException when AAA's store cannot be read or written (locked by a running installation, say)
     */
    static Map<String, String> run(final Path base, final Map<String, String> environment, final PrintStream out,
            final InstantSource clock) throws IOException, IDMStoreException {
        final var adminGiven = checked(environment.get(ADMIN_ENV), ADMIN_ENV);
        final var consoleGiven = checked(environment.get(CONSOLE_ENV), CONSOLE_ENV);
        final var made = new LinkedHashMap<String, String>();
        final var adminPassword = adminGiven != null ? adminGiven : random();
        if (restconf(base.resolve("data"), adminPassword)) {
            made.put("admin", adminPassword);
        }
        final var consolePassword = consoleGiven != null ? consoleGiven : random();
        if (console(base.resolve("etc").resolve("users.properties"), consolePassword)) {
            made.put("karaf", consolePassword);
        }
        final var shown = new ArrayList<String>();
        if (made.containsKey("admin")) {
            shown.add(adminGiven != null ? "  RESTCONF user admin: the password in $" + ADMIN_ENV
                : "  RESTCONF user admin, password " + adminPassword);
        }
        if (made.containsKey("karaf")) {
            shown.add(consoleGiven != null ? "  console user karaf: the password in $" + CONSOLE_ENV
                : "  console user karaf, password " + consolePassword);
        }
        if (!shown.isEmpty()) {
            out.println("QKD first start: this installation's own credentials (a random password is shown this once "
                + "and kept nowhere in clear):");
            shown.forEach(out::println);
            out.println("Set your own with $" + ADMIN_ENV + " and $" + CONSOLE_ENV + " before the first start; "
                + "change them later with AAA's user API and etc/users.properties (README, \"First start\").");
        }
        final var tls = ControllerTls.run(base.resolve("etc"), environment, clock);
        if (tls != null) {
            out.println("QKD first start: " + tls);
        }
        return made;
    }

    // an operator's password: none, or one that is neither well known nor short
    static String checked(final String given, final String variable) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (WELL_KNOWN.contains(given.toLowerCase(Locale.ROOT)) || given.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("$" + variable + " must not be a well-known password and must have at "
                + "least " + MIN_LENGTH + " characters");
        }
        return given;
    }

    private static String random() {
        final var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // AAA's store: the domain, the roles and the admin, unless there; true when the admin's password was set
    static boolean restconf(final Path data, final String password) throws IOException, IDMStoreException {
        Files.createDirectories(data);
        final PasswordHashService hashes = new DefaultPasswordHashService();
        final var config = new IdmLightConfigBuilder().dbDirectory(data.toString()).dbUser("foo").dbPwd("bar")
            .build();
        final var store = new H2Store(new IdmLightSimpleConnectionProvider(config), hashes);
        final var builder = new StoreBuilder(store);
        final boolean fresh = store.readDomain(DOMAIN) == null;
        if (fresh) {
            builder.initDomainAndRolesWithoutUsers(DOMAIN);
        }
        for (var name : QKD_ROLES) {
            if (store.readRole(name + "@" + DOMAIN) == null) {
                final var role = new Role();
                role.setRoleid(name + "@" + DOMAIN);
                role.setName(name);
                role.setDomainid(DOMAIN);
                role.setDescription("QKD " + name);
                store.writeRole(role);
            }
        }
        final var admin = store.readUser("admin@" + DOMAIN);
        if (admin == null) {
            if (!fresh) {
                // a domain without an admin is the operator's choice: nobody is added
                return false;
            }
            builder.createUser(DOMAIN, "admin", password, true);
            return true;
        }
        if (hashes.passwordsMatch("admin", admin.getPassword(), admin.getSalt())) {
            // AAA's default, made by a start without this tool
            admin.setPassword(password);
            store.updateUser(admin);
            return true;
        }
        return false;
    }

    // the console's user: added, hashed, when missing; replaced when it has the well-known password
    static boolean console(final Path users, final String password) throws IOException {
        final var lines = new ArrayList<>(Files.readAllLines(users, StandardCharsets.ISO_8859_1));
        final var entry = "karaf = " + crypt(password) + ",_g_:admingroup";
        final var found = userLines(lines, "karaf");
        for (int i : found) {
            // the password, before the roles
            final var secret = lines.get(i).split("[=:]", 2)[1].split(",", 2)[0].trim();
            if (!secret.equals("karaf") && !secret.equalsIgnoreCase(crypt("karaf"))) {
                return false;
            }
        }
        found.forEach(i -> lines.set(i, entry));
        if (found.isEmpty()) {
            lines.add(entry);
        }
        replaceUsers(users, lines);
        return true;
    }

    /**
     * Where Karaf's users file defines a user: {@code name = password,roles}, or with {@code :} for {@code =} as in
     * any properties file.
     *
     * @param lines the file's lines
     * @param user the user's name
     * @return the indexes of the lines that define it, in order
     */
    static List<Integer> userLines(final List<String> lines, final String user) {
        final var definition = Pattern.compile("^\\s*" + Pattern.quote(user) + "\\s*[=:].*$");
        final var found = new ArrayList<Integer>();
        for (int i = 0; i < lines.size(); i++) {
            if (definition.matcher(lines.get(i)).matches()) {
                found.add(i);
            }
        }
        return found;
    }

    /**
     * Replaces Karaf's users file whole, keeping its mode ({@link ControllerTls#writeWhole}): a login reads either the
     * old file or the new one, never one half written.
     *
     * @param users the file
     * @param lines its new lines
     * @throws IOException when the file cannot be written
     */
    static void replaceUsers(final Path users, final List<String> lines) throws IOException {
        final var text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        ControllerTls.writeWhole(users, text.toString().getBytes(StandardCharsets.ISO_8859_1),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
    }

    // a password as Karaf's users file holds it hashed
    static String crypt(final String password) {
        return CRYPT + sha256(password) + CRYPT;
    }

    // Karaf's basic encryption: one SHA-256 digest of the password's bytes, in hexadecimal
    static String sha256(final String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
