/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.singleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.singleton.api.ClusterSingletonService;

class OnOwnerTest {
    private static final class Running implements OnOwner.Part {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aPartRunsWhileThisMemberOwnsTheGroup() throws Exception {
        final var services = new ArrayList<ClusterSingletonService>();
        final var unregistered = new AtomicBoolean();
        final var started = new ArrayList<Running>();
        final var part = OnOwner.register(service -> {
            services.add(service);
            return () -> unregistered.set(true);
        }, "test part", () -> {
            final var running = new Running();
            started.add(running);
            return running;
        });
        assertEquals(List.of(part), services);
        assertEquals(OnOwner.GROUP, part.getIdentifier());
        assertNull(part.active(), "idle until this member owns the group");

        part.instantiateServiceInstance();
        part.instantiateServiceInstance();
        assertEquals(1, started.size(), "started once");
        assertSame(started.getFirst(), part.active());

        // another member takes over
        part.closeServiceInstance().get(1, TimeUnit.SECONDS);
        assertTrue(started.getFirst().closed);
        assertNull(part.active());

        // this member owns it again: a new start
        part.instantiateServiceInstance();
        assertEquals(2, started.size());
        assertNotNull(part.active());
        part.close();
        assertTrue(unregistered.get());
        assertTrue(started.get(1).closed);
        assertNull(part.active());
    }
}
