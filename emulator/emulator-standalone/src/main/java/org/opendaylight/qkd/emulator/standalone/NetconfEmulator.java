/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.netconf.common.di.DefaultNetconfTimer;
import org.opendaylight.netconf.shaded.sshd.common.config.keys.KeyUtils;
import org.opendaylight.netconf.transport.ssh.SSHTransportStackFactory;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.EmulatedNode;
import org.opendaylight.qkd.emulator.device.EtsiNodeView;
import org.opendaylight.qkd.emulator.device.VirtualLink;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.keys.etsi014.ServerLimits;
import org.opendaylight.qkd.keys.site.KeyEncryptionKey;
import org.opendaylight.qkd.keys.site.SiteKme;
import org.opendaylight.qkd.keys.skip.PskFiles;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.QkdApplicationsBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinksBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.netconf.monitoring.rev101004.NetconfState;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.netconf.monitoring.rev101004.NetconfStateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.qkd_node.qkd_applications.qkd_app.KeyCountersBuilder;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.data.codec.api.BindingDataCodec;
import org.opendaylight.yangtools.binding.data.codec.impl.di.DefaultBindingDOMCodecFactory;
import org.opendaylight.yangtools.binding.generator.impl.DefaultBindingRuntimeGenerator;
import org.opendaylight.yangtools.binding.runtime.api.DefaultBindingRuntimeContext;
import org.opendaylight.yangtools.binding.runtime.api.ModuleInfoSnapshot;
import org.opendaylight.yangtools.binding.runtime.spi.ModuleInfoSnapshotBuilder;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.parser.api.YangParserException;
import org.opendaylight.yangtools.yang.parser.impl.DefaultYangParserFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated network's devices as NETCONF servers, one per node that has a port, on the loopback address. Every
 * refresh period the network advances and each device's operational datastore gets the node's current ETSI GS QKD
 * 015 state and its subscribed NETCONF sessions are notified of link changes (RFC 5277, ETSI GS QKD 015
 * {@code alarm}, {@code sdqkdn_link_down}, {@code sdqkdn_link_perf_update}); its configuration datastore holds the
 * configuration part. Starting is all or nothing: if one device
 * cannot listen, every device already started is closed and the reason is reported.
 *
 * <p>Embedding, e.g. in a test: build the network with {@link Topology#createNetwork(java.time.InstantSource)},
 * {@link #start(Topology, EmulatedNetwork, Credentials, Duration) start} its devices, point NETCONF clients at
 * {@link #devices()}, and inject faults through the {@link EmulatedNetwork} (a cut link, an eavesdropper, a node
 * down): the devices report them with the next refresh. {@link #close()} stops everything.
 */
public final class NetconfEmulator implements AutoCloseable {
    /**
     * The address every device listens on.
     */
    public static final String HOST = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(NetconfEmulator.class);
    // a restarted key manager binds its ports again: tries this often, this far apart, while they are released
    private static final int RESTART_ATTEMPTS = 25;
    private static final long RESTART_RETRY_MILLIS = 200;
    private static final DataObjectReference<QkdNode> QKD_NODE = DataObjectReference.builder(QkdNode.class).build();
    private static final DataObjectReference<NetconfState> NETCONF_STATE =
        DataObjectReference.builder(NetconfState.class).build();

    private final EmulatedNetwork network;
    private final DefaultNetconfTimer timer;
    private final SSHTransportStackFactory ssh;
    private final BindingDataCodec codec;
    private final List<NetconfDevice> devices = new ArrayList<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final List<EmulatedNode> nodes = new ArrayList<>();
    private final List<NodeEvents> nodeEvents = new ArrayList<>();
    // by device index: its key manager and the configuration a controller last committed, or null
    private final List<@Nullable NodeKeyManager> keyManagers = new CopyOnWriteArrayList<>();
    private final List<@Nullable QkdNode> configured = new CopyOnWriteArrayList<>();
    // by device index: the configuration data last committed, which a restarted key manager applies again
    private final List<@Nullable NormalizedNode> configuredData = new CopyOnWriteArrayList<>();
    // where nodes with key managers keep their configuration, null without key managers
    private final @Nullable Path keyDirectory;
    private final ConfigurationFile configurationFile;
    private final ScheduledExecutorService refresher;
    private final String hostKeyFingerprint;
    private String saeCertificates = "none: no key managers";

    private NetconfEmulator(final EmulatedNetwork network, final BindingDataCodec codec,
            final @Nullable KeyManagerOptions keys, final ConfigurationFile configurationFile,
            final String hostKeyFingerprint) {
        this.network = network;
        this.hostKeyFingerprint = hostKeyFingerprint;
        this.codec = codec;
        keyDirectory = keys == null ? null : keys.directory();
        this.configurationFile = configurationFile;
        timer = new DefaultNetconfTimer();
        ssh = new SSHTransportStackFactory("qkd-emulator-ssh", 0);
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final var thread = new Thread(runnable, "qkd-emulator-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Where the nodes' key managers keep their state, and their certificates.
     *
     * @param directory holds per node its key-encryption key ({@code <node>.kek}, made when missing), its key store
     *        ({@code <node>.keys}) and its configuration, the devices' SSH host key, and the demo PKI ({@code pki/})
     *        when there are no operator's certificates; its owner's only
     * @param pkiPassword the password of the PKCS#12 files
     * @param certificates the operator's certificates ({@link SitePki#files}), or null for the demo PKI
     * @param demoCa where the demo PKI's CA key is kept, apart from {@code directory/pki}
     * @param deviceCa PEM certificates of the CAs that issue the QKD devices' ETSI GS QKD 014 server certificates
     *        (links with {@code key-delivery}); with the demo PKI its CA is trusted too; null for none
     * @param metrics where the key managers report their metrics; null for nowhere
     * @param listen the address the key managers' ETSI GS QKD 014, 020 and SKIP servers listen on; the demo PKI
     *        only on a loopback address
     * @param limits the bounds of the ETSI GS QKD 014 servers (connections, handshakes, requests per SAE)
     * @param keyExpiry how long after its making a key may go to the master's SAE; its slave SAEs then have at least
     *        as long ({@link SiteKme#expire})
     */
    public record KeyManagerOptions(Path directory, String pkiPassword, @Nullable Path certificates, Path demoCa,
            @Nullable Path deviceCa, @Nullable SiteMetrics metrics, InetAddress listen, ServerLimits limits,
            Duration keyExpiry) {
        /** Keys expire after a day by default. */
        public static final Duration DEFAULT_KEY_EXPIRY = Duration.ofDays(1);

        public KeyManagerOptions {
            requireNonNull(limits);
            if (keyExpiry.isNegative() || keyExpiry.isZero()) {
                throw new IllegalArgumentException("the key expiry must be positive");
            }
            requireNonNull(directory);
            requireNonNull(pkiPassword);
            requireNonNull(demoCa);
            requireNonNull(listen);
            if (certificates == null && !listen.isLoopbackAddress()) {
                throw new IllegalArgumentException("the demo PKI serves on a loopback address only, not on "
                    + listen.getHostAddress() + ": its certificates are made without an operator, for trials on one "
                    + "machine; give the sites' certificates for " + listen.getHostAddress());
            }
        }

        /**
         * Options of the demo PKI on loopback, its CA key in {@code directory/pki-ca}, without metrics.
         *
         * @param directory holds the key managers' state and the demo PKI
         * @param pkiPassword the password of the PKCS#12 files
         * @param deviceCa PEM certificates of the devices' CAs, or null
         */
        public KeyManagerOptions(final Path directory, final String pkiPassword, final @Nullable Path deviceCa) {
            this(directory, pkiPassword, null, directory.resolve("pki-ca"), deviceCa, null,
                InetAddress.getLoopbackAddress(), ServerLimits.DEFAULT, DEFAULT_KEY_EXPIRY);
        }

        /**
         * Options of the demo PKI on loopback, without device CAs or metrics.
         *
         * @param directory holds the key managers' state and the demo PKI
         * @param pkiPassword the password of the PKCS#12 files
         */
        public KeyManagerOptions(final Path directory, final String pkiPassword) {
            this(directory, pkiPassword, null);
        }
    }

    /**
     * Starts a device for every node of the topology that has a NETCONF port, listening on {@link #HOST} at that
     * port, publishes their state once, and from then on refreshes it every {@code refresh} period (on a daemon
     * thread; each refresh first advances the network to its clock's current instant).
     *
     * @param topology the topology, which gives the nodes' ports
     * @param network the network built from it, whose state the devices report
     * @param credentials what clients must present
     * @param refresh how often devices publish their state; positive
     * @return the running emulator
     * @throws DeviceStartException when a device cannot start; nothing is left running then
     * @throws IllegalArgumentException when the refresh period is not positive; nothing is started then
     */
    public static NetconfEmulator start(final Topology topology, final EmulatedNetwork network,
            final Credentials credentials, final Duration refresh) throws DeviceStartException {
        return start(topology, network, credentials, refresh, null);
    }

    /**
     * Starts the devices as {@link #start(Topology, EmulatedNetwork, Credentials, Duration)} does and, with key
     * manager options, a key manager for every node of the topology that has key manager ports: each node is then
     * an SD-QKD node whose applications and virtual links a controller configures over NETCONF.
     *
     * @param topology the topology, which gives the nodes' ports
     * @param network the network built from it, whose state the devices report
     * @param credentials what clients must present
     * @param refresh how often devices publish their state; positive
     * @param keys where the key managers keep their state; null for devices without key managers
     * @return the running emulator
     * @throws DeviceStartException when a device or key manager cannot start; nothing is left running then
     */
    public static NetconfEmulator start(final Topology topology, final EmulatedNetwork network,
            final Credentials credentials, final Duration refresh, final @Nullable KeyManagerOptions keys)
            throws DeviceStartException {
        if (!refresh.isPositive()) {
            throw new IllegalArgumentException("refresh period must be positive, was " + refresh);
        }
        final var snapshot = models();
        final var codec = new DefaultBindingDOMCodecFactory().newBindingDataCodec(new DefaultBindingRuntimeContext(
            new DefaultBindingRuntimeGenerator().generateTypeMapping(snapshot.modelContext()), snapshot));
        final var schema = NetconfDevice.schemaService(snapshot);

        if (keys != null) {
            ownerOnly(keys.directory());
        }
        final var hostKey = keys == null ? hostKey() : hostKey(keys.directory());
        final var emulator = new NetconfEmulator(network, codec, keys,
            new ConfigurationFile(codec, snapshot.modelContext()), KeyUtils.getFingerPrint(hostKey.getPublic()));
        try {
            final var directory = directory(topology, network, keys);
            final var kmeIds = directory.kmeIds();
            final var pki = keys == null ? null : openPki(keys);
            emulator.saeCertificates = pki == null ? "none: no key managers" : pki.saeCertificates();
            for (var node : network.nodes()) {
                final var port = topology.netconfPorts().get(node.id());
                if (port == null) {
                    continue;
                }
                final var physical = physicalLinks(network, node);
                final var initial = emulator.initialConfiguration(node, physical, kmeIds,
                    EtsiNodeView.configurationOf(EtsiNodeView.of(network, node)));
                final var config = codec.nodeSerializer().toNormalizedDataObject(QKD_NODE, initial);
                final NodeConfigurations configurations = data -> emulator.nodeConfiguration(node, physical, kmeIds,
                    config.path(), data);
                final var device = new NetconfDevice(node.id(), emulator.ssh, emulator.timer, schema, HOST, port,
                    credentials, hostKey, config.path(), configurations::of);
                device.addOperation(new LinkFaults(node, emulator::refreshSoon));
                emulator.devices.add(device);
                final int index = emulator.devices.size() - 1;
                emulator.nodes.add(node);
                emulator.nodeEvents.add(new NodeEvents());
                emulator.configured.add(null);
                emulator.configuredData.add(null);
                final var keyPorts = topology.keyPorts().get(node.id());
                // the node's key manager, made the same way at the start and after a restart
                final KeyManagerFactory factory = pki == null || keyPorts == null ? null
                    : () -> emulator.keyManager(network, node, directory, keyPorts, keys, pki,
                        topology.keyDeliveries());
                emulator.keyManagers.add(factory == null ? null : factory.create());
                if (factory != null) {
                    device.addOperation(new CompromiseNotices(() -> emulator.keyManagers.get(index)));
                    device.addOperation(new KeyManagerRestarts(node.id(), down -> emulator.restartKeyManager(index,
                        down, factory, configurations)));
                }
                final var state = codec.nodeSerializer().toNormalizedDataObject(NETCONF_STATE,
                    new NetconfStateBuilder().setSchemas(device.monitoring().getSchemas()).build());
                device.put(LogicalDatastoreType.OPERATIONAL, state.path(), state.node());
                device.put(LogicalDatastoreType.CONFIGURATION, config.path(), config.node());
                // virtual links and applications a controller configures become the node's
                emulator.registrations.add(device.onConfigurationChange(config.path(),
                    data -> emulator.configure(index, physical, kmeIds, config.path(), data)));
                emulator.configure(index, physical, kmeIds, config.path(), config.node());
            }
            emulator.refresh();
            for (var keyManager : emulator.keyManagers) {
                if (keyManager != null) {
                    keyManager.start();
                }
            }
        } catch (DeviceStartException e) {
            emulator.closeQuietly();
            throw e;
        }
        emulator.refresher.scheduleWithFixedDelay(emulator::refreshLogged, refresh.toNanos(), refresh.toNanos(),
            TimeUnit.NANOSECONDS);
        return emulator;
    }

    // the models the devices serve: ETSI GS QKD 015, the suite's augmentations, NETCONF monitoring and base
    private static ModuleInfoSnapshot models() throws DeviceStartException {
        try {
            return new ModuleInfoSnapshotBuilder(new DefaultYangParserFactory())
                .add(org.opendaylight.yang.svc.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.YangModuleInfoImpl
                    .getInstance())
                .add(org.opendaylight.yang.svc.v1.urn.opendaylight.qkd.device.ext.rev261125.YangModuleInfoImpl
                    .getInstance())
                .add(org.opendaylight.yang.svc.v1.urn.opendaylight.qkd.emulator.rev261125.YangModuleInfoImpl
                    .getInstance())
                .add(org.opendaylight.yang.svc.v1.urn.ietf.params.xml.ns.yang.ietf.netconf.monitoring.rev101004
                    .YangModuleInfoImpl.getInstance())
                // the base protocol's own module, which clients need to parse replies to <get> and <get-config>
                .add(org.opendaylight.yang.svc.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601
                    .YangModuleInfoImpl.getInstance())
                .build();
        } catch (YangParserException e) {
            throw new DeviceStartException("the devices' YANG models do not assemble", e);
        }
    }

    // the key managers by node ID and their ETSI GS QKD 020 endpoints: every node's without key manager options,
    // else those of the nodes with key manager ports
    private static NodeKeyManager.Directory directory(final Topology topology, final EmulatedNetwork network,
            final @Nullable KeyManagerOptions keys) {
        final var kmeIds = new HashMap<UUID, String>();
        final var urls = new HashMap<String, URI>();
        for (var node : network.nodes()) {
            final var ports = topology.keyPorts().get(node.id());
            if (keys == null || ports != null) {
                kmeIds.put(node.qkdnId(), node.id());
            }
            if (keys != null && ports != null) {
                urls.put(node.id(), URI.create("https://" + uriHost(keys.listen()) + ":" + ports.etsi020()));
            }
        }
        return new NodeKeyManager.Directory(kmeIds, urls);
    }

    // the key managers' directory: made its owner's only, or checked to be
    private static void ownerOnly(final Path directory) throws DeviceStartException {
        try {
            if (Files.exists(directory)) {
                SitePki.checkPrivateDirectory(directory);
            } else {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new DeviceStartException("the key managers' directory cannot be used: " + e.getMessage(), e);
        }
    }

    private static SitePki openPki(final KeyManagerOptions keys) throws DeviceStartException {
        try {
            final var certificates = keys.certificates();
            return certificates == null
                ? SitePki.demo(keys.directory().resolve("pki"), keys.demoCa(), keys.pkiPassword())
                : SitePki.files(certificates, keys.pkiPassword());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new DeviceStartException("the key managers' certificates cannot be used: " + e.getMessage(), e);
        }
    }

    private NodeKeyManager keyManager(final EmulatedNetwork net, final EmulatedNode node,
            final NodeKeyManager.Directory directory, final Topology.KeyPorts ports, final KeyManagerOptions keys,
            final SitePki pki, final Map<String, Topology.KeyDelivery> deliveries) throws DeviceStartException {
        try {
            final var kekFile = keys.directory().resolve(node.id() + ".kek");
            final var kek = Files.exists(kekFile) ? KeyEncryptionKey.load(kekFile)
                : KeyEncryptionKey.generate(kekFile, new SecureRandom());
            final var kmeTls = pki.kmeTls(node.id());
            // the key manager's clients at the QKD devices that deliver its links' key, as the SAE each knows it by
            final var deviceClients = new HashMap<String, HttpClient>();
            for (var link : node.links()) {
                final var delivery = deliveries.get(link.id());
                if (delivery != null) {
                    final var own = link.nodeA().equals(node.id()) ? delivery.endA() : delivery.endB();
                    if (!deviceClients.containsKey(own.saeId())) {
                        deviceClients.put(own.saeId(), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                            .sslContext(pki.deviceClient(own.saeId(), keys.deviceCa())).build());
                    }
                }
            }
            return new NodeKeyManager(net, node, directory, ports, keys.listen(), keys.limits(), keys.keyExpiry(),
                keys.directory().resolve(node.id() + ".keys"), kek, kmeTls, pki.saeServer(node.id()),
                saeId -> pki.enrol(node.id(), saeId),
                new PskFiles(keys.directory().resolve("skip"), new SecureRandom()), deliveries, deviceClients::get,
                keys.metrics());
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            throw new DeviceStartException("node " + node.id() + ": key manager cannot start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceStartException("node " + node.id() + ": interrupted while starting its key manager", e);
        }
    }

    /**
     * The fingerprint of the devices' SSH host key, as OpenSSH shows it ({@code SHA256:...}), for clients to pin.
     *
     * @return the fingerprint
     */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /**
     * Where the SAEs' certificates come from, for the operator.
     *
     * @return a description
     */
    public String saeCertificates() {
        return saeCertificates;
    }

    // an address as a URI's host: IPv6 in brackets
    private static String uriHost(final InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    private static Map<UUID, UUID> physicalLinks(final EmulatedNetwork net, final EmulatedNode node) {
        final var links = new HashMap<UUID, UUID>();
        for (var link : node.links()) {
            links.put(link.qkdlId(), net.node(link.peerOf(node.id())).qkdnId());
        }
        return Map.copyOf(links);
    }

    // a node's configuration at start: its QKD links, and the applications and virtual links it last had, if any
    private QkdNode initialConfiguration(final EmulatedNode node, final Map<UUID, UUID> physical,
            final Map<UUID, String> kmeIds, final QkdNode links) {
        final var file = configurationPath(node);
        if (file == null || !Files.exists(file)) {
            return links;
        }
        try {
            final var saved = configurationFile.read(file);
            final var merged = new ArrayList<>(links.getQkdLinks() == null ? List.<QkdLink>of()
                : links.getQkdLinks().nonnullQkdLink().values());
            if (saved.getQkdLinks() != null) {
                saved.getQkdLinks().nonnullQkdLink().values().stream()
                    .filter(link -> VIRT.VALUE.equals(link.getQkdlType())).forEach(merged::add);
            }
            final var restored = new QkdNodeBuilder(links)
                .setQkdApplications(saved.getQkdApplications())
                .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.ordered(merged)).build())
                .build();
            NodeConfiguration.of(restored, node.qkdnId(), physical, kmeIds);
            LOG.info("Node {}: configuration restored from {}", node.id(), file);
            return restored;
        } catch (IOException | NodeConfiguration.InvalidConfigurationException e) {
            LOG.warn("Node {}: the configuration in {} is not restored: {}", node.id(), file, e.getMessage());
            return links;
        }
    }

    private @Nullable Path configurationPath(final EmulatedNode node) {
        return keyDirectory == null ? null : keyDirectory.resolve(node.id() + ".config.json");
    }

    // the checked configuration a commit would leave on a node's device
    private NodeConfiguration nodeConfiguration(final EmulatedNode node, final Map<UUID, UUID> physical,
            final Map<UUID, String> kmeIds, final YangInstanceIdentifier path, final NormalizedNode data)
            throws NodeConfiguration.InvalidConfigurationException {
        if (data == null) {
            return NodeConfiguration.EMPTY;
        }
        final var qkdNode = (QkdNode) codec.nodeSerializer().fromNormalizedNode(path, data).getValue();
        return NodeConfiguration.of(qkdNode, node.qkdnId(), physical, kmeIds);
    }

    /**
     * The devices' SSH host key kept with the key managers' state, so that NETCONF clients that pinned it find it
     * again after a restart: made once ({@code netconf-host.key}, PKCS#8, readable by its owner only, and
     * {@code netconf-host.pub}), read on every later start.
     *
     * @param directory the key managers' directory
     * @return the host key
     * @throws DeviceStartException when it cannot be read or written
     */
    static KeyPair hostKey(final Path directory) throws DeviceStartException {
        final var privateFile = directory.resolve("netconf-host.key");
        final var publicFile = directory.resolve("netconf-host.pub");
        try {
            if (Files.exists(privateFile)) {
                KeyEncryptionKey.checkPrivate(privateFile);
                final var factory = KeyFactory.getInstance("EC");
                return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))));
            }
            final var made = hostKey();
            Files.createDirectories(directory);
            Files.write(Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), made.getPrivate().getEncoded());
            Files.write(publicFile, made.getPublic().getEncoded());
            return made;
        } catch (IOException | GeneralSecurityException e) {
            throw new DeviceStartException("the devices' SSH host key in " + directory + " cannot be read or made: "
                + e.getMessage(), e);
        }
    }

    // one SSH host key (ECDSA P-256) for all devices of this emulator: generating and verifying a P-521 key per
    // device, the SSH library's default, costs more than the rest of a device's start
    private static KeyPair hostKey() throws DeviceStartException {
        try {
            final var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new DeviceStartException("no EC P-256 key pair generator for the devices' SSH host key", e);
        }
    }

    /**
     * Ports free on {@link #HOST} now, all different (each is held until all are found), for devices to listen on.
     *
     * @param count how many
     * @return the ports
     * @throws IOException when the machine has none left
     */
    public static List<Integer> freePorts(final int count) throws IOException {
        final var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                final var socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * Where the devices listen, in the network's node order.
     *
     * @return name, host and port of each device
     */
    public List<DeviceEndpoint> devices() {
        return devices.stream().map(device -> new DeviceEndpoint(device.name(), HOST, device.port())).toList();
    }

    /**
     * Advances the network to its clock's current instant and publishes every device's state now, without waiting
     * for the next periodic refresh; then each device notifies its subscribed sessions of what changed on its links
     * (see {@link NodeEvents}), so that a client that reads on a notification reads the new state. Refreshes,
     * periodic or not, run one at a time.
     *
     * @throws DeviceStartException when a device's datastore does not take the state
     */
    public synchronized void refresh() throws DeviceStartException {
        network.advance();
        final var now = network.clock().instant();
        for (int i = 0; i < devices.size(); i++) {
            final var view = withApplications(EtsiNodeView.of(network, nodes.get(i)), configured.get(i),
                keyManagers.get(i));
            final var state = codec.nodeSerializer().toNormalizedDataObject(QKD_NODE, view);
            final var device = devices.get(i);
            device.put(LogicalDatastoreType.OPERATIONAL, state.path(), state.node());
            final var events = nodeEvents.get(i).next(view);
            if (!events.isEmpty() && device.hasSubscribers()) {
                for (var event : events) {
                    device.notify(codec.nodeSerializer().toNormalizedNodeNotification(event), now);
                }
            }
        }
    }

    // a node's state changed by a request: report it now rather than at the next period
    private void refreshSoon() {
        refresher.execute(this::refreshLogged);
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (DeviceStartException e) {
            LOG.warn("Emulated devices not refreshed", e);
        }
    }

    /**
     * Stops refreshing and stops every device. Their listening ports are released by the transport's event loop,
     * shortly after this returns.
     *
     * @throws InterruptedException when interrupted while stopping
     */
    // the applications a controller configured, with the key manager's counters
    private static QkdNode withApplications(final QkdNode view, final @Nullable QkdNode config,
            final @Nullable NodeKeyManager keyManager) {
        if (config == null || config.getQkdApplications() == null) {
            return view;
        }
        final var apps = new ArrayList<QkdApp>();
        for (var app : config.getQkdApplications().nonnullQkdApp().values()) {
            final var counters = keyManager == null ? Optional.<SiteKme.Counters>empty()
                : keyManager.counters(app.getAppId().getValue());
            if (counters.isEmpty()) {
                apps.add(app);
                continue;
            }
            final var count = counters.orElseThrow();
            final var extension = app.augmentation(QkdApp1.class);
            final var counterBuilder = new KeyCountersBuilder()
                .setStored(Uint64.valueOf(count.stored()))
                .setInFlight(Uint64.valueOf(count.inFlight()))
                .setDelivered(Uint64.valueOf(count.delivered()))
                .setDiscarded(Uint64.valueOf(count.discarded()))
                .setLastFailure(count.lastFailure());
            apps.add(new QkdAppBuilder(app).addAugmentation((extension == null ? new QkdApp1Builder()
                : new QkdApp1Builder(extension)).setKeyCounters(counterBuilder.build()).build()).build());
        }
        return new QkdNodeBuilder(view).setQkdApplications(new QkdApplicationsBuilder()
            .setQkdApp(BindingMap.of(apps)).build()).build();
    }

    @Override
    public void close() throws InterruptedException {
        registrations.forEach(Registration::close);
        refresher.shutdownNow();
        refresher.awaitTermination(10, TimeUnit.SECONDS);
        for (var keyManager : keyManagers) {
            if (keyManager != null) {
                try {
                    keyManager.close();
                } catch (IOException e) {
                    LOG.warn("Key manager {} did not close cleanly", keyManager, e);
                }
            }
        }
        for (var device : devices.reversed()) {
            device.close();
        }
        ssh.close();
        timer.close();
    }

    // a device's configuration changed (data null: removed): its virtual links and applications are the node's from
    // now on; the commit already checked them
    private synchronized void configure(final int index, final Map<UUID, UUID> physical,
            final Map<UUID, String> kmeIds,
            final YangInstanceIdentifier path, final NormalizedNode data) {
        final var node = nodes.get(index);
        final var wanted = new HashMap<UUID, VirtualLink>();
        configuredData.set(index, data);
        final var keyManager = keyManagers.get(index);
        if (keyManager != null) {
            try {
                keyManager.apply(nodeConfiguration(node, physical, kmeIds, path, data));
            } catch (NodeConfiguration.InvalidConfigurationException e) {
                LOG.warn("Device {}: configuration not applied: {}", node.id(), e.getMessage());
            }
        }
        final var file = configurationPath(node);
        if (data != null) {
            final var qkdNode = (QkdNode) codec.nodeSerializer().fromNormalizedNode(path, data).getValue();
            configured.set(index, qkdNode);
            if (file != null) {
                try {
                    configurationFile.write(file, qkdNode);
                } catch (IOException e) {
                    LOG.error("Node {}: configuration not saved to {}; a restart would lose it", node.id(), file, e);
                }
            }
            if (qkdNode.getQkdLinks() != null) {
                for (var link : qkdNode.getQkdLinks().nonnullQkdLink().values()) {
                    if (VIRT.VALUE.equals(link.getQkdlType())) {
                        try {
                            final var virtual = EtsiNodeView.virtualLinkFrom(link);
                            wanted.put(virtual.qkdlId(), virtual);
                        } catch (IllegalArgumentException e) {
                            LOG.warn("Device {}: virtual link ignored: {}", node.id(), e.getMessage());
                        }
                    }
                }
            }
        }
        if (data == null) {
            configured.set(index, null);
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.error("Node {}: stale configuration {} not deleted", node.id(), file, e);
                }
            }
        }
        for (var existing : node.virtualLinks()) {
            if (!wanted.containsKey(existing.qkdlId())) {
                node.removeVirtualLink(existing.qkdlId());
            }
        }
        for (var link : wanted.values()) {
            try {
                node.putVirtualLink(link);
            } catch (IllegalStateException e) {
                LOG.warn("Device {}: virtual link {} not taken: {}", node.id(), link.qkdlId(), e.getMessage());
            }
        }
    }

    /**
     * Makes a node's key manager anew.
     */
    @FunctionalInterface
    private interface KeyManagerFactory {
        NodeKeyManager create() throws DeviceStartException;
    }

    /**
     * What a node's key manager is to do, from the node's configuration data: what a commit is checked against, and
     * what a restarted key manager applies.
     */
    @FunctionalInterface
    private interface NodeConfigurations {
        NodeConfiguration of(NormalizedNode data) throws NodeConfiguration.InvalidConfigurationException;
    }

    // stops a node's key manager at once and starts it again from its store after a while
    private Instant restartKeyManager(final int index, final Duration down, final KeyManagerFactory factory,
            final NodeConfigurations configurations) {
        final NodeKeyManager stopped;
        synchronized (this) {
            stopped = keyManagers.get(index);
            if (stopped == null) {
                throw new IllegalStateException("the key manager of node " + nodes.get(index).id()
                    + " is down already");
            }
            keyManagers.set(index, null);
        }
        try {
            stopped.close();
        } catch (IOException e) {
            LOG.warn("Node {}: key manager did not stop cleanly", nodes.get(index).id(), e);
        }
        final var at = network.clock().instant().plus(down);
        LOG.warn("Node {}: key manager stopped (restart-key-manager); it starts again at {}", nodes.get(index).id(),
            at);
        refresher.schedule(() -> startAgain(index, factory, configurations, 1), down.toMillis(),
            TimeUnit.MILLISECONDS);
        return at;
    }

    private void startAgain(final int index, final KeyManagerFactory factory, final NodeConfigurations configurations,
            final int attempt) {
        final var node = nodes.get(index);
        final NodeKeyManager restarted;
        try {
            restarted = factory.create();
        } catch (DeviceStartException e) {
            // its ports may not be released yet
            if (attempt < RESTART_ATTEMPTS) {
                refresher.schedule(() -> startAgain(index, factory, configurations, attempt + 1),
                    RESTART_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                LOG.error("Node {}: key manager does not start again", node.id(), e);
            }
            return;
        }
        synchronized (this) {
            try {
                restarted.apply(configurations.of(configuredData.get(index)));
            } catch (NodeConfiguration.InvalidConfigurationException e) {
                LOG.warn("Node {}: configuration not applied to the restarted key manager: {}", node.id(),
                    e.getMessage());
            }
            keyManagers.set(index, restarted);
        }
        restarted.start();
        LOG.info("Node {}: key manager started again from its store", node.id());
    }

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
