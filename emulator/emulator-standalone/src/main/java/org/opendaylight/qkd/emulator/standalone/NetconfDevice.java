/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import com.google.common.util.concurrent.Futures;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMDataTreeChangeListener;
import org.opendaylight.mdsal.dom.api.DOMSchemaService;
import org.opendaylight.mdsal.dom.broker.DOMRpcRouter;
import org.opendaylight.mdsal.dom.broker.RouterDOMRpcService;
import org.opendaylight.mdsal.dom.broker.SerializedDOMDataBroker;
import org.opendaylight.mdsal.dom.store.inmemory.InMemoryDOMDataStore;
import org.opendaylight.mdsal.dom.store.inmemory.InMemoryDOMDataStoreFactory;
import org.opendaylight.netconf.api.TransportConstants;
import org.opendaylight.netconf.common.NetconfTimer;
import org.opendaylight.netconf.server.NetconfServerSessionNegotiatorFactory;
import org.opendaylight.netconf.server.ServerTransportInitializer;
import org.opendaylight.netconf.server.api.monitoring.NetconfMonitoringService;
import org.opendaylight.netconf.server.api.operations.NetconfOperation;
import org.opendaylight.netconf.server.impl.DefaultSessionIdProvider;
import org.opendaylight.netconf.server.mdsal.MdsalNetconfOperationServiceFactory;
import org.opendaylight.netconf.server.mdsal.monitoring.GetSchema;
import org.opendaylight.netconf.server.osgi.AggregatedNetconfOperationServiceFactory;
import org.opendaylight.netconf.server.osgi.NetconfMonitoringServiceImpl;
import org.opendaylight.netconf.shaded.sshd.common.kex.BuiltinDHFactories;
import org.opendaylight.netconf.shaded.sshd.common.kex.KeyExchangeFactory;
import org.opendaylight.netconf.shaded.sshd.common.keyprovider.KeyPairProvider;
import org.opendaylight.netconf.shaded.sshd.server.ServerBuilder;
import org.opendaylight.netconf.shaded.sshd.server.auth.password.UserAuthPasswordFactory;
import org.opendaylight.netconf.shaded.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.opendaylight.netconf.transport.api.UnsupportedConfigurationException;
import org.opendaylight.netconf.transport.ssh.SSHServer;
import org.opendaylight.netconf.transport.ssh.SSHTransportStackFactory;
import org.opendaylight.qkd.security.SecurityEvent;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.netconf.server.rev240814.netconf.server.listen.stack.grouping.transport.ssh.ssh.TcpServerParametersBuilder;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.tcp.server.rev241010.tcp.server.grouping.LocalBindBuilder;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.ContainerNode;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.data.tree.api.DataTreeCandidate;

/**
 * One emulated device's NETCONF server: its own configuration and operational datastores behind ODL's NETCONF
 * server (get, get-config, edit-config, lock, get-schema, ...) and RFC 5277 create-subscription, listening for SSH
 * with password authentication on one loopback port. {@code <get>} answers from the operational store,
 * {@code <get-config>} from the configuration store; an {@code <edit-config>} whose result the validator refuses
 * fails with an {@code rpc-error} naming the reason, and changes nothing.
 */
