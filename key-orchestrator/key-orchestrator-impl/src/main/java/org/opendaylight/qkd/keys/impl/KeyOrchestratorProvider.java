/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.keys.etsi014.DemoPki;
import org.opendaylight.qkd.keys.etsi014.Etsi014Server;
import org.opendaylight.qkd.keys.plane.KeyPlane;
import org.opendaylight.qkd.keys.plane.KeyRelay;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.QkdDevices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.KeyDelivery;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.Embedded;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPath;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ReleaseKeyPath;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key orchestrator: the key plane (KMEs of every node), the services placed from the configuration datastore, and
 * the ETSI GS QKD 014 endpoint over mutual TLS.
 */
@Component(service = {}, immediate = true, configurationPid = "org.opendaylight.qkd.keys")
@Designate(ocd = KeyOrchestratorProvider.Configuration.class)
public final class KeyOrchestratorProvider implements AutoCloseable {
    /**
     * Configuration of the key orchestrator.
     */
    @ObjectClassDefinition(name = "QKD key orchestrator")
    public @interface Configuration {
        @AttributeDefinition(description = "Address the ETSI GS QKD 014 endpoint listens on")
        String etsi014Address() default "127.0.0.1";

        @AttributeDefinition(description = "Port of the ETSI GS QKD 014 endpoint (HTTPS, mutual TLS)", min = "1",
            max = "65535")
        int etsi014Port() default 8443;

        @AttributeDefinition(description = "Worker threads of the ETSI GS QKD 014 endpoint", min = "1")
        int etsi014Threads() default 2;

        @AttributeDefinition(description = "TLS material: 'demo' makes a CA, the server's and every SAE's "
            + "certificate in pkiDirectory; 'files' loads serverKeyStore and clientTrustStore")
        String tlsMode() default "demo";

        @AttributeDefinition(description = "Directory of the demo PKI, relative to Karaf's home")
        String pkiDirectory() default "etc/qkd-pki";

        @AttributeDefinition(description = "Password of the PKCS#12 files (demo PKI, or the files of tlsMode=files)")
        String pkiPassword() default "changeit";

        @AttributeDefinition(description = "tlsMode=files: the server's PKCS#12 key store")
        String serverKeyStore() default "";

        @AttributeDefinition(description = "tlsMode=files: PKCS#12 trust store of the CAs that issue SAE "
            + "certificates")
        String clientTrustStore() default "";

        @AttributeDefinition(description = "tlsMode=files: directory of the key managers' client key stores for "
            + "their devices' ETSI GS QKD 014 endpoints, one <sae-id>.p12 per key manager")
        String deviceKeyStores() default "etc/qkd-kme";

        @AttributeDefinition(description = "tlsMode=files: PKCS#12 trust store of the CAs of the devices' "
            + "ETSI GS QKD 014 endpoints")
        String deviceTrustStore() default "";

        @AttributeDefinition(description = "Most keys one ETSI GS QKD 014 request may ask for", min = "1")
        int maxKeysPerRequest() default KeyPlane.DEFAULT_MAX_KEYS_PER_REQUEST;

        @AttributeDefinition(description = "Most keys the KMEs hold for one SAE pair", min = "1")
        int maxStoredKeys() default 10_000;

        @AttributeDefinition(description = "How often keys are made, in milliseconds", min = "1")
        long productionIntervalMillis() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyOrchestratorProvider.class);

    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService production;
    private final Etsi014Server server;
    private final List<Registration> registrations;
    private volatile EmulatedNetwork emulator;

