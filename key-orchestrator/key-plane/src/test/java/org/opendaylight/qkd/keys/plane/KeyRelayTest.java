/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hop-by-hop one-time-pad relay over emulated link key pools.
 */
class KeyRelayTest {
    private final TestNetwork network = new TestNetwork();

    @Test
    void theLastNodeRecoversTheKeyAndEachHopSpendsItsOwnBlocksAtBothEnds() throws Exception {
        network.run(10);
        final long before = network.blocksAt("a-r", "a");
        final long otherLink = network.blocksAt("a-s", "a");
        final var key = new byte[64];
        new SecureRandom().nextBytes(key);
        final var original = key.clone();

        final var received = network.relay.relay(TestNetwork.VIA_R, key);

        assertArrayEquals(original, received);
        assertArrayEquals(original, key, "the caller's key is left as it was");
        // 512 bits over 256-bit blocks: two blocks per hop, taken at both ends of the hop
        assertEquals(before - 2, network.blocksAt("a-r", "a"));
        assertEquals(network.blocksAt("a-r", "a"), network.blocksAt("a-r", "r"));
        assertEquals(network.blocksAt("r-b", "r"), network.blocksAt("r-b", "b"));
        assertEquals(otherLink, network.blocksAt("a-s", "a"), "a link off the path is untouched");
    }

    @Test
    void whatCrossesAHopIsTheKeyXorTheLinkPadNotTheKey() throws Exception {
        network.run(10);
        final var pads = new ArrayList<byte[]>();
        final var tapped = new KeyRelay(id -> new TappedSource(new EmulatedLinkKeys(network.links.get(id)), pads));
        final var key = new byte[32];
        new SecureRandom().nextBytes(key);

        final var received = tapped.relay(TestNetwork.VIA_R, key);

        assertArrayEquals(key, received);
        // the pads the senders drew (hop 1, hop 2) were the link's blocks; the ciphertext is key XOR pad
        assertEquals(4, pads.size(), "two draws and two claims");
        assertArrayEquals(pads.get(0), pads.get(1), "both ends of a hop use the same blocks");
        final var wire = key.clone();
        KeyRelay.xor(wire, pads.get(0));
        assertFalse(Arrays.equals(key, wire));
    }

    @Test
    void xorSharesOverDisjointPathsGiveTheSameKeyAtBothEndsAndSpendKeyOnEveryPath() throws Exception {
        network.run(10);
        final long viaR = network.blocksAt("a-r", "a");
        final long viaS = network.blocksAt("s-b", "b");

        final var pair = network.relay.relayFresh(List.of(TestNetwork.VIA_R, TestNetwork.VIA_S), 32,
            new SecureRandom());

        assertArrayEquals(pair.atSource(), pair.atDestination());
        assertEquals(viaR - 1, network.blocksAt("a-r", "a"));
        assertEquals(viaS - 1, network.blocksAt("s-b", "b"));
        assertFalse(Arrays.equals(new byte[32], pair.atSource()));
    }

    @Test
    void aHopWithoutEnoughKeyFailsNamingTheLinkAndNotTheKey() throws Exception {
        // no time has passed: the pools are empty
        final var key = new byte[32];
        Arrays.fill(key, (byte) 0x5A);

        final var e = assertThrows(KeyUnavailableException.class, () -> network.relay.relay(TestNetwork.VIA_R, key));

        assertTrue(e.getMessage().contains("a-r"), e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains(HexFormat.of().formatHex(key).substring(0, 8)));
    }

    @Test
    void aLinkWithNoKeySourceFails() {
        final var relay = new KeyRelay(id -> null);
        final var e = assertThrows(KeyUnavailableException.class, () -> relay.relay(TestNetwork.VIA_R, new byte[8]));
        assertEquals("link a-r has no key source", e.getMessage());
    }

    @Test
    void pathsThatJoinDifferentNodesAreRefused() {
        final var other = new RelayPath(List.of("a", "r"), List.of("a-r"));
        assertThrows(IllegalArgumentException.class, () -> network.relay.relayFresh(List.of(TestNetwork.VIA_R, other),
            32, new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> new RelayPath(List.of("a", "r", "a"), List.of("x", "y")));
        assertThrows(IllegalArgumentException.class, () -> new RelayPath(List.of("a", "b"), List.of()));
    }

    /**
     * Records every pad a source hands out.
     */
    private record TappedSource(LinkKeySource delegate, List<byte[]> pads) implements LinkKeySource {
        @Override
        public LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
            return record(delegate.draw(node, bytes));
        }

        @Override
        public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
            return record(delegate.claim(node, ids));
        }

        private LinkPad record(final LinkPad pad) {
            final var copy = new byte[pad.length()];
            pad.xorInto(copy);
            pads.add(copy);
            return pad;
        }
    }
}
