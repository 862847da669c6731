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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendaylight.qkd.karaf.process.KarafProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite on a three-member cluster, started as an operator starts it ({@code scripts/cluster.sh}) with the demo's
 * sites: every member answers RESTCONF and the console, and a service created through one member is placed by the
 * member that owns the controller; the owner is killed ({@code kill -9}) while SAEs fetch keys at their sites and a
 * link on a service's path is cut during the failover: a new owner takes the services over (the paths that are still
 * good, with nothing written to the nodes), mounts the devices again, handles the cut and keeps the counters going;
 * the killed member rejoins and catches up; an owner frozen (SIGSTOP) until the others down it starts again in a new
 * JVM when it wakes, and rejoins; two members lost stop changes, and the sites still deliver keys; the
 * members back, the configuration is whole. At the end: no key lost, delivered twice or different between the two
 * SAEs of a pair, and no application or virtual link on a node that the services do not have, or has twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIT.class);
    private static final String GROUP = "org.opendaylight.qkd.controller";
    private static final String SERVICES = "/data/qkd-key-service:key-services";
    private static final String ID_PREFIX = "urn:opendaylight:qkd:key-service:";
    private static final List<Integer> MEMBERS = List.of(1, 2, 3);
    // a call to a member that waits on a dead one must not hold a measurement up
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(180);
    // a downed member's log: OpenDaylight restarts it, and the guard ends the JVM when that restart's stop hangs
    private static final String RESTARTING = "This member has been downed, restarting";
    private static final String GUARD_ENDED = "has not stopped after";
    // the service created through a member that does not own the controller
    private static final String VAULT = "vault-sync";
    // each SAE and its node
    private static final Map<String, String> SAE_NODES = Map.of("hq-storage", "hq", "dc-west-storage", "dc-west",
        "gov-gateway", "gov", "branch-gateway", "branch-east", "vault-primary", "dc-south",
        "vault-replica", "branch-east");

    private static Path root;
    private static Path scriptLog;
    private static Path assembly;
    private static Map<String, Integer> keyPorts;
    private static Map<Set<String>, String> linkNames;
    // the SAEs' stream and the measurements each block a thread for their whole time
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();
    private static KeyLoad stream;
    // the member the failover drill killed, for the rejoin drill to start again
    private static int killedMember;
    private static CompletableFuture<KeyLoad.Result> streamed;

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        final var demo = Path.of(System.getProperty("qkd.demo.dir"));
        final var topology = JsonParser.parseString(Files.readString(demo.resolve("metro-topology.json"),
            StandardCharsets.UTF_8)).getAsJsonObject();
        keyPorts = new HashMap<>();
        for (var node : topology.getAsJsonArray("nodes")) {
            keyPorts.put(node.getAsJsonObject().get("id").getAsString(),
                node.getAsJsonObject().get("etsi014-port").getAsInt());
        }
        linkNames = new HashMap<>();
        for (var link : topology.getAsJsonArray("links")) {
            final var object = link.getAsJsonObject();
            linkNames.put(Set.of(object.get("a").getAsString(), object.get("b").getAsString()),
                object.get("id").getAsString());
        }
        root = Path.of(System.getProperty("qkd.it.log") + ".cluster").toAbsolutePath();
        scriptLog = Path.of(root + ".log");
        // a distribution of its own: the others' runs leave their datastore and files in theirs
        assembly = KarafProcess.findHome(Path.of(System.getProperty("qkd.cluster.assembly.dir"))).toAbsolutePath();
        final long start = System.nanoTime();
        // as an operator starts it: the sites, then three members on 127.0.0.1-3, each holding its replicas
        cluster(Duration.ofMinutes(15), "start", "--no-build", "--fresh");
        LOG.info("Cluster: the sites and three fresh members up in {} s", seconds(start));
    }

    @AfterAll
    static void stopCluster() throws IOException, InterruptedException {
        if (stream != null) {
            stream.stop();
        }
        if (root != null) {
            cluster(Duration.ofMinutes(5), "stop");
        }
        THREADS.shutdownNow();
    }

    @Test
    @Order(1)
    void everyMemberAnswersAndTheOwnerPlacesAServiceCreatedThroughAnother() throws Exception {
        final int owner = awaitOwner(1, Optional.empty());
        for (int member : MEMBERS) {
            for (var id : List.of("bank-replication", "gov-vpn")) {
                awaitState(member, id, "placed on QKD", state -> "qkd".equals(mode(state)) && !hops(state).isEmpty(),
                    Duration.ofSeconds(180));
            }
        }
        // created through a member that does not own the controller
        final int other = owner % 3 + 1;
        final var created = member(other, Duration.ofSeconds(30)).put(SERVICES + "/key-service=" + VAULT,
            "{\"qkd-key-service:key-service\": [{\"service-id\": \"" + VAULT + "\", "
                + "\"sae-a\": {\"sae-id\": \"vault-primary\", \"node\": \"dc-south\"}, "
                + "\"sae-b\": {\"sae-id\": \"vault-replica\", \"node\": \"branch-east\"}, "
                + "\"required-rate\": 12800, \"key-size\": 256, \"policy\": \"demo-qkd-only\"}]}");
        assertEquals(201, created.statusCode(), created::body);
        // and seen placed, by the owner, through the third member
        final int third = 6 - owner - other;
        final var state = awaitState(third, VAULT, "placed", s -> "qkd".equals(mode(s)) && !hops(s).isEmpty(),
            Duration.ofSeconds(60));
        assertEquals("dc-south", hops(state).getFirst());
        assertEquals("branch-east", hops(state).getLast());
        assertTrue(karafLog(owner).contains("Key service " + VAULT + ": programmed on"), "not programmed by the "
            + "owner, member " + owner);
        // the console answers on every member, with the cluster's data
        for (int member : MEMBERS) {
            final var services = KarafConsole.run(address(member), "qkd:service-list");
            assertTrue(services.contains(VAULT) && services.contains("bank-replication"), services);
        }
        awaitNodesHoldExactlyTheServices(other);
        LOG.info("Cluster: member {} owns the controller; {} created through member {} is placed, seen through member "
            + "{}, on {}", owner, VAULT, other, third, hops(state));
    }

    @Test
    @Order(2)
    void aNewOwnerTakesOverWhenTheOwnerIsKilledAndHandlesACutDuringTheFailover() throws Exception {
        stream = new KeyLoad(ClusterIT::sae, List.of(List.of("hq-storage", "dc-west-storage"),
            List.of("gov-gateway", "branch-gateway"), List.of("vault-primary", "vault-replica")),
            Duration.ofMillis(100));
        streamed = CompletableFuture.supplyAsync(() -> {
            try {
                return stream.run(Duration.ofMinutes(25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, THREADS);
        await("keys flowing").atMost(Duration.ofSeconds(60)).until(() -> stream.issuedSoFar() > 30);

        final int killed = awaitOwner(1, Optional.empty());
        killedMember = killed;
        final int survivor = killed % 3 + 1;
        final var before = new HashMap<String, List<String>>();
        for (var id : List.of("bank-replication", "gov-vpn", VAULT)) {
            before.put(id, hops(state(survivor, id).orElseThrow()));
        }
        final var cutLink = linkNames.get(Set.of(before.get("bank-replication").get(0),
            before.get("bank-replication").get(1)));
        for (var id : List.of("gov-vpn", VAULT)) {
            assertFalse(usesLink(before.get(id), cutLink), id + " uses " + cutLink + " too: " + before);
        }
        final var killedAt = Instant.now();
        final long kill = System.nanoTime();
        cluster(Duration.ofSeconds(30), "kill", Integer.toString(killed));

        // (a) a new owner, (b) every device read again after the kill, (c) the cut, sent through a survivor as soon
        // as one takes it, and bank-replication off the cut link: measured side by side
        final var took = new ConcurrentHashMap<String, Long>();
        final var cutAt = new long[] {0};
        final var measurements = List.of(
            measure("a new owner", took, kill, () -> owner(survivor).filter(owner -> owner != killed).isPresent()),
            measure("every device read again", took, kill, () -> devicesReadAfter(survivor, killedAt) == 8),
            measure("the cut rerouted", took, kill, () -> {
                if (cutAt[0] == 0) {
                    if (!fault(survivor, cutLink, "cut")) {
                        return false;
                    }
                    cutAt[0] = System.nanoTime();
                }
                return state(survivor, "bank-replication").map(state -> "qkd".equals(mode(state))
                    && !hops(state).isEmpty() && !usesLink(hops(state), cutLink)).orElse(false);
            }));
        CompletableFuture.allOf(measurements.toArray(CompletableFuture[]::new)).get(FAILOVER_BOUND.toSeconds() + 30,
            TimeUnit.SECONDS);
        assertEquals(3, took.size(), () -> "within " + FAILOVER_BOUND.toSeconds() + " s only: " + took);
        final int owner = owner(survivor).orElseThrow();
        LOG.info("Cluster: member {} (the owner) killed; member {} owns the controller after {} ms, every device read "
            + "again after {} ms, {} cut {} ms after the kill and bank-replication off it after {} ms", killed, owner,
            took.get("a new owner"), took.get("every device read again"), cutLink,
            TimeUnit.NANOSECONDS.toMillis(cutAt[0] - kill), took.get("the cut rerouted"));

        // the services whose paths are still good kept them, and the new owner wrote nothing for them
        for (var id : List.of("gov-vpn", VAULT)) {
            final var state = state(survivor, id).orElseThrow();
            assertEquals("qkd", mode(state), state::toString);
            assertEquals(before.get(id), hops(state), id + " moved");
        }
        assertTrue(karafLog(owner).contains("Key orchestrator: taking over 3 placed key services"),
            "no take-over in member " + owner + "'s log");
        // programmed as soon as the new owner has read their nodes (again 5 s later when it had not yet)
        for (var id : List.of("gov-vpn", VAULT)) {
            await(id + " found on its nodes as planned").atMost(Duration.ofSeconds(30))
                .until(() -> karafLog(owner).contains("Key service " + id + ": its nodes have it as planned"));
            assertFalse(karafLog(owner).contains("Key service " + id + ": programmed on"), id + " was written again");
        }
        // the counters go on: the new owner reads them from the nodes
        final long delivered = counter(survivor, "bank-replication", "keys-delivered");
        await("bank-replication's counters updated").atMost(Duration.ofSeconds(30))
            .until(() -> counter(survivor, "bank-replication", "keys-delivered") > delivered);
        awaitNodesHoldExactlyTheServices(survivor);
        assertTrue(fault(survivor, cutLink, "restore"), "the link was not restored");
    }

    @Test
    @Order(3)
    void theKilledMemberRejoinsAndCatchesUp() throws Exception {
        final int rejoined = killedMember;
        assertTrue(rejoined > 0, "the failover drill killed no member");
        final long start = System.nanoTime();
        cluster(Duration.ofMinutes(10), "start", "--no-build");
        LOG.info("Cluster: member {} rejoined and holds its replicas {} s after start", rejoined, seconds(start));
        final int other = rejoined % 3 + 1;
        await("member " + rejoined + " has the services as the others").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1)).until(() -> placements(rejoined).equals(placements(other))
                && placements(rejoined).size() == 3);
        final var console = KarafConsole.run(address(rejoined), "qkd:service-list");
        assertTrue(console.contains(VAULT), console);
    }

    @Test
    @Order(4)
    void anOwnerFrozenTooLongIsDownedAndWhenItWakesStartsAgainAndRejoins() throws Exception {
        final int frozen = awaitOwner(1, Optional.empty());
        final int other = frozen % 3 + 1;
        final long pid = memberPid(frozen);
        final long issued = stream.issuedSoFar();
        // a kill or a slow start before may have downed it already
        final int downedBefore = downings(frozen);
        final int restartsBefore = occurrences(frozen, RESTARTING);
        final int guardedBefore = occurrences(frozen, GUARD_ENDED);
        final long start = System.nanoTime();
        // as a host that stops scheduling the member (a long pause): the others down it
        signal("STOP", pid);
        try {
            await("member " + frozen + " downed by the others").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1)).until(() -> downings(frozen) > downedBefore);
            LOG.info("Cluster: member {} (the owner) frozen, downed after {} s", frozen, seconds(start));
            awaitOwner(other, Optional.of(frozen));
        } finally {
            signal("CONT", pid);
        }
        final long woke = System.nanoTime();
        // it learns that it was downed and starts again in a new JVM: its old stop may hang (RestartGuard)
        await("member " + frozen + " in a new JVM with the services as the others").atMost(Duration.ofSeconds(360))
            .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> memberPid(frozen) != pid
                && placements(frozen).equals(placements(other)) && placements(frozen).size() == 3);
        LOG.info("Cluster: member {} woke, started again{} and rejoined {} s later", frozen,
            occurrences(frozen, GUARD_ENDED) > guardedBefore ? " (its old JVM ended by the restart guard)" : "",
            seconds(woke));
        assertTrue(occurrences(frozen, RESTARTING) > restartsBefore, "member " + frozen + " did not restart");
        assertTrue(stream.issuedSoFar() > issued, "no key delivered meanwhile");
        awaitNodesHoldExactlyTheServices(other);
    }

    @Test
    @Order(5)
    void losingTwoMembersStopsChangesButTheSitesGoOnAndNoConfigurationIsLost() throws Exception {
        final int kept = awaitOwner(1, Optional.empty()) % 3 + 1;
        final var configured = configuredServices(kept);
        assertEquals(Set.of("bank-replication", "gov-vpn", VAULT), configured);
        for (int member : MEMBERS) {
            if (member != kept) {
                cluster(Duration.ofSeconds(30), "kill", Integer.toString(member));
            }
        }
        final long lost = System.nanoTime();
        final long issued = stream.issuedSoFar();
        // no quorum: a change is not made
        HttpResponse<String> refused = null;
        try {
            refused = member(kept, Duration.ofSeconds(20)).put(SERVICES + "/key-service=no-quorum",
                "{\"qkd-key-service:key-service\": [{\"service-id\": \"no-quorum\", "
                    + "\"sae-a\": {\"sae-id\": \"nq-a\", \"node\": \"hq\"}, "
                    + "\"sae-b\": {\"sae-id\": \"nq-b\", \"node\": \"gov\"}, "
                    + "\"required-rate\": 1000, \"policy\": \"demo-qkd-only\"}]}");
        } catch (IOException e) {
            LOG.info("Cluster: a change with one member of three: no answer within 20 s ({})", e.toString());
        }
        if (refused != null) {
            final var response = refused;
            assertTrue(response.statusCode() >= 400, () -> "a change was accepted without quorum: "
                + response.statusCode() + " " + response.body());
            LOG.info("Cluster: a change with one member of three refused: {} {}", response.statusCode(),
                response.body());
        }
        // the sites go on delivering keys
        await("keys delivered with one member of three").atMost(Duration.ofSeconds(30))
            .until(() -> stream.issuedSoFar() > issued + 30);
        LOG.info("Cluster: {} keys delivered by the sites in the {} s without quorum", stream.issuedSoFar() - issued,
            seconds(lost));

        // the operator restarts the members: the one left too, as its cluster may have downed it
        cluster(Duration.ofSeconds(30), "kill", Integer.toString(kept));
        final long restart = System.nanoTime();
        cluster(Duration.ofMinutes(15), "start", "--no-build");
        LOG.info("Cluster: the three members back in {} s", seconds(restart));
        for (int member : MEMBERS) {
            final var services = configuredServices(member);
            assertTrue(services.containsAll(configured), () -> "configuration lost: " + services);
        }
        final int owner = awaitOwner(kept, Optional.empty());
        if (configuredServices(owner).contains("no-quorum")) {
            // a request the members still had when the quorum came back may have been applied then
            LOG.info("Cluster: the change sent without quorum was applied when the quorum came back; removed");
            assertEquals(204, member(owner, Duration.ofSeconds(30)).delete(SERVICES + "/key-service=no-quorum")
                .statusCode());
        }
        for (var id : configured) {
            awaitState(owner % 3 + 1, id, "placed again", state -> "qkd".equals(mode(state)),
                Duration.ofSeconds(120));
        }
        awaitNodesHoldExactlyTheServices(owner);

        stream.stop();
        final var result = streamed.get(3, TimeUnit.MINUTES);
        stream = null;
        LOG.info("Cluster: the SAEs through the whole drill: {}", result);
        assertTrue(result.issued() > 0, result::toString);
        assertEquals(0, result.duplicates(), result::toString);
        assertEquals(0, result.mismatches(), result::toString);
        assertEquals(0, result.missing(), result::toString);
        assertEquals(0, result.errors(), result::toString);
        assertEquals(result.issued(), result.retrieved(), result::toString);
        assertEquals(0, result.secondFetches(), result::toString);
    }

    // runs scripts/cluster.sh with the members and sites under this build's directory, bounded
    private static void cluster(final Duration bound, final String... args) throws IOException,
            InterruptedException {
        final var command = new ArrayList<String>();
        command.add("bash");
        command.add(Path.of(System.getProperty("qkd.demo.dir")).resolveSibling("scripts").resolve("cluster.sh")
            .toString());
        command.addAll(List.of(args));
        final var builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(scriptLog.toFile()));
        builder.environment().put("QKD_CLUSTER_DIR", root.toString());
        builder.environment().put("QKD_CLUSTER_ASSEMBLY", assembly.toString());
        builder.environment().put("QKD_ADMIN_PASSWORD", KarafProcess.ADMIN_PASSWORD);
        builder.environment().put("QKD_CONSOLE_PASSWORD", KarafProcess.CONSOLE_PASSWORD);
        // every member's HTTPS certificate, which names the three members' addresses
        builder.environment().put("QKD_TLS_KEYSTORE", KarafProcess.tlsKeyStore().toString());
        builder.environment().put("QKD_TLS_KEYSTORE_PASSWORD", KarafProcess.tlsKeyStorePassword());
        final var process = builder.start();
        if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("cluster.sh " + String.join(" ", args) + " did not finish within "
                + bound.toSeconds() + " s; " + scriptLog);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("cluster.sh " + String.join(" ", args) + " failed (" + process.exitValue()
                + "): " + tail(scriptLog));
        }
    }

    private static String tail(final Path file) throws IOException {
        final var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    // how many times the other members' split-brain resolver downed a member (the one leading the cluster decides)
    private static int downings(final int member) throws IOException {
        final var downing = "is downing [pekko://opendaylight-cluster-data@" + address(member) + ":2550]";
        int count = 0;
        for (int other : MEMBERS) {
            if (other != member) {
                count += occurrences(other, downing);
            }
        }
        return count;
    }

    private static int occurrences(final int member, final String text) throws IOException {
        return (int) karafLog(member).lines().filter(line -> line.contains(text)).count();
    }

    // the JVM of a member, by its Karaf home as scripts/cluster.sh finds it
    private static long memberPid(final int member) {
        final var home = "-Dkaraf.home=" + root.resolve("member-" + member) + " ";
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
            .map(line -> line.contains(home)).orElse(false)).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static void signal(final String signal, final long pid) throws IOException, InterruptedException {
        // never to -1, which is every process
        assertTrue(pid > 0, () -> "no process to signal: " + pid);
        final var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0,
            () -> "kill -" + signal + " " + pid + " failed");
    }

    private static String address(final int member) {
        return "127.0.0." + member;
    }

    private static Restconf member(final int member, final Duration timeout) {
        return new Restconf("https://" + address(member) + ":" + KarafProcess.HTTPS_PORT + "/rests", "admin",
            KarafProcess.ADMIN_PASSWORD, timeout);
    }

    private static long seconds(final long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    private static String karafLog(final int member) throws IOException {
        return Files.readString(root.resolve("member-" + member).resolve("data/log/karaf.log"),
            StandardCharsets.UTF_8);
    }

    // an SAE at its own site's key manager, once its node made its certificate
    private static Etsi014Sae sae(final String saeId) throws IOException, GeneralSecurityException {
        final var node = SAE_NODES.get(saeId);
        final var certificate = root.resolve("sites/pki/sae/" + saeId + ".p12");
        await(saeId + " enrolled by node " + node).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> Files.isReadable(certificate));
        return Etsi014Sae.of(root.resolve("sites/pki"), saeId, keyPorts.get(node));
    }

    // the member that owns the controller, as a member says; empty when it does not answer or knows none
    private static Optional<Integer> owner(final int via) {
        try {
            final var response = member(via, CALL_TIMEOUT).post("/operations/odl-entity-owners:get-entity",
                "{\"input\": {\"type\": \"org.opendaylight.mdsal.ServiceEntityType\", \"name\": \"" + GROUP + "\"}}");
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            final var output = JsonParser.parseString(response.body()).getAsJsonObject()
                .getAsJsonObject("odl-entity-owners:output");
            return output == null || !output.has("owner-node") ? Optional.empty()
                : Optional.of(Integer.valueOf(output.get("owner-node").getAsString().replace("member-", "")));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int awaitOwner(final int via, final Optional<Integer> not) {
        return await("an owner of the controller").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> owner(via).filter(owner -> not.isEmpty() || !not.orElseThrow().equals(owner)),
                Optional::isPresent).orElseThrow();
    }

    // a service's operational state as a member reports it
    private static Optional<JsonObject> state(final int member, final String id) {
        try {
            final var response = member(member, CALL_TIMEOUT).get(SERVICES + "/key-service=" + id
                + "?content=nonconfig");
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            final var service = JsonParser.parseString(response.body()).getAsJsonObject()
                .getAsJsonArray("qkd-key-service:key-service").get(0).getAsJsonObject();
            return Optional.ofNullable(service.getAsJsonObject("state"));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static JsonObject awaitState(final int member, final String id, final String what,
            final Predicate<JsonObject> condition, final Duration bound) {
        return await(id + " " + what + " as member " + member + " reports it").atMost(bound)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> state(member, id).filter(condition), Optional::isPresent).orElseThrow();
    }

    private static String mode(final JsonObject state) {
        return state.has("mode") ? state.get("mode").getAsString() : "";
    }

    private static List<String> hops(final JsonObject state) {
        final var paths = state.getAsJsonArray("path");
        if (paths == null || paths.isEmpty()) {
            return List.of();
        }
        final var out = new ArrayList<String>();
        paths.get(0).getAsJsonObject().getAsJsonArray("hop").forEach(hop -> out.add(hop.getAsString()));
        return out;
    }

    private static boolean usesLink(final List<String> hops, final String link) {
        for (int i = 0; i + 1 < hops.size(); i++) {
            if (link.equals(linkNames.get(Set.of(hops.get(i), hops.get(i + 1))))) {
                return true;
            }
        }
        return false;
    }

    private static long counter(final int member, final String id, final String name) {
        return state(member, id).filter(state -> state.has(name)).map(state -> state.get(name).getAsLong())
            .orElse(-1L);
    }

    // each service's mode and path, as a member reports them
    private static Map<String, String> placements(final int member) throws IOException, InterruptedException {
        final var response = member(member, CALL_TIMEOUT).get(SERVICES + "?content=nonconfig");
        final var out = new TreeMap<String, String>();
        if (response.statusCode() == 200) {
            for (var service : JsonParser.parseString(response.body()).getAsJsonObject()
                    .getAsJsonObject("qkd-key-service:key-services").getAsJsonArray("key-service")) {
                final var object = service.getAsJsonObject();
                final var state = object.getAsJsonObject("state");
                out.put(object.get("service-id").getAsString(), state == null ? "" : mode(state) + " " + hops(state));
            }
        }
        return out;
    }

    private static Set<String> configuredServices(final int member) throws IOException, InterruptedException {
        final var response = member(member, Duration.ofSeconds(30)).get(SERVICES + "?content=config");
        assertEquals(200, response.statusCode(), response::body);
        final var out = new HashSet<String>();
        for (var service : JsonParser.parseString(response.body()).getAsJsonObject()
                .getAsJsonObject("qkd-key-service:key-services").getAsJsonArray("key-service")) {
            out.add(service.getAsJsonObject().get("service-id").getAsString());
        }
        return out;
    }

    // how many devices a member reports read after an instant
    private static int devicesReadAfter(final int member, final Instant instant) {
        try {
            return member(member, CALL_TIMEOUT).devicesReadAfter(instant).size();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean fault(final int member, final String link, final String kind) {
        try {
            return member(member, CALL_TIMEOUT).post("/operations/qkd-emulator:inject-link-fault",
                "{\"input\": {\"link\": \"" + link + "\", \"fault\": \"" + kind + "\"}}").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // polls a condition on its own thread until it holds, recording the milliseconds since a start
    private static CompletableFuture<Void> measure(final String what, final Map<String, Long> took, final long start,
            final BooleanSupplier condition) {
        return CompletableFuture.runAsync(() -> {
            while (System.nanoTime() - start < FAILOVER_BOUND.toNanos()) {
                if (condition.getAsBoolean()) {
                    took.put(what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, THREADS);
    }

    // every node holds the applications and virtual links of the services as placed now, once each, and no other
    // the controller wrote
    private static void awaitNodesHoldExactlyTheServices(final int member) {
        final var last = new AtomicReference<List<String>>(List.of());
        try {
            await("the nodes hold exactly the services' applications and virtual links")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    last.set(nodeDifferences(member));
                    return last.get().isEmpty();
                });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the nodes do not hold exactly the services' applications and virtual links "
                + "after 60 s, as member " + member + " sees them: " + last.get(), e);
        }
    }

    private static List<String> nodeDifferences(final int member) throws IOException, InterruptedException {
        // what the services want: an application at each end, a virtual link at each hop of a path of 3 or more
        final var wanted = new HashSet<String>();
        final var services = member(member, CALL_TIMEOUT).get(SERVICES + "?content=nonconfig");
        if (services.statusCode() != 200) {
            return List.of("services not readable: " + services.statusCode());
        }
        for (var service : JsonParser.parseString(services.body()).getAsJsonObject()
                .getAsJsonObject("qkd-key-service:key-services").getAsJsonArray("key-service")) {
            final var object = service.getAsJsonObject();
            final var id = object.get("service-id").getAsString();
            final var state = object.getAsJsonObject("state");
            if (state == null || !"qkd".equals(mode(state))) {
                return List.of(id + " not on QKD");
            }
            final var hops = hops(state);
            final var appId = uuid(ID_PREFIX + id);
            wanted.add(hops.getFirst() + " app " + appId);
            wanted.add(hops.getLast() + " app " + appId);
            if (hops.size() > 2) {
                final var linkId = uuid(ID_PREFIX + id + ":" + String.join(">", hops));
                hops.forEach(hop -> wanted.add(hop + " link " + linkId));
            }
        }
        // what the nodes have that the controller names (name-based UUIDs), each counted
        final var held = new ArrayList<String>();
        for (var node : keyPorts.keySet()) {
            final var response = member(member, Duration.ofSeconds(10)).get("/data/network-topology:network-topology/"
                + "topology=topology-netconf/node=qkd-" + node + "/yang-ext:mount/etsi-qkd-sdn-node:qkd_node");
            if (response.statusCode() != 200) {
                return List.of(node + " not readable: " + response.statusCode());
            }
            final var qkdNode = JsonParser.parseString(response.body()).getAsJsonObject()
                .getAsJsonObject("etsi-qkd-sdn-node:qkd_node");
            for (var app : array(qkdNode, "qkd_applications", "qkd_app")) {
                final var id = app.getAsJsonObject().get("app_id").getAsString();
                if (UUID.fromString(id).version() == 3) {
                    held.add(node + " app " + id);
                }
            }
            for (var link : array(qkdNode, "qkd_links", "qkd_link")) {
                final var object = link.getAsJsonObject();
                final var id = object.get("qkdl_id").getAsString();
                if (object.get("qkdl_type").getAsString().endsWith("VIRT") && UUID.fromString(id).version() == 3) {
                    held.add(node + " link " + id);
                }
            }
        }
        final var differences = new ArrayList<String>();
        final var seen = new HashSet<String>();
        for (var item : held) {
            if (!seen.add(item)) {
                differences.add("twice: " + item);
            } else if (!wanted.contains(item)) {
                differences.add("not wanted: " + item);
            }
        }
        wanted.stream().filter(item -> !seen.contains(item)).forEach(item -> differences.add("missing: " + item));
        if (!differences.isEmpty()) {
            LOG.debug("Nodes differ from the services: {}", differences);
        }
        return differences;
    }

    private static JsonArray array(final JsonObject node, final String container, final String list) {
        final var inner = node.getAsJsonObject(container);
        return inner == null || !inner.has(list) ? new JsonArray() : inner.getAsJsonArray(list);
    }

    private static String uuid(final String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
