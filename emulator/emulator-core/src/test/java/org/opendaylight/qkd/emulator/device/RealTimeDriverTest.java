/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork.NodeSpec;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;

/**
 * Real-time mode fills the pools on its own, with DRBG key material, and stops when closed.
 */
class RealTimeDriverTest {
    @Test
    void poolsFillInRealTimeAndStopWhenClosed() throws Exception {
        final var network = EmulatedNetwork.create(
            List.of(new NodeSpec("a", UUID.randomUUID(), ""), new NodeSpec("b", UUID.randomUUID(), "")),
            List.of(new LinkSpec("a-b", "a", "b", LinkPhysics.metro(10), DecoyProtocol.vacuumWeak(0.1), 256,
                1 << 20, 0.01)),
            id -> KeyMaterial.secure(), InstantSource.system());
        final var link = network.link("a-b");
        try (var driver = new RealTimeDriver(network, Duration.ofMillis(20))) {
            // nobody calls advance(): the driver does
            await().atMost(Duration.ofSeconds(10)).until(() -> link.poolAt("a").blockCount() > 10);
        }
        final int afterClose = link.poolAt("a").blockCount();
        // the driver no longer runs, so only an explicit advance moves the pool now
        assertEquals(afterClose, link.poolAt("b").blockCount());
        final var blocks = link.takeOldest("a", 2);
        assertTrue(link.take("b", List.of(blocks.get(0).id())).get(0).sameBitsAs(blocks.get(0)));
        assertThrows(IllegalArgumentException.class,
            () -> new RealTimeDriver(network, Duration.ZERO).close());
    }
}
