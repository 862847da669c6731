/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.singleton;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends this JVM with Karaf's "start a new JVM" status when the framework was asked to stop for a new JVM and has not
 * stopped after {@link #GRACE}.
 *
 * <p>A cluster member that the others downed (their split-brain resolver, once it was unreachable for too long: a long
 * pause on an overloaded host) is restarted by OpenDaylight: it asks Karaf for a new JVM ({@code karaf.restart.jvm})
 * and stops the OSGi framework. When the member owned a cluster singleton group at that moment, the stop can wait for
 * ever: mdsal's singleton service provider waits for the entity ownership service to confirm that the group is
 * released, and that service went with the downed member's actor system. The member is then neither in the cluster
 * nor restarting: it keeps its HTTPS port open, refuses every login (AAA has stopped) and never rejoins. Ended with
 * {@value #RESTART_JVM}, {@code bin/karaf} starts the new JVM, as after a stop that finishes (a clean stop takes about
 * 2 s); what the member committed is in its journal, as after a crash.
 */
@Component(service = {}, immediate = true)
public final class RestartGuard implements SynchronousBundleListener {
    /** The exit status that has {@code bin/karaf} start a new JVM. */
    static final int RESTART_JVM = 10;
    /** How long the framework may take to stop before the JVM is ended. */
    static final Duration GRACE = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(RestartGuard.class);
    // the thread that stops the framework, whose stack says where the stop waits
    private static final String STOPPING_THREAD = "Framework stop";

    private final BooleanSupplier newJvmAsked;
    private final Duration grace;
    private final IntConsumer halt;
    private final AtomicBoolean armed = new AtomicBoolean();

    /**
     * The guard of this JVM: Karaf's restart properties say whether a new JVM was asked for, and the JVM is halted
     * (its shutdown hooks would wait on the same stop).
     */
    public RestartGuard() {
        this(() -> Boolean.getBoolean("karaf.restart") && Boolean.getBoolean("karaf.restart.jvm"), GRACE,
            status -> Runtime.getRuntime().halt(status));
    }

    RestartGuard(final BooleanSupplier newJvmAsked, final Duration grace, final IntConsumer halt) {
        this.newJvmAsked = requireNonNull(newJvmAsked);
        this.grace = requireNonNull(grace);
        this.halt = requireNonNull(halt);
    }

    @Activate
    void activate(final BundleContext context) {
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate(final BundleContext context) {
        // an armed guard goes on: its thread outlives this bundle's stop, which is part of the framework's
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(final BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == Constants.SYSTEM_BUNDLE_ID
                && newJvmAsked.getAsBoolean() && armed.compareAndSet(false, true)) {
            final var thread = new Thread(this::haltAfterGrace, "qkd-restart-guard");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void haltAfterGrace() {
        try {
            TimeUnit.NANOSECONDS.sleep(grace.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // still here: the framework has not stopped (when it does, Karaf ends the JVM itself)
        LOG.error("The framework was asked to stop for a new JVM and has not stopped after {} s; ending this JVM with "
            + "status {} for bin/karaf to start a new one. The stop waits in: {}", grace.toSeconds(), RESTART_JVM,
            stoppingStack());
        halt.accept(RESTART_JVM);
    }

    private static String stoppingStack() {
        return Thread.getAllStackTraces().entrySet().stream()
            .filter(entry -> entry.getKey().getName().startsWith(STOPPING_THREAD))
            .map(entry -> Arrays.stream(entry.getValue()).limit(12).map(StackTraceElement::toString)
                .collect(Collectors.joining(" < ")))
            .findFirst().orElse("(no framework stop thread)");
    }
}
