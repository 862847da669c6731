/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonServiceProvider;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.qkd.singleton.OnOwner;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key orchestrator: the key services of the configuration datastore, placed by path computation and carried out
 * by the SD-QKD nodes the southbound programs. The controller holds no key: the nodes' key managers make, relay and
 * deliver them. In a cluster it runs on one member, the owner of the controller's singleton group
 * ({@link OnOwner#GROUP}), beside the southbound and path computation it calls; a new owner
 * takes the services over from the datastore.
 */
@Component(service = {}, immediate = true, configurationPid = "org.opendaylight.qkd.keys")
@Designate(ocd = KeyOrchestratorProvider.Configuration.class)
public final class KeyOrchestratorProvider implements AutoCloseable {
    /**
     * Configuration of the key orchestrator.
     */
    @ObjectClassDefinition(name = "QKD key orchestrator")
    public @interface Configuration {
        @AttributeDefinition(description = "Most keys the nodes' key managers hold for one key service, at each end",
            min = "1")
        int maxStoredKeys() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyOrchestratorProvider.class);

    private final DataBroker dataBroker;
    private final KeyPaths keyPaths;
    private final NotificationPublishService notifications;
    private final SiteKeyServices sites;
    private final int maxStoredKeys;
    private final OnOwner<Active> onOwner;

    /**
     * Registers the orchestrator, which starts on the member that owns the controller's group.
     *
     * @param dataBroker the data broker
     * @param keyPaths path computation, which also reports the link changes of the topology
     * @param notifications to publish mode changes
     * @param sites programs the services on the nodes
     * @param singletons runs it on one member of a cluster
     * @param configuration the configuration
     */
    @Activate
    public KeyOrchestratorProvider(@Reference final DataBroker dataBroker, @Reference final KeyPaths keyPaths,
            @Reference final NotificationPublishService notifications, @Reference final SiteKeyServices sites,
            @Reference final ClusterSingletonServiceProvider singletons, final Configuration configuration) {
        this.dataBroker = dataBroker;
        this.keyPaths = keyPaths;
        this.notifications = notifications;
        this.sites = sites;
        maxStoredKeys = configuration.maxStoredKeys();
        onOwner = OnOwner.register(singletons, "QKD key orchestrator", () -> new Active());
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

    @Deactivate
    @Override
    public void close() throws InterruptedException {
        onOwner.close();
    }

    // the orchestrator of the member that owns the group
    private final class Active implements OnOwner.Part {
        private final ScheduledExecutorService executor;
        private final ServiceOrchestrator orchestrator;
        private final List<Registration> registrations;

        Active() {
            executor = Executors.newSingleThreadScheduledExecutor(task -> {
                final var thread = new Thread(task, "qkd-key-orchestrator");
                thread.setDaemon(true);
                return thread;
            });
            orchestrator = new ServiceOrchestrator(dataBroker, keyPaths, notifications, sites, executor,
                maxStoredKeys, InstantSource.system());
            // before the listeners: what the services had is known before their configuration is heard of
            executor.execute(orchestrator::takeOver);
            registrations = List.of(
                keyPaths.watchLinks(orchestrator::linksChanged),
                sites.watchConnections(orchestrator::nodeConnected),
                dataBroker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
                    DataObjectReference.builder(QkdPolicies.class).child(Policy.class).build(),
                    orchestrator.policyListener()),
                dataBroker.registerTreeChangeListener(LogicalDatastoreType.CONFIGURATION,
                    DataObjectReference.builder(KeyServices.class).child(KeyService.class).build(), orchestrator));
            executor.scheduleWithFixedDelay(guarded("Publishing key service counters",
                orchestrator::refreshCounters), 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            registrations.forEach(Registration::close);
            executor.shutdownNow();
            if (executor.awaitTermination(10, TimeUnit.SECONDS)) {
                // its executor is done: the chain its state is written through can go
                orchestrator.close();
            }
        }
    }
}
