/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.emulator.link.LinkSnapshot;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.emulator.standalone.Credentials;
import org.opendaylight.qkd.emulator.standalone.NetconfEmulator;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.opendaylight.qkd.karaf.process.KarafProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the built distribution, waits (boundedly) for RESTCONF, and drives the QKD models through it with
 * authentication, including bad input that must be refused without losing what is stored. Emulated QKD devices are
 * mounted over NETCONF, from a separate emulator process and from devices in this JVM, whose injected faults must
 * show in the operational topology within a stated bound.
 */
class DistributionIT {
    private static final Logger LOG = LoggerFactory.getLogger(DistributionIT.class);
    private static final Restconf ADMIN = new Restconf("admin", KarafProcess.ADMIN_PASSWORD);
    private static final String POLICY_GOLD = "/data/qkd-policy:qkd-policies/policy=gold";
    private static final String NETWORK = "/data/ietf-network:networks/network=qkd-it";
    private static final String DEVICES = "/data/qkd-devices:qkd-devices";
    private static final String QKD_TOPOLOGY = "/data/ietf-network:networks/network=qkd?content=nonconfig";
    // how long a fault injected into an emulated device may take to show in the topology and alarms: the device
    // notices it within its 100 ms refresh and notifies the controller, which reads it at once (polling, once a
    // minute in that test, plays no part)
    private static final Duration FAULT_BOUND = Duration.ofSeconds(3);

    private static KarafProcess karaf;

    @BeforeAll
    static void startDistribution() throws IOException {
        final var started = System.nanoTime();
        karaf = KarafProcess.start(KarafProcess.findHome(Path.of(System.getProperty("qkd.karaf.dir"))),
            Path.of(System.getProperty("qkd.it.log")), Map.of(), null);
        Distributions.awaitRestconf(karaf);
        final var readyMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LOG.info("QKD distribution: RESTCONF ready {} ms after start, JVM RSS {} MiB", readyMillis,
            karaf.stats().map(stats -> String.valueOf(stats.rssMib())).orElse("unknown"));
    }

    @AfterAll
    static void stopDistribution() {
        if (karaf != null) {
            // the next test starts in the same directory, which takes its logs
            try {
                karaf.keepLogs(Path.of(System.getProperty("qkd.it.log") + ".distribution"));
            } catch (IOException e) {
                LOG.warn("Logs not kept", e);
            }
        }
        Distributions.stop(karaf);
        karaf = null;
    }

    @Test
    void restconfRefusesAnonymousAndWrongPassword() throws Exception {
        assertEquals(401, new Restconf(null, null).get("/data/qkd-policy:qkd-policies").statusCode());
        assertEquals(401, new Restconf("admin", "wrong").get("/data/qkd-policy:qkd-policies").statusCode());
        // no default password: AAA's admin/admin never existed in this installation (its first start made the
        // admin with the operator's password, from the environment, before AAA could)
        assertEquals(401, new Restconf("admin", "admin").get("/data/qkd-policy:qkd-policies").statusCode());
        assertEquals(200, ADMIN.get("/data/ietf-yang-library:yang-library").statusCode());
    }

