/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.netconf;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.BindingService;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.MountPoint;
import org.opendaylight.mdsal.binding.api.MountPointService;
import org.opendaylight.mdsal.binding.api.MountPointService.MountPointListener;
import org.opendaylight.mdsal.binding.api.NotificationService;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.southbound.api.DeviceConnector;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.Alarm;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationDisconnected;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationNew;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationQosUpdate;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnLinkDown;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnLinkPerfUpdate;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.QkdApplications;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinks;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.notification._1._0.rev080714.CreateSubscription;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.notification._1._0.rev080714.CreateSubscriptionInputBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.ConnectionOper.ConnectionStatus;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.credentials.Credentials;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.credentials.credentials.KeyAuthBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.credentials.credentials.LoginPwBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.credentials.credentials.key.auth.KeyBasedBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.device.rev251028.credentials.credentials.login.pw.LoginPasswordBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.node.topology.rev251103.NetconfNodeAugment;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.node.topology.rev251103.NetconfNodeAugmentBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.netconf.node.topology.rev251103.netconf.node.augment.NetconfNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.LinkCompromised;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.LinkCompromisedInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.Netconf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFault;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManager;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManagerInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManagerOutput;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.NetworkTopology;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.NodeId;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.TopologyId;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.Topology;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.TopologyKey;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.topology.Node;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.topology.NodeBuilder;
import org.opendaylight.yang.gen.v1.urn.tbd.params.xml.ns.yang.network.topology.rev131021.network.topology.topology.NodeKey;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.Rpc;
import org.opendaylight.yangtools.binding.RpcInput;
import org.opendaylight.yangtools.binding.RpcOutput;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NETCONF adapter: each device becomes node {@code qkd-<name>} of the controller's {@code topology-netconf}
 * (configuration datastore), which the NETCONF client ({@code odl-netconf-clustered-topology}: in a cluster one member
 * holds the session, the others' mount points go through it) connects and mounts; reads go
 * through the mount point, as a {@code <get>} of {@code qkd_node}, at once when the mount point appears or goes and
 * when the device sends an ETSI GS QKD 015 link or application notification ({@code alarm},
 * {@code sdqkdn_link_down}, {@code sdqkdn_link_perf_update}, {@code sdqkdn_application_new},
 * {@code sdqkdn_application_qos_update}, {@code sdqkdn_application_disconnected}; the adapter subscribes with RFC 5277
 * create-subscription on each new session). Applications and virtual links are written with edit-config. A
 * device without a mount point is connecting while the client sets its session up, unreachable when the client
 * gave up; one that does not answer in time is unreachable.
 * Closing the device removes its {@code topology-netconf} node, which unmounts it; the device's declaration is not
 * touched.
 */
public final class NetconfConnector implements DeviceConnector, AutoCloseable {
    /** The NETCONF client's topology. */
    public static final String TOPOLOGY = "topology-netconf";
    /** Prefix of the southbound's nodes in {@link #TOPOLOGY}. */
    public static final String NODE_PREFIX = "qkd-";
    private static final Logger LOG = LoggerFactory.getLogger(NetconfConnector.class);
    private static final DataObjectIdentifier<QkdNode> QKD_NODE = DataObjectIdentifier.builder(QkdNode.class).build();
    // the client's keepalive, so that a silent device loses its mount point in bounded time
    private static final Uint32 KEEPALIVE_SECONDS = Uint32.valueOf(10);
    private static final Uint16 MIN_BACKOFF_MILLIS = Uint16.valueOf(500);
    private static final Uint32 MAX_BACKOFF_MILLIS = Uint32.valueOf(10_000);
    // how long the first try of a read may take before a second one is made
    private static final long FIRST_READ_MILLIS = 2_000;

    private final DataBroker broker;
    private final MountPointService mounts;
    private final Duration requestTimeout;
    // the devices' watches by their node in topology-netconf
    private final Map<DataObjectIdentifier<?>, Watch> watches = new ConcurrentHashMap<>();
    private final Registration mountListener;

    /**
     * An adapter writing to the controller's configuration datastore and reading through its mount points.
     *
     * @param broker the controller's data broker
     * @param mounts the controller's mount points
     * @param requestTimeout the NETCONF client's own limit on a request
     */
    public NetconfConnector(final DataBroker broker, final MountPointService mounts, final Duration requestTimeout) {
        this.broker = requireNonNull(broker);
        this.mounts = requireNonNull(mounts);
        this.requestTimeout = requireNonNull(requestTimeout);
        // one listener for all devices: the binding adapter tells every listener of every mount point, whatever
        // path it registered with, so a listener per device would hear every other device's mount too
        mountListener = mounts.registerListener(DataObjectReference.builder(NetworkTopology.class)
            .child(Topology.class, new TopologyKey(new TopologyId(TOPOLOGY))).child(Node.class).build(),
            new MountPointListener() {
                @Override
                public void onMountPointCreated(final MountPoint mountPoint) {
                    final var watch = watches.get(mountPoint.getIdentifier());
                    if (watch != null) {
                        watch.mounted(mountPoint);
                    }
                }

                @Override
                public void onMountPointRemoved(final DataObjectIdentifier<?> path) {
                    final var watch = watches.get(path);
                    if (watch != null) {
                        watch.unmounted();
                    }
                }
            });
    }

    /**
     * Stops following mount points. The devices' NETCONF nodes stay; closing each device removes its own.
     */
    @Override
    public void close() {
        mountListener.close();
    }

    @Override
    public boolean serves(final Device declaration) {
        return declaration.getConnection() instanceof Netconf;
    }

    @Override
    public QkdDevice open(final Device declaration) {
        final var netconf = ((Netconf) declaration.getConnection()).getNetconf();
        final var name = declaration.getName().getValue();
        final var path = nodePath(name);
        final var node = node(name, netconf, requestTimeout);
        // written only when it is not there with these settings: the NETCONF client takes a write, even of the same
        // node, for a new device (odl-netconf-clustered-topology then even opens a second session while the first
        // one mounts, which fails), and a node left by the member that managed the devices before, or by an earlier
        // run, is kept with its session and mount point
        final var tx = broker.newReadWriteTransaction();
        Futures.addCallback(tx.read(LogicalDatastoreType.CONFIGURATION, path), new FutureCallback<Optional<Node>>() {
            @Override
            public void onSuccess(final Optional<Node> stored) {
                if (stored.isPresent() && sameSettings(stored.orElseThrow(), node)) {
                    tx.cancel();
                    LOG.debug("QKD device {}: NETCONF node kept as it is", name);
                    return;
                }
                tx.mergeParentStructurePut(LogicalDatastoreType.CONFIGURATION, path, node);
                tx.commit().addListener(() -> LOG.info("QKD device {}: NETCONF node {}", name, stored.isPresent()
                    ? "written again, its settings differed from the declaration" : "written"), Runnable::run);
            }

            @Override
            public void onFailure(final Throwable cause) {
                tx.cancel();
                LOG.warn("QKD device {}: cannot read its NETCONF node, it is not connected", name, cause);
            }
        }, MoreExecutors.directExecutor());
        final var address = netconf.getHost().stringValue() + ":" + netconf.requirePort().getValue();
        return new MountedDevice(name, address, path);
    }

    // the node of a device in the NETCONF client's topology
    static Node node(final String name, final org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125
            .qkd.devices.device.connection.netconf.Netconf netconf, final Duration requestTimeout) {
        return new NodeBuilder()
            .setNodeId(new NodeId(NODE_PREFIX + name))
            .addAugmentation(new NetconfNodeAugmentBuilder().setNetconfNode(new NetconfNodeBuilder()
                .setHost(netconf.getHost())
                .setPort(netconf.requirePort())
                .setCredentials(credentials(name, netconf))
                .setTcpOnly(false)
                .setSchemaless(false)
                .setKeepaliveDelay(KEEPALIVE_SECONDS)
                .setDefaultRequestTimeoutMillis(Uint32.valueOf(requestTimeout.toMillis()))
                .setMaxConnectionAttempts(Uint32.ZERO)
                .setMinBackoffMillis(MIN_BACKOFF_MILLIS)
                .setMaxBackoffMillis(MAX_BACKOFF_MILLIS)
                .build()).build())
            .build();
    }

    // how the NETCONF client authenticates: with a key of OpenDaylight's NETCONF keystore (by its ID, the key kept
    // there encrypted), or with the password as the device manager keeps it, encrypted: the NETCONF client decrypts
    // it with the same AAA encryption service, and the topology never holds it in clear
    private static Credentials credentials(final String name, final org.opendaylight.yang.gen.v1.urn.opendaylight
            .qkd.devices.rev261125.qkd.devices.device.connection.netconf.Netconf netconf) {
        if (netconf.getKeyId() != null) {
            return new KeyAuthBuilder().setKeyBased(new KeyBasedBuilder().setKeyId(netconf.getKeyId())
                .setUsername(netconf.getUsername()).build()).build();
        }
        final var encrypted = netconf.getEncryptedPassword();
        if (encrypted == null) {
            throw new IllegalArgumentException("device " + name + ": its password is not encrypted yet");
        }
        return new LoginPwBuilder().setLoginPassword(new LoginPasswordBuilder().setUsername(netconf.getUsername())
            .setPassword(encrypted).build()).build();
    }

    // whether a stored NETCONF node has the settings the adapter writes; the datastore may return it with the
    // model's defaults filled in, and leaves the adapter does not set are the operator's
    static boolean sameSettings(final Node stored, final Node wanted) {
        final var have = stored.augmentation(NetconfNodeAugment.class);
        final var want = wanted.augmentation(NetconfNodeAugment.class);
        if (have == null || have.getNetconfNode() == null) {
            return false;
        }
        final var a = have.getNetconfNode();
        final var b = want.getNetconfNode();
        return Objects.equals(a.getHost(), b.getHost()) && Objects.equals(a.getPort(), b.getPort())
            && Objects.equals(a.getCredentials(), b.getCredentials()) && Objects.equals(a.getTcpOnly(), b.getTcpOnly())
            && Objects.equals(a.getSchemaless(), b.getSchemaless())
            && Objects.equals(a.getKeepaliveDelay(), b.getKeepaliveDelay())
            && Objects.equals(a.getDefaultRequestTimeoutMillis(), b.getDefaultRequestTimeoutMillis())
            && Objects.equals(a.getMaxConnectionAttempts(), b.getMaxConnectionAttempts())
            && Objects.equals(a.getMinBackoffMillis(), b.getMinBackoffMillis())
            && Objects.equals(a.getMaxBackoffMillis(), b.getMaxBackoffMillis());
    }

    static DataObjectIdentifier<Node> nodePath(final String deviceName) {
        return DataObjectIdentifier.builder(NetworkTopology.class)
            .child(Topology.class, new TopologyKey(new TopologyId(TOPOLOGY)))
            .child(Node.class, new NodeKey(new NodeId(NODE_PREFIX + deviceName)))
            .build();
    }

    private final class MountedDevice implements QkdDevice {
        private final String name;
        private final String address;
        private final DataObjectIdentifier<Node> path;

        MountedDevice(final String name, final String address, final DataObjectIdentifier<Node> path) {
            this.name = name;
            this.address = address;
            this.path = path;
        }

        private QkdNode readNode(final DataBroker data, final long timeoutMillis) throws DeviceException,
                ExecutionException, TimeoutException, InterruptedException {
            try (var tx = data.newReadOnlyTransaction()) {
                return tx.read(LogicalDatastoreType.OPERATIONAL, QKD_NODE).get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> DeviceException.failed("the device at " + address + " has no qkd_node",
                        null));
            }
        }

        @Override
        public QkdNode read(final Duration timeout) throws DeviceException {
            final var mount = mounts.findMountPoint(path);
            if (mount.isEmpty()) {
                final var status = clientStatus();
                final var message = "no NETCONF session to " + address + " (" + status.orElse("not known to the "
                    + "NETCONF client yet") + ")";
                // still setting up, or given up (unable-to-connect) and the like
                throw status.isEmpty() || status.orElseThrow().equals(ConnectionStatus.Connecting.getName())
                    ? DeviceException.connecting(message) : DeviceException.unreachable(message, null);
            }
            final var data = mount.orElseThrow().getService(DataBroker.class);
            if (data.isEmpty()) {
                throw DeviceException.failed("the mount point of " + address + " offers no data", null);
            }
            final long deadline = System.nanoTime() + timeout.toNanos();
            try {
                // a first try within a short time, then one with the rest: with odl-netconf-clustered-topology a
                // read that comes right as the mount point appears can be lost before the session's master is set
                // up (its transaction is never answered), and a second transaction is
                final var first = Math.min(timeout.toMillis(), FIRST_READ_MILLIS);
                try {
                    return readNode(data.orElseThrow(), first);
                } catch (TimeoutException e) {
                    final long rest = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (rest <= 0) {
                        throw e;
                    }
                    LOG.debug("QKD device {}: no answer within {} ms, reading again", name, first);
                    return readNode(data.orElseThrow(), rest);
                }
            } catch (TimeoutException e) {
                throw DeviceException.unreachable("no answer from " + address + " within " + timeout.toMillis()
                    + " ms", e);
            } catch (ExecutionException e) {
                throw DeviceException.unreachable("reading " + address + " failed: " + e.getCause().getMessage(),
                    e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeviceException.unreachable("interrupted while reading " + address, e);
            }
        }

        @Override
        public void putLink(final QkdLink link, final Duration timeout) throws DeviceException {
            write(timeout, "writing link " + link.getQkdlId().getValue(), tx -> tx.mergeParentStructurePut(
                LogicalDatastoreType.CONFIGURATION, linkPath(link.getQkdlId()), link));
        }

        @Override
        public void deleteLink(final Uuid qkdlId, final Duration timeout) throws DeviceException {
            write(timeout, "removing link " + qkdlId.getValue(),
                tx -> tx.delete(LogicalDatastoreType.CONFIGURATION, linkPath(qkdlId)));
        }

        @Override
        public boolean takesApplications() {
            return true;
        }

        @Override
        public void putApplication(final QkdApp application, final Duration timeout) throws DeviceException {
            write(timeout, "writing application " + application.getAppId().getValue(),
                tx -> tx.mergeParentStructurePut(LogicalDatastoreType.CONFIGURATION,
                    applicationPath(application.getAppId()), application));
        }

        @Override
        public void deleteApplication(final Uuid appId, final Duration timeout) throws DeviceException {
            write(timeout, "removing application " + appId.getValue(),
                tx -> tx.delete(LogicalDatastoreType.CONFIGURATION, applicationPath(appId)));
        }

        @Override
        public InjectLinkFaultOutput injectLinkFault(final InjectLinkFaultInput fault, final Duration timeout)
                throws DeviceException {
            return invoke(InjectLinkFault.class, fault, timeout, "inject-link-fault");
        }

        @Override
        public RestartKeyManagerOutput restartKeyManager(final RestartKeyManagerInput restart,
                final Duration timeout) throws DeviceException {
            return invoke(RestartKeyManager.class, restart, timeout, "restart-key-manager");
        }

        @Override
        public int linkCompromised(final Uuid endA, final Uuid endB, final Instant since, final Duration timeout)
                throws DeviceException {
            final var answer = invoke(LinkCompromised.class, new LinkCompromisedInputBuilder()
                .setEndA(endA)
                .setEndB(endB)
                .setSince(new DateAndTime(since.toString()))
                .build(), timeout, "link-compromised");
            return answer.getDiscarded() == null ? 0 : answer.getDiscarded().intValue();
        }

        // one RPC of the device's own, through the mount point
        private <I extends RpcInput, O extends RpcOutput, R extends Rpc<I, O>> O invoke(final Class<R> type,
                final I input, final Duration timeout, final String rpc) throws DeviceException {
            final Future<RpcResult<O>> answer;
            try {
                answer = mounted(RpcService.class, "RPCs").getRpc(type).invoke(input);
            } catch (IllegalArgumentException e) {
                // the device's YANG has no such RPC
                throw DeviceException.failed(address + " does not offer " + rpc + ": " + e.getMessage(), e);
            }
            final var result = await(answer, timeout, "calling " + rpc);
            if (!result.isSuccessful() || result.getResult() == null) {
                throw DeviceException.failed(address + " refused " + rpc + ": " + result.getErrors().stream()
                    .map(error -> error.getMessage()).collect(Collectors.joining("; ")), null);
            }
            return result.getResult();
        }

        // a service of the device's mount point
        private <T extends BindingService> T mounted(final Class<T> type, final String offers)
                throws DeviceException {
            final var mount = mounts.findMountPoint(path);
            if (mount.isEmpty()) {
                throw DeviceException.unreachable("no NETCONF session to " + address, null);
            }
            return mount.orElseThrow().getService(type).orElseThrow(
                () -> DeviceException.failed("the mount point of " + address + " offers no " + offers, null));
        }

        // one configuration change through the mount point: edit-config and commit on the device
        private void write(final Duration timeout, final String what, final Consumer<WriteTransaction> change)
                throws DeviceException {
            final var tx = mounted(DataBroker.class, "data").newWriteOnlyTransaction();
            change.accept(tx);
            await(tx.commit(), timeout, what);
        }

        // what the device answers within a time: no answer is unreachable, a failure is a refusal
        private <T> T await(final Future<T> answer, final Duration timeout, final String what)
                throws DeviceException {
            try {
                return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw DeviceException.unreachable("no answer from " + address + " within " + timeout.toMillis()
                    + " ms while " + what, e);
            } catch (ExecutionException e) {
                throw DeviceException.failed(address + " refused " + what + ": " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeviceException.unreachable("interrupted while " + what + " on " + address, e);
            }
        }

        private static DataObjectIdentifier<QkdApp> applicationPath(final Uuid appId) {
            return QKD_NODE.toBuilder().child(QkdApplications.class).child(QkdApp.class, new QkdAppKey(appId))
                .build();
        }

        private static DataObjectIdentifier<QkdLink> linkPath(final Uuid qkdlId) {
            return QKD_NODE.toBuilder().child(QkdLinks.class).child(QkdLink.class, new QkdLinkKey(qkdlId)).build();
        }

        @Override
        public Registration watch(final Runnable changed) {
            final var watch = new Watch(name, changed);
            watches.put(path, watch);
            return () -> {
                watches.remove(path, watch);
                watch.unsubscribe();
            };
        }

        // what the NETCONF client says of the session (connecting, unable-to-connect, ...), empty when it has not
        // taken the node up yet
        private Optional<String> clientStatus() {
            try (var tx = broker.newReadOnlyTransaction()) {
                return tx.read(LogicalDatastoreType.OPERATIONAL, path).get(1, TimeUnit.SECONDS)
                    .map(node -> node.augmentation(NetconfNodeAugment.class))
                    .map(NetconfNodeAugment::getNetconfNode)
                    .map(node -> node.getConnectionStatus() == null ? ConnectionStatus.Connecting.getName()
                        : node.getConnectionStatus().getName());
            } catch (ExecutionException | TimeoutException e) {
                return Optional.of("status unknown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("status unknown");
            }
        }

        @Override
        public void close() {
            final var tx = broker.newWriteOnlyTransaction();
            tx.delete(LogicalDatastoreType.CONFIGURATION, path);
            tx.commit().addListener(() -> LOG.debug("QKD device {}: NETCONF node removed", name), Runnable::run);
        }
    }

    /**
     * What one device does when its mount point comes or goes: subscribe to its notifications on the new session,
     * and have it read at once.
     */
    private static final class Watch {
        private final String name;
        private final Runnable changed;
        // the subscription of the current mount point, replaced when the device reconnects
        private final AtomicReference<@Nullable Registration> subscription = new AtomicReference<>();

        Watch(final String name, final Runnable changed) {
            this.name = name;
            this.changed = changed;
        }

        void mounted(final MountPoint mountPoint) {
            replace(subscribe(mountPoint));
            changed.run();
        }

        void unmounted() {
            unsubscribe();
            changed.run();
        }

        void unsubscribe() {
            replace(null);
        }

        private void replace(final @Nullable Registration next) {
            final var previous = subscription.getAndSet(next);
            if (previous != null) {
                previous.close();
            }
        }

        // listens to the device's ETSI GS QKD 015 link and application notifications and asks it to send them (RFC 5277
        // create-subscription on its NETCONF stream); a device that sends none is read at the polling interval only
        private @Nullable Registration subscribe(final MountPoint mountPoint) {
            final var notifications = mountPoint.getService(NotificationService.class);
            final var rpcs = mountPoint.getService(RpcService.class);
            if (notifications.isEmpty() || rpcs.isEmpty()) {
                LOG.info("QKD device {}: its mount point offers no notifications; read every polling interval", name);
                return null;
            }
            final var service = notifications.orElseThrow();
            final var registrations = List.of(
                service.registerListener(Alarm.class, event -> changed.run(), Runnable::run),
                service.registerListener(SdqkdnLinkDown.class, event -> changed.run(), Runnable::run),
                service.registerListener(SdqkdnLinkPerfUpdate.class, event -> changed.run(), Runnable::run),
                service.registerListener(SdqkdnApplicationNew.class, event -> changed.run(), Runnable::run),
                service.registerListener(SdqkdnApplicationQosUpdate.class, event -> changed.run(), Runnable::run),
                service.registerListener(SdqkdnApplicationDisconnected.class, event -> changed.run(), Runnable::run));
            Futures.addCallback(rpcs.orElseThrow().getRpc(CreateSubscription.class)
                .invoke(new CreateSubscriptionInputBuilder().build()), new FutureCallback<RpcResult<?>>() {
                    @Override
                    public void onSuccess(final RpcResult<?> result) {
                        if (result.isSuccessful()) {
                            LOG.info("QKD device {}: subscribed to its notifications", name);
                        } else {
                            LOG.info("QKD device {}: no notifications ({}); read every polling interval", name,
                                result.getErrors());
                        }
                    }

                    @Override
                    public void onFailure(final Throwable cause) {
                        LOG.info("QKD device {}: no notifications ({}); read every polling interval", name,
                            cause.getMessage());
                    }
                }, MoreExecutors.directExecutor());
            return () -> registrations.forEach(Registration::close);
        }
    }
}
