/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.FluentFuture;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.MoreExecutors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataTreeChangeListener;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.mdsal.binding.api.TransactionChain;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.southbound.api.DeviceConnector;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.qkd.southbound.impl.TopologyView.DeviceReport;
import org.opendaylight.qkd.southbound.impl.TopologyView.Topology;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.NetworkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NetworkTypesBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.LinkKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdAlarms;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.Alarm;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.AlarmKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.Status;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.Status.ConnectionStatus;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.StatusBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.Netconf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.NetconfBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.NetworkTypes1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.networks.network.network.types.QkdNetworkBuilder;
import org.opendaylight.yangtools.binding.DataObject;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Empty;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manages the devices declared in the configuration datastore ({@code qkd-devices}): reads each one at the polling
 * interval through the adapter that serves its kind of connection, and keeps the QKD network of the operational
 * topology and each device's status current. A device that does not answer is unreachable and its links go down;
 * one that answers with unusable data (no qkdn_id, a link that names another node as its local end, a link without
 * a far end) is failed, with the reason in its status, and its links go down too: what it reported last before
 * stays, nothing of the bad answer is written. Devices that report the same qkdn_id are all failed, naming each
 * other, and none of their data is believed until only one of them reports it. Alarms ({@link Alarms}) are kept
 * in {@code qkd-alarms} and sent as notifications once written. Only the operational datastore is written;
 * declarations are never touched.
 */
