/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.benchmark;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.etsi014.RequestObserver;
import org.opendaylight.qkd.keys.etsi020.AckStatus;
import org.opendaylight.qkd.keys.etsi020.Etsi020Client;
import org.opendaylight.qkd.keys.etsi020.Etsi020Server;
import org.opendaylight.qkd.keys.etsi020.KmeTls;
import org.opendaylight.qkd.keys.etsi020.RelayKme;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.site.KeyEncryptionKey;
import org.opendaylight.qkd.keys.site.SiteKme;

/**
 * The sites of the site benchmark, in a process of their own as the demo runs them: {@code hops + 1} key managers
 * in a line ({@code kme-0} serves the master SAE, the last one the slave SAE), each with its encrypted key store and
 * its ETSI GS QKD 020 server on loopback, joined by {@link SyntheticLinkKeys synthetic links} (unlimited key), the
 * two ends with their ETSI GS QKD 014 servers. First it measures the relay alone: keys made at kme-0 as fast as the
 * relay confirms them, for a while; it prints {@code RELAY keys/s p50-ms p99-ms batches mean-batch}, the latency
 * being a batch's, from sending to the last hop's confirmation. Then it starts over with a bounded stock, prints
 * {@code READY master-014-port slave-014-port} once the stock is full and serves until its standard input closes; the
 * relay refills the stock as keys go, or, when REFILL is false, stops once it is full.
 *
 * <p>Usage: {@code SitesProcess HOPS STATE-DIR PKI-DIR PKI-PASSWORD RELAY-SECONDS MAX-STOCK REFILL}
 */
public final class SitesProcess {
    static final String MASTER = "sae-m";
    static final String SLAVE = "sae-s";
    private static final long RATE_BPS = 10_000_000_000L;
    private static final int KEY_BITS = 256;
    private static final long PRODUCE_EVERY_MILLIS = 2;

    private SitesProcess() {
        // main only
    }

