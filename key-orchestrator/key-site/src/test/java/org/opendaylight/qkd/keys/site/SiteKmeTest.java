/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.SecretKey;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.keys.crypto.KeyDerivation;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi020.Etsi020Client;
import org.opendaylight.qkd.keys.etsi020.Etsi020Server;
import org.opendaylight.qkd.keys.etsi020.KeyOrigin;
import org.opendaylight.qkd.keys.etsi020.KmeTls;
import org.opendaylight.qkd.keys.etsi020.MlKemEpochs;
import org.opendaylight.qkd.keys.etsi020.RelayKme;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.StoredKey;

/**
 * Three sites, each its own key manager with its encrypted store and its ETSI GS QKD 020 server on loopback, joined
 * by emulated QKD links: sae-a at site-a is the master, sae-b at site-b the slave, site-r relays. Sites are stopped
 * and started again on the same store.
 */
class SiteKmeTest {
    private static final Map<String, UUID> NODES = Map.of("site-a", UUID.randomUUID(), "site-r", UUID.randomUUID(),
        "site-b", UUID.randomUUID());
    private static final List<UUID> PATH = List.of(NODES.get("site-a"), NODES.get("site-r"), NODES.get("site-b"));
    private static final byte[] EPOCH_SECRET = "one ML-KEM epoch's shared secret".getBytes(StandardCharsets.US_ASCII);
    // one ML-KEM epoch both ends share, as their KMEs would make it
    private static final SiteKme.HybridSecrets HYBRID = new SiteKme.HybridSecrets() {
        private final UUID epoch = new UUID(42, 0);
        private final byte[] secret = EPOCH_SECRET.clone();

        @Override
        public MlKemEpochs.Shared sending(final String otherKme, final MlKemParameterSet parameterSet) {
            return new MlKemEpochs.Shared(epoch, parameterSet, secret.clone());
        }

        @Override
        public byte[] received(final String otherKme, final MlKemParameterSet parameterSet, final UUID id)
                throws KeyUnavailableException {
            if (!id.equals(epoch)) {
                throw new KeyUnavailableException("no epoch " + id);
            }
            return secret.clone();
        }
    };

    private static final String PASSWORD = "changeit";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Site> sites = new HashMap<>();
    private final Map<String, EmulatedLink> links = new HashMap<>();
    private DemoPki pki;

    /**
     * One site: its key manager, its relay and its ETSI GS QKD 020 server, on a fixed port.
     */
    private final class Site {
        final String id;
        final URI url;
        final SecretKey kek;
        final Map<String, RelayKme.Peer> peers = new HashMap<>();
        final Map<List<String>, RelayKme.Route> routes = new HashMap<>();
        SiteKme kme;
        RelayKme relay;
        Etsi020Server server;

        Site(final String id) throws IOException {
            this.id = id;
            url = URI.create("https://127.0.0.1:" + freePort());
            kek = KeyEncryptionKey.generate(directory.resolve(id + ".kek"), random);
        }

        void start() throws Exception {
            kme = SiteKme.open(id, directory.resolve(id + ".keys"), kek, clock, random, 128, SiteKmeTest::nodeName,
                HYBRID);
            final var tls = new KmeTls(DemoPki.loadKeyStore(pki.kmeKeyStore(id), PASSWORD.toCharArray()),
                PASSWORD.toCharArray(), pki.trustStore());
            relay = new RelayKme(id, url, new RelayKme.RelayTable() {
                @Override
                public Optional<RelayKme.Peer> peer(final String kmeId) {
                    return Optional.ofNullable(peers.get(kmeId));
                }

                @Override
                public Optional<RelayKme.Route> route(final String initiator, final String target,
                        final String via) {
                    return Optional.ofNullable(routes.get(List.of(initiator, target)));
                }
            }, kme, peer -> new Etsi020Client(peer.url(), peer.kmeId(), tls), executor, ACK_TIMEOUT, 100_000);
            server = Etsi020Server.start(relay, tls.serverContext(), new InetSocketAddress("127.0.0.1",
                url.getPort()), 1);
        }

