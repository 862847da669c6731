/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.benchmark;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.opendaylight.qkd.keys.plane.LinkPad;

/**
 * A synthetic link with unlimited key, held in memory: the benchmark's stand-in for a QKD link, so that the link's
 * key rate never limits the measurement. A block comes into being when one end draws it: fresh bits under a fresh
 * UUID, while the other end keeps an identical copy under the same UUID until it claims it. Each block is handed out
 * once per end, as {@link LinkKeySource} requires.
 *
 * <p>The bits come from a {@link SplittableRandom}: fast, and <em>not</em> secret. This is benchmark material only;
 * it must never stand in for a real link outside a benchmark.
 */
final class SyntheticLinkKeys implements LinkKeySource {
    /** Size of a block: 256 bits. */
    static final int BLOCK_BYTES = 32;

    private final String linkId;
    private final String endA;
    private final String endB;
    // guarded by this
    private final SplittableRandom random = new SplittableRandom();
    private final Map<UUID, Block> awaitingClaim = new HashMap<>();

    /**
     * A link between two nodes.
     *
     * @param linkId the link's ID, for messages
     * @param endA one end
     * @param endB the other end
     */
    SyntheticLinkKeys(final String linkId, final String endA, final String endB) {
        this.linkId = requireNonNull(linkId);
        this.endA = requireNonNull(endA);
        this.endB = requireNonNull(endB);
    }

    @Override
    public synchronized LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a pad needs at least one byte, asked " + bytes);
        }
        final var other = otherEnd(node);
        final int count = (bytes + BLOCK_BYTES - 1) / BLOCK_BYTES;
        final var bits = new byte[count * BLOCK_BYTES];
        random.nextBytes(bits);
        final var ids = new ArrayList<UUID>(count);
        for (int i = 0; i < count; i++) {
            final var id = new UUID(random.nextLong(), random.nextLong());
            ids.add(id);
            awaitingClaim.put(id, new Block(other, Arrays.copyOfRange(bits, i * BLOCK_BYTES,
                (i + 1) * BLOCK_BYTES)));
        }
        return new LinkPad(ids, bits);
    }

    @Override
    public synchronized LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
        otherEnd(node);
        for (var id : ids) {
            final var block = awaitingClaim.get(id);
            if (block == null || !block.holder().equals(node)) {
                throw new KeyUnavailableException("link " + linkId + " holds no block " + id + " at " + node);
            }
        }
        final var bits = new byte[ids.size() * BLOCK_BYTES];
        int offset = 0;
        for (var id : ids) {
            final var block = awaitingClaim.remove(id).bits();
            System.arraycopy(block, 0, bits, offset, BLOCK_BYTES);
            Arrays.fill(block, (byte) 0);
            offset += BLOCK_BYTES;
        }
        return new LinkPad(ids, bits);
    }

    private String otherEnd(final String node) throws KeyUnavailableException {
        if (endA.equals(node)) {
            return endB;
        }
        if (endB.equals(node)) {
            return endA;
        }
        throw new KeyUnavailableException("node " + node + " is not an end of link " + linkId);
    }

    @Override
    public String toString() {
        return "SyntheticLinkKeys{" + linkId + "}";
    }

    /**
     * One end's copy of a block, waiting for that end to claim it.
     *
     * @param holder the end that holds it
     * @param bits the block's bits
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    private record Block(String holder, byte[] bits) {
    }
}