final class NetconfDevice implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;
    // Classical key exchanges only: the client's default, sntrup761x25519 in Bouncy Castle's pure Java, costs each
    // side tens of milliseconds of CPU per handshake, which hundreds of devices connecting at once turn into a minute
    private static final List<KeyExchangeFactory> KEY_EXCHANGES = List.of(
        ServerBuilder.DH2KEX.apply(BuiltinDHFactories.curve25519),
        ServerBuilder.DH2KEX.apply(BuiltinDHFactories.ecdhp256));

    private final String name;
    private final int port;
    private final ExecutorService commitExecutor;
    private final InMemoryDOMDataStore configStore;
    private final InMemoryDOMDataStore operationalStore;
    private final DOMDataBroker dataBroker;
    private final DOMRpcRouter rpcRouter;
    private final AggregatedNetconfOperationServiceFactory operations = new AggregatedNetconfOperationServiceFactory();
    private final MdsalNetconfOperationServiceFactory mdsalOperations;
    private final NetconfMonitoringServiceImpl monitoring;
    private final DeviceNotifications notifications;
    private SSHServer server;

    /**
     * Starts a device.
     *
     * @param name device name, for messages and thread names
     * @param ssh shared SSH transport (one event loop for all devices)
     * @param timer shared NETCONF timer
     * @param schema the devices' schema
     * @param host address to listen on
     * @param port port to listen on
     * @param credentials the user and password a client must present
     * @param hostKey the device's SSH host key
     * @param configPath the configuration clients edit
     * @param validator checks each configuration a client's commit would leave there
     * @throws DeviceStartException when the port cannot be bound; everything started is closed again
     */
    NetconfDevice(final String name, final SSHTransportStackFactory ssh, final NetconfTimer timer,
            final DOMSchemaService schema, final String host, final int port, final Credentials credentials,
            final KeyPair hostKey, final YangInstanceIdentifier configPath,
            final ValidatingDataBroker.Validator validator) throws DeviceStartException {
        this.name = name;
        this.port = port;
        // one commit thread: the in-memory datastore expects ordered commits
        commitExecutor = Executors.newSingleThreadExecutor(runnable -> {
            final var thread = new Thread(runnable, "qkd-device-" + name);
            thread.setDaemon(true);
            return thread;
        });
        configStore = InMemoryDOMDataStoreFactory.create("config-" + name, schema);
        operationalStore = InMemoryDOMDataStoreFactory.create("operational-" + name, schema);
        dataBroker = new SerializedDOMDataBroker(Map.of(LogicalDatastoreType.CONFIGURATION, configStore,
            LogicalDatastoreType.OPERATIONAL, operationalStore), commitExecutor);
        rpcRouter = new DOMRpcRouter(schema);
        mdsalOperations = new MdsalNetconfOperationServiceFactory(schema,
            new ValidatingDataBroker(dataBroker, configPath, validator),
            new RouterDOMRpcService(rpcRouter), operations);
        monitoring = new NetconfMonitoringServiceImpl(operations);
        operations.onAddNetconfOperationServiceFactory(new GetSchemaFactory(monitoring));
        notifications = new DeviceNotifications(name, schema.getGlobalContext());
        operations.onAddNetconfOperationServiceFactory(notifications);

        final var negotiator = NetconfServerSessionNegotiatorFactory.builder()
            .setTimer(timer)
            .setAggregatedOpService(operations)
            .setIdProvider(new DefaultSessionIdProvider())
            .setConnectionTimeoutMillis(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS))
            .setMonitoringService(monitoring)
            .build();
        final var listen = new TcpServerParametersBuilder()
            .setLocalBind(BindingMap.of(new LocalBindBuilder()
                .setLocalAddress(IetfInetUtil.ipAddressFor(host))
                .setLocalPort(new PortNumber(Uint16.valueOf(port)))
                .build()))
            .build();
        final var hostKeys = KeyPairProvider.wrap(hostKey);
        try {
            server = ssh.listenServer(TransportConstants.SSH_SUBSYSTEM, new ServerTransportInitializer(negotiator),
                listen, null, manager -> {
                    if (credentials.authorizedKeys().isEmpty()) {
                        manager.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
                    } else {
                        // SSH public key authentication as well (a key offered and not accepted is no failed login:
                        // clients offer their keys before they fall back to the password)
                        manager.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE,
                            UserAuthPasswordFactory.INSTANCE));
                        manager.setPublickeyAuthenticator((user, key, session) -> credentials.accepts(user, key));
                    }
                    manager.setPasswordAuthenticator((user, password, session) -> {
                        if (credentials.matches(user, password)) {
                            return true;
                        }
                        SecurityEvent.of(SecurityEvent.Type.LOGIN_REFUSED, "NETCONF login of user " + user
                            + " refused by node " + name).with("protocol", "netconf").with("node", name)
                            .with("user", user).with("address", session.getClientAddress()).emit();
                        return false;
                    });
                    manager.setKeyPairProvider(hostKeys);
                    manager.setKeyExchangeFactories(KEY_EXCHANGES);
                }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | UnsupportedConfigurationException e) {
            closeQuietly();
            throw new DeviceStartException("device " + name + ": cannot listen on " + host + ":" + port + ": "
                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new DeviceStartException("device " + name + ": interrupted while starting", e);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    NetconfMonitoringService monitoring() {
        return monitoring;
    }

    /**
     * Adds an operation of the device's own to every session from now on.
     *
     * @param factory what makes each session's operation
     */
    void addOperation(final SessionOperationFactory factory) {
        operations.onAddNetconfOperationServiceFactory(factory);
    }

    /**
     * Whether a client subscribed to the device's notifications.
     *
     * @return true when at least one session listens
     */
    boolean hasSubscribers() {
        return notifications.hasSubscribers();
    }

    /**
     * Sends a notification to the sessions that subscribed.
     *
     * @param body the notification
     * @param eventTime when it happened
     */
    void notify(final ContainerNode body, final Instant eventTime) {
        notifications.send(body, eventTime);
    }

    /**
     * Follows the configuration datastore at a path: the listener gets the data there after every change (null once
     * it is gone), as clients' edit-config commits it.
     *
     * @param path the path
     * @param listener gets the data after each change
     * @return what stops the calls
     */
    Registration onConfigurationChange(final YangInstanceIdentifier path, final Consumer<NormalizedNode> listener) {
        return configStore.registerTreeChangeListener(path, new DOMDataTreeChangeListener() {
            @Override
            public void onDataTreeChanged(final List<DataTreeCandidate> changes) {
                listener.accept(changes.get(changes.size() - 1).getRootNode().dataAfter());
            }

            @Override
            public void onInitialData() {
                // the configuration is put before anyone can change it
            }
        });
    }

    /**
     * Replaces the data at a path in one datastore.
     *
     * @param store configuration (for get-config) or operational (for get)
     * @param path where
     * @param data what
     * @throws DeviceStartException when the datastore refuses the data or does not answer in time
     */
    void put(final LogicalDatastoreType store, final YangInstanceIdentifier path, final NormalizedNode data)
            throws DeviceStartException {
        final var tx = dataBroker.newWriteOnlyTransaction();
        tx.put(store, path, data);
        try {
            tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeviceStartException("device " + name + ": datastore update failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceStartException("device " + name + ": interrupted while updating its datastore", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            try {
                server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the listener is going away anyway: keep closing the rest
                closeQuietly();
                return;
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        monitoring.close();
        mdsalOperations.close();
        operations.close();
        rpcRouter.close();
        configStore.close();
        operationalStore.close();
        commitExecutor.shutdownNow();
    }

    /**
     * Adds {@code <get-schema>}, so that clients (ODL's among them) can fetch the devices' YANG.
     */
    private static final class GetSchemaFactory extends SessionOperationFactory {
        private final NetconfMonitoringService monitoring;

        GetSchemaFactory(final NetconfMonitoringService monitoring) {
            this.monitoring = monitoring;
        }

        @Override
        NetconfOperation operation(final SessionIdType sessionId) {
            return new GetSchema(sessionId, monitoring);
        }
    }

    static DOMSchemaService schemaService(
            final org.opendaylight.yangtools.binding.runtime.api.ModuleInfoSnapshot snapshot) {
        return new org.opendaylight.mdsal.dom.spi.FixedDOMSchemaService(snapshot::modelContext, source -> {
            try {
                return Futures.immediateFuture(snapshot.getYangTextSource(source));
            } catch (org.opendaylight.yangtools.yang.model.repo.api.MissingSchemaSourceException e) {
                return Futures.immediateFailedFuture(e);
            }
        });
    }
}
