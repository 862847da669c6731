/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.MountPointService;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonService;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonServiceProvider;
import org.opendaylight.mdsal.singleton.api.ServiceGroupIdentifier;
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
 * the owner of the controller's singleton group ({@code org.opendaylight.qkd.controller}); on the others it is
 * idle, and a new owner takes the devices over as the datastore has them.
 */
@Component(service = SiteKeyServices.class, immediate = true)
public final class SouthboundProvider implements SiteKeyServices, ClusterSingletonService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SouthboundProvider.class);
    // the controller's active parts, which call each other in process, run together on the member that owns it: the
    // southbound's device sessions, path computation's reservations and RPCs, and the key orchestrator
    private static final ServiceGroupIdentifier GROUP = new ServiceGroupIdentifier("org.opendaylight.qkd.controller");
    // reads wait on devices: more threads than cores, so that a few slow devices do not hold up the others
    private static final int READ_THREADS = 16;
    private static final Duration NETCONF_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final DataBroker dataBroker;
    private final MountPointService mountPointService;
    private final NotificationPublishService notificationPublishService;
    private final RpcProviderService rpcProviderService;
    private final Registration singleton;
    // what runs while this member owns the group
    private volatile @Nullable Active active;

    @Activate
    public SouthboundProvider(@Reference final DataBroker dataBroker,
            @Reference final MountPointService mountPointService,
            @Reference final NotificationPublishService notificationPublishService,
            @Reference final RpcProviderService rpcProviderService,
            @Reference final ClusterSingletonServiceProvider singletons) {
        this.dataBroker = dataBroker;
        this.mountPointService = mountPointService;
        this.notificationPublishService = notificationPublishService;
        this.rpcProviderService = rpcProviderService;
        singleton = singletons.registerClusterSingletonService(this);
        LOG.info("QKD southbound registered: it manages the devices on the member that owns {}", GROUP.value());
    }

    @Override
    public ServiceGroupIdentifier getIdentifier() {
        return GROUP;
    }

    @Override
    public synchronized void instantiateServiceInstance() {
        if (active == null) {
            active = new Active();
            LOG.info("QKD southbound started: this member manages the devices");
        }
    }

    // stops at once: the sessions end in at most the scheduler's grace period
    @Override
    public ListenableFuture<?> closeServiceInstance() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Futures.immediateFailedFuture(e);
        }
        return Futures.immediateVoidFuture();
    }

    private synchronized void stop() throws InterruptedException {
        final var stopping = active;
        active = null;
        if (stopping != null) {
            stopping.close();
            LOG.info("QKD southbound stopped: the devices are left as they are to the member that manages them next");
        }
    }

    @Override
    public boolean takesApplications(final String device) {
        final var current = active;
        return current != null && current.sites.takesApplications(device);
    }

    @Override
    public void program(final String serviceId, final @Nullable SitePlan plan) throws ProgrammingException {
        final var current = active;
        if (current == null) {
            throw new ProgrammingException("this controller member does not manage the nodes", null);
        }
        current.sites.program(serviceId, plan);
    }

    @Override
    public int reconcile(final Set<String> configured) {
        final var current = active;
        return current == null ? 0 : current.sites.reconcile(configured);
    }

    @Override
    public CompletableFuture<Integer> linkCompromised(final String nodeA, final String nodeB, final Instant since) {
        final var current = active;
        return current == null ? CompletableFuture.failedFuture(new IllegalStateException(
            "this controller member does not manage the nodes")) : current.sites.linkCompromised(nodeA, nodeB, since);
    }

    @Override
    public Optional<SiteCounters> counters(final String serviceId) {
        final var current = active;
        return current == null ? Optional.empty() : current.sites.counters(serviceId);
    }

    @Deactivate
    @Override
    public void close() throws InterruptedException {
        singleton.close();
        stop();
    }

    // the device sessions, programming and RPCs of the member that owns the group
    private final class Active {
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
                });
            sites = new SiteProgrammer(manager, scheduler);
            final var relayLinks = new RelayLinkRpcs(manager, scheduler);
            rpcs = rpcProviderService.registerRpcImplementations(List.of(relayLinks.provisionRelayLink(),
                relayLinks.removeRelayLink(), new EmulatorFaultRpc(manager, scheduler),
                new KeyManagerRestartRpc(manager, scheduler)));
        }

        void close() throws InterruptedException {
            rpcs.close();
            manager.close();
            netconf.close();
            scheduler.shutdownNow();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
