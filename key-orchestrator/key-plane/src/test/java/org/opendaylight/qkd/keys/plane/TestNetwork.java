/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;

/**
 * Emulated metro links (decoy-state BB84 key pools) on a manual clock: a -- r -- b, and a -- s -- b.
 */
final class TestNetwork {
    static final RelayPath VIA_R = new RelayPath(List.of("a", "r", "b"), List.of("a-r", "r-b"));
    static final RelayPath VIA_S = new RelayPath(List.of("a", "s", "b"), List.of("a-s", "s-b"));

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, EmulatedLink> links = new HashMap<>();
    final KeyRelay relay = new KeyRelay(id -> {
        final var link = links.get(id);
        if (link == null) {
            throw new NoSuchElementException(id);
        }
        final var source = new EmulatedLinkKeys(link);
        return new LinkKeySource() {
            @Override
            public LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
                draws.merge(id, 1, Integer::sum);
                return source.draw(node, bytes);
            }

            @Override
            public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
                return source.claim(node, ids);
            }
        };
    });
    final Map<String, Integer> draws = new ConcurrentHashMap<>();

    TestNetwork() {
        long seed = 1;
        for (var ends : List.of(List.of("a", "r"), List.of("r", "b"), List.of("a", "s"), List.of("s", "b"))) {
            final var id = ends.get(0) + "-" + ends.get(1);
            links.put(id, new EmulatedLink(new LinkSpec(id, ends.get(0), ends.get(1), LinkPhysics.metro(20),
                DecoyProtocol.vacuumWeak(0.1), LinkSpec.DEFAULT_BLOCK_BITS, LinkSpec.DEFAULT_POOL_BITS, 0.01),
                KeyMaterial.seeded(seed++), clock));
        }
    }

    /**
     * Lets the links make key for a while.
     *
     * @param seconds how long
     */
    void run(final int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        links.values().forEach(EmulatedLink::advance);
    }

    int draws(final String link) {
        return draws.getOrDefault(link, 0);
    }

    long blocksAt(final String link, final String node) {
        return links.get(link).poolAt(node).blockCount();
    }

    KeyPlane plane(final int maxKeysPerRequest) {
        return new KeyPlane(relay, new SecureRandom(), clock, maxKeysPerRequest);
    }
}
