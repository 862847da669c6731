/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.MountPointService;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonServiceProvider;
import org.opendaylight.qkd.singleton.OnOwner;
import org.opendaylight.qkd.southbound.api.ProgrammingException;
import org.opendaylight.qkd.southbound.api.SiteCounters;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.qkd.southbound.netconf.NetconfConnector;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The southbound in the controller: manages the declared QKD devices, SD-QKD nodes real or emulated alike, through the
 * NETCONF adapter, which mounts them through the controller's NETCONF client. In a cluster it does so on one member,
 * the owner of the controller's singleton group ({@link OnOwner#GROUP}); on the others it is
 * idle, and a new owner takes the devices over as the datastore has them.
 */
@Component(service = SiteKeyServices.class, immediate = true)
public final class SouthboundProvider implements SiteKeyServices, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SouthboundProvider.class);
    // reads wait on devices: more threads than cores, so that a few slow devices do not hold up the others
    private static final int READ_THREADS = 16;
    private static final Duration NETCONF_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final DataBroker dataBroker;
    private final MountPointService mountPointService;
    private final NotificationPublishService notificationPublishService;
    private final RpcProviderService rpcProviderService;
    private final OnOwner<Active> onOwner;
    private final AAAEncryptionService encryption;
    // told when a node becomes connected on this member, whichever owner's device manager saw it
    private final List<Runnable> connectionWatchers = new CopyOnWriteArrayList<>();

    @Activate
    public SouthboundProvider(@Reference final DataBroker dataBroker,
            @Reference final MountPointService mountPointService,
            @Reference final NotificationPublishService notificationPublishService,
            @Reference final RpcProviderService rpcProviderService,
            @Reference final ClusterSingletonServiceProvider singletons,
            @Reference final AAAEncryptionService encryption) {
        this.encryption = encryption;
        this.dataBroker = dataBroker;
        this.mountPointService = mountPointService;
        this.notificationPublishService = notificationPublishService;
        this.rpcProviderService = rpcProviderService;
        onOwner = OnOwner.register(singletons, "QKD southbound", () -> new Active());
    }

    @Override
    public boolean takesApplications(final String device) {
        final var current = onOwner.active();
        return current != null && current.sites.takesApplications(device);
    }

    @Override
    public void program(final String serviceId, final @Nullable SitePlan plan) throws ProgrammingException {
        final var current = onOwner.active();
        if (current == null) {
            throw new ProgrammingException("this controller member does not manage the nodes", null);
        }
        current.sites.program(serviceId, plan);
    }

    @Override
    public int reconcile(final Set<String> configured) {
        final var current = onOwner.active();
        return current == null ? 0 : current.sites.reconcile(configured);
    }

    @Override
    public CompletableFuture<Integer> linkCompromised(final String nodeA, final String nodeB, final Instant since) {
        final var current = onOwner.active();
        return current == null ? CompletableFuture.failedFuture(new IllegalStateException(
            "this controller member does not manage the nodes")) : current.sites.linkCompromised(nodeA, nodeB, since);
    }

    @Override
    public Optional<SiteCounters> counters(final String serviceId) {
        final var current = onOwner.active();
        return current == null ? Optional.empty() : current.sites.counters(serviceId);
    }

    @Override
    public Registration watchConnections(final Runnable connected) {
        requireNonNull(connected);
        connectionWatchers.add(connected);
        return () -> connectionWatchers.remove(connected);
    }

    @Deactivate
    @Override
    public void close() throws InterruptedException {
        onOwner.close();
    }

    // the device sessions, programming and RPCs of the member that owns the group; a new owner takes the devices over
    // as they are
    private final class Active implements OnOwner.Part {
        private final ScheduledExecutorService scheduler;
        private final DeviceManager manager;
        private final Registration rpcs;
        private final NetconfConnector netconf;
        private final SiteProgrammer sites;

        Active() {
            final var threads = new AtomicInteger();
            scheduler = Executors.newScheduledThreadPool(READ_THREADS, task -> {
                final var thread = new Thread(task, "qkd-southbound-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            netconf = new NetconfConnector(dataBroker, mountPointService, NETCONF_REQUEST_TIMEOUT);
            manager = new DeviceManager(dataBroker, List.of(netconf), scheduler,
                InstantSource.system(), notification -> {
                    if (notificationPublishService.offerNotification(notification)
                            == NotificationPublishService.REJECTED) {
                        LOG.warn("QKD southbound: alarm notification dropped, listeners are too slow: {}",
                            notification);
                    }
                }, encryption);
            sites = new SiteProgrammer(manager, scheduler);
            manager.watchConnections(() -> connectionWatchers.forEach(Runnable::run));
            final var relayLinks = new RelayLinkRpcs(new RelayLinkProvisioner(manager, InstantSource.system()),
                scheduler);
            rpcs = rpcProviderService.registerRpcImplementations(List.of(relayLinks.provisionRelayLink(),
                relayLinks.removeRelayLink(), new EmulatorFaultRpc(manager, scheduler),
                new KeyManagerRestartRpc(manager, scheduler)));
        }

        @Override
        public void close() throws InterruptedException {
            rpcs.close();
            manager.close();
            netconf.close();
            scheduler.shutdownNow();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