public final class DeviceManager implements DataTreeChangeListener<QkdDevices>, AutoCloseable {
    static final String DEFAULT_NETWORK = "qkd";
    static final long DEFAULT_POLLING_MILLIS = 5_000;
    // a device whose session is up is unreachable only when a read gets no answer for at least this long, however
    // often it is polled: a busy controller (a cluster member taking over on a loaded machine, say) answers late,
    // and a device flipped to unreachable takes its links down and moves every service that crosses them
    static final long MIN_READ_TIMEOUT_MILLIS = 3_000;
    // devices get at least this long to take a configuration change
    private static final long MIN_WRITE_TIMEOUT_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceManager.class);
    private static final int EVENT_READERS = 4;

    private final DataBroker broker;
    private final List<DeviceConnector> connectors;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final Consumer<Notification<?>> notifications;
    private final AAAEncryptionService encryption;
    private final Registration listener;
    private final Registration serviceListener;
    // reads a device asked for with an event: not queued behind the polls that are due
    private final ExecutorService eventReaders = Executors.newFixedThreadPool(EVENT_READERS, runnable -> {
        final var thread = new Thread(runnable, "qkd-southbound-event");
        thread.setDaemon(true);
        return thread;
    });
    // writes what the reads gave, one publication at a time
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(runnable -> {
        final var thread = new Thread(runnable, "qkd-southbound-publish");
        thread.setDaemon(true);
        return thread;
    });

    // guarded by this
    private final Map<String, Session> sessions = new TreeMap<>();
    private final List<Runnable> connectionWatchers = new CopyOnWriteArrayList<>();
    private final Map<String, Status> writtenStatus = new HashMap<>();
    private final Alarms alarms = new Alarms();
    private String networkId = DEFAULT_NETWORK;
    private long pollingMillis = DEFAULT_POLLING_MILLIS;
    private Topology written = new Topology(Map.of(), Map.of());
    private boolean networkWritten;
    private boolean closed;
    private boolean publishQueued;
    private Map<String, Long> exhaustion = Map.of();

    // a declaration given with a clear password, and the same with it encrypted
    private record Sealing(Device clear, Device sealed) {
    }
    // one chain, so that each write sees the ones before it; replaced after a failure
    private @Nullable TransactionChain chain;

    /**
     * Starts managing the declared devices.
     *
     * @param broker the data broker
     * @param connectors the device adapters
     * @param scheduler runs the reads
     * @param clock gives the times in statuses and topology
     * @param notifications sends the alarm notifications, once their alarms are written
     * @param encryption encrypts the NETCONF passwords declared, which are kept only encrypted
     */
    public DeviceManager(final DataBroker broker, final List<DeviceConnector> connectors,
            final ScheduledExecutorService scheduler, final InstantSource clock,
            final Consumer<Notification<?>> notifications, final AAAEncryptionService encryption) {
        this.encryption = requireNonNull(encryption);
        this.broker = requireNonNull(broker);
        this.connectors = List.copyOf(connectors);
        this.scheduler = requireNonNull(scheduler);
        this.clock = requireNonNull(clock);
        this.notifications = requireNonNull(notifications);
        listener = broker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
            DataObjectReference.builder(QkdDevices.class).build(), this);
        // the key services' predicted exhaustion, for key-exhaustion-soon
        serviceListener = broker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(KeyServices.class).build(),
            changes -> exhaustionChanged(changes.getLast().getRootNode().dataAfter()));
    }

    // under the lock: the services whose exhaustion time is known now; alarms follow at the next publication
    private synchronized void exhaustionChanged(final @Nullable KeyServices services) {
        final var now = new HashMap<String, Long>();
        if (services != null) {
            for (var service : services.nonnullKeyService().values()) {
                final var state = service.getState();
                if (state != null && state.getExhaustionTime() != null) {
                    now.put(service.getServiceId(), state.getExhaustionTime().longValue());
                }
            }
        }
        if (!now.equals(exhaustion)) {
            exhaustion = Map.copyOf(now);
            if (!closed) {
                publishSoon();
            }
        }
    }

    @Override
    public void onDataTreeChanged(final List<DataTreeModification<QkdDevices>> changes) {
        reconcile(changes.get(changes.size() - 1).getRootNode().dataAfter());
    }

    @Override
    public void onInitialData() {
        reconcile(null);
    }

    private synchronized void reconcile(final @Nullable QkdDevices config) {
        if (closed) {
            return;
        }
        final var newNetwork = config == null || config.getNetworkId() == null ? DEFAULT_NETWORK
            : config.getNetworkId().getValue();
        final long newPolling = config == null || config.getPollingInterval() == null ? DEFAULT_POLLING_MILLIS
            : config.getPollingInterval().longValue();
        final var declared = new TreeMap<String, Device>();
        final var toSeal = new HashMap<String, Sealing>();
        if (config != null) {
            for (var device : config.nonnullDevice().values()) {
                final var kept = sealed(device, toSeal);
                if (kept != null) {
                    declared.put(device.getName().getValue(), kept);
                }
            }
        }
        writeSealed(toSeal);
        final var tx = writer();
        if (!newNetwork.equals(networkId)) {
            if (networkWritten) {
                tx.delete(LogicalDatastoreType.OPERATIONAL, network(networkId));
            }
            networkId = newNetwork;
            networkWritten = false;
            written = new Topology(Map.of(), Map.of());
        }
        alarms.setThresholds(Alarms.Thresholds.of(config == null ? null : config.getAlarmThresholds()));
        final boolean intervalChanged = newPolling != pollingMillis;
        pollingMillis = newPolling;
        for (var it = sessions.entrySet().iterator(); it.hasNext();) {
            // read before remove(): a removed TreeMap entry may take its successor's key
            final var entry = it.next();
            final var name = entry.getKey();
            final var session = entry.getValue();
            final var declaration = declared.get(name);
            if (declaration != null && declaration.equals(session.declaration)) {
                if (intervalChanged) {
                    // same device, new interval: keep its session (a NETCONF mount stays up)
                    session.reschedule(pollingMillis);
                }
            } else {
                session.stop();
                it.remove();
                if (declaration == null) {
                    writtenStatus.remove(name);
                    tx.delete(LogicalDatastoreType.OPERATIONAL, deviceId(name));
                    LOG.info("QKD device {} no longer managed", name);
                }
            }
        }
        for (var declaration : declared.values()) {
            final var name = declaration.getName().getValue();
            if (!sessions.containsKey(name)) {
                final var session = new Session(declaration);
                sessions.put(name, session);
                session.start(pollingMillis);
            }
        }
        publish(tx);
    }

    // under the lock: a declaration as it is kept, its NETCONF password encrypted. A password given in clear is
    // encrypted and the declaration written again without it; the declaration a device's session runs with, given
    // again in clear (also before its encrypted form is read back), keeps that session's encryption, so that the
    // session does not restart. Null when the password cannot be encrypted: the device is not managed
    private @Nullable Device sealed(final Device device, final Map<String, Sealing> toWrite) {
        final var name = device.getName().getValue();
        if (!(device.getConnection() instanceof Netconf connection) || connection.getNetconf() == null
                || connection.getNetconf().getPassword() == null) {
            return device;
        }
        final var clear = connection.getNetconf().getPassword().getBytes(StandardCharsets.UTF_8);
        try {
            // the declaration a session runs with, given again in clear: the same, so that the session stays
            final var session = sessions.get(name);
            boolean same = false;
            if (session != null && session.declaration.getConnection() instanceof Netconf running
                    && running.getNetconf() != null && running.getNetconf().getEncryptedPassword() != null) {
                final var known = running.getNetconf().getEncryptedPassword();
                if (withPassword(device, known).equals(session.declaration)) {
                    final var decrypted = encryption.decrypt(known);
                    same = MessageDigest.isEqual(clear, decrypted);
                    Arrays.fill(decrypted, (byte) 0);
                }
            }
            final var sealed = same ? session.declaration : withPassword(device, encryption.encrypt(clear));
            toWrite.put(name, new Sealing(device, sealed));
            LOG.info("QKD device {}: NETCONF password encrypted, the clear one removed from the datastore", name);
            return sealed;
        } catch (GeneralSecurityException e) {
            LOG.error("QKD device {}: its NETCONF password cannot be encrypted; the device is not managed", name, e);
            return null;
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    // a NETCONF declaration with an encrypted password instead of whatever password it had
    private static Device withPassword(final Device device, final byte[] encrypted) {
        final var connection = (Netconf) device.getConnection();
        return new DeviceBuilder(device).setConnection(new NetconfBuilder(connection)
            .setNetconf(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device
                .connection.netconf.NetconfBuilder(connection.getNetconf()).setPassword(null)
                .setEncryptedPassword(encrypted).build())
            .build()).build();
    }

    static Duration readTimeout(final long pollingMillis) {
        return Duration.ofMillis(Math.max(pollingMillis, MIN_READ_TIMEOUT_MILLIS));
    }

    // under the lock: what a read of a device gave
    private synchronized void apply(final Session session, final @Nullable QkdNode data,
            final @Nullable DeviceException failure) {
        if (closed || sessions.get(session.name) != session) {
            return;
        }
        final var now = clock.instant();
        final ConnectionStatus status;
        String error = null;
        if (failure == null) {
            final var qkdnId = requireNonNull(data).getQkdnId();
            session.reported = qkdnId;
            final var twins = sessions.values().stream()
                .filter(other -> other != session && qkdnId.equals(other.reported)).toList();
            if (twins.isEmpty()) {
                status = ConnectionStatus.Connected;
                session.data = data;
                session.lastRead = now;
            } else {
                // which one is the device with that identity is for the operator to say: none is believed, and
                // what they said before is forgotten (their links leave the topology)
                status = ConnectionStatus.Failed;
                error = twinError(qkdnId, twins.stream().map(twin -> twin.name).toList());
                session.data = null;
                for (var twin : twins) {
                    twin.data = null;
                    twin.update(ConnectionStatus.Failed, twinError(qkdnId, List.of(session.name)), now);
                }
            }
        } else {
            session.reported = null;
            status = switch (failure.kind()) {
                // a device that was read before and lost its session is unreachable while it reconnects
                case CONNECTING -> session.lastRead == null ? ConnectionStatus.Connecting
                    : ConnectionStatus.Unreachable;
                case UNREACHABLE -> ConnectionStatus.Unreachable;
                case FAILED -> ConnectionStatus.Failed;
            };
            error = failure.getMessage();
        }
        final boolean connected = status == ConnectionStatus.Connected && session.status != ConnectionStatus.Connected;
        session.update(status, error, now);
        publishSoon();
        if (connected) {
            // told outside the lock
            publisher.execute(() -> connectionWatchers.forEach(Runnable::run));
        }
    }

    /**
     * Asks to be told each time a device becomes connected (its first read after it was not).
     *
     * @param watcher called on the manager's publishing thread; it must not block
     * @return what stops the calls
     */
    Registration watchConnections(final Runnable watcher) {
        requireNonNull(watcher);
        connectionWatchers.add(watcher);
        return () -> connectionWatchers.remove(watcher);
    }

    // under the lock: the topology, statuses and alarms are written soon, once for all the reads that come before
    // that; each publication looks at every device, so one per read would cost hundreds of devices times as much
    private void publishSoon() {
        if (!publishQueued) {
            publishQueued = true;
            publisher.execute(this::publishNow);
        }
    }

    private synchronized void publishNow() {
        publishQueued = false;
        if (!closed) {
            publish(writer());
        }
    }

    private static String twinError(final Uuid qkdnId, final List<String> others) {
        return "qkdn_id " + qkdnId.getValue() + " is also reported by device " + String.join(", ", others);
    }

    // under the lock: a transaction of the chain, a new chain after a failed one
    private WriteTransaction writer() {
        var current = chain;
        if (current == null) {
            current = broker.createTransactionChain();
            final var created = current;
            current.addCallback(new FutureCallback<Empty>() {
                @Override
                public void onSuccess(final Empty result) {
                    // closed
                }

                @Override
                public void onFailure(final Throwable cause) {
                    LOG.warn("QKD southbound: topology update not written, everything is written again", cause);
                    chainFailed(created);
                }
            });
            chain = current;
        }
        return current.newWriteOnlyTransaction();
    }

    // after a failed write nothing written is certain: the next publication writes everything again
    private synchronized void chainFailed(final TransactionChain failed) {
        if (chain == failed) {
            chain = null;
            written = new Topology(Map.of(), Map.of());
            writtenStatus.clear();
            networkWritten = false;
            alarms.rewriteAll();
        }
    }

    // the declarations whose passwords were encrypted, written again in a transaction of their own (the chain's are
    // on the operational datastore), each only if it is still the one encrypted: an operator's newer change stays,
    // and is encrypted in its turn; a failed write is encrypted again. Off the listener's thread: it reads.
    private void writeSealed(final Map<String, Sealing> toWrite) {
        if (toWrite.isEmpty()) {
            return;
        }
        publisher.execute(() -> {
            final var tx = broker.newReadWriteTransaction();
            try {
                for (var entry : toWrite.entrySet()) {
                    final var path = deviceId(entry.getKey());
                    final var current = tx.read(LogicalDatastoreType.CONFIGURATION, path).get(10, TimeUnit.SECONDS);
                    if (current.isPresent() && current.orElseThrow().equals(entry.getValue().clear())) {
                        tx.put(LogicalDatastoreType.CONFIGURATION, path, entry.getValue().sealed());
                    }
                }
                tx.commit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                tx.cancel();
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                tx.cancel();
                LOG.warn("QKD southbound: declarations with encrypted passwords not written, trying again", e);
                reconcileFromDatastore();
            }
        });
    }

    private void reconcileFromDatastore() {
        final var tx = broker.newReadOnlyTransaction();
        tx.read(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdDevices.class).build())
            .addCallback(new FutureCallback<Optional<QkdDevices>>() {
                @Override
                public void onSuccess(final Optional<QkdDevices> result) {
                    tx.close();
                    reconcile(result.orElse(null));
                }

                @Override
                public void onFailure(final Throwable cause) {
                    tx.close();
                    LOG.warn("QKD southbound: declarations not read again after a failed write", cause);
                }
            }, MoreExecutors.directExecutor());
    }

    // under the lock: writes what changed in the topology and the statuses
    private void publish(final WriteTransaction tx) {
        final var now = clock.instant();
        final var reports = new ArrayList<DeviceReport>();
        for (var session : sessions.values()) {
            reports.add(new DeviceReport(session.declaration, session.status == ConnectionStatus.Connected,
                session.data));
        }
        final var reported = TopologyView.compute(reports, written, now);
        final var unreachable = sessions.values().stream()
            .filter(session -> session.status == ConnectionStatus.Unreachable).map(session -> session.name).toList();
        final var alarmChanges = alarms.evaluate(unreachable, reported.links(), exhaustion, now);
        final var topology = TopologyView.degrade(reported, alarms.thresholds().qberHigh(),
            alarms.thresholds().qberHysteresis(), written, now);
        final var path = network(networkId);
        boolean changed = false;
        if (!networkWritten) {
            tx.merge(LogicalDatastoreType.OPERATIONAL, path, new NetworkBuilder()
                .setNetworkId(new NetworkId(networkId))
                .setNetworkTypes(new NetworkTypesBuilder().addAugmentation(new NetworkTypes1Builder()
                    .setQkdNetwork(new QkdNetworkBuilder().build()).build()).build())
                .build());
            networkWritten = true;
            changed = true;
        }
        changed |= writeChanges(tx, topology.nodes(), written.nodes(),
            node -> path.toBuilder().child(Node.class, new NodeKey(new NodeId(node))).build());
        changed |= writeChanges(tx, topology.links(), written.links(), link -> linkId(path, link));
        written = topology;
        for (var session : sessions.values()) {
            final var status = session.status();
            if (!status.equals(writtenStatus.get(session.name))) {
                // the operational entry is the declaration with its status
                tx.put(LogicalDatastoreType.OPERATIONAL, deviceId(session.name),
                    new DeviceBuilder(session.declaration).setStatus(status).build());
                writtenStatus.put(session.name, status);
                changed = true;
            }
        }
        for (var alarm : alarmChanges.written()) {
            tx.put(LogicalDatastoreType.OPERATIONAL, alarmId(alarm.getId()), alarm);
            changed = true;
        }
        for (var id : alarmChanges.removed()) {
            tx.delete(LogicalDatastoreType.OPERATIONAL, alarmId(id));
            changed = true;
        }
        if (changed) {
            commit(tx, alarmChanges.notifications());
        } else {
            tx.cancel();
        }
    }

    // puts the entries that differ from those written before and deletes those gone; true when there was any
    private static <T extends DataObject> boolean writeChanges(final WriteTransaction tx, final Map<String, T> now,
            final Map<String, T> before, final Function<String, DataObjectIdentifier<T>> where) {
        boolean changed = false;
        for (var entry : now.entrySet()) {
            if (!entry.getValue().equals(before.get(entry.getKey()))) {
                tx.put(LogicalDatastoreType.OPERATIONAL, where.apply(entry.getKey()), entry.getValue());
                changed = true;
            }
        }
        for (var key : before.keySet()) {
            if (!now.containsKey(key)) {
                tx.delete(LogicalDatastoreType.OPERATIONAL, where.apply(key));
                changed = true;
            }
        }
        return changed;
    }

    // a failure fails the chain, which writes everything again; notifications follow what is written
    private void commit(final WriteTransaction tx, final List<? extends Notification<?>> sent) {
        tx.commit().addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                sent.forEach(notifications);
            }

            @Override
            public void onFailure(final Throwable cause) {
                LOG.debug("QKD southbound: update not written", cause);
            }
        }, MoreExecutors.directExecutor());
    }

    private static DataObjectIdentifier<Network> network(final String id) {
        return DataObjectIdentifier.builder(Networks.class).child(Network.class, new NetworkKey(new NetworkId(id)))
            .build();
    }

    private static DataObjectIdentifier<Link> linkId(final DataObjectIdentifier<Network> network, final String id) {
        return network.toBuilder().augmentation(Network1.class).child(Link.class, new LinkKey(new LinkId(id)))
            .build();
    }

    private static DataObjectIdentifier<Alarm> alarmId(final Uint64 id) {
        return DataObjectIdentifier.builder(QkdAlarms.class).child(Alarm.class, new AlarmKey(id)).build();
    }

    private static DataObjectIdentifier<Device> deviceId(final String name) {
        return DataObjectIdentifier.builder(QkdDevices.class).child(Device.class, new DeviceKey(new NodeId(name)))
            .build();
    }

    /**
     * A device on a path to provision, connected, and its node's qkdn_id.
     *
     * @param name the device
     * @param device its adapter
     * @param qkdnId the qkdn_id it reported last
     */
    record Hop(String name, QkdDevice device, Uuid qkdnId) {
    }

    /**
     * The devices along a path, each declared and connected.
     *
     * @param hops device names from one end to the other
     * @return the devices, in path order
     * @throws ProvisionException naming a device that is not declared or not connected
     */
    synchronized List<Hop> connectedHops(final List<String> hops) throws ProvisionException {
        final var found = new ArrayList<Hop>();
        for (var hop : hops) {
            final var session = sessions.get(hop);
            if (session == null) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "unknown-device", "no device named " + hop);
            }
            if (session.status != ConnectionStatus.Connected || session.data == null || session.device == null) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "device-not-connected",
                    "device " + hop + " is " + session.status.getName() + ", not connected");
            }
            found.add(new Hop(hop, session.device, session.data.getQkdnId()));
        }
        return List.copyOf(found);
    }

    /**
     * Writes to the operational datastore on the chain of the topology's writes, so that each write sees the ones
     * before it.
     *
     * @param write what to write
     * @param what the write, for the log
     * @return done once the write is committed, failed when it is not
     */
    synchronized FluentFuture<? extends CommitInfo> writeOperational(final Consumer<WriteTransaction> write,
            final String what) {
        final var tx = writer();
        write.accept(tx);
        final var commit = tx.commit();
        commit.addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                LOG.trace("QKD southbound: {} written", what);
            }

            @Override
            public void onFailure(final Throwable cause) {
                LOG.warn("QKD southbound: {} not written", what, cause);
            }
        }, MoreExecutors.directExecutor());
        return commit;
    }

    /**
     * Whether a declared device takes applications (its node has a key manager).
     *
     * @param name the device
     * @return true when declared and its adapter writes applications
     */
    synchronized boolean takesApplications(final String name) {
        final var session = sessions.get(name);
        return session != null && session.device != null && session.device.takesApplications();
    }

    /**
     * The declared devices.
     *
     * @return their names
     */
    synchronized List<String> names() {
        return List.copyOf(sessions.keySet());
    }

    /**
     * A declared device's adapter, connected or not.
     *
     * @param name the device
     * @return its adapter, empty when it is not declared or no adapter serves it
     */
    synchronized Optional<QkdDevice> device(final String name) {
        final var session = sessions.get(name);
        return session == null ? Optional.empty() : Optional.ofNullable(session.device);
    }

    /**
     * A connected device's adapter.
     *
     * @param name the device
     * @return its adapter, empty unless it is connected
     */
    synchronized Optional<QkdDevice> connectedDevice(final String name) {
        final var session = sessions.get(name);
        return session == null || session.status != ConnectionStatus.Connected ? Optional.empty()
            : Optional.ofNullable(session.device);
    }

    /**
     * What a connected device reported last.
     *
     * @param name the device
     * @return its node, empty unless it is connected
     */
    synchronized Optional<QkdNode> lastRead(final String name) {
        final var session = sessions.get(name);
        return session == null || session.status != ConnectionStatus.Connected ? Optional.empty()
            : Optional.ofNullable(session.data);
    }

    /**
     * How long a device may take to take a configuration change.
     *
     * @return the time
     */
    synchronized Duration writeTimeout() {
        return Duration.ofMillis(Math.max(pollingMillis, MIN_WRITE_TIMEOUT_MILLIS));
    }

    /**
     * Stops reading devices and hands them over as they are: their connections (a NETCONF device's node in the
     * NETCONF client's topology, so its mount point) and what the operational datastore says of them stay, for the
     * controller member that manages them next.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listener.close();
            serviceListener.close();
            sessions.values().forEach(Session::handOver);
            sessions.clear();
            if (chain != null) {
                chain.close();
                chain = null;
            }
        }
        publisher.shutdown();
        eventReaders.shutdown();
    }

    // checks what a device answered; the message names the problem
    static void check(final QkdNode data) throws DeviceException {
        final var qkdnId = data.getQkdnId();
        if (qkdnId == null) {
            throw DeviceException.failed("the device reports no qkdn_id", null);
        }
        if (data.getQkdLinks() == null) {
            return;
        }
        for (var link : data.getQkdLinks().nonnullQkdLink().values()) {
            final var id = link.getQkdlId().getValue();
            final var local = link.getQkdlLocal();
            if (local != null && local.getQkdnId() != null && !local.getQkdnId().equals(qkdnId)) {
                throw DeviceException.failed("link " + id + " names node " + local.getQkdnId().getValue()
                    + " as its local end, not the device's " + qkdnId.getValue(), null);
            }
            final var remote = link.getQkdlRemote();
            if ((link.getQkdlType() == null || PHYS.VALUE.equals(link.getQkdlType()))
                    && (remote == null || remote.getQkdnId() == null)) {
                throw DeviceException.failed("link " + id + " has no remote qkdn_id", null);
            }
            if (remote != null && qkdnId.equals(remote.getQkdnId())) {
                throw DeviceException.failed("link " + id + " ends at the device itself", null);
            }
        }
    }

    /**
     * One managed device: its adapter, its last good data and its status.
     */
    private final class Session {
        final String name;
        final Device declaration;
        // guarded by DeviceManager.this
        ConnectionStatus status = ConnectionStatus.Connecting;
        @Nullable QkdNode data;
        @Nullable String error;
        @Nullable Instant lastRead;
        Instant lastChange;
        // the qkdn_id the device gave in its last answer, believed or not; null while it does not answer
        @Nullable Uuid reported;
        final @Nullable QkdDevice device;
        private @Nullable ScheduledFuture<?> task;
        private @Nullable Registration watch;
        // a device that takes longer than the polling interval (and at least MIN_READ_TIMEOUT_MILLIS) to answer is
        // unreachable
        private volatile Duration readTimeout = readTimeout(DEFAULT_POLLING_MILLIS);
        // one read at a time: a scheduled read and one an event asked for must not overtake each other
        private final Object reading = new Object();
        // an event's read is queued: a burst of events (one per link of a cut fiber, say) gives one read
        private final AtomicBoolean readQueued = new AtomicBoolean();

        Session(final Device declaration) {
            this.declaration = declaration;
            name = declaration.getName().getValue();
            lastChange = clock.instant();
            final var connector = connectors.stream().filter(candidate -> candidate.serves(declaration)).findFirst();
            device = connector.map(found -> found.open(declaration)).orElse(null);
            if (device == null) {
                status = ConnectionStatus.Failed;
                error = "no adapter serves the device's kind of connection";
            }
        }

        // under the manager's lock
        void update(final ConnectionStatus newStatus, final @Nullable String newError, final Instant now) {
            if (newStatus != status) {
                LOG.info("QKD device {}: {}{}", name, newStatus.getName(),
                    newError == null ? "" : " (" + newError + ")");
                lastChange = now;
            }
            status = newStatus;
            error = newError;
        }

        void start(final long intervalMillis) {
            if (device != null) {
                LOG.info("QKD device {}: managed, read every {} ms", name, intervalMillis);
                reschedule(intervalMillis);
                watch = device.watch(this::readSoon);
            }
        }

        // under the manager's lock
        void reschedule(final long intervalMillis) {
            if (device != null) {
                if (task != null) {
                    task.cancel(false);
                }
                readTimeout = readTimeout(intervalMillis);
                task = scheduler.scheduleWithFixedDelay(this::poll, 0, intervalMillis, TimeUnit.MILLISECONDS);
            }
        }

        // no longer managed: its connection is closed
        void stop() {
            handOver();
            if (device != null) {
                device.close();
            }
        }

        // managed by another member from now on: its connection stays as it is
        void handOver() {
            if (watch != null) {
                watch.close();
            }
            if (task != null) {
                task.cancel(false);
            }
        }

        // the device may have changed: read it now, once for events that come before that read starts
        private void readSoon() {
            if (readQueued.compareAndSet(false, true)) {
                try {
                    eventReaders.execute(() -> {
                        // cleared before the read: an event during the read gets a read of its own after it
                        readQueued.set(false);
                        poll();
                    });
                } catch (RejectedExecutionException e) {
                    LOG.debug("QKD device {}: event after the southbound closed, not read", name, e);
                }
            }
        }

        // an unexpected failure of an adapter must not end the polling, which a scheduled task's exception would
        @SuppressWarnings("checkstyle:IllegalCatch")
        private void poll() {
            synchronized (reading) {
                QkdNode read = null;
                DeviceException failure = null;
                try {
                    read = requireNonNull(device).read(readTimeout);
                    check(read);
                } catch (DeviceException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    LOG.warn("QKD device {}: read failed", name, e);
                    failure = DeviceException.failed("reading the device failed: " + e, e);
                }
                apply(this, failure == null ? read : null, failure);
            }
        }

        Status status() {
            final var builder = new StatusBuilder()
                .setConnectionStatus(status)
                .setLastChange(TopologyView.time(lastChange))
                .setError(error);
            if (data != null) {
                builder.setQkdnId(data.getQkdnId())
                    .setLinkCount(Uint32.valueOf(data.getQkdLinks() == null ? 0
                        : data.getQkdLinks().nonnullQkdLink().size()));
            }
            if (lastRead != null) {
                builder.setLastRead(TopologyView.time(lastRead));
            }
            return builder.build();
        }
    }
}
