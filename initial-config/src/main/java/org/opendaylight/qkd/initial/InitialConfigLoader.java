/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.initial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMSchemaService;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
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
 * Loads the documents that {@code etc/org.opendaylight.qkd.initial.cfg} names ({@code access}, then {@code files})
 * into the configuration datastore when the controller starts, each top-level node only where it holds no data yet (see
 * {@link InitialConfigWriter}). Members wait for their models to be installed. Every outcome is logged.
 */
@Component(service = {}, immediate = true, configurationPid = "org.opendaylight.qkd.initial")
@Designate(ocd = InitialConfigLoader.Configuration.class)
public final class InitialConfigLoader implements AutoCloseable {
    /**
     * Configuration of the loader.
     */
    @ObjectClassDefinition(name = "QKD initial configuration")
    public @interface Configuration {
        @AttributeDefinition(description = "Comma-separated RFC 7951 JSON documents to load, in order; relative "
            + "paths are resolved against Karaf's home directory. Empty: nothing is loaded.")
        String files() default "";

        @AttributeDefinition(description = "Comma-separated RFC 7951 JSON documents loaded before files, whatever "
            + "files says: the RESTCONF authorization policies by role.")
        String access() default "etc/qkd-access/http-authorization.json";
    }

    private static final Logger LOG = LoggerFactory.getLogger(InitialConfigLoader.class);

    private final ExecutorService executor;
    private final InitialConfigWriter writer;
    private final Registration registration;

    /**
     * Reads the configured documents and loads them as soon as their models are installed.
     *
     * @param broker the datastore
     * @param schemaService the models, as they are installed
     * @param configuration the configuration
     */
    @Activate
    public InitialConfigLoader(@Reference final DOMDataBroker broker, @Reference final DOMSchemaService schemaService,
            final Configuration configuration) {
        final var home = Path.of(System.getProperty("karaf.home", "."));
        final var documents = new ArrayList<ConfigDocument>();
        Arrays.stream((configuration.access() + "," + configuration.files()).split(",")).map(String::strip)
            .filter(name -> !name.isEmpty())
            .forEach(name -> {
                try {
                    documents.add(ConfigDocument.read(home.resolve(name)));
                } catch (InitialConfigException e) {
                    LOG.error("Initial configuration refused, nothing of it stored: {}", e.getMessage());
                }
            });
        if (documents.isEmpty()) {
            LOG.info("Initial configuration: no files to load");
            executor = null;
            writer = null;
            registration = null;
            return;
        }
        writer = new InitialConfigWriter(broker, documents);
        executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("qkd-initial-config").daemon()
            .factory());
        registration = schemaService.registerSchemaContextListener(
            context -> executor.execute(() -> load(context)));
    }

    private void load(final EffectiveModelContext context) {
        if (writer.outcome().done()) {
            return;
        }
        try {
            final var outcome = writer.writeWith(context);
            if (outcome.done()) {
                LOG.info("Initial configuration loaded: {} written, {} kept as configured, {} refused",
                    outcome.written(), outcome.kept(), outcome.refused());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops loading; what is stored stays.
     *
     * @throws InterruptedException when interrupted while the load in progress ends
     */
    @Deactivate
    @Override
    public void close() throws InterruptedException {
        if (registration != null) {
            registration.close();
        }
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
