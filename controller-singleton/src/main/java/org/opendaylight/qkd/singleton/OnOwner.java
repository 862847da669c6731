/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.singleton;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.util.function.Supplier;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonService;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonServiceProvider;
import org.opendaylight.mdsal.singleton.api.ServiceGroupIdentifier;
import org.opendaylight.yangtools.concepts.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the controller's active parts, which runs on the cluster member that owns the controller's singleton group
 * ({@link #GROUP}) and is idle on the others: started when this member becomes the owner, stopped when it is no longer
 * (another member took over, or this one leaves). The parts call each other in process, so they share the group and
 * run together; a single member owns it at once.
 *
 * @param <T> what runs while this member owns the group
 */
public final class OnOwner<T extends OnOwner.Part> implements ClusterSingletonService, AutoCloseable {
    /**
     * What runs on the owner.
     */
    public interface Part {
        /**
         * Stops, leaving what the next owner takes over (the datastore, the devices' sessions) as it is.
         *
         * @throws InterruptedException when interrupted while its threads end
         */
        void close() throws InterruptedException;
    }

    /** The group of the southbound's device sessions, path computation's reservations and the key orchestrator. */
    public static final ServiceGroupIdentifier GROUP = new ServiceGroupIdentifier("org.opendaylight.qkd.controller");
    private static final Logger LOG = LoggerFactory.getLogger(OnOwner.class);

    private final String name;
    private final Supplier<T> start;
    private @Nullable Registration registration;
    // while this member owns the group (written under this)
    private volatile @Nullable T active;

    private OnOwner(final String name, final Supplier<T> start) {
        this.name = requireNonNull(name);
        this.start = requireNonNull(start);
    }

    /**
     * Registers a part, which starts at once when this member owns the group already.
     *
     * @param <T> what runs on the owner
     * @param singletons the cluster's singleton services
     * @param name what the part is, for the log
     * @param start starts it; called each time this member becomes the owner
     * @return the registration: closing it stops the part here and lets another member own the group
     */
    public static <T extends Part> OnOwner<T> register(final ClusterSingletonServiceProvider singletons,
            final String name, final Supplier<T> start) {
        final var part = new OnOwner<>(name, start);
        final var registration = singletons.registerClusterSingletonService(part);
        synchronized (part) {
            part.registration = registration;
        }
        LOG.info("{} registered: it runs on the cluster member that owns {}", name, GROUP.value());
        return part;
    }

    /**
     * What runs here, while this member owns the group.
     *
     * @return it, or null on a member that does not own the group
     */
    public @Nullable T active() {
        return active;
    }

    @Override
    public ServiceGroupIdentifier getIdentifier() {
        return GROUP;
    }

    @Override
    public synchronized void instantiateServiceInstance() {
        if (active == null) {
            active = start.get();
            LOG.info("{} started: this member owns {}", name, GROUP.value());
        }
    }

    // stops at once: a part ends its threads within their grace period
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
            LOG.info("{} stopped: this member no longer owns {}", name, GROUP.value());
        }
    }

    /**
     * Stops the part here and withdraws it from the group.
     *
     * @throws InterruptedException when interrupted while it stops
     */
    @Override
    public void close() throws InterruptedException {
        final Registration current;
        synchronized (this) {
            current = registration;
            registration = null;
        }
        if (current != null) {
            current.close();
        }
        stop();
    }
}