    @Test
    void fiftyWrongPasswordsAreFiftySecurityEventsAndLockNobodyOut() throws Exception {
        final var user = "it-guess";
        final int before = securityEvents("login-refused", user).size();
        for (int i = 0; i < 50; i++) {
            assertEquals(401, new Restconf(user, "guess-" + i).get("/data/ietf-yang-library:yang-library")
                .statusCode());
        }
        await("50 refused logins as security events").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> securityEvents("login-refused", user).size() >= before + 50);
        assertEquals(before + 50, securityEvents("login-refused", user).size());
        // no password is written, and the right one still works (AAA locks nobody out)
        assertFalse(Files.readString(karaf.home().resolve("data/log/security.log")).contains("guess-"));
        for (int i = 0; i < 50; i++) {
            assertEquals(401, new Restconf("admin", "guess-" + i).get("/data/ietf-yang-library:yang-library")
                .statusCode());
        }
        assertEquals(200, ADMIN.get("/data/ietf-yang-library:yang-library").statusCode());
    }

    // the controller's security events of a type about a user (RFC 5424 lines of data/log/security.log)
    private static List<String> securityEvents(final String type, final String user) throws IOException {
        final var log = karaf.home().resolve("data/log/security.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains(" " + type + " ") && line.contains("user=\"" + user + "\"")).toList();
    }

    @Test
    void theControllerListensOnLoopbackOnly() {
        // RESTCONF (Jetty), RESTCONF's Netty endpoint and the SSH console answer on 127.0.0.1 and on no other
        // address, not even another loopback one
        for (int port : List.of(KarafProcess.HTTPS_PORT, 8182, 8101)) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (var socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    return true;
                }
            });
            assertThrows(ConnectException.class, () -> {
                try (var socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.2", port), 5000);
                }
            }, "port " + port + " answers on 127.0.0.2");
        }
    }

    // curl's exit status and output
    private static Map.Entry<Integer, String> curl(final String... arguments) throws IOException,
            InterruptedException {
        final var command = new ArrayList<String>(List.of("curl", "-sS", "-m", "10"));
        command.addAll(List.of(arguments));
        final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Map.entry(process.waitFor(), output);
    }

    @Test
    void theControllerAnswersHttpsOnly() throws Exception {
        final var tls = karaf.home().resolve("etc/qkd-tls");
        // the first start installed the certificate it was given (KarafProcess's, as an operator gives theirs),
        // its key and key store closed to others, and the key store's password in pax-web's configuration only
        assertEquals(Files.readString(KarafProcess.tlsCertificate()), Files.readString(tls.resolve("controller.crt")));
        for (var secret : List.of(tls, tls.resolve("controller.p12"), tls.resolve("controller.key"),
                karaf.home().resolve("etc/org.ops4j.pax.web.cfg"))) {
            final var permissions = Files.getPosixFilePermissions(secret);
            assertFalse(permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ), secret + ": " + permissions);
        }
        // an operator's curl with the certificate: RESTCONF, the OpenAPI explorer
        final var user = "admin:" + KarafProcess.ADMIN_PASSWORD;
        final var base = "https://127.0.0.1:" + KarafProcess.HTTPS_PORT;
        for (var resource : List.of("/rests/data/qkd-policy:qkd-policies", "/openapi/explorer/index.html")) {
            final var ok = curl("--cacert", tls.resolve("controller.crt").toString(), "-u", user, "-o", "/dev/null",
                "-w", "%{http_code} %{ssl_verify_result}", base + resource);
            assertEquals(Map.entry(0, "200 0"), ok, resource);
        }
        // RESTCONF's Netty endpoint is TLS as well (HTTP/1.1: its HTTP/2 is not usable in this release)
        assertEquals(Map.entry(0, "200"), curl("--http1.1", "--cacert", tls.resolve("controller.crt").toString(),
            "-u", user, "-o", "/dev/null", "-w", "%{http_code}",
            "https://127.0.0.1:8182/restconf/data/qkd-policy:qkd-policies"));
        // without the certificate curl refuses the controller (60: the peer's certificate cannot be verified)
        assertEquals(60, curl("-u", user, "-o", "/dev/null", base + "/rests/data/qkd-policy:qkd-policies")
            .getKey());
        // plain HTTP gets no answer: nothing listens on 8181, and the Netty endpoint answers plain HTTP with nothing
        assertEquals(7, curl("-o", "/dev/null", "http://127.0.0.1:8181/rests/data/qkd-policy:qkd-policies")
            .getKey(), "8181: connection refused");
        assertEquals(52, curl("-o", "/dev/null", "http://127.0.0.1:8182/restconf/data/qkd-policy:qkd-policies")
            .getKey(), "8182 in plain HTTP: empty reply");
        // TLS 1.2 without forward secrecy is refused (35: the handshake fails)
        assertEquals(35, curl("--tlsv1.2", "--tls-max", "1.2", "--ciphers", "AES128-GCM-SHA256", "--cacert",
            tls.resolve("controller.crt").toString(), "-o", "/dev/null", base + "/rests/").getKey());
    }

    @Test
    void qkdModelsAreAdvertisedInYangLibrary() throws Exception {
        final var library = readObject(ADMIN.get("/data/ietf-yang-library:yang-library"))
            .getAsJsonObject("ietf-yang-library:yang-library");
        final var advertised = new HashSet<String>();
        for (var moduleSet : library.getAsJsonArray("module-set")) {
            final var modules = moduleSet.getAsJsonObject().getAsJsonArray("module");
            if (modules != null) {
                // ODL names modules "name_revision" here; the revision has its own leaf
                modules.forEach(module -> advertised.add(module.getAsJsonObject().get("name").getAsString()
                    .replaceFirst("_\\d{4}-\\d{2}-\\d{2}$", "")));
            }
        }
        for (var module : Set.of("qkd-types", "qkd-topology", "qkd-policy", "qkd-key-service", "qkd-device-ext",
                "qkd-path-computation", "qkd-devices", "etsi-qkd-sdn-node", "etsi-qkd-node-types")) {
            assertTrue(advertised.contains(module), () -> module + " missing from yang-library: " + advertised);
        }
    }

    @Test
    void policyIsStoredAndReadBack() throws Exception {
        final var put = ADMIN.put(POLICY_GOLD, """
            {"qkd-policy:policy": [{"name": "gold", "mode": "qkd-only", "max-hops": 3,
              "excluded-jurisdiction": ["PL"], "ml-kem-parameter-set": "ml-kem-1024"}]}""");
        assertTrue(put.statusCode() == 201 || put.statusCode() == 204, () -> put.statusCode() + " " + put.body());

        final var policy = readObject(ADMIN.get(POLICY_GOLD)).getAsJsonArray("qkd-policy:policy").get(0)
            .getAsJsonObject();
        assertEquals("gold", policy.get("name").getAsString());
        assertEquals("qkd-only", policy.get("mode").getAsString());
        assertEquals(3, policy.get("max-hops").getAsInt());
        assertEquals("PL", policy.getAsJsonArray("excluded-jurisdiction").get(0).getAsString());
        assertEquals("ml-kem-1024", policy.get("ml-kem-parameter-set").getAsString());
    }

    @Test
    void invalidPoliciesAreRefusedAndTheStoredOneSurvives() throws Exception {
        final var put = ADMIN.put("/data/qkd-policy:qkd-policies/policy=keep", """
            {"qkd-policy:policy": [{"name": "keep", "mode": "hybrid"}]}""");
        assertTrue(put.statusCode() == 201 || put.statusCode() == 204, () -> put.statusCode() + " " + put.body());

        final var badMode = ADMIN.put("/data/qkd-policy:qkd-policies/policy=keep", """
            {"qkd-policy:policy": [{"name": "keep", "mode": "quantum-magic"}]}""");
        assertRefused(badMode, "malformed-message");
        assertTrue(badMode.body().contains("quantum-magic"), badMode::body);
        assertRefused(ADMIN.put("/data/qkd-policy:qkd-policies/policy=keep", """
            {"qkd-policy:policy": [{"name": "keep", "mode": "hybrid", "excluded-jurisdiction": ["Germany"]}]}"""),
            "invalid-value");
        assertRefused(ADMIN.put("/data/qkd-policy:qkd-policies/policy=keep", """
            {"qkd-policy:policy": [{"name": "keep", "mode": "hybrid", "max-hops": 0}]}"""), "invalid-value");
        assertRefused(ADMIN.put("/data/qkd-policy:qkd-policies/policy=keep", "{\"qkd-policy:policy\": [{"),
            "malformed-message");

        final var kept = readObject(ADMIN.get("/data/qkd-policy:qkd-policies/policy=keep"))
            .getAsJsonArray("qkd-policy:policy").get(0).getAsJsonObject();
        assertEquals("hybrid", kept.get("mode").getAsString());
        assertEquals(null, kept.get("max-hops"));
    }

    @Test
    void qkdTopologyIsStoredWithItsAugmentations() throws Exception {
        final var put = ADMIN.put(NETWORK, """
            {"ietf-network:network": [{
              "network-id": "qkd-it",
              "network-types": {"qkd-topology:qkd-network": {}},
              "node": [
                {"node-id": "alice", "qkd-topology:qkd-node-attributes": {"operator": "MetroQ", "jurisdiction": "DE"}},
                {"node-id": "bob", "qkd-topology:qkd-node-attributes": {"trusted": false}}
              ],
              "ietf-network-topology:link": [{
                "link-id": "alice-bob",
                "source": {"source-node": "alice"},
                "destination": {"dest-node": "bob"},
                "qkd-topology:qkd-link-attributes": {"fiber-length": "25.5", "attenuation": "0.21"}
              }]
            }]}""");
        assertTrue(put.statusCode() == 201 || put.statusCode() == 204, () -> put.statusCode() + " " + put.body());

        final var network = readObject(ADMIN.get(NETWORK + "?content=config"))
            .getAsJsonArray("ietf-network:network").get(0).getAsJsonObject();
        assertTrue(network.getAsJsonObject("network-types").has("qkd-topology:qkd-network"));
        final var link = network.getAsJsonArray("ietf-network-topology:link").get(0).getAsJsonObject()
            .getAsJsonObject("qkd-topology:qkd-link-attributes");
        assertEquals(25.5, link.get("fiber-length").getAsDouble(), 1e-9);
        assertEquals(0.21, link.get("attenuation").getAsDouble(), 1e-9);

        // A negative fiber length is refused; the stored network is untouched
        assertRefused(ADMIN.put(NETWORK + "/ietf-network-topology:link=alice-bob", """
            {"ietf-network-topology:link": [{"link-id": "alice-bob", "source": {"source-node": "alice"},
              "destination": {"dest-node": "bob"},
              "qkd-topology:qkd-link-attributes": {"fiber-length": "-3"}}]}"""), "invalid-value");

        // Measured state is not configuration: refused (ODL 10.0.2 reports it as 500 operation-failed)
        final var state = ADMIN.put(NETWORK + "/ietf-network-topology:link=alice-bob", """
            {"ietf-network-topology:link": [{"link-id": "alice-bob", "source": {"source-node": "alice"},
              "destination": {"dest-node": "bob"},
              "qkd-topology:qkd-link-attributes": {"fiber-length": "30", "status": "up"}}]}""");
        assertTrue(state.statusCode() >= 400, () -> state.statusCode() + " " + state.body());

        final var again = readObject(ADMIN.get(NETWORK + "/ietf-network-topology:link=alice-bob?content=config"))
            .getAsJsonArray("ietf-network-topology:link").get(0).getAsJsonObject()
            .getAsJsonObject("qkd-topology:qkd-link-attributes");
        assertEquals(25.5, again.get("fiber-length").getAsDouble(), 1e-9);
        assertEquals(null, again.get("status"));
    }

    @Test
    void keyServiceWithUnsafeSaeIdIsRefused() throws Exception {
        assertRefused(ADMIN.put("/data/qkd-key-service:key-services/key-service=vpn-1", """
            {"qkd-key-service:key-service": [{"service-id": "vpn-1",
              "sae-a": {"sae-id": "../../etc/passwd", "node": "alice"},
              "sae-b": {"sae-id": "gw-b", "node": "bob"},
              "required-rate": "256", "policy": "gold"}]}"""), "invalid-value");
        assertRefused(ADMIN.put("/data/qkd-key-service:key-services/key-service=vpn-1", """
            {"qkd-key-service:key-service": [{"service-id": "vpn-1",
              "sae-a": {"sae-id": "gw-a", "node": "alice"},
              "sae-b": {"sae-id": "gw-b", "node": "bob"},
              "required-rate": "0", "policy": "gold"}]}"""), "invalid-value");
        assertEquals(409, ADMIN.get("/data/qkd-key-service:key-services/key-service=vpn-1").statusCode());
    }

    @Test
    void computeKeyPathAnswersInputErrorsAsApplicationErrors() throws Exception {
        final var compute = "/operations/qkd-path-computation:compute-key-path";
        final var zeroRate = ADMIN.post(compute, """
            {"input": {"source-node": "a", "destination-node": "b", "rate": 0, "policy": "gold"}}""");
        assertEquals("non-positive-rate", applicationError(zeroRate).get("error-app-tag").getAsString());
        assertTrue(zeroRate.body().contains("was 0"), zeroRate::body);
        assertEquals("non-positive-rate", applicationError(ADMIN.post(compute, """
            {"input": {"source-node": "a", "destination-node": "b", "rate": -8, "policy": "gold"}}"""))
            .get("error-app-tag").getAsString());
        final var noNetwork = ADMIN.post(compute, """
            {"input": {"network-id": "no-such-network", "source-node": "a", "destination-node": "b", "rate": 1000,
              "policy": "gold"}}""");
        assertEquals("unknown-network", applicationError(noNetwork).get("error-app-tag").getAsString());
        assertEquals("unknown-reservation", applicationError(ADMIN.post(
            "/operations/qkd-path-computation:release-key-path", """
            {"input": {"reservation-id": 42}}""")).get("error-app-tag").getAsString());
        // a missing mandatory leaf is refused by RESTCONF itself, before the implementation
        final var missing = ADMIN.post(compute, """
            {"input": {"source-node": "a", "destination-node": "b", "policy": "gold"}}""");
        assertEquals(400, missing.statusCode(), missing::body);
    }

    @Test
    void theConsoleDeclaresListsAndRemovesDevices() throws Exception {
        // a node no one runs (a port nobody listens on): the device is declared, and is not connected
        final var port = NetconfEmulator.freePorts(1).getFirst();
        final var added = KarafConsole.run("qkd:device-add --host 127.0.0.1 --port " + port + " --user qkd "
            + "--password console-pass --operator \"Console Op\" console-dev");
        assertTrue(added.contains("QKD device console-dev declared: netconf qkd@127.0.0.1:" + port), added);
        final var declared = ADMIN.get(DEVICES + "/device=console-dev");
        assertEquals(200, declared.statusCode(), declared::body);
        assertTrue(declared.body().contains("Console Op"), declared::body);
        await("console device tried").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> ADMIN.get(DEVICES + "/device=console-dev?content=nonconfig").body()
                .contains("\"connection-status\""));
        final var listed = KarafConsole.run("qkd:device-list");
        assertTrue(listed.contains("console-dev") && listed.contains("netconf qkd@127.0.0.1:" + port)
            && !listed.contains("connected") && !listed.contains("console-pass"), listed);

        final var twice = KarafConsole.run("qkd:device-add --host 127.0.0.2 --user qkd --password p console-dev");
        assertTrue(twice.contains("a device named console-dev is declared already"), twice);
        final var unknown = KarafConsole.run("qkd:device-remove no-such-device");
        assertTrue(unknown.contains("no device named no-such-device"), unknown);
        final var removed = KarafConsole.run("qkd:device-remove console-dev");
        assertTrue(removed.contains("QKD device console-dev removed"), removed);
        // the declaration is gone once the command answers; its state follows when the southbound has seen it
        assertEquals(409, ADMIN.get(DEVICES + "/device=console-dev?content=config").statusCode());
        await("console device's state removed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> ADMIN.get(DEVICES + "/device=console-dev").statusCode() == 409);
    }

    @Test
    void restconfHonoursRoles() throws Exception {
        // the policies by role are loaded at the first start
        await("authorization policies").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> ADMIN.get("/data/aaa:http-authorization/policies").statusCode() == 200);
        // a viewer and an operator, as an administrator adds them with AAA's user API
        final var idm = new Restconf("https://127.0.0.1:" + KarafProcess.HTTPS_PORT + "/auth", "admin",
            KarafProcess.ADMIN_PASSWORD, Duration.ofSeconds(10));
        // the roles exist from the first start on
        final var roles = idm.getJson("/v1/roles");
        assertTrue(roles.body().contains("viewer@sdn") && roles.body().contains("operator@sdn"),
            () -> roles.statusCode() + " " + roles.body());
        for (var role : List.of("viewer", "operator")) {
            final var user = idm.postJson("/v1/users", """
                {"name": "rc-%s", "domainid": "sdn", "password": "Rc-%s-pass-42", "description": "", "email": ""}"""
                .formatted(role, role));
            assertEquals(201, user.statusCode(), user::body);
            final var granted = idm.postJson("/v1/domains/sdn/users/rc-" + role + "@sdn/roles", """
                {"roleid": "%s@sdn"}""".formatted(role));
            assertEquals(201, granted.statusCode(), granted::body);
        }
        final var viewer = new Restconf("rc-viewer", "Rc-viewer-pass-42");
        final var operator = new Restconf("rc-operator", "Rc-operator-pass-42");
        final var policy = "/data/qkd-policy:qkd-policies/policy=by-role";
        final var body = """
            {"qkd-policy:policy": [{"name": "by-role", "mode": "qkd-only"}]}""";
        final var fault = "/operations/qkd-emulator:inject-link-fault";
        final var faultBody = """
            {"input": {"link": "no-such-link", "fault": "cut"}}""";

        // a viewer reads, and writes nothing: 403 (AAA's Shiro filter answers 401; the suite's filter around it tells
        // the refusal from a failed login and answers 403), each refusal a security event
        assertEquals(200, viewer.get("/data/ietf-yang-library:yang-library").statusCode());
        assertEquals(403, viewer.put(policy, body).statusCode());
        assertEquals(409, ADMIN.get(policy).statusCode());
        assertEquals(403, viewer.post(fault, faultBody).statusCode());
        // a what-if question changes nothing: a viewer may ask (the RPC runs, and refuses the unknown node)
        final var asked = viewer.post("/operations/qkd-path-computation:what-if", """
            {"input": {"node-down": "no-such-node"}}""");
        assertTrue(asked.statusCode() != 401 && asked.statusCode() != 403, asked::body);
        // an operator changes policies and services, and injects no fault
        final var written = operator.put(policy, body);
        assertTrue(written.statusCode() == 201 || written.statusCode() == 204, written::body);
        // the change is audited with the user
        await("the operator's change audited").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> karaf.karafLog().contains("user rc-operator PUT /rests" + policy + " -> "
                + written.statusCode()));
        assertEquals(403, operator.post(fault, faultBody).statusCode());
        assertEquals(403, operator.delete("/data/network-topology:network-topology/topology=topology-netconf")
            .statusCode());
        // read: 200, or 409 when the NETCONF client has no node yet; refused would be 403
        assertNotEquals(403, operator.get("/data/network-topology:network-topology/topology=topology-netconf")
            .statusCode());
        // the administrator may (the RPC runs, and fails on the link, which does not exist)
        final var adminFault = ADMIN.post(fault, faultBody);
        assertTrue(adminFault.statusCode() != 403 && adminFault.statusCode() != 401, adminFault::body);
        // the refusals are security events naming the user and what it was refused
        await("the refusals as security events").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> securityEvents("action-refused", "rc-viewer").size() >= 2
                && securityEvents("action-refused", "rc-operator").size() >= 2);
        assertTrue(securityEvents("action-refused", "rc-viewer").stream()
            .anyMatch(line -> line.contains("method=\"PUT\"") && line.contains("policy=by-role")));
        assertTrue(ADMIN.delete(policy).statusCode() < 300);
    }

    // bin/qkd-console-user, as an administrator runs it
    private void consoleUser(final String user, final String roles, final String password) throws Exception {
        final var tool = new ProcessBuilder(karaf.home().resolve("bin/qkd-console-user").toString(), user, roles)
            .redirectErrorStream(true);
        tool.environment().put("JAVA_HOME", System.getProperty("java.home"));
        tool.environment().put("QKD_USER_PASSWORD", password);
        final var process = tool.start();
        final var said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), said);
        assertEquals(0, process.exitValue(), said);
        assertTrue(said.contains("console user " + user + " added with roles " + roles), said);
    }

    @Test
    void theConsoleHonoursRoles() throws Exception {
        // a viewer and an operator, as an administrator adds them while Karaf runs (Karaf reads the file at each
        // login): with bin/qkd-console-user, which writes their passwords hashed and moves the whole file in place
        consoleUser("qkd-viewer", "viewer,ssh", "viewer-password");
        consoleUser("qkd-operator", "operator,ssh", "operator-pass");
        final var users = Files.readString(karaf.home().resolve("etc/users.properties"));
        assertTrue(users.contains("qkd-viewer = {CRYPT}") && users.contains("qkd-operator = {CRYPT}"), users);
        assertFalse(users.contains("viewer-password") || users.contains("operator-pass"), users);
        // the console's well-known password is refused: the first start made the user karaf with the operator's
        final int consoleRefusals = consoleLoginsRefused("karaf");
        assertThrows(IOException.class, () -> KarafConsole.run("127.0.0.1", "karaf", "karaf", "qkd:node-list"));
        // and the refusal is a security event (Karaf's JAAS realm reports it on the Event Admin)
        await("the console's refused login as a security event").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200)).until(() -> consoleLoginsRefused("karaf") > consoleRefusals);
        assertThrows(IOException.class, () -> KarafConsole.run("127.0.0.1", "karaf", "Console-guess-7", "shell:info"));
        await("both refusals").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> consoleLoginsRefused("karaf") >= consoleRefusals + 2);
        assertFalse(Files.readString(karaf.home().resolve("data/log/security.log")).contains("Console-guess"));
        final var port = NetconfEmulator.freePorts(1).getFirst();
        final var add = "qkd:device-add --host 127.0.0.1 --port " + port + " --user qkd --password role-pass ";

        // a viewer reads, and changes nothing
        final var listed = KarafConsole.run("127.0.0.1", "qkd-viewer", "viewer-password", "qkd:device-list");
        assertFalse(refused(listed), listed);
        final var viewerAdd = KarafConsole.run("127.0.0.1", "qkd-viewer", "viewer-password", add + "viewer-dev");
        assertTrue(refused(viewerAdd), viewerAdd);
        final var viewerService = KarafConsole.run("127.0.0.1", "qkd-viewer", "viewer-password",
            "qkd:service-add viewer-svc a@node-a b@node-b --rate 1000 --policy p");
        assertTrue(refused(viewerService), viewerService);
        assertEquals(409, ADMIN.get("/data/qkd-key-service:key-services/key-service=viewer-svc").statusCode());
        assertEquals(409, ADMIN.get(DEVICES + "/device=viewer-dev").statusCode());

        // an operator declares a device, and injects no fault
        final var operatorAdd = KarafConsole.run("127.0.0.1", "qkd-operator", "operator-pass", add + "operator-dev");
        assertTrue(operatorAdd.contains("QKD device operator-dev declared"), operatorAdd);
        // console changes are audited with the user, as RESTCONF's are
        await("the console change audited").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> karaf.karafLog().contains("user qkd-operator console qkd:device-add operator-dev -> done"));
        // a command that does not exist (a typo) is refused too, and is no security event
        final var typo = KarafConsole.run("127.0.0.1", "qkd-operator", "operator-pass", "qkd:devce-list");
        assertTrue(refused(typo), typo);
        final var fault = KarafConsole.run("127.0.0.1", "qkd-operator", "operator-pass",
            "qkd:link-fault no-such-link cut");
        assertTrue(refused(fault), fault);
        // each command the roles refused is an action-refused event, with the command and not the line (the add
        // line holds a password)
        await("the refused commands as security events").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200)).until(() -> consoleCommandsRefused("qkd-operator").size() >= 1
                && consoleCommandsRefused("qkd-viewer").size() >= 2);
        final var operatorRefusals = consoleCommandsRefused("qkd-operator");
        assertEquals(1, operatorRefusals.size(), operatorRefusals.toString());
        assertTrue(operatorRefusals.getFirst().contains("command=\"qkd:link-fault\""), operatorRefusals.toString());
        final var viewerRefusals = String.join("\n", consoleCommandsRefused("qkd-viewer"));
        assertTrue(viewerRefusals.contains("command=\"qkd:device-add\"")
            && viewerRefusals.contains("command=\"qkd:service-add\"")
            && viewerRefusals.contains("address=\"127.0.0.1\""), viewerRefusals);
        assertFalse(Files.readString(karaf.home().resolve("data/log/security.log")).contains("role-pass"));
        // the administrator may: the command runs (and fails on the link, which does not exist)
        final var adminFault = KarafConsole.run("qkd:link-fault no-such-link cut");
        assertFalse(refused(adminFault), adminFault);
        assertTrue(KarafConsole.run("qkd:device-remove operator-dev").contains("removed"));
        await("the administrator's changes audited").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
                final var log = karaf.karafLog();
                return log.contains("user karaf console qkd:device-remove operator-dev -> done")
                    && log.contains("user karaf console qkd:link-fault no-such-link cut -> failed: ");
            });
        assertFalse(karaf.karafLog().contains("console qkd:device-add viewer-dev"), "refused before it ran");
    }

    // the console's refused logins of a user, as security events
    private static int consoleLoginsRefused(final String user) throws IOException {
        return (int) securityEvents("login-refused", user).stream()
            .filter(line -> line.contains("service=\"console\"")).count();
    }

    // the console commands refused to a user, as security events
    private static List<String> consoleCommandsRefused(final String user) throws IOException {
        return securityEvents("action-refused", user).stream().filter(line -> line.contains("service=\"console\""))
            .toList();
    }

    // Karaf refuses a command a user's roles do not allow: it is not even found for that user
    private static boolean refused(final String output) {
        return output.contains("Insufficient credentials") || output.contains("Command not found");
    }

    @Test
    void netconfDevicesOfAStandaloneEmulatorAreMountedAndTheirFailureIsSeen() throws Exception {
        final var ports = NetconfEmulator.freePorts(2);
        final var topology = """
            {
              "nodes": [ { "id": "nc-a", "netconf-port": %d }, { "id": "nc-b", "netconf-port": %d } ],
              "links": [ { "id": "nc-a-nc-b", "a": "nc-a", "b": "nc-b", "fiber-length-km": 30 } ]
            }""".formatted(ports.get(0), ports.get(1));
        final var workDir = Path.of(System.getProperty("qkd.it.log")).getParent().resolve("standalone-emulator");
        final var emulator = StandaloneEmulator.start(workDir, topology, "qkd", "s3cret-pass");
        try {
            for (int i = 0; i < 2; i++) {
                final var name = i == 0 ? "nc-a" : "nc-b";
                final var put = ADMIN.put("/data/qkd-devices:qkd-devices/device=" + name, """
                    {"qkd-devices:device": [{"name": "%s", "netconf": {"host": "127.0.0.1", "port": %d,
                      "username": "qkd", "password": "s3cret-pass"}}]}""".formatted(name, ports.get(i)));
                assertTrue(put.statusCode() == 201 || put.statusCode() == 204, put::body);
            }
            final long declared = System.nanoTime();
            await("NETCONF devices mounted and read").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).until(() -> "up".equals(linkStatus("nc-a", "nc-b")));
            LOG.info("QKD southbound: 2 NETCONF devices mounted and their link up {} ms after declaration",
                Duration.ofNanos(System.nanoTime() - declared).toMillis());
            final var status = readObject(ADMIN.get("/data/qkd-devices:qkd-devices/device=nc-a?content=nonconfig"))
                .getAsJsonArray("qkd-devices:device").get(0).getAsJsonObject().getAsJsonObject("status");
            assertEquals("connected", status.get("connection-status").getAsString(), status::toString);
            assertEquals(1, status.get("link-count").getAsInt(), status::toString);

            // the devices vanish: the link goes down, the devices become unreachable, the declarations stay
            emulator.close();
            final long killed = System.nanoTime();
            await("link down after the devices vanished").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> "down".equals(linkStatus("nc-a", "nc-b")));
            LOG.info("QKD southbound: link down {} ms after its NETCONF devices vanished",
                Duration.ofNanos(System.nanoTime() - killed).toMillis());
            await("device unreachable").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ADMIN.get("/data/qkd-devices:qkd-devices/device=nc-a?content=nonconfig").body()
                    .contains("\"unreachable\""));
            assertEquals(200, ADMIN.get("/data/qkd-devices:qkd-devices/device=nc-a?content=config").statusCode());
        } finally {
            emulator.close();
            ADMIN.delete("/data/qkd-devices:qkd-devices/device=nc-a");
            ADMIN.delete("/data/qkd-devices:qkd-devices/device=nc-b");
        }
    }

    @Test
    void aKeyServiceBetweenSitesIsProgrammedOnTheNodesWhoseKeyManagersDeliverIdenticalKeys() throws Exception {
        final var ports = NetconfEmulator.freePorts(9);
        final var topology = """
            {
              "nodes": [
                { "id": "site-a", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "site-r", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "site-b", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d }
              ],
              "links": [
                { "id": "site-a-r", "a": "site-a", "b": "site-r", "fiber-length-km": 15 },
                { "id": "site-r-b", "a": "site-r", "b": "site-b", "fiber-length-km": 20 }
              ]
            }""".formatted(ports.toArray());
        final var workDir = Path.of(System.getProperty("qkd.it.log")).getParent().resolve("sites");
        final var keys = workDir.resolve("keys");
        final var sites = StandaloneEmulator.start(workDir, topology, "qkd", "s3cret-pass",
            List.of("--demo-pki", "--keys", keys.toString()));
        final var names = List.of("site-a", "site-r", "site-b");
        final var service = "/data/qkd-key-service:key-services/key-service=it-sites";
        try {
            for (int i = 0; i < names.size(); i++) {
                declareNetconf(names.get(i), "127.0.0.1", ports.get(3 * i), "s3cret-pass");
            }
            await("the sites mounted and their links up").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "up".equals(linkStatus("site-a", "site-r"))
                    && "up".equals(linkStatus("site-r", "site-b")));
            final var state = placeSitesService("it-sites", "site-a", "site-b", "qkd-only");
            final var placed = ADMIN.get(state).body();
            assertTrue(placed.contains("[\"site-a\",\"site-r\",\"site-b\"]"), placed);
            assertFalse(placed.contains("the nodes did not take it"), placed);

            // what-if the relay went down: the qkd-only service would be refused, and asking changes nothing
            final var whatIf = readObject(ADMIN.post("/operations/qkd-path-computation:what-if", """
                {"input": {"node-down": "site-r"}}""")).getAsJsonObject("qkd-path-computation:output");
            final var affected = whatIf.getAsJsonArray("affected-service").get(0).getAsJsonObject();
            assertEquals("it-sites", affected.get("service-id").getAsString(), whatIf::toString);
            assertEquals("qkd", affected.get("mode").getAsString(), whatIf::toString);
            assertEquals("refused", affected.get("predicted-mode").getAsString(), whatIf::toString);
            assertEquals("no-path", affected.get("predicted-reason").getAsString(), whatIf::toString);
            final var after = ADMIN.get(state).body();
            assertTrue(after.contains("[\"site-a\",\"site-r\",\"site-b\"]") && after.contains("\"mode\":\"qkd\""),
                () -> "a what-if question changes nothing: " + after);

            // what-if a direct link of 30 km, twin-field QKD: the controller's key-rate models give its rate, and the
            // service would move to it; a parameter the protocol does not have is refused by name
            final var planned = readObject(ADMIN.post("/operations/qkd-path-computation:what-if", """
                {"input": {"add-link": {"link": "planned-a-b", "node-a": "site-a", "node-b": "site-b",
                  "physics": {"fiber-length-km": "30", "protocol": "tf",
                              "parameter": [{"name": "detector-efficiency", "value": "0.2"}]}}}}"""))
                .getAsJsonObject("qkd-path-computation:output");
            final var expected = PlannedLink.of(null, "tf", null, 30, Map.of("detector-efficiency", 0.2));
            assertEquals(Math.round(expected.effectiveKeyRateBps(expected.evaluate())),
                planned.get("key-rate").getAsLong(), planned::toString);
            assertEquals("none", planned.getAsJsonObject("planned-link").get("no-key-reason").getAsString());
            final var moved = planned.getAsJsonArray("affected-service").get(0).getAsJsonObject();
            assertTrue(moved.get("moved").getAsBoolean(), planned::toString);
            assertEquals("[\"planned-a-b\"]", moved.getAsJsonArray("predicted-path").get(0).getAsJsonObject()
                .get("link").toString(), planned::toString);
            final var refused = ADMIN.post("/operations/qkd-path-computation:what-if", """
                {"input": {"add-link": {"link": "planned-a-b", "node-a": "site-a", "node-b": "site-b",
                  "physics": {"fiber-length-km": "30", "protocol": "tf",
                              "parameter": [{"name": "middle-position", "value": "0.3"}]}}}}""");
            assertTrue(refused.body().contains("invalid-physics") && refused.body().contains("middle-position"),
                refused::body);

            // the SAEs fetch their keys from their own sites' key managers, never from the controller
            final var master = siteSae(keys, "it-sites-sae-a", ports.get(1));
            final var slave = siteSae(keys, "it-sites-sae-b", ports.get(7));
            await("keys relayed over the sites").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    final var answer = master.get("it-sites-sae-b/status");
                    return answer.statusCode() == 200
                        && Etsi014Sae.json(answer).get("stored_key_count").getAsInt() >= 4;
                });
            final var status = Etsi014Sae.json(master.get("it-sites-sae-b/status"));
            assertEquals("site-a", status.get("source_KME_ID").getAsString(), status::toString);
            assertEquals("site-b", status.get("target_KME_ID").getAsString(), status::toString);
            final var enc = Etsi014Sae.json(master.post("it-sites-sae-b/enc_keys", "{\"number\": 3}"))
                .getAsJsonArray("keys");
            assertSameKeys(enc, decKeys(slave, "it-sites-sae-a", enc));
            assertEquals(400, slave.post("it-sites-sae-a/dec_keys", "{\"key_IDs\": [{\"key_ID\": \""
                + enc.get(0).getAsJsonObject().get("key_ID").getAsString() + "\"}]}").statusCode(),
                "a key is delivered once to each side");
            assertEquals(401, slave.post("it-sites-sae-a/enc_keys", "{}").statusCode());

            // curl as the slave at its own site, with the PEM files its node made
            final var one = Etsi014Sae.json(master.post("it-sites-sae-b/enc_keys", "{}")).getAsJsonArray("keys").get(0)
                .getAsJsonObject();
            final var pki = keys.resolve("pki");
            final var curl = new ProcessBuilder("curl", "-sS", "--fail-with-body", "--cacert", pki.resolve("ca.crt")
                .toString(), "--cert", pki.resolve("sae/it-sites-sae-b.crt").toString(), "--key",
                pki.resolve("sae/it-sites-sae-b.key").toString(), "https://localhost:" + ports.get(7)
                + "/api/v1/keys/it-sites-sae-a/dec_keys?key_ID=" + one.get("key_ID").getAsString())
                .redirectErrorStream(true).start();
            final var curlOut = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), curlOut);
            assertEquals(one.get("key"), JsonParser.parseString(curlOut).getAsJsonObject().getAsJsonArray("keys")
                .get(0).getAsJsonObject().get("key"), curlOut);

            // no key in the controller: keys the master took and the slave has not yet are in the sites' heap (the
            // scan finds keys where they are) and nowhere in the controller's
            final var held = Etsi014Sae.json(master.post("it-sites-sae-b/enc_keys", "{\"number\": 8}"))
                .getAsJsonArray("keys");
            final var heldKeys = new ArrayList<byte[]>();
            held.forEach(key -> heldKeys.add(Base64.getDecoder().decode(key.getAsJsonObject().get("key")
                .getAsString())));
            final var dumps = Path.of(System.getProperty("qkd.it.log")).getParent();
            final var inSites = HeapScan.scan(sites.pid(), dumps.resolve("sites.hprof"), heldKeys);
            final var inController = HeapScan.scan(karaf.jvm().orElseThrow().pid(), dumps.resolve("controller.hprof"),
                heldKeys);
            assertEquals(8, inSites.found(), "the sites hold the keys the slave has not taken: " + inSites);
            assertEquals(0, inController.found(), "keys in the controller's heap: " + inController);
            assertSameKeys(held, decKeys(slave, "it-sites-sae-a", held));
            LOG.info("QKD sites: heap scan for 8 keys taken by the master only: {} found in the sites' heap ({} raw, "
                + "dump {} MiB), {} in the controller's (dump {} MiB)", inSites.found(), inSites.foundRaw(),
                inSites.dumpBytes() >> 20, inController.found(), inController.dumpBytes() >> 20);

            // the service's counters are the nodes' own
            await("counters read from the nodes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    final var counted = readObject(ADMIN.get(state)).getAsJsonObject("qkd-key-service:state");
                    return counted.has("keys-delivered") && counted.get("keys-delivered").getAsLong() >= 3;
                });
            LOG.info("QKD sites: key service programmed on 3 nodes over NETCONF, 3 keys identical at the two sites' "
                + "own ETSI GS QKD 014 endpoints; state {}", ADMIN.get(state).body());

            // the controller stops: the sites keep relaying and delivering, also a key the master took before
            final var taken = Etsi014Sae.json(master.post("it-sites-sae-b/enc_keys", "{\"number\": 1}"))
                .getAsJsonArray("keys").get(0).getAsJsonObject();
            karaf.close();
            final long stopped = System.nanoTime();
            final int stock = Etsi014Sae.json(master.get("it-sites-sae-b/status")).get("stored_key_count").getAsInt();
            final var during = Etsi014Sae.json(master.post("it-sites-sae-b/enc_keys", "{\"number\": 20}"))
                .getAsJsonArray("keys");
            await("keys relayed while the controller is stopped").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> Etsi014Sae.json(master.get("it-sites-sae-b/status"))
                    .get("stored_key_count").getAsInt() > stock);
            assertSameKeys(during, decKeys(slave, "it-sites-sae-a", during));
            final long autonomousMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();

            // it starts again: it places the service again on the same nodes, which hold exactly what it configured
            karaf = karaf.restart(Duration.ofSeconds(60));
            Distributions.awaitRestconf(karaf);
            await("key service placed after the restart").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> ADMIN.get(state).body().contains("\"mode\":\"qkd\""));
            final long backMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
            final var takenArray = new JsonArray();
            takenArray.add(taken);
            assertSameKeys(takenArray, decKeys(slave, "it-sites-sae-a", takenArray));
            for (var name : names) {
                final var mounted = "/data/network-topology:network-topology/topology=topology-netconf/node=qkd-"
                    + name + "/yang-ext:mount/etsi-qkd-sdn-node:qkd_node";
                await(name + " read through its mount point").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> ADMIN.get(mounted).statusCode() == 200);
                // the service's state says qkd once it is placed; the nodes are programmed right after (seen once
                // in a run: site-r read before its virtual link was written again)
                final int applications = name.equals("site-r") ? 0 : 1;
                await(name + " programmed again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        final var config = ADMIN.get(mounted + "?content=config").body();
                        return config.split("etsi-qkd-node-types:VIRT", -1).length - 1 == 1;
                    });
                final var node = ADMIN.get(mounted + "?content=config").body();
                assertEquals(applications, node.split("\"app_id\"", -1).length - 1, node);
                assertEquals(1, node.split("etsi-qkd-node-types:VIRT", -1).length - 1, node);
            }
            LOG.info("QKD sites: controller stopped {} ms, 20 keys delivered and relaying went on meanwhile; the key "
                + "taken before the stop delivered after it; service placed again {} ms after the stop, each node "
                + "holding one application or virtual link of it", autonomousMillis, backMillis);

            // deleting the service removes its application from the nodes: the sites no longer serve the pair
            assertEquals(204, ADMIN.delete(service).statusCode());
            await("the application removed from the sites").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> master.get("it-sites-sae-b/status").statusCode()
                    != 200);
        } finally {
            ADMIN.delete(service);
            sites.close();
            for (var name : names) {
                ADMIN.delete("/data/qkd-devices:qkd-devices/device=" + name);
            }
            ADMIN.delete("/data/qkd-policy:qkd-policies/policy=it-sites-policy");
        }
    }

    @Test
    void aCutOnASitesPathReprogramsTheNodesAndAFallbackToPqcLosesNoKey() throws Exception {
        final var ports = NetconfEmulator.freePorts(12);
        final var topology = TopologyFile.parse("in-jvm-sites", """
            {
              "nodes": [
                { "id": "cut-a", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "cut-r1", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "cut-r2", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "cut-b", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d }
              ],
              "links": [
                { "id": "cut-a-r1", "a": "cut-a", "b": "cut-r1", "fiber-length-km": 10 },
                { "id": "cut-r1-b", "a": "cut-r1", "b": "cut-b", "fiber-length-km": 10 },
                { "id": "cut-a-r2", "a": "cut-a", "b": "cut-r2", "fiber-length-km": 12 },
                { "id": "cut-r2-b", "a": "cut-r2", "b": "cut-b", "fiber-length-km": 12 }
              ]
            }""".formatted(ports.toArray()));
        final var network = topology.createNetwork(InstantSource.system());
        final var keys = Path.of(System.getProperty("qkd.it.log")).getParent().resolve("cut-sites");
        final var service = "/data/qkd-key-service:key-services/key-service=it-cut";
        final var names = List.of("cut-a", "cut-r1", "cut-r2", "cut-b");
        try (var emulator = NetconfEmulator.start(topology, network, new Credentials("qkd", "cut-s3cret"),
                Duration.ofMillis(100), new NetconfEmulator.KeyManagerOptions(keys, "changeit"))) {
            for (var device : emulator.devices()) {
                declareNetconf(device.name(), device.host(), device.port(), "cut-s3cret");
            }
            await("the sites' four links up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> "up".equals(linkStatus("cut-a", "cut-r1")) && "up".equals(linkStatus("cut-r1", "cut-b"))
                    && "up".equals(linkStatus("cut-a", "cut-r2")) && "up".equals(linkStatus("cut-r2", "cut-b")));
            final var state = placeSitesService("it-cut", "cut-a", "cut-b", "qkd-preferred-pqc-fallback");
            final var relay = ADMIN.get(state).body().contains("\"cut-r1\"") ? "cut-r1" : "cut-r2";
            final var other = relay.equals("cut-r1") ? "cut-r2" : "cut-r1";

            final var master = siteSae(keys, "it-cut-sae-a", ports.get(1));
            final var slave = siteSae(keys, "it-cut-sae-b", ports.get(10));
            // the SAEs take keys before, during and after the cut: every key the master got, the slave gets too
            final var taken = new JsonArray();
            final var delivered = new JsonArray();
            final Runnable exchange = () -> {
                try {
                    final var answer = master.post("it-cut-sae-b/enc_keys", "{\"number\": 4}");
                    if (answer.statusCode() != 200) {
                        return;
                    }
                    final var batch = Etsi014Sae.json(answer).getAsJsonArray("keys");
                    taken.addAll(batch);
                    delivered.addAll(decKeys(slave, "it-cut-sae-a", batch));
                } catch (IOException e) {
                    throw new AssertionError(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            };
            await("keys before the cut").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    exchange.run();
                    return taken.size() >= 20;
                });
            final long cutAt = System.nanoTime();
            network.link(relay + "-b").cut();
            await("rerouted over " + other).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    exchange.run();
                    return ADMIN.get(state).body().contains("\"" + other + "\"");
                });
            final long rerouteMillis = Duration.ofNanos(System.nanoTime() - cutAt).toMillis();
            final int beforeReroute = taken.size();
            await("keys over the new path").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    exchange.run();
                    return taken.size() >= beforeReroute + 20;
                });
            // the other path is cut too: the policy falls back to PQC, which the two end sites make between
            // themselves (ML-KEM), and the SAEs go on taking keys
            final int beforeFallback = taken.size();
            network.link(other + "-b").cut();
            await("fallen back to PQC").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    exchange.run();
                    return ADMIN.get(state).body().contains("\"mode\":\"pqc\"");
                });
            // beyond the keys relayed before the fallback (the master's stock then), 20 keys made with ML-KEM
            final int fellBackAt = taken.size();
            final int stock = Etsi014Sae.json(master.get("it-cut-sae-b/status")).get("stored_key_count").getAsInt();
            await("PQC keys from the sites").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    exchange.run();
                    return taken.size() >= fellBackAt + stock + 20;
                });
            final var fallen = ADMIN.get(state).body();
            assertFalse(fallen.contains("the nodes did not take it"), fallen);
            assertSameKeys(taken, delivered);
            // PQC keys take no path: no relay holds a virtual link of the service any more
            final var mount = "/data/network-topology:network-topology/topology=topology-netconf/node=qkd-%s"
                + "/yang-ext:mount/etsi-qkd-sdn-node:qkd_node?content=config";
            for (var node : List.of(relay, other)) {
                await("no virtual link on " + node).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !ADMIN.get(mount.formatted(node)).body().contains("etsi-qkd-node-types:VIRT"));
            }
            LOG.info("QKD sites: cut on the path over {}: service reprogrammed over {} after {} ms; the other path cut "
                + "too: PQC between the end sites; {} keys taken by the master before, during and after the cuts "
                + "({} after the fallback, {} of them made with ML-KEM at the least), all {} delivered identical to "
                + "the slave", relay, other, rerouteMillis, taken.size(), taken.size() - beforeFallback,
                taken.size() - fellBackAt - stock, delivered.size());
        } finally {
            ADMIN.delete(service);
            for (var name : names) {
                ADMIN.delete(DEVICES + "/device=" + name);
            }
            ADMIN.delete("/data/qkd-policy:qkd-policies/policy=it-cut-policy");
        }
    }

    // declares a NETCONF device
    private static void declareNetconf(final String name, final String host, final int port, final String password)
            throws IOException, InterruptedException {
        final var put = ADMIN.put(DEVICES + "/device=" + name, """
            {"qkd-devices:device": [{"name": "%s", "netconf": {"host": "%s", "port": %d,
              "username": "qkd", "password": "%s"}}]}""".formatted(name, host, port, password));
        assertTrue(put.statusCode() == 201 || put.statusCode() == 204, put::body);
        // the controller keeps the password encrypted only, in its declaration and in the NETCONF client's node
        final var declaration = DEVICES + "/device=" + name + "?content=config";
        await(name + "'s password encrypted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> ADMIN.get(declaration).body().contains("encrypted-password"));
        assertFalse(ADMIN.get(declaration).body().contains(password), "the clear password is not kept");
        final var node = "/data/network-topology:network-topology/topology=topology-netconf/node=qkd-" + name
            + "?content=config";
        await(name + "'s NETCONF node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> ADMIN.get(node).statusCode() == 200);
        final var mounted = ADMIN.get(node).body();
        assertTrue(mounted.contains("login-password") && !mounted.contains("login-password-unencrypted")
            && !mounted.contains(password), mounted);
    }

    // creates a key service (and its policy, <id>-policy, of a mode) from SAE <id>-sae-a at one node to <id>-sae-b
    // at another and waits until it is placed in mode qkd; the RESTCONF path of its state
    private static String placeSitesService(final String id, final String nodeA, final String nodeB,
            final String mode) throws IOException, InterruptedException {
        final var policy = ADMIN.put("/data/qkd-policy:qkd-policies/policy=" + id + "-policy", """
            {"qkd-policy:policy": [{"name": "%s-policy", "mode": "%s"}]}""".formatted(id, mode));
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 204, policy::body);
        final var service = "/data/qkd-key-service:key-services/key-service=" + id;
        final var created = ADMIN.put(service, """
            {"qkd-key-service:key-service": [{"service-id": "%1$s",
              "sae-a": {"sae-id": "%1$s-sae-a", "node": "%2$s"}, "sae-b": {"sae-id": "%1$s-sae-b", "node": "%3$s"},
              "required-rate": 5120, "key-size": 256, "policy": "%1$s-policy"}]}""".formatted(id, nodeA, nodeB));
        assertTrue(created.statusCode() == 201 || created.statusCode() == 204, created::body);
        final var state = service + "/state?content=nonconfig";
        await("key service " + id + " placed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> ADMIN.get(state).body().contains("\"mode\":\"qkd\""));
        return state;
    }

    // an SAE of the sites, with the certificate its node made once an application named it
    private static Etsi014Sae siteSae(final Path keys, final String saeId, final int port) throws IOException,
            GeneralSecurityException {
        final var certificate = keys.resolve("pki/sae/" + saeId + ".p12");
        await(saeId + " enrolled by its node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> Files.exists(certificate));
        return Etsi014Sae.of(keys.resolve("pki"), saeId, port);
    }

    // the slave's copies of keys the master took
    private static JsonArray decKeys(final Etsi014Sae slave, final String masterSae, final JsonArray keys)
            throws IOException, InterruptedException {
        final var ids = new ArrayList<String>();
        keys.forEach(key -> ids.add("{\"key_ID\": \"" + key.getAsJsonObject().get("key_ID").getAsString() + "\"}"));
        return Etsi014Sae.json(slave.post(masterSae + "/dec_keys", "{\"key_IDs\": " + ids + "}"))
            .getAsJsonArray("keys");
    }

    // the same keys, in the same order, as the two SAEs got them
    private static void assertSameKeys(final JsonArray master, final JsonArray slave) {
        assertEquals(master.size(), slave.size(), () -> master + " and " + slave);
        for (int i = 0; i < master.size(); i++) {
            assertEquals(master.get(i).getAsJsonObject().get("key_ID"), slave.get(i).getAsJsonObject().get("key_ID"));
            assertEquals(master.get(i).getAsJsonObject().get("key"), slave.get(i).getAsJsonObject().get("key"));
        }
    }

    @Test
    void aNetconfDeviceIsReachedWithAnSshKeyOfTheKeystore() throws Exception {
        final var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        final var keys = generator.generateKeyPair();
        // the controller's private key into OpenDaylight's NETCONF keystore (OpenSSL's PEM form), which keeps it
        // encrypted with the AAA encryption service
        final var pem = new StringWriter();
        try (var writer = new JcaPEMWriter(pem)) {
            writer.writeObject(keys.getPrivate());
        }
        final var added = ADMIN.post("/operations/netconf-keystore:add-keystore-entry", """
            {"input": {"key-credential": [{"key-id": "it-ssh-key", "private-key": %s, "passphrase": ""}]}}"""
            .formatted(new JsonPrimitive(pem.toString())));
        assertTrue(added.statusCode() == 200 || added.statusCode() == 204, added::body);
        final var keystore = ADMIN.get("/data/netconf-keystore:keystore").body();
        final var body = pem.toString().lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertTrue(keystore.contains("it-ssh-key") && !keystore.contains(body), keystore);

        // two nodes that accept the public key; their password is never told to the controller
        final var ports = NetconfEmulator.freePorts(2);
        final var topology = TopologyFile.parse("ssh-key-devices", """
            {
              "nodes": [ { "id": "key-a", "netconf-port": %d }, { "id": "key-b", "netconf-port": %d } ],
              "links": [ { "id": "key-a-key-b", "a": "key-a", "b": "key-b", "fiber-length-km": 25 } ]
            }""".formatted(ports.get(0), ports.get(1)));
        try (var emulator = NetconfEmulator.start(topology, topology.createNetwork(InstantSource.system()),
                new Credentials("qkd", "Never-told-pass-42", List.of(keys.getPublic())), Duration.ofMillis(100))) {
            for (var device : emulator.devices()) {
                final var put = ADMIN.put(DEVICES + "/device=" + device.name(), """
                    {"qkd-devices:device": [{"name": "%s", "netconf": {"host": "%s", "port": %d,
                      "username": "qkd", "key-id": "it-ssh-key"}}]}"""
                    .formatted(device.name(), device.host(), device.port()));
                assertTrue(put.statusCode() == 201 || put.statusCode() == 204, put::body);
            }
            await("NETCONF devices reached with the key").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> "up".equals(linkStatus("key-a", "key-b")));
            // the NETCONF client's node names the key, and holds no password
            final var node = ADMIN.get("/data/network-topology:network-topology/topology=topology-netconf"
                + "/node=qkd-key-a?content=config").body();
            assertTrue(node.contains("\"key-id\":\"it-ssh-key\"") && !node.contains("password"), node);
        } finally {
            ADMIN.delete(DEVICES + "/device=key-a");
            ADMIN.delete(DEVICES + "/device=key-b");
            ADMIN.post("/operations/netconf-keystore:remove-keystore-entry", """
                {"input": {"key-id": ["it-ssh-key"]}}""");
        }
    }

    @Test
    void faultsInjectedIntoInJvmNetconfDevicesShowAsLinkStates() throws Exception {
        final var policy = ADMIN.put("/data/qkd-policy:qkd-policies/policy=it-jvm", """
            {"qkd-policy:policy": [{"name": "it-jvm", "mode": "qkd-only"}]}""");
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 204, policy::body);
        // a merge of the leaf alone: a PUT of the container would replace the devices other tests declared. Polling
        // once a minute: within the bounds below, only the devices' notifications can tell the controller of a fault
        final var polling = ADMIN.patch(DEVICES, """
            {"qkd-devices:qkd-devices": {"polling-interval": 60000}}""");
        assertTrue(polling.statusCode() == 200 || polling.statusCode() == 204, polling::body);

        final var ports = NetconfEmulator.freePorts(3);
        final var topology = TopologyFile.parse("in-jvm-devices", """
            {
              "nodes": [
                { "id": "jvm-a", "netconf-port": %d },
                { "id": "jvm-relay", "netconf-port": %d },
                { "id": "jvm-b", "netconf-port": %d }
              ],
              "links": [
                { "id": "jvm-a-relay", "a": "jvm-a", "b": "jvm-relay", "fiber-length-km": 20 },
                { "id": "jvm-relay-b", "a": "jvm-relay", "b": "jvm-b", "fiber-length-km": 40 }
              ]
            }""".formatted(ports.get(0), ports.get(1), ports.get(2)));
        final var network = topology.createNetwork(InstantSource.system());
        final var emulator = NetconfEmulator.start(topology, network, new Credentials("qkd", "jvm-s3cret"),
            Duration.ofMillis(100));
        try {
            for (var device : emulator.devices()) {
                declareNetconf(device.name(), device.host(), device.port(), "jvm-s3cret");
            }
            final long declared = System.nanoTime();
            await("in-JVM NETCONF devices mounted and read").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "up".equals(linkStatus("jvm-a", "jvm-relay"))
                    && "up".equals(linkStatus("jvm-relay", "jvm-b")));
            LOG.info("QKD southbound: 3 in-JVM NETCONF devices mounted and both their links up {} ms after "
                + "declaration", millisSince(declared));
            // the topology's link is the devices' key association link, by its ETSI qkdl_id, and has the name the
            // nodes give it (the emulator's: its ID in the topology file)
            assertEquals(network.link("jvm-a-relay").qkdlId().toString(),
                link("jvm-a", "jvm-relay").get("link-id").getAsString());
            assertEquals("jvm-a-relay", link("jvm-a", "jvm-relay").getAsJsonObject("qkd-topology:qkd-link-attributes")
                .get("label").getAsString());

            // key paths over the devices' topology; a rate no link carries is refused, with the reason
            final var placed = readObject(ADMIN.post("/operations/qkd-path-computation:compute-key-path", """
                {"input": {"source-node": "jvm-a", "destination-node": "jvm-b", "rate": 1000,
                  "policy": "it-jvm"}}""")).getAsJsonObject("qkd-path-computation:output");
            assertEquals("qkd", placed.get("mode").getAsString(), placed::toString);
            assertEquals("[\"jvm-a\",\"jvm-relay\",\"jvm-b\"]", placed.getAsJsonArray("path").get(0)
                .getAsJsonObject().getAsJsonArray("hop").toString(), placed::toString);
            final var tooMuch = readObject(ADMIN.post("/operations/qkd-path-computation:compute-key-path", """
                {"input": {"source-node": "jvm-a", "destination-node": "jvm-b", "rate": 1000000000000,
                  "policy": "it-jvm"}}""")).getAsJsonObject("qkd-path-computation:output");
            assertEquals("refused", tooMuch.get("mode").getAsString(), tooMuch::toString);
            assertEquals("insufficient-rate", tooMuch.get("reason").getAsString(), tooMuch::toString);

            // a relay link provisioned over NETCONF: a virtual qkd_link on each device, gone again on removal
            final var provisioned = ADMIN.post("/operations/qkd-devices:provision-relay-link", """
                {"input": {"hop": ["jvm-a", "jvm-relay", "jvm-b"], "bandwidth": 4000}}""");
            assertEquals(200, provisioned.statusCode(), provisioned::body);
            final var relayLinkId = readObject(provisioned).getAsJsonObject("qkd-devices:output").get("link-id")
                .getAsString();
            await("virtual link on every device").atMost(FAULT_BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> List.of("jvm-a", "jvm-relay", "jvm-b").stream().allMatch(node -> network.node(node)
                    .virtualLinks().stream().anyMatch(link -> link.qkdlId().toString().equals(relayLinkId))));
            final var onRelay = network.node("jvm-relay").virtualLinks().get(0);
            assertEquals(network.node("jvm-a").qkdnId(), onRelay.previousHop());
            assertEquals(List.of(network.node("jvm-b").qkdnId()), onRelay.nextHops());
            assertEquals(4000, onRelay.bandwidthBps());
            assertTrue(ADMIN.get("/data/qkd-devices:relay-links").body().contains(relayLinkId));
            final var removed = ADMIN.post("/operations/qkd-devices:remove-relay-link", """
                {"input": {"link-id": "%s"}}""".formatted(relayLinkId));
            assertTrue(removed.statusCode() == 200 || removed.statusCode() == 204, removed::body);
            // answered once the record is deleted
            assertFalse(ADMIN.get("/data/qkd-devices:relay-links").body().contains(relayLinkId));
            await("virtual link gone from every device").atMost(FAULT_BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> List.of("jvm-a", "jvm-relay", "jvm-b").stream()
                    .allMatch(node -> network.node(node).virtualLinks().isEmpty()));
            final var refused = ADMIN.post("/operations/qkd-devices:provision-relay-link", """
                {"input": {"hop": ["jvm-a", "no-such-device"]}}""");
            assertEquals("unknown-device", applicationError(refused).get("error-app-tag").getAsString());

            // faults go to the emulated nodes, through the controller: a link no node reports is refused
            final var unknownLink = ADMIN.post("/operations/qkd-emulator:inject-link-fault", """
                {"input": {"link": "no-such-link", "fault": "cut"}}""");
            assertEquals(400, unknownLink.statusCode(), unknownLink::body);
            assertEquals("unknown-link", applicationError(unknownLink).get("error-app-tag").getAsString());

            final var cutLink = link("jvm-a", "jvm-relay").get("link-id").getAsString();
            final long cutAt = System.nanoTime();
            final var cutAnswer = ADMIN.post("/operations/qkd-emulator:inject-link-fault", """
                {"input": {"link": "jvm-a-relay", "fault": "cut"}}""");
            assertEquals(200, cutAnswer.statusCode(), cutAnswer::body);
            assertEquals(0, readObject(cutAnswer).getAsJsonObject("qkd-emulator:output").get("secret-key-rate")
                .getAsLong(), cutAnswer::body);
            assertEquals(LinkSnapshot.State.CUT, network.link("jvm-a-relay").snapshot().state());
            final long cutMillis = awaitLinkStatus("jvm-a", "jvm-relay", "down", cutAt);
            final long cutAlarmMillis = awaitActiveAlarm("link-down", cutLink, cutAt);
            LOG.info("QKD southbound: link-down alarm in the datastore {} ms after a cut was injected",
                cutAlarmMillis);
            final var restored = KarafConsole.run("qkd:link-fault jvm-a-relay restore");
            assertTrue(restored.contains("Link jvm-a-relay: restore; key rate now"), restored);
            final long restoreMillis = awaitLinkStatus("jvm-a", "jvm-relay", "up", System.nanoTime());
            LOG.info("QKD southbound: in-JVM device link down {} ms after a cut was injected, up again {} ms "
                + "after the repair (bound {} ms; emulator refresh 100 ms, polling 60 s)", cutMillis, restoreMillis,
                FAULT_BOUND.toMillis());

            final var tappedLink = link("jvm-relay", "jvm-b").get("link-id").getAsString();
            final long tapAt = System.nanoTime();
            // by its qkdl_id this time
            final var tap = ADMIN.post("/operations/qkd-emulator:inject-link-fault", """
                {"input": {"link": "%s", "fault": "eavesdrop"}}""".formatted(tappedLink));
            assertEquals(200, tap.statusCode(), tap::body);
            final long abortMillis = awaitLinkStatus("jvm-relay", "jvm-b", "aborted", tapAt);
            final long qberAlarmMillis = awaitActiveAlarm("qber-high", tappedLink, tapAt);
            LOG.info("QKD southbound: qber-high alarm in the datastore {} ms after an eavesdropper started",
                qberAlarmMillis);
            LOG.info("QKD southbound: in-JVM device link aborted {} ms after an eavesdropper started on it (bound {} "
                + "ms; emulator refresh 100 ms, polling 60 s)", abortMillis, FAULT_BOUND.toMillis());

            // the only path crosses the aborted link: refused, and the reason says why
            final var answer = readObject(ADMIN.post("/operations/qkd-path-computation:compute-key-path", """
                {"input": {"source-node": "jvm-a", "destination-node": "jvm-b", "rate": 1000,
                  "policy": "it-jvm"}}""")).getAsJsonObject("qkd-path-computation:output");
            assertEquals("refused", answer.get("mode").getAsString(), answer::toString);
            assertEquals("link-compromised", answer.get("reason").getAsString(), answer::toString);

            final var stopped = ADMIN.post("/operations/qkd-emulator:inject-link-fault", """
                {"input": {"link": "jvm-relay-b", "fault": "restore"}}""");
            assertEquals(200, stopped.statusCode(), stopped::body);
            final long recoverMillis = awaitLinkStatus("jvm-relay", "jvm-b", "up", System.nanoTime());
            LOG.info("QKD southbound: in-JVM device link up {} ms after the eavesdropper stopped", recoverMillis);
        } finally {
            try {
                for (var device : emulator.devices()) {
                    ADMIN.delete(DEVICES + "/device=" + device.name());
                }
                ADMIN.delete("/data/qkd-policy:qkd-policies/policy=it-jvm");
                ADMIN.patch(DEVICES, """
                    {"qkd-devices:qkd-devices": {"polling-interval": 5000}}""");
            } finally {
                emulator.close();
            }
        }
    }

    /**
     * Waits, at most {@link #FAULT_BOUND}, for the link between two nodes to have a status.
     *
     * @param end one node
     * @param otherEnd the other node
     * @param status the status to wait for
     * @param since when the change was made, as {@link System#nanoTime()}
     * @return milliseconds from then until the status was seen (RESTCONF is read every 50 ms)
     */
    private static long awaitLinkStatus(final String end, final String otherEnd, final String status,
            final long since) {
        await("link " + end + " - " + otherEnd + " " + status).atMost(FAULT_BOUND)
            .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
            .until(() -> status.equals(linkStatus(end, otherEnd)));
        return millisSince(since);
    }

    // waits for an active alarm of a type on a resource in qkd-alarms; the time since then
    private static long awaitActiveAlarm(final String type, final String resource, final long since) {
        await(type + " alarm on " + resource).atMost(FAULT_BOUND).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50)).until(() -> {
                final var response = ADMIN.get("/data/qkd-devices:qkd-alarms");
                if (response.statusCode() != 200) {
                    return false;
                }
                for (var element : readObject(response).getAsJsonObject("qkd-devices:qkd-alarms")
                        .getAsJsonArray("alarm")) {
                    final var alarm = element.getAsJsonObject();
                    if (alarm.get("type").getAsString().equals(type)
                            && alarm.get("resource").getAsString().equals(resource)
                            && alarm.get("active").getAsBoolean()) {
                        return true;
                    }
                }
                return false;
            });
        return millisSince(since);
    }

    private static long millisSince(final long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
    }

    // status of the link between two nodes in the operational QKD network, or null while there is none
    private static String linkStatus(final String end, final String otherEnd) throws IOException,
            InterruptedException {
        final var link = link(end, otherEnd);
        return link == null ? null
            : link.getAsJsonObject("qkd-topology:qkd-link-attributes").get("status").getAsString();
    }

    // the link between two nodes, either way round, in the operational QKD network, or null while there is none
    private static JsonObject link(final String end, final String otherEnd) throws IOException,
            InterruptedException {
        final var response = ADMIN.get(QKD_TOPOLOGY);
        if (response.statusCode() != 200) {
            return null;
        }
        final var links = readObject(response).getAsJsonArray("ietf-network:network").get(0).getAsJsonObject()
            .getAsJsonArray("ietf-network-topology:link");
        if (links == null) {
            return null;
        }
        final var ends = Set.of(end, otherEnd);
        for (var element : links) {
            final var link = element.getAsJsonObject();
            if (ends.equals(Set.of(link.getAsJsonObject("source").get("source-node").getAsString(),
                    link.getAsJsonObject("destination").get("dest-node").getAsString()))) {
                return link;
            }
        }
        return null;
    }

    /**
     * Asserts an RPC error of the implementation: 400, error-type application, error-tag invalid-value.
     *
     * @return the error
     */
    private static JsonObject applicationError(final HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response::body);
        final var body = JsonParser.parseString(response.body()).getAsJsonObject();
        final var errors = body.has("ietf-restconf:errors") ? body.getAsJsonObject("ietf-restconf:errors")
            : body.getAsJsonObject("errors");
        final var error = errors.getAsJsonArray("error").get(0).getAsJsonObject();
        assertEquals("application", error.get("error-type").getAsString(), response::body);
        assertEquals("invalid-value", error.get("error-tag").getAsString(), response::body);
        return error;
    }

    /**
     * Asserts a RESTCONF refusal: 400 with an errors document carrying the expected error-tag.
     */
    private static void assertRefused(final HttpResponse<String> response, final String errorTag) {
        assertEquals(400, response.statusCode(), response::body);
        final var body = JsonParser.parseString(response.body()).getAsJsonObject();
        // ODL 10.0.2 names the container "errors"; RFC 8040 says "ietf-restconf:errors"
        final var errors = body.has("ietf-restconf:errors") ? body.getAsJsonObject("ietf-restconf:errors")
            : body.getAsJsonObject("errors");
        assertTrue(errors != null && errors.getAsJsonArray("error").size() > 0, response::body);
        assertEquals(errorTag, errors.getAsJsonArray("error").get(0).getAsJsonObject().get("error-tag").getAsString(),
            response::body);
    }

    private static JsonObject readObject(final HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