        void stop() throws IOException {
            server.close();
            relay.close();
            kme.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        pki = DemoPki.open(directory.resolve("pki"), PASSWORD, List.of());
        for (var id : List.of("site-a", "site-r", "site-b")) {
            sites.put(id, new Site(id));
        }
        link("site-a", "site-r", 11);
        link("site-r", "site-b", 12);
        final var route = List.of("sae-a", "sae-b");
        sites.get("site-a").routes.put(route, new RelayKme.Route.Forward("site-r"));
        sites.get("site-r").routes.put(route, new RelayKme.Route.Forward("site-b"));
        sites.get("site-b").routes.put(route, new RelayKme.Route.Deliver());
        for (var site : sites.values()) {
            site.start();
        }
        sites.get("site-a").kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", true, "site-b",
            256, 25_600, 1000, Provenance.QKD, PATH, MlKemParameterSet.ML_KEM_768, "bank-replication"));
        sites.get("site-b").kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", false, "site-a",
            256, 25_600, 1000, Provenance.QKD, PATH, MlKemParameterSet.ML_KEM_768, "bank-replication"));
        run(2);
    }

    private static String nodeName(final UUID qkdnId) {
        return NODES.entrySet().stream().filter(entry -> entry.getValue().equals(qkdnId)).map(Map.Entry::getKey)
            .findFirst().orElse(qkdnId.toString());
    }

    @AfterEach
    void tearDown() throws IOException {
        for (var site : sites.values()) {
            site.stop();
        }
        executor.shutdownNow();
    }

    private void link(final String from, final String to, final long seed) {
        final var id = from + "-" + to;
        final var link = new EmulatedLink(new LinkSpec(id, from, to, LinkPhysics.metro(20),
            DecoyProtocol.vacuumWeak(0.1), LinkSpec.DEFAULT_BLOCK_BITS, LinkSpec.DEFAULT_POOL_BITS, 0.01),
            KeyMaterial.seeded(seed), clock);
        links.put(id, link);
        final var keys = new EmulatedLinkKeys(link);
        sites.get(from).peers.put(to, new RelayKme.Peer(to, sites.get(to).url, keys, id));
        sites.get(to).peers.put(from, new RelayKme.Peer(from, sites.get(from).url, keys, id));
    }

    private void run(final int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        links.values().forEach(EmulatedLink::advance);
    }

    // one second of production at sae-a's KME, relayed to site-b and confirmed
    private int produceOneSecond() throws IOException {
        final var master = sites.get("site-a");
        master.kme.produce(master.relay::originate);
        run(1);
        final int sent = master.kme.produce(master.relay::originate);
        Awaitility.await().atMost(Duration.ofSeconds(20))
            .until(() -> master.kme.counters("app-1").orElseThrow().inFlight() == 0);
        return sent;
    }

    private static List<String> ids(final List<StoredKey> keys) {
        return keys.stream().map(key -> key.id().toString()).toList();
    }

    private static void assertSameKeys(final List<StoredKey> expected, final List<StoredKey> actual) {
        assertEquals(ids(expected), ids(actual));
        for (int i = 0; i < expected.size(); i++) {
            final var other = actual.get(i);
            expected.get(i).withBits(bits -> other.withBits(theirs -> {
                assertArrayEquals(bits, theirs);
                return null;
            }));
        }
    }

    @Test
    void aBatchWaitsForItsCreditTheStocksRoomAndASecondsWorthUnlessTheStockRunsLow() {
        // credit (keys), largest key (keys), stock limit, ready, in flight, a second's worth
        assertEquals(0, SiteKme.batchSize(0, 1, 100_000, 0, 0, 100), "no credit");
        assertEquals(100, SiteKme.batchSize(100, 1, 100_000, 0, 0, 100), "a second's worth");
        assertEquals(0, SiteKme.batchSize(50, 1, 100_000, 500, 0, 100), "half a second's worth, the stock full enough");
        assertEquals(50, SiteKme.batchSize(50, 1, 100_000, 20, 30, 100), "half a second's worth, the stock low");
        assertEquals(1024, SiteKme.batchSize(5000, 1, 100_000, 0, 0, 1024), "at most a batch");
        assertEquals(0, SiteKme.batchSize(3, 4, 100_000, 0, 0, 1), "not enough for the largest key");
        assertEquals(4, SiteKme.batchSize(4, 4, 100_000, 0, 0, 1));
        // a nearly full stock waits for room for a batch worth a request per hop
        assertEquals(0, SiteKme.batchSize(50, 1, 1000, 990, 0, 10), "room for 10 of 50");
        assertEquals(50, SiteKme.batchSize(50, 1, 1000, 400, 0, 10));
        // at most eight batches in flight
        assertEquals(0, SiteKme.batchSize(5000, 1, 100_000, 0, 8 * 1024, 1024), "in flight at the limit");
        assertEquals(0, SiteKme.batchSize(5000, 1, 100_000, 0, 8 * 1024 - 24, 10), "room for 24 of 5000");
        assertEquals(20, SiteKme.batchSize(20, 1, 100_000, 0, 8 * 1024 - 24, 10), "room for all 20");
    }

    @Test
    void keysMadeAtTheMasterReachTheSlaveAndEachSideTakesThemOnce() throws Exception {
        final int sent = produceOneSecond();
        // 25.6 kbit/s of 256-bit keys
        assertEquals(100, sent);
        final var master = sites.get("site-a").kme;
        final var slave = sites.get("site-b").kme;
        assertEquals(100, master.counters("app-1").orElseThrow().stored());
        assertEquals(100, slave.counters("app-1").orElseThrow().stored());

        final var taken = master.encKeys("sae-a", "sae-b", OptionalInt.of(5), OptionalInt.empty());
        final var copies = slave.decKeys("sae-b", "sae-a", ids(taken));
        assertSameKeys(taken, copies);
        // the keys name the service the controller programmed, at both ends
        for (var key : taken) {
            assertEquals("bank-replication", key.serviceId());
        }
        for (var key : copies) {
            assertEquals("bank-replication", key.serviceId());
        }

        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.decKeys("sae-b", "sae-a", ids(taken))).getMessage());
        assertEquals(DeliveryException.Kind.UNAUTHORIZED, assertThrows(DeliveryException.class,
            () -> master.encKeys("sae-b", "sae-a", OptionalInt.empty(), OptionalInt.empty())).kind());
        assertEquals(DeliveryException.Kind.UNAUTHORIZED, assertThrows(DeliveryException.class,
            () -> slave.decKeys("sae-x", "sae-a", ids(taken))).kind());
        assertEquals(DeliveryException.Kind.UNAVAILABLE, assertThrows(DeliveryException.class,
            () -> master.encKeys("sae-a", "sae-b", OptionalInt.of(96), OptionalInt.empty())).kind());
        assertEquals(95, master.status("sae-a", "sae-b").storedKeyCount());
        assertEquals(5, master.counters("app-1").orElseThrow().delivered());
        assertEquals(5, slave.counters("app-1").orElseThrow().delivered());
        assertTrue(sites.get("site-r").kme.counters("app-1").isEmpty(), "the relay holds no application");

        // a void (ETSI GS QKD 020 ext_keys/void) at the slave's KME: of a key delivered fails, of one held works
        assertEquals(RelayKme.VoidOutcome.ALREADY_DELIVERED, slave.voidKey("sae-a", "sae-b", taken.getFirst().id()));
        assertEquals(RelayKme.VoidOutcome.NOT_PRESENT, slave.voidKey("sae-a", "sae-b", UUID.randomUUID()));
        final var held = master.encKeys("sae-a", "sae-b", OptionalInt.of(1), OptionalInt.empty());
        assertEquals(RelayKme.VoidOutcome.VOIDED, slave.voidKey("sae-a", "sae-b", held.getFirst().id()));
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.decKeys("sae-b", "sae-a", ids(held))).getMessage());
        assertEquals(RelayKme.VoidOutcome.NOT_PRESENT, slave.voidKey("sae-a", "sae-b", held.getFirst().id()),
            "voided, it was not delivered");
    }

    @Test
    void keysOfEverySizeAreCutFromConsecutiveKeysAndAreTheSameAtBothEnds() throws Exception {
        produceOneSecond();
        final var master = sites.get("site-a").kme;
        final var slave = sites.get("site-b").kme;
        final var status = master.status("sae-a", "sae-b");
        assertEquals(List.of(256, 64, 8192), List.of(status.keySize(), status.minKeySize(), status.maxKeySize()));

        // 64-bit keys take a stored 256-bit key each; 8,192-bit keys 32 consecutive ones
        final var taken = new ArrayList<StoredKey>();
        for (int bits : new int[] {64, 512, 1024, 8192, 264}) {
            final var keys = master.encKeys("sae-a", "sae-b", OptionalInt.of(2), OptionalInt.of(bits));
            keys.forEach(key -> assertEquals(bits / 8, key.length(), "a key of " + bits + " bits"));
            taken.addAll(keys);
        }
        assertEquals(100 - 2 * (1 + 2 + 4 + 32 + 2), master.status("sae-a", "sae-b").storedKeyCount());
        final var copies = slave.decKeys("sae-b", "sae-a", ids(taken));
        assertSameKeys(taken, copies);
        assertEquals(10, Set.copyOf(ids(taken)).size());
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.decKeys("sae-b", "sae-a", ids(taken.subList(6, 7)))).getMessage());

        // refused with the reason, nothing taken
        final int stored = master.status("sae-a", "sae-b").storedKeyCount();
        for (int bits : new int[] {56, 8200}) {
            assertEquals("size shall be between min_key_size and max_key_size (64 to 8192 bits), was " + bits,
                assertThrows(DeliveryException.class, () -> master.encKeys("sae-a", "sae-b", OptionalInt.empty(),
                    OptionalInt.of(bits))).getMessage());
        }
        assertEquals(DeliveryException.SIZE_NOT_MULTIPLE_OF_8, assertThrows(DeliveryException.class,
            () -> master.encKeys("sae-a", "sae-b", OptionalInt.empty(), OptionalInt.of(100))).getMessage());
        // 18 stored keys are not 32 consecutive ones
        assertEquals(DeliveryException.Kind.UNAVAILABLE, assertThrows(DeliveryException.class,
            () -> master.encKeys("sae-a", "sae-b", OptionalInt.empty(), OptionalInt.of(8192))).kind());
        assertEquals(stored, master.status("sae-a", "sae-b").storedKeyCount());
        // the keys of the default size left are the stored ones, under their own IDs
        final var rest = master.encKeys("sae-a", "sae-b", OptionalInt.of(stored), OptionalInt.empty());
        assertSameKeys(rest, slave.decKeys("sae-b", "sae-a", ids(rest)));
        assertEquals(0, slave.counters("app-1").orElseThrow().stored());
    }

    @Test
    void aKeyForSeveralSlaveSaesIsTakenOnceByEachEvenAcrossARestart() throws Exception {
        final var master = sites.get("site-a");
        final var slave = sites.get("site-b");
        master.kme.putApplication(multicast(true));
        slave.kme.putApplication(multicast(false));
        produceOneSecond();
        assertEquals(2, master.kme.status("sae-a", "sae-b").maxSaeIdCount());

        final var taken = KeyDelivery.await(master.kme.encKeysAsync("sae-a", "sae-c", OptionalInt.of(2),
            OptionalInt.of(512), List.of("sae-b"), Runnable::run));
        final var single = KeyDelivery.await(master.kme.encKeysAsync("sae-a", "sae-d", OptionalInt.empty(),
            OptionalInt.empty(), List.of(), Runnable::run));
        assertSameKeys(taken, slave.kme.decKeys("sae-c", "sae-a", ids(taken)));
        // a second time, or by a slave SAE the key is not for: refused
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-c", "sae-a", ids(taken))).getMessage());
        assertEquals(DeliveryException.Kind.UNAUTHORIZED, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-d", "sae-a", ids(taken))).kind());
        assertEquals(DeliveryException.Kind.UNAUTHORIZED, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-b", "sae-a", ids(single))).kind());

        // sae-b takes them after the slave's site restarted, once
        slave.stop();
        slave.start();
        slave.kme.putApplication(multicast(false));
        assertSameKeys(taken, slave.kme.decKeys("sae-b", "sae-a", ids(taken)));
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-b", "sae-a", ids(taken))).getMessage());
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-c", "sae-a", ids(taken))).getMessage());
        assertSameKeys(single, slave.kme.decKeys("sae-d", "sae-a", ids(single)));

        // an SAE cannot make an ID of its own: a key for sae-c alone, with sae-d's bit added, is not found; nor are
        // the IDs under which the KMEs relayed its bytes
        final var forSaeC = KeyDelivery.await(master.kme.encKeysAsync("sae-a", "sae-c", OptionalInt.empty(),
            OptionalInt.empty(), List.of(), Runnable::run));
        final var id = forSaeC.getFirst().id();
        final var widened = new UUID(id.getMostSignificantBits() | 4, id.getLeastSignificantBits());
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-d", "sae-a", List.of(widened.toString()))).getMessage());
        final var parsed = KeyIds.parse(id).orElseThrow();
        final var unit = parsed.batch().unit(parsed.index(), parsed.bytes());
        assertEquals(DeliveryException.KEYS_NOT_FOUND, assertThrows(DeliveryException.class,
            () -> slave.kme.decKeys("sae-b", "sae-a", List.of(unit.toString()))).getMessage());
        assertSameKeys(forSaeC, slave.kme.decKeys("sae-c", "sae-a", ids(forSaeC)));

        // refused: a slave SAE the application does not have, one named twice
        for (var additional : List.of(List.of("sae-x"), List.of("sae-b", "sae-b"), List.of("sae-c"))) {
            assertEquals(DeliveryException.Kind.BAD_REQUEST, assertThrows(DeliveryException.class,
                () -> KeyDelivery.await(master.kme.encKeysAsync("sae-a", "sae-c", OptionalInt.empty(),
                    OptionalInt.empty(), additional, Runnable::run))).kind(), additional.toString());
        }
    }

    private static SiteKme.Application multicast(final boolean master) {
        return new SiteKme.Application("app-1", "sae-a", "sae-b", master, master ? "site-b" : "site-a", 256, 25_600,
            1000, Provenance.QKD, PATH, MlKemParameterSet.ML_KEM_768, "bank-replication", List.of("sae-c", "sae-d"));
    }

    @Test
    void bothEndsDiscardTheSameKeysThatCrossedACompromisedLinkSinceItsCompromise() throws Exception {
        final var master = sites.get("site-a").kme;
        final var slave = sites.get("site-b").kme;
        produceOneSecond();
        final var before = clock.instant();
        run(1);
        final var since = clock.instant();
        // a second batch, made at `since`
        final var site = sites.get("site-a");
        assertEquals(100, master.produce(site.relay::originate));
        Awaitility.await().atMost(Duration.ofSeconds(20))
            .until(() -> master.counters("app-1").orElseThrow().inFlight() == 0);
        final var beforeKeys = master.encKeys("sae-a", "sae-b", OptionalInt.of(2), OptionalInt.empty());
        // both ends know each key's path and when the master made it
        final var copies = slave.decKeys("sae-b", "sae-a", ids(beforeKeys));
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of(List.of("site-a", "site-r", "site-b")), beforeKeys.get(i).paths());
            assertEquals(beforeKeys.get(i).paths(), copies.get(i).paths());
            assertEquals(beforeKeys.get(i).madeAt(), copies.get(i).madeAt());
            assertTrue(beforeKeys.get(i).madeAt().isBefore(since), beforeKeys.get(i).madeAt()::toString);
        }

        // a link the keys did not cross, then one they crossed, compromised since the second batch was made
        assertEquals(0, master.discardCrossing(NODES.get("site-a"), NODES.get("site-b"), before));
        assertEquals(100, master.discardCrossing(NODES.get("site-r"), NODES.get("site-a"), since));
        assertEquals(100, slave.discardCrossing(NODES.get("site-a"), NODES.get("site-r"), since));
        assertEquals(98, master.counters("app-1").orElseThrow().stored());
        assertEquals(98, slave.counters("app-1").orElseThrow().stored());
        assertEquals(100, master.counters("app-1").orElseThrow().discarded());
        assertEquals(100, slave.counters("app-1").orElseThrow().discarded());
        // what is left is the same at both ends: the keys made before the compromise
        final var rest = master.encKeys("sae-a", "sae-b", OptionalInt.of(98), OptionalInt.empty());
        assertTrue(rest.stream().allMatch(key -> key.madeAt().isBefore(since)));
        assertSameKeys(rest, slave.decKeys("sae-b", "sae-a", ids(rest)));
    }

    @Test
    void keysNoSaeTookExpireAtBothEndsByWhenTheyWereMadeAndAreCounted() throws Exception {
        final var master = sites.get("site-a").kme;
        final var slave = sites.get("site-b").kme;
        produceOneSecond();
        final int made = master.counters("app-1").orElseThrow().stored();
        assertEquals(made, slave.counters("app-1").orElseThrow().stored());
        // the master's SAE takes two: released, the slave SAE has yet to fetch them
        final var released = master.encKeys("sae-a", "sae-b", OptionalInt.of(2), OptionalInt.empty());
        final var window = Duration.ofMinutes(10);
        assertEquals(0, master.expire(window));
        assertEquals(0, slave.expire(window));

        // past the window: the master's stock expires (it never hands out an older key), the slave keeps every key,
        // since a key the master's SAE took within the window may still be fetched
        clock.advance(Duration.ofMinutes(11));
        assertEquals(made - 2, master.expire(window));
        assertEquals(0, slave.expire(window));
        assertEquals(new SiteKme.Counters(0, 0, 2, made - 2, made - 2, null),
            master.counters("app-1").orElseThrow());
        assertSameKeys(released.subList(0, 1), slave.decKeys("sae-b", "sae-a", ids(released.subList(0, 1))));

        // past twice the window: the slave's copies of the keys nobody took, and the released key its SAE never
        // fetched, expire too
        clock.advance(Duration.ofMinutes(10));
        assertEquals(made - 1, slave.expire(window));
        assertEquals(new SiteKme.Counters(0, 0, 1, made - 1, made - 1, null), slave.counters("app-1").orElseThrow());
        assertThrows(DeliveryException.class, () -> slave.decKeys("sae-b", "sae-a", ids(released.subList(1, 2))));
        assertThrows(IllegalArgumentException.class, () -> slave.expire(Duration.ZERO));
    }

    @Test
    void hybridKeysAreTheRelayedKeyMixedWithTheEpochsSecretAtBothEnds() throws Exception {
        final var site = sites.get("site-a");
        final var master = site.kme;
        final var slave = sites.get("site-b").kme;
        master.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", true, "site-b", 256, 25_600, 1000,
            Provenance.HYBRID, PATH, MlKemParameterSet.ML_KEM_1024, "app-1"));
        slave.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", false, "site-a", 256, 25_600, 1000,
            Provenance.HYBRID, PATH, MlKemParameterSet.ML_KEM_1024, "app-1"));
        // what crosses the hops is the QKD key; the epoch goes with it
        final var relayed = new ConcurrentHashMap<UUID, byte[]>();
        final var origins = new ArrayList<KeyOrigin>();
        final SiteKme.Originator recording = (initiator, target, keys, origin) -> {
            keys.forEach(key -> relayed.put(key.id(), key.value().clone()));
            origins.add(origin);
            return site.relay.originate(initiator, target, keys, origin);
        };
        master.produce(recording);
        run(1);
        assertEquals(100, master.produce(recording));
        Awaitility.await().atMost(Duration.ofSeconds(20))
            .until(() -> master.counters("app-1").orElseThrow().inFlight() == 0);
        assertEquals(new KeyOrigin.MlKemShare(new UUID(42, 0), MlKemParameterSet.ML_KEM_1024),
            origins.getLast().mlKem());

        final var taken = master.encKeys("sae-a", "sae-b", OptionalInt.of(3), OptionalInt.empty());
        assertSameKeys(taken, slave.decKeys("sae-b", "sae-a", ids(taken)));
        for (var key : taken) {
            assertEquals(Provenance.HYBRID, key.provenance());
            // a key of the default size is one relayed key, mixed under that key's ID
            final var parsed = KeyIds.parse(key.id()).orElseThrow();
            final var unit = parsed.batch().unit(parsed.index(), parsed.bytes());
            final var qkdKey = relayed.get(unit);
            final var expected = KeyDerivation.hybrid(qkdKey, EPOCH_SECRET, MlKemParameterSet.ML_KEM_1024, 256,
                ByteBuffer.allocate(16)
                    .putLong(unit.getMostSignificantBits()).putLong(unit.getLeastSignificantBits()).array());
            key.withBits(bits -> {
                assertFalse(Arrays.equals(qkdKey, bits), "the relayed key itself was handed out");
                assertArrayEquals(expected, bits);
                return null;
            });
        }
    }

    @Test
    void aKeyTheMasterTookIsDeliveredToTheSlaveAfterEitherSiteRestarts() throws Exception {
        produceOneSecond();
        final var taken = sites.get("site-a").kme.encKeys("sae-a", "sae-b", OptionalInt.of(3), OptionalInt.empty());

        final var slave = sites.get("site-b");
        slave.stop();
        slave.start();
        slave.kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", false, "site-a", 256, 25_600,
            1000));
        final var master = sites.get("site-a");
        master.stop();
        master.start();
        master.kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", true, "site-b", 256, 25_600,
            1000));

        assertSameKeys(taken, slave.kme.decKeys("sae-b", "sae-a", ids(taken)));
        // the master's remaining keys survived too, and still match the slave's
        final var more = master.kme.encKeys("sae-a", "sae-b", OptionalInt.of(97), OptionalInt.empty());
        assertSameKeys(more, slave.kme.decKeys("sae-b", "sae-a", ids(more)));
        assertEquals(0, slave.kme.counters("app-1").orElseThrow().stored());
    }

    @Test
    void keysCutFromUnitsAnEarlierVersionStoredAreFoundAtTheSlave() throws Exception {
        // both ends hold four units of one batch under the IDs an earlier version gave units (nothing in the index
        // bits' place of the tag), as stores of that version have them
        final var batch = KeyIds.Batch.random(random);
        final var bits = new byte[4][32];
        for (var unit : bits) {
            random.nextBytes(unit);
        }
        for (var role : List.of(KeyRecord.Role.MASTER, KeyRecord.Role.SLAVE)) {
            final var site = sites.get(role == KeyRecord.Role.MASTER ? "site-a" : "site-b");
            site.stop();
            try (var store = EncryptedKeyStore.open(directory.resolve(site.id + ".keys"), site.kek, random,
                    unused -> { })) {
                final var payloads = new ArrayList<byte[]>();
                for (int i = 0; i < bits.length; i++) {
                    payloads.add(new KeyRecord(role, KeyRecord.State.READY, batch.legacyUnit(i, 32), "sae-a", "sae-b",
                        Provenance.QKD, clock.instant(), PATH, bits[i].clone()).encode());
                }
                store.append(payloads);
            }
            site.start();
            site.kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b",
                role == KeyRecord.Role.MASTER, role == KeyRecord.Role.MASTER ? "site-b" : "site-a", 256, 25_600, 1000,
                Provenance.QKD, PATH, MlKemParameterSet.ML_KEM_768, "bank-replication"));
        }
        // a key of 1024 bits is the four units, named by a key ID from which the slave puts the units' IDs together
        final var taken = sites.get("site-a").kme.encKeys("sae-a", "sae-b", OptionalInt.of(1), OptionalInt.of(1024));
        assertEquals(batch, KeyIds.parse(taken.getFirst().id()).orElseThrow().batch());
        assertSameKeys(taken, sites.get("site-b").kme.decKeys("sae-b", "sae-a", ids(taken)));
        final var joined = ByteBuffer.allocate(128);
        for (var unit : bits) {
            joined.put(unit);
        }
        taken.getFirst().withBits(key -> {
            assertArrayEquals(joined.array(), key);
            return null;
        });
    }

    @Test
    void keysInFlightWhenTheMasterStoppedAreVoidedAlongTheRoute() throws Exception {
        final var master = sites.get("site-a");
        // the relay delivers, but the master stops before it hears so
        final var never = new CompletableFuture<List<RelayKme.KeyOutcome>>();
        master.kme.produce((initiator, target, keys, origin) -> never);
        run(1);
        final int sent = master.kme.produce((initiator, target, keys, origin) -> {
            master.relay.originate(initiator, target, keys, origin).join();
            return never;
        });
        assertEquals(100, sent);
        assertEquals(100, sites.get("site-b").kme.counters("app-1").orElseThrow().stored());
        master.stop();

        master.start();
        master.kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", true, "site-b", 256, 25_600,
            1000));
        assertEquals(100, master.kme.counters("app-1").orElseThrow().inFlight());
        master.kme.settleInFlight(master.relay::voidOriginated).get();

        final var counters = master.kme.counters("app-1").orElseThrow();
        assertEquals(0, counters.inFlight());
        assertEquals(0, counters.stored());
        assertEquals(0, sites.get("site-b").kme.counters("app-1").orElseThrow().stored(), "voided at site-b");
    }

    @Test
    void aStoreOpensOnlyWithItsKeyEncryptionKey() throws Exception {
        produceOneSecond();
        final var master = sites.get("site-a");
        master.stop();
        final var other = KeyEncryptionKey.generate(directory.resolve("other.kek"), random);
        assertThrows(IOException.class, () -> SiteKme.open("site-a", directory.resolve("site-a.keys"), other,
            clock, random, 128, SiteKmeTest::nodeName, SiteKme.HybridSecrets.NONE));
        master.start();
        master.kme.putApplication(new SiteKme.Application("app-1", "sae-a", "sae-b", true, "site-b", 256, 25_600,
            1000));
        assertEquals(100, master.kme.counters("app-1").orElseThrow().stored());
    }

    // a free port below the kernel's ephemeral range (32768 and up): a port the kernel hands out for port 0 may be
    // the local port of an outgoing connection an earlier test left open, and the server then cannot bind it
    private static int freePort() throws IOException {
        final var random = new SplittableRandom();
        for (int attempt = 0; attempt < 200; attempt++) {
            final int port = 20_000 + random.nextInt(12_000);
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (BindException e) {
                // taken: another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