    /**
     * Runs the sites.
     *
     * @param args see the class
     * @throws Exception when a site cannot start
     */
    @SuppressWarnings("checkstyle:IllegalThrows")
    public static void main(final String[] args) throws Exception {
        try (var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8)) {
            run(args, out);
        }
    }

    @SuppressWarnings("checkstyle:IllegalThrows")
    private static void run(final String[] args, final PrintStream out) throws Exception {
        final int hops = Integer.parseInt(args[0]);
        final var pki = DemoPki.open(Path.of(args[2]), args[3], List.of());
        final int relaySeconds = Integer.parseInt(args[4]);
        final int maxStock = Integer.parseInt(args[5]);
        final boolean refill = Boolean.parseBoolean(args[6]);
        final var line = Line.start(hops, Path.of(args[1]), pki, args[3].toCharArray());
        final var master = line.kmes.getFirst();
        final var slave = line.kmes.getLast();
        final var producer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-production").daemon(true).factory());
        measureRelay(line, hops, relaySeconds, producer, out);
        // keys in flight settle, then the stock starts over bounded
        TimeUnit.SECONDS.sleep(2);
        master.removeApplication("bench");
        slave.removeApplication("bench");
        putApplication(master, slave, hops, maxStock);
        producer.scheduleWithFixedDelay(() -> produce(master, line.relays.getFirst()::originate), 0,
            PRODUCE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        // one network thread per site's ETSI 014 server, as the node agent runs it: that thread forces the site's store
        // once per round of requests
        try (var masterServer = Etsi014Server.start(master, pki.serverContext(), new InetSocketAddress("127.0.0.1",
                0), 1, RequestObserver.NONE, KeyDeliveryBench.UNTHROTTLED);
             var slaveServer = Etsi014Server.start(slave, pki.serverContext(), new InetSocketAddress("127.0.0.1",
                0), 1, RequestObserver.NONE, KeyDeliveryBench.UNTHROTTLED)) {
            // full within a batch: production refills a nearly full stock a batch at a time
            while (master.counters("bench").orElseThrow().stored() < maxStock - 1024) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            if (!refill) {
                stop(producer);
            }
            out.printf(Locale.ROOT, "READY %d %d%n", masterServer.address().getPort(),
                slaveServer.address().getPort());
            // serves until the benchmark closes the pipe
            while (System.in.read() >= 0) {
                Thread.onSpinWait();
            }
            stop(producer);
        }
        line.close();
    }

    /**
     * The key managers {@code kme-0} to {@code kme-HOPS} in a line, each with its store and its ETSI GS QKD 020 server,
     * joined by synthetic links, the relay's route from the first to the last.
     *
     * @param kmes the key managers, in the line's order
     * @param relays their relays
     * @param servers their ETSI GS QKD 020 servers
     * @param executor the relays' executor
     */
    record Line(List<SiteKme> kmes, List<RelayKme> relays, List<AutoCloseable> servers,
            ExecutorService executor) {
        @SuppressWarnings("checkstyle:IllegalThrows")
        static Line start(final int hops, final Path state, final DemoPki pki, final char[] password)
                throws Exception {
            final var ids = new ArrayList<String>();
            for (int i = 0; i <= hops; i++) {
                ids.add("kme-" + i);
            }
            final var urls = new HashMap<String, URI>();
            for (var id : ids) {
                try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    urls.put(id, URI.create("https://127.0.0.1:" + socket.getLocalPort()));
                }
            }
            final var peers = new HashMap<String, Map<String, RelayKme.Peer>>();
            ids.forEach(id -> peers.put(id, new HashMap<>()));
            for (int i = 0; i < hops; i++) {
                final var from = ids.get(i);
                final var to = ids.get(i + 1);
                final var link = new SyntheticLinkKeys(from + "-" + to, from, to);
                peers.get(from).put(to, new RelayKme.Peer(to, urls.get(to), link, from + "-" + to));
                peers.get(to).put(from, new RelayKme.Peer(from, urls.get(from), link, from + "-" + to));
            }
            final var line = new Line(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                Executors.newVirtualThreadPerTaskExecutor());
            for (int i = 0; i <= hops; i++) {
                final var id = ids.get(i);
                final var kme = SiteKme.open(id, state.resolve(id + ".keys"),
                    KeyEncryptionKey.generate(state.resolve(id + ".kek"), new SecureRandom()), InstantSource.system(),
                    new SecureRandom(), 128, UUID::toString, SiteKme.HybridSecrets.NONE);
                final var tls = new KmeTls(DemoPki.loadKeyStore(pki.kmeKeyStore(id), password), password,
                    pki.trustStore());
                final var next = i < hops ? ids.get(i + 1) : null;
                final var table = new RelayKme.RelayTable() {
                    @Override
                    public Optional<RelayKme.Peer> peer(final String kmeId) {
                        return Optional.ofNullable(peers.get(id).get(kmeId));
                    }

                    @Override
                    public Optional<RelayKme.Route> route(final String initiator, final String target,
                            final String via) {
                        return Optional.of(next == null ? new RelayKme.Route.Deliver()
                            : new RelayKme.Route.Forward(next));
                    }
                };
                final var relay = new RelayKme(id, urls.get(id), table, kme,
                    peer -> new Etsi020Client(peer.url(), peer.kmeId(), tls), line.executor, Duration.ofSeconds(30),
                    RelayKme.REPLAY_WINDOW);
                line.servers.add(Etsi020Server.start(relay, tls.serverContext(), new InetSocketAddress("127.0.0.1",
                    urls.get(id).getPort()), 1));
                line.kmes.add(kme);
                line.relays.add(relay);
            }
            return line;
        }

        @SuppressWarnings("checkstyle:IllegalThrows")
        void close() throws Exception {
            for (var server : servers) {
                server.close();
            }
            relays.forEach(RelayKme::close);
            for (var kme : kmes) {
                kme.close();
            }
            executor.shutdownNow();
        }
    }

    // the relay alone, a stock it never fills: keys made at the first key manager as fast as the relay confirms them
    // to the last one, for a while; prints RELAY keys/s p50-ms p99-ms batches mean-batch
    private static void measureRelay(final Line line, final int hops, final int relaySeconds,
            final ScheduledExecutorService producer, final PrintStream out) throws IOException, InterruptedException {
        final var master = line.kmes.getFirst();
        final var confirmed = new AtomicLong();
        final var window = new long[2];
        final var latencies = new Latencies();
        final SiteKme.Originator timed = (initiator, target, keys, origin) -> {
            final long start = System.nanoTime();
            return line.relays.getFirst().originate(initiator, target, keys, origin).whenComplete((outcomes,
                    failure) -> {
                final long now = System.nanoTime();
                if (now >= window[0] && now <= window[1] && outcomes != null) {
                    synchronized (latencies) {
                        latencies.add(now - start);
                    }
                    confirmed.addAndGet(outcomes.stream().filter(o -> o.status() == AckStatus.RELAYED).count());
                }
            });
        };
        putApplication(master, line.kmes.getLast(), hops, Integer.MAX_VALUE);
        window[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(relaySeconds);
        final var relayRun = producer.scheduleWithFixedDelay(() -> produce(master, timed), 0, PRODUCE_EVERY_MILLIS,
            TimeUnit.MILLISECONDS);
        TimeUnit.NANOSECONDS.sleep(window[1] - System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        relayRun.cancel(false);
        final long[] sorted;
        synchronized (latencies) {
            sorted = Latencies.sorted(List.of(latencies));
        }
        out.printf(Locale.ROOT, "RELAY %.0f %.3f %.3f %d %.1f%n", confirmed.get() / (double) relaySeconds,
            Latencies.percentile(sorted, 50) / 1e6, Latencies.percentile(sorted, 99) / 1e6, sorted.length,
            sorted.length == 0 ? 0 : confirmed.get() / (double) sorted.length);
    }

    // the production ends after the batch at hand, without an interrupt: a store's file channel closes when the
    // thread writing to it is interrupted
    private static void stop(final ExecutorService producer) throws InterruptedException {
        producer.shutdown();
        if (!producer.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the relay's production did not stop");
        }
    }

    private static void putApplication(final SiteKme master, final SiteKme slave, final int hops, final int stock)
            throws IOException {
        putApplication(master, slave, hops, stock, MASTER, SLAVE);
    }

    // the application "bench" at the line's two ends, for a master and a slave SAE
    static void putApplication(final SiteKme master, final SiteKme slave, final int hops, final int stock,
            final String masterSae, final String slaveSae) throws IOException {
        // each key keeps its path, as at the sites: one node ID per KME it crosses
        final var path = new ArrayList<UUID>();
        for (int i = 0; i <= hops; i++) {
            path.add(UUID.nameUUIDFromBytes(("kme-" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        master.putApplication(new SiteKme.Application("bench", masterSae, slaveSae, true, "kme-" + hops, KEY_BITS,
            RATE_BPS, stock, Provenance.QKD, path, MlKemParameterSet.ML_KEM_768, "bench"));
        slave.putApplication(new SiteKme.Application("bench", masterSae, slaveSae, false, "kme-0", KEY_BITS, RATE_BPS,
            stock, Provenance.QKD, path, MlKemParameterSet.ML_KEM_768, "bench"));
    }

    // one round of the master's production; a store failure stops the scheduled production
    static void produce(final SiteKme master, final SiteKme.Originator originator) {
        try {
            master.produce(originator);
        } catch (IOException e) {
            throw new IllegalStateException("the master's key store failed", e);
        }
    }
}
