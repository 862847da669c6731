/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.singleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

class RestartGuardTest {
    private static final Duration GRACE = Duration.ofMillis(200);

    private final List<Integer> halts = new CopyOnWriteArrayList<>();
    private final CountDownLatch halted = new CountDownLatch(1);

    private RestartGuard guard(final boolean newJvmAsked) {
        return new RestartGuard(() -> newJvmAsked, GRACE, status -> {
            halts.add(status);
            halted.countDown();
        });
    }

    // a bundle that answers its ID only, as the guard asks no more of it
    private static Bundle bundle(final long id) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getBundleId" -> id;
                case "hashCode" -> Long.hashCode(id);
                case "equals" -> proxy == args[0];
                case "toString" -> "bundle " + id;
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    @Test
    void aStopForANewJvmThatDoesNotFinishEndsTheJvmForBinKarafToStartANewOne() throws Exception {
        final var guard = guard(true);
        final long start = System.nanoTime();
        guard.bundleChanged(new BundleEvent(BundleEvent.STOPPING, bundle(0)));
        // the framework sends its stop to every listener; the guard waits once
        guard.bundleChanged(new BundleEvent(BundleEvent.STOPPING, bundle(0)));
        assertTrue(halted.await(10, TimeUnit.SECONDS), "not halted");
        assertTrue(System.nanoTime() - start >= GRACE.toNanos(), "halted before the grace period");
        Thread.sleep(GRACE.toMillis() * 3);
        assertEquals(List.of(RestartGuard.RESTART_JVM), halts);
    }

    @Test
    void aStopWithoutANewJvmIsLeftToKaraf() throws Exception {
        // karaf's own stop (bin/stop, system:shutdown) or a restart of the framework in this JVM
        guard(false).bundleChanged(new BundleEvent(BundleEvent.STOPPING, bundle(0)));
        assertTrue(!halted.await(GRACE.toMillis() * 5, TimeUnit.MILLISECONDS), "halted: " + halts);
    }

    @Test
    void anotherBundleStoppingIsNotTheFramework() throws Exception {
        final var guard = guard(true);
        guard.bundleChanged(new BundleEvent(BundleEvent.STOPPING, bundle(42)));
        guard.bundleChanged(new BundleEvent(BundleEvent.STOPPED, bundle(0)));
        assertTrue(!halted.await(GRACE.toMillis() * 5, TimeUnit.MILLISECONDS), "halted: " + halts);
    }
}
