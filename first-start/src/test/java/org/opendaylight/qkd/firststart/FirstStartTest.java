/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.firststart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.aaa.api.StoreBuilder;
import org.opendaylight.aaa.datastore.h2.H2Store;
import org.opendaylight.aaa.datastore.h2.IdmLightConfigBuilder;
import org.opendaylight.aaa.datastore.h2.IdmLightSimpleConnectionProvider;
import org.opendaylight.aaa.impl.password.service.DefaultPasswordHashService;

/**
 * The credentials of a first start, in AAA's own store and Karaf's users file, checked with AAA's own classes.
 */
class FirstStartTest {
    private static final String USERS = """
        # the distribution's users file, without its karaf user
        _g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh
        """;

    @TempDir
    Path base;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/users.properties"), USERS);
        Files.writeString(base.resolve("etc/" + ControllerTls.PAX_WEB), ControllerTlsTest.PAX_WEB);
    }

    private Map<String, String> run(final Map<String, String> environment) throws Exception {
        return FirstStart.run(base, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
            ControllerTlsTest.CLOCK);
    }

    private H2Store store() {
        return new H2Store(new IdmLightSimpleConnectionProvider(new IdmLightConfigBuilder()
            .dbDirectory(base.resolve("data").toString()).dbUser("foo").dbPwd("bar").build()),
            new DefaultPasswordHashService());
    }

    private boolean adminAccepts(final String password) throws Exception {
        final var admin = store().readUser("admin@sdn");
        return new DefaultPasswordHashService().passwordsMatch(password, admin.getPassword(), admin.getSalt());
    }

    @Test
    void randomCredentialsAreMadeOnceAndShownOnce() throws Exception {
        final var made = run(Map.of());
        assertEquals(2, made.size());
        final var admin = made.get("admin");
        final var karaf = made.get("karaf");
        assertTrue(admin.length() >= 22 && !admin.equals(karaf), made::toString);
        assertTrue(adminAccepts(admin));
        assertFalse(adminAccepts("admin"), "AAA's default is never accepted");
        // the roles the access policies name, and the admin's grants
        for (var role : new String[] {"admin", "user", "viewer", "operator"}) {
            assertNotNull(store().readRole(role + "@sdn"), role);
        }
        assertEquals(2, store().getGrants("admin@sdn").getGrants().size());
        // the console user, hashed
        final var users = Files.readString(base.resolve("etc/users.properties"));
        assertTrue(users.contains("karaf = {CRYPT}" + FirstStart.sha256(karaf) + "{CRYPT},_g_:admingroup"), users);
        assertFalse(users.contains(karaf), "no password in clear");
        final var shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("password " + admin) && shown.contains("password " + karaf), shown);

        // AAA, started now, adds nobody: its default user needs a missing domain
        new StoreBuilder(store()).initWithDefaultUsers("sdn");
        assertFalse(adminAccepts("admin"));
        // a second run has nothing to do and shows nothing
        out.reset();
        assertTrue(run(Map.of()).isEmpty());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(adminAccepts(admin));
    }

    @Test
    void theOperatorsPasswordsAreUsedAndNotShown() throws Exception {
        final var made = run(Map.of(FirstStart.ADMIN_ENV, "Operator-admin-42", FirstStart.CONSOLE_ENV,
            "Operator-console-42"));
        assertEquals(Map.of("admin", "Operator-admin-42", "karaf", "Operator-console-42"), made);
        assertTrue(adminAccepts("Operator-admin-42"));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("Operator-admin-42"));
        for (var weak : new String[] {"admin", "karaf", "Short-1"}) {
            final var refused = assertThrows(IllegalArgumentException.class,
                () -> run(Map.of(FirstStart.ADMIN_ENV, weak)));
            assertTrue(refused.getMessage().contains(FirstStart.ADMIN_ENV), refused::getMessage);
        }
    }

    @Test
    void defaultsLeftByAStartWithoutTheToolAreReplaced() throws Exception {
        // AAA's own first start: admin/admin; Karaf's shipped karaf/karaf
        new StoreBuilder(store()).initWithDefaultUsers("sdn");
        Files.writeString(base.resolve("etc/users.properties"), USERS + "karaf = karaf,_g_:admingroup\n");
        assertTrue(adminAccepts("admin"));
        final var made = run(Map.of());
        assertEquals(2, made.size());
        assertFalse(adminAccepts("admin"));
        assertTrue(adminAccepts(made.get("admin")));
        final var users = Files.readString(base.resolve("etc/users.properties"));
        assertFalse(users.contains("karaf = karaf"), users);
        assertNotNull(store().readRole("viewer@sdn"));
    }

    @Test
    void theShippedConsolePasswordIsFoundInEitherFormOfAPropertiesLine() throws Exception {
        Files.writeString(base.resolve("etc/users.properties"), USERS + "karaf:karaf,_g_:admingroup\n");
        final var made = run(Map.of());
        final var users = Files.readString(base.resolve("etc/users.properties"));
        assertFalse(users.contains("karaf:karaf"), users);
        assertTrue(users.contains("karaf = {CRYPT}" + FirstStart.sha256(made.get("karaf")) + "{CRYPT},_g_:admingroup"),
            users);
        assertEquals(1, users.lines().filter(line -> line.startsWith("karaf")).count(), users);
    }

    @Test
    void anOperatorsOwnUsersAreLeftAlone() throws Exception {
        Files.writeString(base.resolve("etc/users.properties"), USERS + "karaf = {CRYPT}"
            + FirstStart.sha256("Own-console-password") + "{CRYPT},_g_:admingroup\n");
        final var made = run(Map.of());
        assertEquals(java.util.Set.of("admin"), made.keySet());
        assertTrue(Files.readString(base.resolve("etc/users.properties"))
            .contains(FirstStart.sha256("Own-console-password")));
    }
}
