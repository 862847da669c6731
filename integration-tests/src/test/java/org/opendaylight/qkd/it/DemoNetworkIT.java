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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendaylight.qkd.emulator.standalone.NetconfEmulator;
import org.opendaylight.qkd.karaf.process.KarafProcess;
import org.opendaylight.qkd.security.Rfc5424;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's drills against the demo metro network of {@code demo/}, started as {@code scripts/run.sh} starts it:
 * its 8 nodes as the sites process (emulated SD-QKD nodes with their key managers, reached over NETCONF), then the
 * distribution, which mounts and programs them. Keys flow after start; a cut relay link reroutes or falls back as each
 * service's policy says and loses no key; an eavesdropper aborts the link and no key from the attacked interval is
 * delivered; 100 SAEs fetch keys concurrently at their own sites for 60 s with no key delivered twice; bad input is
 * refused with the protocol's error and loses nothing; a restarted controller brings back its devices, policies and
 * services while the sites go on; the sites process killed mid-stream, and then one relay's key manager restarted
 * through RESTCONF, lose no key a master handed out; and no key byte appears in the controller's datastore, RESTCONF,
 * logs or heap. The drills run in order on one network.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoNetworkIT {
    private static final Logger LOG = LoggerFactory.getLogger(DemoNetworkIT.class);
    private static final Restconf ADMIN = new Restconf("admin", KarafProcess.ADMIN_PASSWORD);
    private static final String WEB = "https://127.0.0.1:" + KarafProcess.HTTPS_PORT;
    private static final String SERVICES = "/data/qkd-key-service:key-services";
    private static final String TOPOLOGY = "/data/ietf-network:networks/network=qkd?content=nonconfig";
    private static final String FAULT = "/operations/qkd-emulator:inject-link-fault";
    private static final String RESTART = "/operations/qkd-emulator:restart-key-manager";
    // the colours the map draws links in (map.js STATUS_COLORS)
    private static final String UP_COLOUR = "#2e7d32";
    private static final String DOWN_COLOUR = "#757575";
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64,}");
    private static final int LOAD_PAIRS = 50;
    private static final Duration LOAD_TIME = Duration.ofSeconds(Long.getLong("qkd.it.loadSeconds", 60));

    // every key delivered in the drills (base64), for the scan at the end
    private static final Set<String> DELIVERED = ConcurrentHashMap.newKeySet();
    // the node each SAE is at
    private static final Map<String, String> SAE_NODES = new ConcurrentHashMap<>(Map.of("hq-storage", "hq",
        "dc-west-storage", "dc-west", "gov-gateway", "gov", "branch-gateway", "branch-east"));
    private static Map<Set<String>, String> linkNames;
    // each node's ETSI GS QKD 014 port
    private static Map<String, Integer> keyPorts;
    private static Path siteKeys;
    private static StandaloneEmulator sites;
    private static KarafProcess karaf;
    private static PrometheusServer prometheus;
    private static MapBrowser map;
    private static SyslogCollector syslog;
    private static int sitesMetricsPort;
    // the links the drills cut and tapped, by link-id (what the controller's security events name)
    private static String cutLinkId;
    private static String tappedLinkId;
    private static long startNanos;

    @BeforeAll
    static void startDemo() throws IOException, InterruptedException {
        final var demo = Path.of(System.getProperty("qkd.demo.dir"));
        final var etc = new HashMap<String, String>();
        for (var file : List.of("metro-topology.json", "devices.json", "policies.json", "services.json")) {
            etc.put("qkd-demo/" + file, Files.readString(demo.resolve(file), StandardCharsets.UTF_8));
        }
        final var topology = JsonParser.parseString(etc.get("qkd-demo/metro-topology.json")).getAsJsonObject();
        linkNames = new HashMap<>();
        for (var link : topology.getAsJsonArray("links")) {
            final var object = link.getAsJsonObject();
            linkNames.put(Set.of(object.get("a").getAsString(), object.get("b").getAsString()),
                object.get("id").getAsString());
        }
        keyPorts = new HashMap<>();
        for (var node : topology.getAsJsonArray("nodes")) {
            final var object = node.getAsJsonObject();
            keyPorts.put(object.get("id").getAsString(), object.get("etsi014-port").getAsInt());
        }
        // what scripts/run.sh does: the sites first, with a NETCONF password the controller is given too
        final var work = Path.of(System.getProperty("qkd.it.log") + ".demo-sites");
        // a first start, as scripts/run.sh --fresh makes it: no keys, PKI or node configuration of an earlier run
        KarafProcess.deleteTree(work);
        siteKeys = work.resolve("keys");
        final var password = UUID.randomUUID().toString();
        startNanos = System.nanoTime();
        // Debian's rsyslog receives the security events: the sites' over UDP, the controller's over TCP
        sitesMetricsPort = NetconfEmulator.freePorts(1).getFirst();
        final var sitesOptions = new ArrayList<>(List.of("--demo-pki", "--keys", siteKeys.toString(), "--metrics-port",
            String.valueOf(sitesMetricsPort)));
        final var home = KarafProcess.findHome(Path.of(System.getProperty("qkd.karaf.dir")));
        if (SyslogCollector.installed()) {
            syslog = SyslogCollector.start(Path.of(System.getProperty("qkd.it.log") + ".syslog"));
            sitesOptions.addAll(List.of("--syslog", "udp://127.0.0.1:" + syslog.udpPort()));
            etc.put("org.ops4j.pax.logging.cfg", Files.readString(home.resolve("etc/org.ops4j.pax.logging.cfg"),
                StandardCharsets.UTF_8) + """

                # the test's collector, as an operator configures theirs
                log4j2.appender.qkdsyslog.host = 127.0.0.1
                log4j2.appender.qkdsyslog.port = %d
                log4j2.appender.qkdsyslog.protocol = TCP
                log4j2.logger.qkdsecurity.appenderRef.QkdSyslog.level = INFO
                """.formatted(syslog.tcpPort()));
        } else if (Boolean.getBoolean("qkd.operator-tools.required")) {
            throw new AssertionError(SyslogCollector.RSYSLOGD + " is missing (Debian package rsyslog)");
        } else {
            LOG.warn("{} is missing (Debian package rsyslog): the security events are not collected",
                SyslogCollector.RSYSLOGD);
        }
        sites = StandaloneEmulator.start(work, etc.get("qkd-demo/metro-topology.json"), "qkd", password,
            sitesOptions);
        etc.put("qkd-demo/devices.json", etc.get("qkd-demo/devices.json").replace("@QKD_NODE_PASSWORD@", password));
        etc.put("org.opendaylight.qkd.initial.cfg", "files = etc/qkd-demo/devices.json, etc/qkd-demo/policies.json, "
            + "etc/qkd-demo/services.json\n");
        karaf = KarafProcess.start(home, Path.of(System.getProperty("qkd.it.log") + ".demo"), etc, null);
        Distributions.awaitRestconf(karaf);
        // Debian's Prometheus scrapes the controller's metrics as an operator's would; CI must have it
        if (PrometheusServer.installed()) {
            prometheus = PrometheusServer.start(Path.of(System.getProperty("qkd.it.log") + ".prometheus"),
                "127.0.0.1:" + KarafProcess.HTTPS_PORT, "admin", KarafProcess.ADMIN_PASSWORD,
                "127.0.0.1:" + sitesMetricsPort);
        } else if (Boolean.getBoolean("qkd.operator-tools.required")) {
            throw new AssertionError(PrometheusServer.BINARY + " is missing (Debian package prometheus)");
        } else {
            LOG.warn("{} is missing (Debian package prometheus): the metrics are not scraped", PrometheusServer.BINARY);
        }
    }

    @AfterAll
    static void stopDemo() throws InterruptedException {
        if (map != null) {
            map.close();
            map = null;
        }
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
        if (karaf != null) {
            try {
                karaf.keepLogs(Path.of(System.getProperty("qkd.it.log") + ".demo"));
            } catch (IOException e) {
                LOG.warn("Logs not kept", e);
            }
            Distributions.stop(karaf);
            karaf = null;
        }
        if (sites != null) {
            sites.close();
            sites = null;
        }
        if (syslog != null) {
            syslog.close();
            syslog = null;
        }
    }

    // an SAE at its own site's key manager, once its node made its certificate
    private static Etsi014Sae sae(final String saeId) throws IOException, GeneralSecurityException {
        final var node = SAE_NODES.get(saeId);
        if (node == null) {
            throw new AssertionError("SAE " + saeId + " is at no known node");
        }
        final var certificate = siteKeys.resolve("pki/sae/" + saeId + ".p12");
        await(saeId + " enrolled by node " + node).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> Files.isReadable(certificate));
        return Etsi014Sae.of(siteKeys.resolve("pki"), saeId, keyPorts.get(node));
    }

    @Test
    @Order(1)
    void keysFlowBetweenTheDemoSaesSoonAfterStart() throws Exception {
        for (var pair : List.of(List.of("hq-storage", "dc-west-storage"), List.of("gov-gateway", "branch-gateway"))) {
            final var master = sae(pair.get(0));
            final var slave = sae(pair.get(1));
            await("keys for " + pair).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> master.get(pair.get(1) + "/status").statusCode() == 200
                    && Etsi014Sae.json(master.get(pair.get(1) + "/status")).get("stored_key_count").getAsInt() > 0);
            final var keys = take(master, pair.get(1), 2);
            assertEquals(keys, fetch(slave, pair.get(0), keys.keySet()));
        }
        // the keys name the key service they were made for, as the controller programmed it on the nodes
        final var named = Etsi014Sae.json(sae("hq-storage").post("dc-west-storage/enc_keys", "{\"number\": 1}"));
        assertEquals("bank-replication", named.getAsJsonArray("keys").get(0).getAsJsonObject()
            .getAsJsonObject("key_extension").get("key_service").getAsString(), named::toString);
        assertEquals(keysOf(named), fetch(sae("dc-west-storage"), "hq-storage", keysOf(named).keySet()));
        final long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        LOG.info("Drill start: both demo SAE pairs had identical keys at their own sites {} ms after the sites and the "
            + "distribution were started", millis);
        assertTrue(millis < 120_000, "keys flowed only after " + millis + " ms");
        final var services = KarafConsole.run("qkd:service-list");
        assertTrue(services.contains("bank-replication") && services.contains("gov-vpn"), services);
        final var nodes = KarafConsole.run("qkd:node-list");
        assertTrue(nodes.contains("relay-center") && nodes.contains("Berlin Tempelhof"), nodes);
        final var path = KarafConsole.run("qkd:path --policy demo-qkd-only hq branch-east");
        assertTrue(path.contains("mode qkd") && path.contains("path 0: hq → relay-"), path);
        final var unknown = KarafConsole.run("qkd:path --policy demo-qkd-only hq atlantis");
        assertTrue(unknown.contains("atlantis"), unknown);
        final var links = KarafConsole.run("qkd:link-list");
        assertTrue(links.contains("relay-north-gov") && links.contains("relay-center-dc-west"), links);

        if (prometheus != null) {
            // Prometheus scraped the demo's link rates: one series per link of the demo, each making key
            await("Prometheus has every link's key rate").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.query("qkd_link_secret_key_rate_bits_per_second > 0").size()
                    == linkNames.size());
            final var rates = prometheus.query("qkd_link_secret_key_rate_bits_per_second");
            final var labels = new HashSet<String>();
            rates.forEach(series -> labels.add(series.getAsJsonObject().getAsJsonObject("metric").get("label")
                .getAsString()));
            assertEquals(new HashSet<>(linkNames.values()), labels, rates::toString);
            assertEquals(1, prometheus.query("qkd_key_service_mode{service=\"bank-replication\","
                + "qkd_key_service_mode=\"qkd\"} == 1").size(), prometheus.targetHealth());
            // every query of the Grafana dashboard answers with data from the demo network; the exhaustion time
            // only is absent, as it should be while production keeps up (the query still has to be valid PromQL)
            final var dashboard = JsonParser.parseString(Files.readString(Path.of(System.getProperty(
                "qkd.dashboard")), StandardCharsets.UTF_8)).getAsJsonObject();
            for (var panel : dashboard.getAsJsonArray("panels")) {
                for (var target : panel.getAsJsonObject().getAsJsonArray("targets")) {
                    final var expr = target.getAsJsonObject().get("expr").getAsString();
                    if (expr.contains("qkd_key_service_exhaustion_seconds")) {
                        prometheus.query(expr);
                        continue;
                    }
                    await("dashboard query " + expr).atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !prometheus.query(expr).isEmpty());
                }
            }
            LOG.info("Prometheus: {} link rates scraped, every dashboard query answered, target {}", rates.size(),
                prometheus.targetHealth());
        }

        // the operator view is behind RESTCONF's authentication
        final var anonymous = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .sslContext(KarafProcess.tlsContext()).build();
        for (var resource : List.of("/qkd/map/index.html", "/qkd/map/map.js", "/qkd/metrics")) {
            assertEquals(401, anonymous.send(HttpRequest.newBuilder(URI.create(WEB + resource))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode(), resource);
        }
        // the map in a real browser shows the demo network and its services
        if (MapBrowser.installed()) {
            map = MapBrowser.open("https://admin:" + KarafProcess.ADMIN_PASSWORD + "@127.0.0.1:"
                + KarafProcess.HTTPS_PORT + "/qkd/map/index.html",
                Path.of(System.getProperty("qkd.it.log")).resolveSibling("screenshots"));
            await("the map draws the demo network").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> map.drawn().get("nodes").equals((long) keyPorts.size())
                    && ((Map<?, ?>) map.drawn().get("links")).keySet().equals(new HashSet<>(linkNames.values())));
            assertEquals(8, keyPorts.size());
            assertEquals(10, linkNames.size());
            await("the map shows the services' modes").atMost(Duration.ofSeconds(10))
                .until(() -> "qkd".equals(map.serviceMode("bank-replication"))
                    && "qkd".equals(map.serviceMode("gov-vpn")));
            assertTrue(map.summary().startsWith("8 nodes, 10 links"), map.summary());
            assertEquals(Set.of(UP_COLOUR), new HashSet<>(((Map<?, ?>) map.drawn().get("links")).values()));
            map.screenshot("map-1-demo");
            map.selectService("bank-replication");
            map.screenshot("map-2-bank-replication-path");
            assertEquals(List.of(), map.consoleErrors());
        } else if (Boolean.getBoolean("qkd.operator-tools.required")) {
            throw new AssertionError(MapBrowser.CHROMIUM + " or " + MapBrowser.CHROMEDRIVER
                + " is missing (Debian packages chromium, chromium-driver)");
        } else {
            LOG.warn("chromium or chromedriver is missing: the map is not tested in a browser");
        }
    }

    @Test
    @Order(2)
    void aCutRelayLinkReroutesTheQkdOnlyServiceAndFallsTheOtherBackToPqcWithoutLosingKeys() throws Exception {
        final var bankMaster = sae("hq-storage");
        final var bankSlave = sae("dc-west-storage");
        final var before = hops("bank-replication");
        // keys the data centre has not fetched yet when the fiber is cut
        final var pending = take(bankMaster, "dc-west-storage", 20);
        final var cutLink = linkName(before.get(1), before.get(2));
        cutLinkId = linkAttributes(before.get(1), before.get(2)).get("qkdl-id").getAsString();
        final long cut = System.nanoTime();
        fault(cutLink, "cut");
        if (map != null) {
            // the map turns the cut link's colour within 2 s of the cut
            await("the map shows " + cutLink + " down").atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> DOWN_COLOUR.equals(((Map<?, ?>) map.drawn().get("links")).get(cutLink)));
            LOG.info("Map: {} drawn as down {} ms after the cut was injected", cutLink,
                Duration.ofNanos(System.nanoTime() - cut).toMillis());
        }
        await("bank-replication rerouted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
            .until(() -> !hops("bank-replication").equals(before));
        final long rerouteMillis = Duration.ofNanos(System.nanoTime() - cut).toMillis();
        if (prometheus != null) {
            // the cut link's status metric turns to down
            final var down = "qkd_link_status{label=\"" + cutLink + "\",qkd_link_status=\"down\"} == 1";
            await("Prometheus sees " + cutLink + " down").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200)).until(() -> prometheus.query(down).size() == 1);
            assertEquals(0, prometheus.query("qkd_link_status{label=\"" + cutLink
                + "\",qkd_link_status=\"up\"} == 1").size());
        }
        final var after = state("bank-replication");
        assertEquals("qkd", after.get("mode").getAsString(), after::toString);
        final var rerouted = hops("bank-replication");
        assertFalse(rerouted.contains(before.get(1)), "still over " + before.get(1) + ": " + rerouted);
        assertEquals(pending, fetch(bankSlave, "hq-storage", pending.keySet()), "keys taken before the cut");
        final var fresh = take(bankMaster, "dc-west-storage", 10);
        assertEquals(fresh, fetch(bankSlave, "hq-storage", fresh.keySet()));
        LOG.info("Drill cut: {} cut, bank-replication rerouted {} -> {} in {} ms; {} keys taken before the cut all "
            + "retrieved, 0 lost", cutLink, before, rerouted, rerouteMillis, pending.size());

        final var govMaster = sae("gov-gateway");
        final var govSlave = sae("branch-gateway");
        final var govPath = hops("gov-vpn");
        final var govLink = linkName(govPath.get(0), govPath.get(1));
        final var govPending = take(govMaster, "branch-gateway", 20);
        final long govCut = System.nanoTime();
        fault(govLink, "cut");
        await("gov-vpn falls back to PQC").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
            .until(() -> "pqc".equals(state("gov-vpn").get("mode").getAsString()));
        final long fallbackMillis = Duration.ofNanos(System.nanoTime() - govCut).toMillis();
        assertEquals(govPending, fetch(govSlave, "gov-gateway", govPending.keySet()), "keys taken before the cut");
        // PQC keys follow once the stock made before the cut is used up
        boolean pqc = false;
        for (int round = 0; round < 50 && !pqc; round++) {
            final var response = govMaster.post("branch-gateway/enc_keys", "{\"number\": 100}");
            if (response.statusCode() == 503) {
                Thread.sleep(100);
                continue;
            }
            final var batch = keysOf(Etsi014Sae.json(response));
            assertEquals(batch, fetch(govSlave, "gov-gateway", batch.keySet()));
            pqc = Etsi014Sae.json(response).getAsJsonArray("keys").asList().stream().anyMatch(key -> "pqc"
                .equals(key.getAsJsonObject().getAsJsonObject("key_extension").get("provenance").getAsString()));
        }
        assertTrue(pqc, "no PQC key after the fallback");
        if (map != null) {
            await("the map shows gov-vpn on PQC").atMost(Duration.ofSeconds(5))
                .until(() -> "pqc".equals(map.serviceMode("gov-vpn")));
            map.selectService("gov-vpn");
            map.screenshot("map-3-two-cuts-gov-vpn-on-pqc");
            assertEquals(List.of(), map.consoleErrors());
            assertEquals("", map.error());
        }
        LOG.info("Drill cut: {} cut, gov-vpn fell back to PQC in {} ms; {} keys taken before the cut all retrieved, "
            + "0 lost", govLink, fallbackMillis, govPending.size());

        fault(cutLink, "restore");
        fault(govLink, "restore");
        await("gov-vpn back on QKD").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .until(() -> "qkd".equals(state("gov-vpn").get("mode").getAsString()));
    }

    @Test
    @Order(3)
    void anEavesdropperAbortsTheLinkAndNoKeyFromTheAttackedIntervalIsDelivered() throws Exception {
        final var master = sae("hq-storage");
        final var slave = sae("dc-west-storage");
        final var path = hops("bank-replication");
        final var attacked = linkName(path.get(0), path.get(1));
        tappedLinkId = linkAttributes(path.get(0), path.get(1)).get("qkdl-id").getAsString();
        // the stock made earlier is used up, so that what is delivered next is made around the attack
        final var taken = new HashMap<String, String>();
        while (true) {
            final var response = master.post("dc-west-storage/enc_keys", "{\"number\": 128}");
            if (response.statusCode() == 503) {
                break;
            }
            taken.putAll(keysOf(Etsi014Sae.json(response)));
            assertTrue(taken.size() < 100_000, "the stock does not run out");
        }
        for (var batch : partition(taken.keySet(), 128)) {
            final var expected = new HashMap<String, String>();
            batch.forEach(id -> expected.put(id, taken.get(id)));
            assertEquals(expected, fetch(slave, "hq-storage", batch));
        }
        final var discardedBefore = state("bank-replication").get("keys-discarded").getAsLong();
        // key made before the attack, relayed over the link before it: what the drill must still deliver
        await("key made before the attack").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
            .until(() -> stock(master, "dc-west-storage") >= 128);
        final var attackStart = Instant.now();
        final long attack = System.nanoTime();
        final var answer = JsonParser.parseString(fault(attacked, "eavesdrop")).getAsJsonObject()
            .getAsJsonObject("qkd-emulator:output");
        // intercept-resend on every pulse: QBER about 25 %, far above the abort threshold: no key is made
        assertEquals(0, answer.get("secret-key-rate").getAsLong(), answer::toString);
        assertTrue(answer.get("qber").getAsDouble() > 0.2, answer::toString);
        await("link aborted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
            .until(() -> "aborted".equals(linkStatus(path.get(0), path.get(1))));
        final long abortMillis = Duration.ofNanos(System.nanoTime() - attack).toMillis();
        final var atAbort = linkAttributes(path.get(0), path.get(1));
        final var abortedAt = Instant.parse(atAbort.get("last-change").getAsString());
        final long fillAtAbort = atAbort.get("key-pool-fill").getAsLong();
        final long capacity = atAbort.get("key-pool-capacity").getAsLong();
        await("QBER alarm").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> ADMIN.get("/data/qkd-devices:qkd-alarms?content=nonconfig").body().contains("qber-high"));
        await("bank-replication moved off the attacked link").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50)).until(() -> !hops("bank-replication").contains(path.get(1)));
        final long rerouteMillis = Duration.ofNanos(System.nanoTime() - attack).toMillis();
        final var state = state("bank-replication");
        assertEquals("qkd", state.get("mode").getAsString(), state::toString);
        final long discarded = state.get("keys-discarded").getAsLong() - discardedBefore;
        // the network dates the attack within a tick of its start
        assertTrue(Duration.between(attackStart, abortedAt).abs().toMillis() < 1000,
            "link aborted at " + abortedAt + ", attack started " + attackStart);

        // no block of the attacked interval enters the link's pool: the blocks in progress are voided, and relays
        // over the link before the abort used key made before the attack. Checked once the controller has read both
        // ends of the link 2 s after the abort (pools refill in a tick), not after a fixed wait that a stalled read
        // would pass
        final var readAfter = Instant.now().plusSeconds(2);
        await("both ends read after the abort").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
            .until(() -> ADMIN.devicesReadAfter(readAfter).containsAll(List.of(path.get(0), path.get(1))));
        final var afterAbort = linkAttributes(path.get(0), path.get(1));
        final long fillLater = afterAbort.get("key-pool-fill").getAsLong();
        assertTrue(fillLater <= fillAtAbort, "the attacked link's pool grew from " + fillAtAbort + " to "
            + fillLater + " bits");
        // a pool full at the abort could not grow anyway: the ends also say the link makes no key
        assertEquals(0, afterAbort.get("secret-key-rate").getAsLong(), afterAbort::toString);

        // every key delivered from now on, to both sides: none that crossed the link was made after the abort
        int overAttacked = 0;
        int delivered = 0;
        while (true) {
            final var response = master.post("dc-west-storage/enc_keys", "{\"number\": 128}");
            if (response.statusCode() == 503) {
                break;
            }
            final var body = Etsi014Sae.json(response);
            final var keys = keysOf(body);
            assertEquals(keys, fetch(slave, "hq-storage", keys.keySet()));
            for (var key : body.getAsJsonArray("keys")) {
                final var extension = key.getAsJsonObject().getAsJsonObject("key_extension");
                final var made = Instant.parse(extension.get("made_at").getAsString());
                delivered++;
                if (crosses(extension.getAsJsonArray("paths"), path.get(0), path.get(1))) {
                    overAttacked++;
                    assertTrue(made.isBefore(abortedAt), "key " + key.getAsJsonObject().get("key_ID") + " made at "
                        + made + " crossed " + attacked + ", under attack from " + abortedAt);
                }
            }
            assertTrue(delivered < 100_000, "the stock does not run out");
        }
        assertTrue(delivered > 100, "too few keys made around the attack: " + delivered);
        LOG.info("Drill eavesdropper: {} attacked (fraction 1), link aborted after {} ms (dated {} ms after the "
            + "attack began), QBER {}, key rate 0, qber-high alarm raised, bank-replication moved off it after {} ms, "
            + "{} keys discarded; the link's pool did not grow during the attack ({} -> {} of {} bits); of the {} keys "
            + "delivered after the attack {} crossed the link, all relayed before the abort with key stored before "
            + "the attack; 0 keys from the attacked interval delivered", attacked, abortMillis,
            Duration.between(attackStart, abortedAt).toMillis(), answer.get("qber").getAsString(), rerouteMillis,
            discarded, fillAtAbort, fillLater, capacity, delivered, overAttacked);
        fault(attacked, "restore");
        await("attacked link up again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> "up".equals(linkStatus(path.get(0), path.get(1))));
    }

    @Test
    @Order(4)
    void aHundredSaesFetchKeysForAMinuteWithNoKeyDeliveredTwice() throws Exception {
        final var endpoints = List.of("hq", "dc-west", "dc-south", "branch-east", "gov");
        final var services = new JsonArray();
        for (int i = 0; i < LOAD_PAIRS; i++) {
            final var a = endpoints.get(i % endpoints.size());
            final var b = endpoints.get((i / endpoints.size() + 1 + i) % endpoints.size());
            final var slaveNode = a.equals(b) ? "relay-east" : b;
            SAE_NODES.put("load-m" + i, a);
            SAE_NODES.put("load-s" + i, slaveNode);
            services.add(JsonParser.parseString("{\"service-id\": \"load-" + i + "\", \"sae-a\": {\"sae-id\": "
                + "\"load-m" + i + "\", \"node\": \"" + a + "\"}, \"sae-b\": {\"sae-id\": \"load-s" + i
                + "\", \"node\": \"" + slaveNode + "\"}, \"required-rate\": 5120, "
                + "\"policy\": \"demo-pqc-fallback\"}"));
        }
        final var body = new JsonObject();
        final var list = new JsonObject();
        list.add("key-service", services);
        body.add("qkd-key-service:key-services", list);
        final var created = ADMIN.patch(SERVICES, body.toString());
        assertTrue(created.statusCode() == 200 || created.statusCode() == 204, created::body);
        await("load services placed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> ADMIN.get(SERVICES + "?content=nonconfig").body()
                .split("\"mode\":\"(qkd|pqc)\"", -1).length - 1 >= LOAD_PAIRS + 2);

        final var load = new KeyLoad(DemoNetworkIT::sae, LOAD_PAIRS, "load-m", "load-s");
        final var result = load.run(LOAD_TIME);
        DELIVERED.addAll(result.sample());
        LOG.info("Drill load: {} SAEs ({} pairs) at their own sites for {} s: {} keys delivered to masters, {} "
            + "retrieved by slaves ({} keys/s), {} delivered twice, {} mismatched, {} not retrievable, {} answers 503 "
            + "keys exhausted, {} other errors; request latency p50 {} ms, p99 {} ms", 2 * LOAD_PAIRS, LOAD_PAIRS,
            LOAD_TIME.toSeconds(), result.issued(), result.retrieved(), result.issued() / LOAD_TIME.toSeconds(),
            result.duplicates(), result.mismatches(), result.missing(), result.exhausted(), result.errors(),
            result.p50Millis(), result.p99Millis());
        assertTrue(result.issued() > 1000, "too few keys to mean anything: " + result);
        assertEquals(0, result.duplicates(), result::toString);
        assertEquals(0, result.mismatches(), result::toString);
        assertEquals(0, result.missing(), result::toString);
        assertEquals(result.issued(), result.retrieved(), result::toString);
        assertEquals(List.of(), result.errorSamples(), result::toString);
        assertEquals(0, result.secondFetches(), "a key fetched again by dec_keys: " + result);
    }

    @Test
    @Order(5)
    void badInputIsRefusedWithTheProtocolsErrorAndLosesNothing() throws Exception {
        final var before = ADMIN.get(SERVICES + "?content=config").body();
        final var service = SERVICES + "/key-service=bank-replication";
        // RESTCONF: malformed JSON, wrong types, unknown nodes, a key that does not match the URI, values out of range
        assertRefused(ADMIN.put(service, "{\"qkd-key-service:key-service\": [{\"service-id\": \"bank-replication\","),
            400, "malformed-message");
        assertRefused(ADMIN.put(service, """
            {"qkd-key-service:key-service": [{"service-id": "bank-replication", "required-rate": "fast",
              "sae-a": {"sae-id": "hq-storage", "node": "hq"}, "sae-b": {"sae-id": "dc-west-storage",
              "node": "dc-west"}, "policy": "demo-qkd-only"}]}"""), 400, "malformed-message");
        assertRefused(ADMIN.put(service, """
            {"qkd-key-service:key-service": [{"service-id": "bank-replication", "required-rate": 25600,
              "colour": "blue", "sae-a": {"sae-id": "hq-storage", "node": "hq"},
              "sae-b": {"sae-id": "dc-west-storage", "node": "dc-west"}, "policy": "demo-qkd-only"}]}"""), 400,
            "malformed-message");
        assertRefused(ADMIN.put(service, """
            {"qkd-key-service:key-service": [{"service-id": "other", "required-rate": 25600,
              "sae-a": {"sae-id": "hq-storage", "node": "hq"}, "sae-b": {"sae-id": "dc-west-storage",
              "node": "dc-west"}, "policy": "demo-qkd-only"}]}"""), 400, "malformed-message");
        assertRefused(ADMIN.put(SERVICES + "/key-service=x", """
            {"qkd-key-service:key-service": [{"service-id": "x", "required-rate": 1,
              "sae-a": {"sae-id": "../../etc", "node": "hq"}, "sae-b": {"sae-id": "b", "node": "gov"},
              "policy": "demo-qkd-only"}]}"""), 400, "invalid-value");
        assertRefused(ADMIN.put(SERVICES + "/key-service=x", """
            {"qkd-key-service:key-service": [{"service-id": "x", "required-rate": 0,
              "sae-a": {"sae-id": "a", "node": "hq"}, "sae-b": {"sae-id": "b", "node": "gov"},
              "policy": "demo-qkd-only"}]}"""), 400, "invalid-value");
        assertRefused(ADMIN.post(FAULT, "{\"input\": {\"link\": \"atlantis\", \"fault\": \"cut\"}}"), 400,
            "invalid-value");
        // ODL RESTCONF 10.0.2 answers these two with 500 (its RPC input parser's IllegalArgumentException, and a
        // commit refused for a missing mandatory leaf, are not mapped to 400); nothing is changed or stored
        final var badEnum = ADMIN.post(FAULT, "{\"input\": {\"link\": \"hq-relay-north\", \"fault\": \"flood\"}}");
        assertEquals(500, badEnum.statusCode(), badEnum::body);
        assertEquals("up", linkStatus("hq", "relay-north"));
        assertRefused(ADMIN.put(SERVICES + "/key-service=x", """
            {"qkd-key-service:key-service": [{"service-id": "x", "sae-a": {"sae-id": "a", "node": "hq"},
              "sae-b": {"sae-id": "b", "node": "gov"}, "policy": "demo-qkd-only"}]}"""), 500, "operation-failed");
        assertEquals(before, ADMIN.get(SERVICES + "?content=config").body(), "a refused request changed the services");

        // a reference to what does not exist is stored, and the service says why it is not served
        final var ghost = SERVICES + "/key-service=ghost";
        assertEquals(201, ADMIN.put(ghost, """
            {"qkd-key-service:key-service": [{"service-id": "ghost", "required-rate": 1024,
              "sae-a": {"sae-id": "ghost-a", "node": "hq"}, "sae-b": {"sae-id": "ghost-b", "node": "atlantis"},
              "policy": "no-such-policy"}]}""").statusCode());
        await("ghost refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> ADMIN.get(ghost + "/state?content=nonconfig").body().contains("\"mode\":\"refused\""));
        assertTrue(ADMIN.get(ghost + "/state?content=nonconfig").body().contains("no-such-policy"));
        assertEquals(204, ADMIN.delete(ghost).statusCode());

        // ETSI GS QKD 014: malformed bodies, oversized numbers, path traversal; the pending key survives them
        final var master = sae("hq-storage");
        final var slave = sae("dc-west-storage");
        final var pending = take(master, "dc-west-storage", 1);
        for (var bad : List.of("{\"number\": ", "[]", "{\"number\": \"two\"}", "{\"number\": 1e400}",
                "{\"number\": 99999999999999999999}", "{\"size\": 255}", "{\"number\": -1}", "{\"colour\": 1}")) {
            final var response = master.post("dc-west-storage/enc_keys", bad);
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
            assertTrue(response.body().contains("\"message\""), response.body());
        }
        for (var bad : List.of("{\"key_IDs\": [{\"key_ID\": \"../../etc/passwd\"}]}", "{\"key_IDs\": 7}",
                "{\"key_IDs\": [{\"key_ID\": \"" + "9".repeat(10_000) + "\"}]}")) {
            final var response = slave.post("hq-storage/dec_keys", bad);
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
        }
        for (var traversal : List.of("..%2F..%2Fetc/status", "%2E%2E/status", "hq-storage%00/status")) {
            final int status = master.get(traversal).statusCode();
            assertTrue(status == 400 || status == 404, traversal + " -> " + status);
        }
        assertEquals(pending, fetch(slave, "hq-storage", pending.keySet()), "the pending key was lost");
        LOG.info("Drill bad input: 9 RESTCONF requests refused (7 with 400, 2 with ODL's 500) and 14 ETSI GS QKD 014 "
            + "requests refused with 400; services unchanged, the pending key still delivered");
    }

    @Test
    @Order(6)
    void aRestartedControllerBringsBackItsDevicesPoliciesAndServices() throws Exception {
        final var configured = ADMIN.get(SERVICES + "?content=config").body();
        final var devices = ADMIN.get("/data/qkd-devices:qkd-devices?content=config").body();
        final var policies = ADMIN.get("/data/qkd-policy:qkd-policies?content=config").body();
        final var master = sae("hq-storage");
        final var slave = sae("dc-west-storage");
        final long stop = System.nanoTime();
        karaf = karaf.restart(Duration.ofSeconds(60));
        // the sites go on while the controller starts again
        final var whileStarting = take(master, "dc-west-storage", 5);
        assertEquals(whileStarting, fetch(slave, "hq-storage", whileStarting.keySet()));
        final boolean beforeRestconf = !restconfAnswers();
        Distributions.awaitRestconf(karaf);
        await("services placed after the restart").atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> ADMIN.get(SERVICES + "?content=nonconfig").body()
                .split("\"mode\":\"(qkd|pqc)\"", -1).length - 1 >= LOAD_PAIRS + 2);
        final long placedMillis = Duration.ofNanos(System.nanoTime() - stop).toMillis();
        assertEquals(configured, ADMIN.get(SERVICES + "?content=config").body());
        assertEquals(devices, ADMIN.get("/data/qkd-devices:qkd-devices?content=config").body());
        assertEquals(policies, ADMIN.get("/data/qkd-policy:qkd-policies?content=config").body());
        assertTrue(karaf.karafLog().contains("kept as configured"), "the initial configuration overwrote the stored");
        final var keys = take(master, "dc-west-storage", 5);
        assertEquals(keys, fetch(slave, "hq-storage", keys.keySet()));
        LOG.info("Drill restart: controller stopped and started; the sites delivered keys while it started ({} "
            + "pairs identical{}); {} key services, 8 devices and 2 policies back as configured, all placed again {} "
            + "ms after the stop; keys delivered", whileStarting.size(),
            beforeRestconf ? ", before RESTCONF answered" : "", LOAD_PAIRS + 2, placedMillis);
    }

    @Test
    @Order(7)
    void keyManagersKilledMidStreamAndRestartedLoseNoKeyTheMastersHandedOut() throws Exception {
        final var master = sae("hq-storage");
        final var slave = sae("dc-west-storage");
        final var relays = hops("bank-replication").subList(1, hops("bank-replication").size() - 1);
        // key_ID -> key, of every key the master SAE was given: before, across and after the kill
        final var taken = new ConcurrentHashMap<String, String>(take(master, "dc-west-storage", 20));
        final var stop = new AtomicBoolean();
        final var refused = new AtomicInteger();
        final var failures = new ConcurrentLinkedQueue<Throwable>();
        final var killed = new AtomicBoolean();
        final var firstAfterKill = new AtomicLong();
        final var stream = stream(master, taken, stop, refused, failures, () -> {
            if (killed.get()) {
                firstAfterKill.compareAndSet(0, System.nanoTime());
            }
        });
        try {
            final int before = taken.size();
            await("the stream runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> taken.size() >= before + 20 || !failures.isEmpty());
            sites.kill();
            final long kill = System.nanoTime();
            killed.set(true);
            final int atKill = taken.size();
            sites.restart();
            final long readyMillis = Duration.ofNanos(System.nanoTime() - kill).toMillis();
            await("keys handed out again after the restart").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> taken.size() >= atKill + 50 || !failures.isEmpty());
            final long flowingMillis = Duration.ofNanos(firstAfterKill.get() - kill).toMillis();
            stop.set(true);
            stream.join(Duration.ofSeconds(30));
            assertTrue(failures.isEmpty(), () -> "the stream failed: " + failures);
            // every key the master was given, the slave gets, identical
            assertSlaveHas(slave, taken);
            await("services placed again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> ADMIN.get(SERVICES + "?content=nonconfig").body()
                    .split("\"mode\":\"(qkd|pqc)\"", -1).length - 1 >= LOAD_PAIRS + 2);
            final long placedMillis = Duration.ofNanos(System.nanoTime() - kill).toMillis();
            final var fresh = take(master, "dc-west-storage", 5);
            assertEquals(fresh, fetch(slave, "hq-storage", fresh.keySet()));
            LOG.info("Drill kill: the sites process (every key manager, hq's relays {} included) killed with SIGKILL "
                + "while hq-storage took keys, and started again: hq handed out keys again {} ms after the kill, all "
                + "8 nodes ready after {} ms; {} keys taken ({} before the kill), {} requests refused or unanswered "
                + "meanwhile; all {} delivered at dc-west, identical, 0 lost; services placed again {} ms after the "
                + "kill", relays, flowingMillis, readyMillis, taken.size(), atKill, refused.get(), taken.size(),
                placedMillis);
        } finally {
            stop.set(true);
            stream.interrupt();
            stream.join(Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(8)
    void aRelayKeyManagerRestartedThroughTheControllerMidStreamLosesNoKey() throws Exception {
        final var master = sae("hq-storage");
        final var slave = sae("dc-west-storage");
        final var hops = hops("bank-replication");
        assertTrue(hops.size() >= 3, () -> "bank-replication has no relay: " + hops);
        final var relay = hops.get(1);
        // bad input: RESTCONF's errors, and nothing stops
        assertRefused(ADMIN.post(RESTART, "{\"input\": {\"node\": \"atlantis\"}}"), 400, "invalid-value");
        // out of the YANG range: ODL RESTCONF 10.0.2 answers an RPC input value that does not parse with 500, as in
        // the bad-input drill; the node is not asked
        final var tooLong = ADMIN.post(RESTART, "{\"input\": {\"node\": \"" + relay + "\", \"down-seconds\": 7200}}");
        assertEquals(500, tooLong.statusCode(), tooLong::body);
        final var taken = new ConcurrentHashMap<String, String>(take(master, "dc-west-storage", 10));
        final var stop = new AtomicBoolean();
        final var refused = new AtomicInteger();
        final var failures = new ConcurrentLinkedQueue<Throwable>();
        final var stream = stream(master, taken, stop, refused, failures, () -> { });
        try {
            final int before = taken.size();
            await("the stream runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> taken.size() >= before + 20 || !failures.isEmpty());
            final var restart = ADMIN.post(RESTART, "{\"input\": {\"node\": \"" + relay
                + "\", \"down-seconds\": 3}}");
            assertEquals(200, restart.statusCode(), restart::body);
            assertTrue(restart.body().contains("restarts-at"), restart::body);
            final long stopped = System.nanoTime();
            final long back = stopped + Duration.ofSeconds(3).toNanos();
            final int atRestart = taken.size();
            assertRefused(ADMIN.post(RESTART, "{\"input\": {\"node\": \"" + relay + "\"}}"), 500,
                "operation-failed");
            // hq hands out what it holds while the relay is down, and once the relay is back its stock grows again
            final var lowest = new AtomicInteger(Integer.MAX_VALUE);
            await("hq makes keys over the restarted relay").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (System.nanoTime() < back) {
                        return !failures.isEmpty();
                    }
                    final int stock = stock(master, "dc-west-storage");
                    return stock > lowest.accumulateAndGet(stock, Math::min) || !failures.isEmpty();
                });
            final long flowingMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
            final int after = taken.size();
            await("the stream goes on").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> taken.size() >= after + 20 || !failures.isEmpty());
            stop.set(true);
            stream.join(Duration.ofSeconds(30));
            assertTrue(failures.isEmpty(), () -> "the stream failed: " + failures);
            assertSlaveHas(slave, taken);
            assertEquals(hops, hops("bank-replication"), "the service stays on its path");
            LOG.info("Drill relay restart: {}'s key manager restarted through RESTCONF (down 3 s) while hq-storage "
                + "took keys: hq's stock grew again {} ms after the restart (lowest {}); {} keys taken ({} before the "
                + "restart), {} requests refused or unanswered meanwhile; all delivered at dc-west, identical, 0 lost",
                relay, flowingMillis, lowest.get(), taken.size(), atRestart, refused.get());
        } finally {
            stop.set(true);
            stream.interrupt();
            stream.join(Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(9)
    void noKeyBytesAppearInTheDatastoreRestconfOrLogs() throws Exception {
        // a refused SAE: hq-storage is no master of gov-gateway
        assertEquals(401, sae("hq-storage").get("gov-gateway/status").statusCode());
        if (prometheus != null) {
            // the sites' metrics: hq's key manager answered that 401, and keys to its SAEs
            await("Prometheus has hq's refusal").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.query("qkd_kme_etsi014_request_duration_seconds_count{site=\"hq\","
                    + "operation=\"status\",status=\"401\"} >= 1").size() == 1);
            assertEquals(1, prometheus.query("qkd_kme_etsi014_request_duration_seconds_count{site=\"hq\","
                + "operation=\"enc_keys\",status=\"200\"} > 0").size(), prometheus.targetHealth());
            await("Prometheus has the keys dc-west delivered").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !prometheus.query("qkd_kme_application_delivered_keys_total{site=\"dc-west\"} > 0")
                    .isEmpty());
        }
        assertTrue(DELIVERED.size() > 1000, "too few keys to scan for: " + DELIVERED.size());
        final var exposed = new ArrayList<String>();
        exposed.add(ADMIN.get("/data?content=config").body());
        exposed.add(ADMIN.get("/data?content=nonconfig").body());
        exposed.add(ADMIN.get(SERVICES + "?content=nonconfig").body());
        exposed.add(ADMIN.get(TOPOLOGY).body());
        try (Stream<Path> logs = Files.list(karaf.home().resolve("data/log"))) {
            for (var log : logs.toList()) {
                exposed.add(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        exposed.add(Files.readString(Path.of(System.getProperty("qkd.it.log") + ".demo"),
            StandardCharsets.ISO_8859_1));
        if (syslog != null) {
            exposed.add(securityEvents());
        }
        final var tokens = new HashSet<String>();
        long bytes = 0;
        for (var text : exposed) {
            bytes += text.length();
            BASE64.matcher(text).results().forEach(match -> tokens.add(match.group()));
            HEX.matcher(text).results().forEach(match -> tokens.add(match.group().toLowerCase(Locale.ROOT)));
        }
        int found = 0;
        for (var key : DELIVERED) {
            final var hex = HexFormat.of().formatHex(Base64.getDecoder().decode(key));
            if (tokens.contains(key) || tokens.stream().anyMatch(token -> token.contains(hex))) {
                found++;
            }
        }
        LOG.info("Key scan: {} delivered keys looked for (base64 and hex) in {} kB of datastore dumps, RESTCONF "
            + "output and logs: {} found", DELIVERED.size(), bytes / 1000, found);
        assertEquals(0, found, "delivered keys appear in the datastore, RESTCONF or the logs");

        // and in the controller's heap, while keys the sites still hold are in theirs (so the scan can fail)
        final var master = sae("hq-storage");
        final var slave = sae("dc-west-storage");
        final var held = take(master, "dc-west-storage", 8);
        final var heldKeys = held.values().stream().map(key -> Base64.getDecoder().decode(key)).toList();
        final var dumps = Path.of(System.getProperty("qkd.it.log") + ".demo-heap");
        Files.createDirectories(dumps);
        final var inSites = HeapScan.scan(sites.pid(), dumps.resolve("sites.hprof"), heldKeys);
        final var inController = HeapScan.scan(karaf.jvm().orElseThrow().pid(), dumps.resolve("controller.hprof"),
            heldKeys);
        LOG.info("Heap scan: {} keys taken at hq and not yet fetched at dc-west: {} found in the sites' heap ({} MB), "
            + "{} in the controller's ({} MB)", heldKeys.size(), inSites.found(), inSites.dumpBytes() >> 20,
            inController.found(), inController.dumpBytes() >> 20);
        assertEquals(heldKeys.size(), inSites.found(), "the sites hold the keys the slave has not taken");
        assertEquals(0, inController.found(), "keys in the controller's heap");
        assertEquals(held, fetch(slave, "hq-storage", held.keySet()));
    }

    // the security events the collector received: each RFC 5424 with its structured data; those of the drills there
    private static String securityEvents() throws IOException {
        final var events = new ArrayList<Rfc5424>();
        await("security events of the cut, the eavesdropper and the refused SAE").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
                events.clear();
                events.addAll(syslog.received());
                return has(events, "opendaylight-qkd", "link-down", "link", cutLinkId)
                    && has(events, "opendaylight-qkd", "qber-high", "link", tappedLinkId)
                    && has(events, "opendaylight-qkd", "link-down", "link", tappedLinkId)
                    && has(events, "opendaylight-qkd", "mode-change", "service", "gov-vpn")
                    && has(events, "qkd-sites", "sae-refused", "sae", "hq-storage");
            });
        for (var event : events) {
            assertEquals(4, event.facility(), () -> "auth facility: " + event);
            assertTrue(event.data().containsKey("qkd@32473"), event::toString);
        }
        final var types = new TreeMap<String, Integer>();
        events.forEach(event -> types.merge(event.appName() + " " + event.msgId(), 1, Integer::sum));
        LOG.info("Syslog: rsyslog received {} RFC 5424 security events: {}", events.size(), types);
        return syslog.receivedText();
    }

    private static boolean has(final List<Rfc5424> events, final String appName, final String msgId,
            final String parameter, final String value) {
        return events.stream().anyMatch(event -> event.appName().equals(appName) && event.msgId().equals(msgId)
            && value.equals(event.data().getOrDefault("qkd@32473", Map.of()).get(parameter)));
    }

    // hq-storage taking keys from dc-west-storage on a thread of its own, as takeUntilStopped does; what fails the
    // thread goes to failures
    private static Thread stream(final Etsi014Sae master, final Map<String, String> taken, final AtomicBoolean stop,
            final AtomicInteger refused, final Collection<Throwable> failures, final Runnable onKeys) {
        return Thread.ofPlatform().name("hq-storage-stream")
            .uncaughtExceptionHandler((thread, failure) -> failures.add(failure))
            .start(() -> takeUntilStopped(master, taken, stop, refused, onKeys));
    }

    // every key hq-storage was given (key_ID -> key), dc-west-storage gets, identical
    private static void assertSlaveHas(final Etsi014Sae slave, final Map<String, String> taken) throws Exception {
        for (var batch : partition(Set.copyOf(taken.keySet()), 128)) {
            final var expected = new HashMap<String, String>();
            batch.forEach(id -> expected.put(id, taken.get(id)));
            assertEquals(expected, fetch(slave, "hq-storage", batch), "keys the master handed out");
        }
    }

    // a master SAE taking two keys at a time, as an encryptor would, until stopped (three minutes at most); what its
    // key manager refuses or leaves unanswered it asks again
    private static void takeUntilStopped(final Etsi014Sae master, final Map<String, String> taken,
            final AtomicBoolean stop, final AtomicInteger refused, final Runnable onKeys) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!stop.get() && System.nanoTime() < deadline) {
            try {
                final var response = master.post("dc-west-storage/enc_keys", "{\"number\": 2}");
                if (response.statusCode() == 200) {
                    taken.putAll(keysOf(Etsi014Sae.json(response)));
                    onKeys.run();
                } else {
                    assertEquals(503, response.statusCode(), response::body);
                    refused.incrementAndGet();
                }
                Thread.sleep(10);
            } catch (IOException e) {
                // the key manager is down
                refused.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // how many keys an SAE's KME holds for it and a slave SAE
    private static int stock(final Etsi014Sae master, final String slave) throws IOException, InterruptedException {
        return Etsi014Sae.json(master.get(slave + "/status")).get("stored_key_count").getAsInt();
    }

    private static boolean restconfAnswers() throws InterruptedException {
        try {
            return ADMIN.get(SERVICES + "?content=config").statusCode() == 200;
        } catch (IOException e) {
            // not listening yet
            return false;
        }
    }

    // keys taken by a master: key_ID -> key
    private static Map<String, String> take(final Etsi014Sae master, final String slaveId, final int count)
            throws Exception {
        final var keys = new HashMap<String, String>();
        await("keys in stock").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            final var response = master.post(slaveId + "/enc_keys", "{\"number\": " + (count - keys.size()) + "}");
            if (response.statusCode() == 200) {
                keys.putAll(keysOf(Etsi014Sae.json(response)));
            } else {
                assertEquals(503, response.statusCode(), response::body);
            }
            return keys.size() == count;
        });
        return keys;
    }

    private static Map<String, String> fetch(final Etsi014Sae slave, final String masterId, final Set<String> ids)
            throws Exception {
        final var body = new JsonObject();
        final var list = new JsonArray();
        ids.forEach(id -> {
            final var entry = new JsonObject();
            entry.addProperty("key_ID", id);
            list.add(entry);
        });
        body.add("key_IDs", list);
        return keysOf(Etsi014Sae.json(slave.post(masterId + "/dec_keys", body.toString())));
    }

    private static Map<String, String> keysOf(final JsonObject container) {
        final var keys = new HashMap<String, String>();
        for (var key : container.getAsJsonArray("keys")) {
            final var value = key.getAsJsonObject().get("key").getAsString();
            keys.put(key.getAsJsonObject().get("key_ID").getAsString(), value);
            DELIVERED.add(value);
        }
        return keys;
    }

    private static boolean crosses(final JsonArray paths, final String from, final String to) {
        for (var path : paths) {
            final var hops = path.getAsJsonArray().asList().stream().map(hop -> hop.getAsString()).toList();
            for (int i = 0; i + 1 < hops.size(); i++) {
                if (Set.of(hops.get(i), hops.get(i + 1)).equals(Set.of(from, to))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonObject state(final String service) throws IOException, InterruptedException {
        final var response = ADMIN.get(SERVICES + "/key-service=" + service + "/state?content=nonconfig");
        assertEquals(200, response.statusCode(), response::body);
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("qkd-key-service:state");
    }

    private static List<String> hops(final String service) throws IOException, InterruptedException {
        final var paths = state(service).getAsJsonArray("path");
        return paths == null || paths.isEmpty() ? List.of() : paths.get(0).getAsJsonObject().getAsJsonArray("hop")
            .asList().stream().map(hop -> hop.getAsString()).toList();
    }

    private static String linkName(final String from, final String to) {
        final var name = linkNames.get(Set.of(from, to));
        if (name == null) {
            throw new AssertionError("no demo link between " + from + " and " + to);
        }
        return name;
    }

    private static String linkStatus(final String from, final String to) throws IOException, InterruptedException {
        final var attributes = linkAttributes(from, to);
        return attributes == null ? "missing" : attributes.get("status").getAsString();
    }

    private static JsonObject linkAttributes(final String from, final String to)
            throws IOException, InterruptedException {
        final var network = JsonParser.parseString(ADMIN.get(TOPOLOGY).body()).getAsJsonObject()
            .getAsJsonArray("ietf-network:network").get(0).getAsJsonObject();
        for (var element : network.getAsJsonArray("ietf-network-topology:link")) {
            final var link = element.getAsJsonObject();
            final var ends = Set.of(link.getAsJsonObject("source").get("source-node").getAsString(),
                link.getAsJsonObject("destination").get("dest-node").getAsString());
            if (ends.equals(Set.of(from, to))) {
                return link.getAsJsonObject("qkd-topology:qkd-link-attributes");
            }
        }
        return null;
    }

    private static List<Set<String>> partition(final Set<String> ids, final int size) {
        final var parts = new ArrayList<Set<String>>();
        final var all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += size) {
            parts.add(Set.copyOf(all.subList(i, Math.min(all.size(), i + size))));
        }
        return parts;
    }

    private static String fault(final String link, final String fault) throws IOException, InterruptedException {
        final var response = ADMIN.post(FAULT, "{\"input\": {\"link\": \"" + link + "\", \"fault\": \"" + fault
            + "\"}}");
        assertEquals(200, response.statusCode(), response::body);
        return response.body();
    }

    private static void assertRefused(final HttpResponse<String> response, final int status, final String tag) {
        assertEquals(status, response.statusCode(), response::body);
        assertTrue(Pattern.compile("\"error-tag\"\\s*:\\s*\"" + tag + "\"").matcher(response.body()).find(),
            response::body);
    }
}
