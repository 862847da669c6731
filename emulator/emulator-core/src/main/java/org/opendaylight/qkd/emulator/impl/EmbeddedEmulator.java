/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.impl;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.RealTimeDriver;
import org.opendaylight.qkd.emulator.topology.TopologyException;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an emulated QKD network inside Karaf when {@code etc/org.opendaylight.qkd.emulator.cfg} names a topology
 * file ({@code topologyFile}), and publishes it as an {@link EmulatedNetwork} service. Without a topology it runs
 * nothing. A topology that cannot be read is logged with its line and field, and nothing starts. Changing the
 * configuration restarts the network.
 */
@Component(service = {}, immediate = true, configurationPid = "org.opendaylight.qkd.emulator")
@Designate(ocd = EmbeddedEmulator.Configuration.class)
public final class EmbeddedEmulator {
    /**
     * Configuration of the embedded emulator.
     */
    @ObjectClassDefinition(name = "QKD embedded emulator")
    public @interface Configuration {
        @AttributeDefinition(description = "Topology file (JSON) to emulate; empty for none. Relative paths are "
            + "resolved against Karaf's home directory.")
        String topologyFile() default "";

        @AttributeDefinition(description = "How often the emulated devices update, in milliseconds", min = "1")
        long tickMillis() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEmulator.class);

    private final RealTimeDriver driver;
    private final ServiceRegistration<EmulatedNetwork> registration;

    /**
     * Starts the configured network, if any.
     *
     * @param context bundle context, to publish the network
     * @param configuration the configuration
     */
    @Activate
    public EmbeddedEmulator(final BundleContext context, final Configuration configuration) {
        final var file = configuration.topologyFile().strip();
        if (file.isEmpty()) {
            LOG.info("QKD emulator: no topologyFile configured, nothing emulated");
            driver = null;
            registration = null;
            return;
        }
        final var path = Path.of(System.getProperty("karaf.home", ".")).resolve(file);
        final EmulatedNetwork network;
        try {
            network = TopologyFile.read(path).createNetwork(InstantSource.system());
        } catch (TopologyException e) {
            LOG.error("QKD emulator: topology not started: {}", e.getMessage());
            driver = null;
            registration = null;
            return;
        }
        driver = new RealTimeDriver(network, Duration.ofMillis(Math.max(1, configuration.tickMillis())));
        registration = context.registerService(EmulatedNetwork.class, network, null);
        LOG.info("QKD emulator: running {} with {} nodes and {} links", path, network.nodes().size(),
            network.links().size());
    }

    /**
     * Stops the network and withdraws the service.
     *
     * @throws InterruptedException when interrupted while stopping
     */
    @Deactivate
    public void close() throws InterruptedException {
        if (registration != null) {
            registration.unregister();
        }
        if (driver != null) {
            driver.close();
        }
        LOG.info("QKD emulator stopped");
    }
}
