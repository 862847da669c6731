/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.LinkKeySource;

/**
 * KMEs on loopback joined by emulated QKD links (decoy-state BB84 key pools on a manual clock), each with its
 * ETSI GS QKD 020 server and a local key store, and a conformance check of every request a KME receives.
 */
final class KmeNetwork implements AutoCloseable {
    static final String PASSWORD = "changeit";

    /**
     * The key store of the target SAEs at one KME: keys until an SAE takes them.
     */
    static final class Store implements RelayKme.LocalKeys {
        final Map<UUID, byte[]> keys = new ConcurrentHashMap<>();
        final Map<UUID, Boolean> delivered = new ConcurrentHashMap<>();
        final Map<UUID, KeyOrigin> origins = new ConcurrentHashMap<>();

        @Override
        public void store(final String initiator, final String target, final List<RelayedKey> relayed,
                final KeyOrigin origin) {
            relayed.forEach(key -> {
                keys.put(key.id(), key.value());
                if (origin != null) {
                    origins.put(key.id(), origin);
                }
            });
        }

        @Override
        public RelayKme.VoidOutcome voidKey(final String initiator, final String target, final UUID id) {
            if (delivered.containsKey(id)) {
                return RelayKme.VoidOutcome.ALREADY_DELIVERED;
            }
            final var key = keys.remove(id);
            if (key == null) {
                return RelayKme.VoidOutcome.NOT_PRESENT;
            }
            java.util.Arrays.fill(key, (byte) 0);
            return RelayKme.VoidOutcome.VOIDED;
        }

        byte[] take(final UUID id) {
            final var key = keys.remove(id);
            if (key != null) {
                delivered.put(id, true);
            }
            return key;
        }
    }

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, EmulatedLink> links = new HashMap<>();
    final Map<String, RelayKme.Peer> peers = new ConcurrentHashMap<>();
    final Map<String, Map<String, RelayKme.Peer>> peersOf = new ConcurrentHashMap<>();
    final Map<String, Map<List<String>, RelayKme.Route>> routes = new ConcurrentHashMap<>();
    final Map<String, RelayKme> kmes = new HashMap<>();
    final Map<String, Store> stores = new HashMap<>();
    final Map<String, Etsi020Server> servers = new HashMap<>();
    final Map<String, URI> urls = new HashMap<>();
    final Map<String, KmeTls> tls = new HashMap<>();
    /** The value of every key as it crossed a hop, by key ID (the last hop's). */
    final Map<UUID, byte[]> onWire = new ConcurrentHashMap<>();
    final DemoPki pki;
    final OpenApiConformance conformance;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> closing = new ArrayList<>();

    KmeNetwork(final Path directory, final List<String> kmeIds) throws IOException, GeneralSecurityException,
            InterruptedException {
        pki = DemoPki.open(directory, PASSWORD, List.of());
        conformance = new OpenApiConformance();
        for (var id : kmeIds) {
            tls.put(id, tls(id));
            urls.put(id, URI.create("https://127.0.0.1:" + freePort()));
            peersOf.put(id, new ConcurrentHashMap<>());
            routes.put(id, new ConcurrentHashMap<>());
        }
        for (var id : kmeIds) {
            final var store = new Store();
            stores.put(id, store);
            final var own = tls.get(id);
            final var table = new RelayKme.RelayTable() {
                @Override
                public Optional<RelayKme.Peer> peer(final String kmeId) {
                    return Optional.ofNullable(peersOf.get(id).get(kmeId));
                }

                @Override
                public Optional<RelayKme.Route> route(final String initiator, final String target, final String via) {
                    return Optional.ofNullable(routes.get(id).get(List.of(initiator, target)));
                }
            };
            // freePort() only picks a port: another socket may take it before the server binds it, then another
            for (int attempt = 1;; attempt++) {
                final var kme = new RelayKme(id, urls.get(id), table, store,
                    peer -> new Etsi020Client(peer.url(), peer.kmeId(), own), executor, Duration.ofSeconds(5), 10_000);
                final Etsi020Server server;
                try {
                    server = Etsi020Server.start(new Checked(kme), own.serverContext(),
                        new InetSocketAddress("127.0.0.1", urls.get(id).getPort()), 1);
                } catch (IllegalStateException e) {
                    kme.close();
                    if (attempt == 5) {
                        throw e;
                    }
                    urls.put(id, URI.create("https://127.0.0.1:" + freePort()));
                    continue;
                }
                kmes.put(id, kme);
                closing.add(kme);
                servers.put(id, server);
                closing.add(server);
                break;
            }
        }
    }

    KmeTls tls(final String kmeId) throws IOException, GeneralSecurityException {
        return new KmeTls(DemoPki.loadKeyStore(pki.kmeKeyStore(kmeId), PASSWORD.toCharArray()),
            PASSWORD.toCharArray(), pki.trustStore());
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A QKD link between two KMEs, and each as the other's peer over it.
     */
    LinkKeySource link(final String from, final String to, final long seed) {
        final var id = from + "-" + to;
        final var link = new EmulatedLink(new LinkSpec(id, from, to, LinkPhysics.metro(20),
            DecoyProtocol.vacuumWeak(0.1), LinkSpec.DEFAULT_BLOCK_BITS, LinkSpec.DEFAULT_POOL_BITS, 0.01),
            KeyMaterial.seeded(seed), clock);
        links.put(id, link);
        final var keys = new EmulatedLinkKeys(link);
        peersOf.get(from).put(to, new RelayKme.Peer(to, urls.get(to), keys, id));
        peersOf.get(to).put(from, new RelayKme.Peer(from, urls.get(from), keys, id));
        return keys;
    }

    /**
     * Routes an initiator's keys to a target along KMEs, as the controller's virtual links would.
     */
    void route(final String initiator, final String target, final List<String> path) {
        for (int i = 0; i < path.size() - 1; i++) {
            routes.get(path.get(i)).put(List.of(initiator, target), new RelayKme.Route.Forward(path.get(i + 1)));
        }
        routes.get(path.getLast()).put(List.of(initiator, target), new RelayKme.Route.Deliver());
    }

    void run(final int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        links.values().forEach(EmulatedLink::advance);
    }

    /**
     * Checks every request a KME receives against the specification before the KME sees it.
     */
    private final class Checked implements KmeEndpoint {
        private final RelayKme kme;

        Checked(final RelayKme kme) {
            this.kme = kme;
        }

        @Override
        public boolean isPeer(final String kmeId) {
            return kme.isPeer(kmeId);
        }

        @Override
        public java.util.concurrent.CompletionStage<List<Ack>> extKeys(final String peer, final ExtKeys request)
                throws Etsi020Problem {
            conformance.request(Etsi020Handler.EXT_KEYS, Etsi020Json.write(request));
            for (var key : request.keys()) {
                onWire.put(key.id(), key.value().clone());
            }
            return kme.extKeys(peer, request);
        }

        @Override
        public void acknowledge(final String peer, final List<Ack> acks) throws Etsi020Problem {
            conformance.request(Etsi020Handler.ACK, Etsi020Json.write(acks));
            kme.acknowledge(peer, acks);
        }

        @Override
        public java.util.concurrent.CompletionStage<List<Ack>> voidKeys(final String peer,
                final VoidRequest request) throws Etsi020Problem {
            conformance.request(Etsi020Handler.VOID, Etsi020Json.write(request));
            return kme.voidKeys(peer, request);
        }
    }

    @Override
    public void close() throws Exception {
        for (var item : closing.reversed()) {
            item.close();
        }
        executor.shutdownNow();
    }
}
