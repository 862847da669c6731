/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.emulator.link.KeyBlock;

/**
 * The key pools of an emulated link (the QKD modules of emulated nodes) as a link key source: whole blocks, the oldest
 * first. Nothing is drawn from a link while it is compromised.
 */
public final class EmulatedLinkKeys implements LinkKeySource {
    private final EmulatedLink link;

    /**
     * A source over a link.
     *
     * @param link the emulated link
     */
    public EmulatedLinkKeys(final EmulatedLink link) {
        this.link = requireNonNull(link);
    }

    @Override
    public LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a pad needs at least one byte, asked " + bytes);
        }
        final var compromised = link.compromisedSince();
        if (compromised.isPresent()) {
            // its stock may be older than the attack, but nothing is relayed over a link under suspicion
            throw new KeyUnavailableException("link " + link.id() + " is compromised since " + compromised.orElseThrow()
                + " (QBER above the abort threshold): no key is relayed over it");
        }
        final int blockBytes = link.blockBits() / Byte.SIZE;
        final int count = (bytes + blockBytes - 1) / blockBytes;
        try {
            return pad(link.takeOldest(node, count));
        } catch (NoSuchElementException e) {
            throw new KeyUnavailableException("link " + link.id() + " holds fewer than " + count + " key blocks at "
                + node, e);
        } catch (IllegalArgumentException e) {
            throw new KeyUnavailableException("node " + node + " is not an end of link " + link.id(), e);
        }
    }

    @Override
    public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
        try {
            return pad(link.take(node, ids));
        } catch (NoSuchElementException e) {
            throw new KeyUnavailableException("link " + link.id() + " no longer holds the drawn blocks at " + node, e);
        } catch (IllegalArgumentException e) {
            throw new KeyUnavailableException("node " + node + " cannot claim those blocks of link " + link.id(), e);
        }
    }

    private static LinkPad pad(final List<KeyBlock> blocks) {
        final int total = blocks.stream().mapToInt(KeyBlock::sizeBits).sum() / Byte.SIZE;
        final var bits = new byte[total];
        int offset = 0;
        for (var block : blocks) {
            final var bytes = block.bytes();
            System.arraycopy(bytes, 0, bits, offset, bytes.length);
            offset += bytes.length;
            Arrays.fill(bytes, (byte) 0);
            block.destroy();
        }
        return new LinkPad(blocks.stream().map(KeyBlock::id).toList(), bits);
    }

    @Override
    public String toString() {
        return "EmulatedLinkKeys{" + link.id() + "}";
    }
}