    /**
     * Starts the orchestrator.
     *
     * @param dataBroker the data broker
     * @param rpcService to call path computation
     * @param notifications to publish mode changes
     * @param sites programs the services whose ends are SD-QKD nodes on the nodes
     * @param configuration the configuration
     * @throws IOException when the TLS material cannot be read or written
     * @throws GeneralSecurityException when the TLS material cannot be decoded or made
     * @throws InterruptedException when interrupted while binding the endpoint
     */
    @Activate
    public KeyOrchestratorProvider(@Reference final DataBroker dataBroker, @Reference final RpcService rpcService,
            @Reference final NotificationPublishService notifications, @Reference final SiteKeyServices sites,
            final Configuration configuration)
            throws IOException, GeneralSecurityException, InterruptedException {
        final var home = Path.of(System.getProperty("karaf.home", "."));
        final var password = configuration.pkiPassword().toCharArray();
        final SslContext tls;
        final DemoPki pki;
        if ("files".equals(configuration.tlsMode())) {
            pki = null;
            tls = DemoPki.serverContext(home.resolve(configuration.serverKeyStore()), password,
                DemoPki.loadKeyStore(home.resolve(configuration.clientTrustStore()), password));
        } else {
            pki = DemoPki.open(home.resolve(configuration.pkiDirectory()), configuration.pkiPassword(), List.of());
            tls = pki.serverContext();
        }
        Arrays.fill(password, '\0');

        final var orchestratorRef = new AtomicReference<ServiceOrchestrator>();
        final var topology = new TopologyWatcher(changes -> orchestratorRef.get().linksChanged(changes));
        final var deviceClients = new ConcurrentHashMap<String, HttpClient>();
        final var linkKeys = new DeviceLinkKeys(() -> emulator, topology::link,
            saeId -> deviceClients.computeIfAbsent(saeId, id -> deviceClient(configuration, home, pki, id)));
        final var plane = new KeyPlane(new KeyRelay(linkKeys::forLink), new SecureRandom(), InstantSource.system(),
            configuration.maxKeysPerRequest());
        server = Etsi014Server.start(plane, tls, new InetSocketAddress(configuration.etsi014Address(),
            configuration.etsi014Port()), configuration.etsi014Threads());
        executor = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "qkd-key-orchestrator"));
        production = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "qkd-key-production"));
        final var orchestrator = new ServiceOrchestrator(dataBroker, rpcService.getRpc(ComputeKeyPath.class),
            rpcService.getRpc(ReleaseKeyPath.class), notifications, plane, sites, topology, executor,
            configuration.maxStoredKeys(), saeId -> enrol(pki, saeId));
        orchestratorRef.set(orchestrator);
        registrations = List.of(
            dataBroker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
                DataObjectReference.builder(QkdDevices.class).child(Device.class).build(), changes -> {
                    for (var change : changes) {
                        final var name = change.path().getFirstKeyOf(Device.class).getName().getValue();
                        final var after = change.getRootNode().dataAfter();
                        linkKeys.declare(name, after != null && after.getConnection() instanceof Embedded embedded
                            && embedded.getEmbedded() != null ? embedded.getEmbedded().getEmulatedNode() : null,
                            after == null ? null : delivery(after.getKeyDelivery()));
                    }
                }),
            dataBroker.registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
                DataObjectReference.builder(Networks.class).child(Network.class).build(),
                orchestrator.topologyListener()),
            dataBroker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
                DataObjectReference.builder(QkdPolicies.class).child(Policy.class).build(),
                orchestrator.policyListener()),
            dataBroker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
                DataObjectReference.builder(KeyServices.class).child(KeyService.class).build(), orchestrator));
        final long interval = Math.max(1, configuration.productionIntervalMillis());
        production.scheduleWithFixedDelay(guarded("Key production", plane::produce), interval, interval,
            TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(guarded("Publishing key service counters", orchestrator::refreshCounters), 1,
            1, TimeUnit.SECONDS);
        LOG.info("QKD key orchestrator started");
    }

    private static DeviceLinkKeys.@Nullable Delivery delivery(final @Nullable KeyDelivery declared) {
        if (declared == null || declared.getUrl() == null || declared.getSaeId() == null) {
            return null;
        }
        final int bits = declared.getKeySize() == null ? 256 : declared.getKeySize().getValue().intValue();
        try {
            return new DeviceLinkKeys.Delivery(new URI(declared.getUrl().getValue()), declared.getSaeId().getValue(),
                bits);
        } catch (URISyntaxException e) {
            LOG.warn("Device key delivery URL {} is not a URI", declared.getUrl().getValue(), e);
            return null;
        }
    }

    // the HTTPS client a node's key manager presents to its device: its own client certificate
    private static @Nullable HttpClient deviceClient(final Configuration configuration, final Path home,
            final @Nullable DemoPki pki, final String saeId) {
        try {
            final SSLContext context;
            if (pki != null) {
                context = pki.clientContext(saeId);
            } else {
                final var password = configuration.pkiPassword().toCharArray();
                final var keyStore = home.resolve(configuration.deviceKeyStores()).resolve(saeId + ".p12");
                context = DemoPki.clientContext(keyStore, password,
                    DemoPki.loadKeyStore(home.resolve(configuration.deviceTrustStore()), password));
            }
            return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("No client certificate for key manager {}: its devices' keys cannot be drawn", saeId, e);
            return null;
        }
    }

    // a periodic task whose failure is logged: an exception would silently end a fixed-delay schedule
    @SuppressWarnings("checkstyle:IllegalCatch")
    private static Runnable guarded(final String what, final Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed", what, e);
            }
        };
    }

    private static void enrol(final @Nullable DemoPki pki, final String saeId) {
        if (pki == null) {
            return;
        }
        try {
            pki.clientKeyStore(saeId);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("Demo PKI: no client certificate for SAE {}", saeId, e);
        }
    }

    private static Thread daemon(final Runnable task, final String name) {
        final var thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEmulator")
    void bindEmulator(final EmulatedNetwork network) {
        emulator = network;
    }

    void unbindEmulator(final EmulatedNetwork network) {
        if (emulator == network) {
            emulator = null;
        }
    }

    @Deactivate
    @Override
    public void close() throws InterruptedException {
        registrations.forEach(Registration::close);
        server.close();
        production.shutdownNow();
        executor.shutdownNow();
        production.awaitTermination(10, TimeUnit.SECONDS);
        executor.awaitTermination(10, TimeUnit.SECONDS);
        LOG.info("QKD key orchestrator stopped");
    }
}
