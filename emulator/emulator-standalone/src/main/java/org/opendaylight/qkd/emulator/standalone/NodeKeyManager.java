/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.EmulatedNode;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.Etsi014LinkKeys;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.etsi014.RequestObserver;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;
import org.opendaylight.qkd.keys.etsi020.Etsi020Client;
import org.opendaylight.qkd.keys.etsi020.Etsi020Server;
import org.opendaylight.qkd.keys.etsi020.KmeTls;
import org.opendaylight.qkd.keys.etsi020.MlKemEpochs;
import org.opendaylight.qkd.keys.etsi020.RelayKme;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.opendaylight.qkd.keys.site.SiteKme;
import org.opendaylight.qkd.keys.skip.PskFiles;
import org.opendaylight.qkd.keys.skip.SkipServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key manager (KME) of one emulated node: link keys from the node's emulated QKD links, the site's key store,
 * relay to the neighbours' key managers over ETSI GS QKD 020 and delivery to the node's SAEs over ETSI GS QKD 014,
 * along the applications and virtual links the controller configured over NETCONF. Its KME ID is the node's name.
 */
final class NodeKeyManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKeyManager.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    // how long a QKD device's ETSI GS QKD 014 endpoint may take to hand out link keys
    private static final Duration DEVICE_TIMEOUT = Duration.ofSeconds(5);
    private static final long PRODUCTION_PERIOD_MS = 100;
    private static final long EXPIRY_PERIOD_S = 10;

    /**
     * Where the network's key managers are reached by each other.
     *
     * @param kmeIds the KME ID (the node's name) of each node that has a key manager, by qkdn_id
     * @param urls the ETSI GS QKD 020 base URL of each key manager, by KME ID
     */
    record Directory(Map<UUID, String> kmeIds, Map<String, URI> urls) {
        Directory {
            kmeIds = Map.copyOf(kmeIds);
            urls = Map.copyOf(urls);
        }
    }

    private final EmulatedNode node;
    private final Duration keyExpiry;
    // set once the node's configuration is applied: until then its SAEs are answered 503, not told that they have
    // no application here
    private final AtomicBoolean ready = new AtomicBoolean();
    private final Directory directory;
    private final Map<UUID, UUID> physicalLinks = new HashMap<>();
    private final Map<String, RelayKme.Peer> peers = new HashMap<>();
    // ML-KEM pads with the other ends of PQC applications, by KME, parameter set and role
    private final Map<String, RelayKme.Peer> pqcPeers = new ConcurrentHashMap<>();
    // the sending side of ML-KEM epochs with each KME and parameter set
    private final Map<String, MlKemEpochs.Sender> senders = new ConcurrentHashMap<>();
    private final Map<String, Etsi020Client> handshakes = new ConcurrentHashMap<>();
    private final MlKemEpochs epochs = new MlKemEpochs(new SecureRandom(), InstantSource.system());
    private final KmeTls kmeTls;
    private final SiteKme kme;
    // what the site's metrics read, while this key manager runs
    private final Supplier<Map<String, SiteKme.Counters>> counters;
    private final @Nullable SiteMetrics metrics;
    private final RelayKme relay;
    private final Etsi020Server relayServer;
    private final Etsi014Server deliveryServer;
    private final @Nullable SkipServer skipServer;
    private final @Nullable PskFiles skipKeys;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService producer;
    private final Consumer<String> enrolSae;
    private volatile NodeConfiguration configuration = NodeConfiguration.EMPTY;
    // the node's links known to be compromised, and since when (the producer's thread only)
    private final Map<String, Instant> compromised = new HashMap<>();
    // the clients of this key manager at its QKD devices
    private final List<HttpClient> deviceHttp = new ArrayList<>();

    /**
     * Starts a node's key manager.
     *
     * @param network the emulated network
     * @param node the node
     * @param directory every node's key manager
     * @param ports this node's ETSI GS QKD 014 and 020 ports
     * @param listen the address its servers listen on
     * @param limits the bounds of its ETSI GS QKD 014 server
     * @param keyExpiry how long after its making a key may go to the master's SAE ({@link SiteKme#expire})
     * @param store the key store's file
     * @param kek the key-encryption key
     * @param kmeTls this KME's TLS towards other KMEs
     * @param saeTls the ETSI GS QKD 014 server's TLS (SAE client certificates required)
     * @param enrolSae makes sure an SAE this node serves has a certificate (called for each configured application)
     * @param skipKeys the pre-shared keys of the SKIP clients, when the node serves SKIP ({@code ports.skip()}); the
     *        node makes one for each SAE it serves that has none
     * @param keyDeliveries the links whose key comes from the QKD devices' ETSI GS QKD 014 endpoints, by link name
     * @param deviceClients the HTTPS client of this key manager at its devices, by the SAE ID they know it by
     * @throws IOException when the store cannot be opened
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when a port cannot be bound
     */
    NodeKeyManager(final EmulatedNetwork network, final EmulatedNode node, final Directory directory,
            final Topology.KeyPorts ports, final InetAddress listen, final ServerLimits limits,
            final Duration keyExpiry, final Path store, final SecretKey kek,
            final KmeTls kmeTls, final SslContext saeTls, final Consumer<String> enrolSae,
            final @Nullable PskFiles skipKeys, final Map<String, Topology.KeyDelivery> keyDeliveries,
            final Function<String, HttpClient> deviceClients, final @Nullable SiteMetrics metrics)
            throws IOException, InterruptedException {
        this.node = requireNonNull(node);
        this.keyExpiry = requireNonNull(keyExpiry);
        this.metrics = metrics;
        this.skipKeys = ports.skip() == 0 ? null : requireNonNull(skipKeys);
        this.enrolSae = requireNonNull(enrolSae);
        this.kmeTls = requireNonNull(kmeTls);
        this.directory = requireNonNull(directory);
        for (var link : node.links()) {
            final var peer = network.node(link.peerOf(node.id()));
            physicalLinks.put(link.qkdlId(), peer.qkdnId());
            final var url = directory.urls().get(peer.id());
            if (url != null) {
                final var delivery = keyDeliveries.get(link.id());
                peers.put(peer.id(), new RelayKme.Peer(peer.id(), url, delivery == null ? new EmulatedLinkKeys(link)
                    : deviceLinkKeys(link.id(), link.nodeA(), link.nodeB(), delivery, deviceClients),
                    link.qkdlId().toString()));
            }
        }
        kme = SiteKme.open(node.id(), store, kek, InstantSource.system(), new SecureRandom(), 128,
            qkdnId -> directory.kmeIds().getOrDefault(qkdnId, qkdnId.toString()), new HybridEpochs());
        counters = kme::counters;
        producer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final var thread = new Thread(runnable, "qkd-kme-" + node.id());
            thread.setDaemon(true);
            return thread;
        });
        boolean started = false;
        Etsi020Server relayListener = null;
        Etsi014Server deliveryListener = null;
        try {
            relay = new RelayKme(node.id(), directory.urls().get(node.id()), new Table(), kme,
                peer -> new Etsi020Client(peer.url(), peer.kmeId(), kmeTls), executor, ACK_TIMEOUT,
                RelayKme.REPLAY_WINDOW, epochs);
            relayListener = Etsi020Server.start(relay, kmeTls.serverContext(),
                new InetSocketAddress(listen, ports.etsi020()), 1);
            deliveryListener = Etsi014Server.start(gated(kme, ready), saeTls, new InetSocketAddress(listen,
                ports.etsi014()), 1, metrics == null ? RequestObserver.NONE : metrics.observer(node.id()), limits);
            skipServer = this.skipKeys == null ? null : SkipServer.start(gated(kme, ready), this.skipKeys,
                new InetSocketAddress(listen, ports.skip()), 1, new SecureRandom(), "SKIP of KME " + node.id());
            deliveryServer = deliveryListener;
            relayServer = relayListener;
            started = true;
            if (metrics != null) {
                metrics.add(node.id(), counters);
            }
        } finally {
            if (!started) {
                if (relayListener != null) {
                    relayListener.close();
                }
                if (deliveryListener != null) {
                    deliveryListener.close();
                }
                kme.close();
                executor.shutdownNow();
                producer.shutdownNow();
            }
        }
    }

    // the key of a link as the QKD devices at its ends deliver it over ETSI GS QKD 014; this node's key manager
    // reaches its own device with its client certificate
    private LinkKeySource deviceLinkKeys(final String linkId, final String nodeA, final String nodeB,
            final Topology.KeyDelivery delivery, final Function<String, HttpClient> deviceClients) {
        final var own = node.id().equals(nodeA) ? delivery.endA() : delivery.endB();
        final var client = deviceClients.apply(own.saeId());
        deviceHttp.add(client);
        return new Etsi014LinkKeys(linkId,
            new Etsi014LinkKeys.End(nodeA, delivery.endA().url(), delivery.endA().saeId(), client),
            new Etsi014LinkKeys.End(nodeB, delivery.endB().url(), delivery.endB().saeId(), client),
            delivery.keyBits(), DEVICE_TIMEOUT);
    }

    /**
     * Voids the keys that were in flight at the last stop, then makes keys every 100 ms and erases expired ones
     * every 10 s.
     */
    void start() {
        kme.settleInFlight(relay::voidOriginated).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("KME {}: keys in flight at the last stop not all voided", node.id(), failure);
            }
        });
        producer.scheduleWithFixedDelay(this::produce, PRODUCTION_PERIOD_MS, PRODUCTION_PERIOD_MS,
            TimeUnit.MILLISECONDS);
        producer.scheduleWithFixedDelay(this::expire, EXPIRY_PERIOD_S, EXPIRY_PERIOD_S, TimeUnit.SECONDS);
        ready.set(true);
    }

    // the key manager as its SAEs reach it: unavailable (503) until the node's configuration is applied; a call
    // goes through unchanged, its exception too (the reflection wrapper is not the cause, the key manager's is)
    @SuppressWarnings("checkstyle:AvoidHidingCauseException")
    private static KeyDelivery gated(final KeyDelivery kme, final AtomicBoolean ready) {
        return (KeyDelivery) Proxy.newProxyInstance(KeyDelivery.class.getClassLoader(),
            new Class<?>[] { KeyDelivery.class }, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "gated " + kme;
                    };
                }
                if (!ready.get()) {
                    final var starting = DeliveryException.unavailable("the key manager is starting; retry later");
                    if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
                        return CompletableFuture.failedFuture(starting);
                    }
                    throw starting;
                }
                try {
                    return method.invoke(kme, args);
                } catch (InvocationTargetException e) {
                    // what the key manager threw, as it threw it
                    throw e.getTargetException();
                }
            });
    }

    private void expire() {
        try {
            final int expired = kme.expire(keyExpiry);
            if (expired > 0) {
                LOG.info("KME {}: {} keys expired (no SAE took them within {})", node.id(), expired, keyExpiry);
            }
        } catch (IOException e) {
            LOG.error("KME {}: the key store cannot erase expired keys", node.id(), e);
        }
    }

    private void produce() {
        try {
            watchLinks();
            kme.produce(relay::originate);
        } catch (IOException e) {
            LOG.error("KME {}: the key store refused new keys", node.id(), e);
        }
    }

    // the compromise rule, learnt from this node's own links: keys that crossed one since its compromise go
    private void watchLinks() throws IOException {
        for (var link : node.links()) {
            final var since = link.compromisedSince();
            if (since.isEmpty()) {
                compromised.remove(link.id());
            } else if (!since.orElseThrow().equals(compromised.put(link.id(), since.orElseThrow()))) {
                final int discarded = kme.discardCrossing(node.qkdnId(), physicalLinks.get(link.qkdlId()),
                    since.orElseThrow());
                LOG.warn("KME {}: link {} compromised since {}: {} keys that crossed it since then discarded here",
                    node.id(), link.id(), since.orElseThrow(), discarded);
            }
        }
    }

    /**
     * The compromise rule, as the controller tells it: keys held here that the master's KME made at or after an
     * instant and whose path crosses the link between two nodes are discarded.
     *
     * @param endA one end of the link ({@code qkdn_id})
     * @param endB its other end
     * @param since when the compromise began
     * @return how many keys were discarded
     * @throws IOException when the store cannot erase them
     */
    int linkCompromised(final UUID endA, final UUID endB, final Instant since) throws IOException {
        return kme.discardCrossing(endA, endB, since);
    }

    Map<UUID, UUID> physicalLinks() {
        return physicalLinks;
    }

    /**
     * Applies a checked configuration: applications added, changed or removed (with their keys).
     *
     * @param next the configuration
     */
    synchronized void apply(final NodeConfiguration next) {
        final var before = configuration;
        configuration = next;
        try {
            for (var id : before.applications().keySet()) {
                if (!next.applications().containsKey(id)) {
                    kme.removeApplication(id);
                }
            }
            for (var application : next.applications().values()) {
                kme.putApplication(application.spec());
                final var spec = application.spec();
                for (var sae : spec.master() ? List.of(spec.masterSae()) : spec.slaves()) {
                    enrolSae.accept(sae);
                    if (skipKeys != null) {
                        skipKeys.enrol(sae);
                    }
                }
            }
        } catch (IOException e) {
            LOG.error("KME {}: the key store failed while applying the configuration", node.id(), e);
        }
    }

    Optional<SiteKme.Counters> counters(final String applicationId) {
        return kme.counters(applicationId);
    }

    // peers and routes from the node's links and its current configuration
    private final class Table implements RelayKme.RelayTable {
        @Override
        public Optional<RelayKme.Peer> peer(final String kmeId) {
            final var neighbour = peers.get(kmeId);
            return neighbour != null ? Optional.of(neighbour) : pqcPeer(kmeId, null);
        }

        @Override
        public Optional<RelayKme.Peer> peer(final String kmeId, final @Nullable String linkId) {
            return linkId != null && linkId.startsWith(MlKemEpochs.LINK_PREFIX) ? pqcPeer(kmeId, linkId)
                : peer(kmeId);
        }

        // the other end of a PQC application of this node, with the ML-KEM pads of the parameter set the link
        // names (any, with none)
        private Optional<RelayKme.Peer> pqcPeer(final String kmeId, final @Nullable String linkId) {
            for (var application : configuration.applications().values()) {
                final var set = application.mlKemWithOtherEnd();
                final var spec = application.spec();
                final var link = set == null ? null : MlKemEpochs.LINK_PREFIX + set.yangName();
                if (set == null || !spec.otherKme().equals(kmeId) || linkId != null && !linkId.equals(link)) {
                    continue;
                }
                final var url = directory.urls().get(kmeId);
                if (url == null) {
                    return Optional.empty();
                }
                return Optional.of(pqcPeers.computeIfAbsent(kmeId + " " + link + " " + spec.master(),
                    unused -> new RelayKme.Peer(kmeId, url, spec.master() ? sender(kmeId, url, set)
                        : epochs.receivingFrom(kmeId, set), link)));
            }
            return Optional.empty();
        }

        @Override
        public Optional<RelayKme.Route> route(final String initiator, final String target,
                final @Nullable String via) {
            final var current = configuration;
            for (var application : current.applications().values()) {
                final var spec = application.spec();
                if (!spec.masterSae().equals(initiator) || !spec.slaveSae().equals(target)) {
                    continue;
                }
                final var backing = application.backingLink();
                if (!spec.master()) {
                    return via == null || backing != null && via.equals(backing.toString())
                        ? Optional.of(new RelayKme.Route.Deliver()) : Optional.empty();
                }
                if (via == null) {
                    final var set = application.pqc();
                    return set != null ? Optional.of(new RelayKme.Route.Forward(spec.otherKme(), null,
                        MlKemEpochs.LINK_PREFIX + set.yangName())) : forward(current, requireNonNull(backing),
                            application.virtual());
                }
            }
            if (via == null) {
                return Optional.empty();
            }
            final UUID link;
            try {
                link = UUID.fromString(via);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return current.virtualLinks().containsKey(link) ? forward(current, link, true) : Optional.empty();
        }

        private Optional<RelayKme.Route> forward(final NodeConfiguration current, final UUID link,
                final boolean virtual) {
            final var next = current.nextHop(link, physicalLinks);
            final var kmeId = next == null ? null : directory.kmeIds().get(next);
            if (kmeId == null) {
                return Optional.empty();
            }
            return Optional.of(new RelayKme.Route.Forward(kmeId, virtual ? link.toString() : null));
        }
    }

    // the sending side of ML-KEM epochs with another KME: one per KME and parameter set, whose epochs pad the keys
    // of PQC applications and are mixed into those of hybrid ones
    private MlKemEpochs.Sender sender(final String kmeId, final URI url, final MlKemParameterSet parameterSet) {
        return senders.computeIfAbsent(kmeId + " " + parameterSet.yangName(),
            unused -> epochs.sendingTo(parameterSet, new Handshake(kmeId, url)));
    }

    /**
     * The ML-KEM epochs of hybrid applications: made with the slave's KME as the master's, kept as the slave's.
     */
    private final class HybridEpochs implements SiteKme.HybridSecrets {
        @Override
        public MlKemEpochs.Shared sending(final String otherKme, final MlKemParameterSet parameterSet)
                throws KeyUnavailableException {
            final var url = directory.urls().get(otherKme);
            if (url == null) {
                throw new KeyUnavailableException("KME " + otherKme + " is not reachable from here");
            }
            return sender(otherKme, url, parameterSet).current();
        }

        @Override
        public byte[] received(final String otherKme, final MlKemParameterSet parameterSet, final UUID epoch)
                throws KeyUnavailableException {
            return epochs.secretOf(otherKme, parameterSet, epoch);
        }
    }

    /**
     * How this KME makes ML-KEM epochs with the other end of a PQC or hybrid application: over their mutually
     * authenticated channel.
     */
    private final class Handshake implements MlKemEpochs.Handshake {
        private final String kmeId;
        private final URI url;

        Handshake(final String kmeId, final URI url) {
            this.kmeId = kmeId;
            this.url = url;
        }

        @Override
        public byte[] encapsulationKey(final MlKemParameterSet parameterSet) throws IOException {
            return await(client().mlKemEncapsulationKey(parameterSet));
        }

        @Override
        public byte[] establish(final MlKemParameterSet parameterSet, final UUID epoch, final byte[] ciphertext)
                throws IOException {
            return await(client().mlKemEpoch(parameterSet, epoch, ciphertext));
        }

        private Etsi020Client client() throws IOException {
            final var known = handshakes.get(kmeId);
            if (known != null) {
                return known;
            }
            try {
                final var client = new Etsi020Client(url, kmeId, kmeTls);
                final var raced = handshakes.putIfAbsent(kmeId, client);
                if (raced != null) {
                    client.close();
                    return raced;
                }
                return client;
            } catch (GeneralSecurityException e) {
                throw new IOException("no client for KME " + kmeId + ": " + e.getMessage(), e);
            }
        }

        private byte[] await(final CompletableFuture<byte[]> answer) throws IOException {
            try {
                return answer.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IOException("KME " + kmeId + ": " + e.getCause().getMessage(), e);
            } catch (TimeoutException e) {
                throw new IOException("KME " + kmeId + " did not answer within " + ACK_TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking KME " + kmeId, e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (metrics != null) {
            metrics.remove(node.id(), counters);
        }
        handshakes.values().forEach(Etsi020Client::close);
        deviceHttp.forEach(HttpClient::close);
        producer.shutdownNow();
        if (skipServer != null) {
            skipServer.close();
        }
        deliveryServer.close();
        relayServer.close();
        relay.close();
        executor.shutdownNow();
        kme.close();
    }

    @Override
    public String toString() {
        return "NodeKeyManager{" + node.id() + "}";
    }
}
