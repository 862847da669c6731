/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;

/**
 * Hop-by-hop key relay through trusted nodes (ITU-T Y.3803): the node at the start of each hop encrypts the key
 * with a one-time pad drawn from that hop's link key and sends the ciphertext; the node at the end of the hop claims
 * the same link key blocks by ID and decrypts. The key exists in clear only inside the nodes of the path; what
 * crosses each hop is the ciphertext and the blocks' IDs. Every pad is destroyed once used.
 *
 * <p>Keys relayed over several node-disjoint paths are split into XOR shares, one per path, so that only a party
 * holding every path's key learns the key.
 */
public final class KeyRelay {
    private final Function<String, LinkKeySource> links;

    /**
     * A relay over the given links.
     *
     * @param links the key source of each link by its ID; throws {@link NoSuchElementException} or returns null for
     *        a link that has none
     */
    public KeyRelay(final Function<String, LinkKeySource> links) {
        this.links = requireNonNull(links);
    }

    /**
     * Relays a key from the path's first node to its last.
     *
     * @param path the path
     * @param key the key at the first node; left unchanged
     * @return the key as the last node decrypted it
     * @throws KeyUnavailableException when a hop's link has not enough key or no key source; the pads drawn for the
     *         hops before it are spent
     */
    public byte[] relay(final RelayPath path, final byte[] key) throws KeyUnavailableException {
        byte[] atNode = key.clone();
        final var nodes = path.nodes();
        for (int hop = 0; hop < path.links().size(); hop++) {
            final var linkId = path.links().get(hop);
            final var source = source(linkId);
            final var sender = nodes.get(hop);
            final var receiver = nodes.get(hop + 1);
            final byte[] wire;
            final List<UUID> ids;
            try {
                final var pad = draw(source, sender, atNode.length, linkId);
                try {
                    pad.xorInto(atNode);
                    wire = atNode;
                    ids = pad.ids();
                } finally {
                    pad.destroy();
                }
            } catch (KeyUnavailableException e) {
                Arrays.fill(atNode, (byte) 0);
                throw e;
            }
            // only the ciphertext and the block IDs cross the hop
            final var pad = claim(source, receiver, ids, linkId, wire);
            try {
                pad.xorInto(wire);
            } finally {
                pad.destroy();
            }
            atNode = wire;
        }
        return atNode;
    }

    /**
     * Relays a fresh random key over one or several paths between the same two nodes. With several paths, each
     * carries an XOR share and the last node combines them.
     *
     * @param paths the paths, all from the same first node to the same last node
     * @param bytes key length
     * @param random randomness for the key and the shares
     * @return the key at both ends
     * @throws KeyUnavailableException when a path cannot carry its share
     * @throws IllegalArgumentException when the paths do not join the same two nodes
     */
    public KeyPair relayFresh(final List<RelayPath> paths, final int bytes, final SecureRandom random)
            throws KeyUnavailableException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no path to relay over");
        }
        final var first = paths.getFirst();
        for (var path : paths) {
            if (!path.source().equals(first.source()) || !path.destination().equals(first.destination())) {
                throw new IllegalArgumentException("paths join different nodes: " + first.nodes() + " and "
                    + path.nodes());
            }
        }
        final byte[] atSource = new byte[bytes];
        random.nextBytes(atSource);
        final byte[] atDestination = new byte[bytes];
        final byte[] last = atSource.clone();
        boolean relayed = false;
        try {
            for (int i = 0; i < paths.size(); i++) {
                final byte[] share;
                if (i == paths.size() - 1) {
                    share = last;
                } else {
                    share = new byte[bytes];
                    random.nextBytes(share);
                    xor(last, share);
                }
                final byte[] received = relay(paths.get(i), share);
                xor(atDestination, received);
                Arrays.fill(received, (byte) 0);
                Arrays.fill(share, (byte) 0);
            }
            relayed = true;
        } finally {
            Arrays.fill(last, (byte) 0);
            if (!relayed) {
                Arrays.fill(atSource, (byte) 0);
                Arrays.fill(atDestination, (byte) 0);
            }
        }
        return new KeyPair(atSource, atDestination);
    }

    private LinkKeySource source(final String linkId) throws KeyUnavailableException {
        final LinkKeySource source;
        try {
            source = links.apply(linkId);
        } catch (NoSuchElementException e) {
            throw new KeyUnavailableException("link " + linkId + " has no key source", e);
        }
        if (source == null) {
            throw new KeyUnavailableException("link " + linkId + " has no key source");
        }
        return source;
    }

    private static LinkPad draw(final LinkKeySource source, final String node, final int bytes, final String linkId)
            throws KeyUnavailableException {
        final var pad = source.draw(node, bytes);
        if (pad.length() < bytes) {
            pad.destroy();
            throw new KeyUnavailableException("link " + linkId + " gave " + pad.length() + " bytes at " + node
                + ", " + bytes + " needed");
        }
        return pad;
    }

    private static LinkPad claim(final LinkKeySource source, final String node, final List<UUID> ids,
            final String linkId, final byte[] wire) throws KeyUnavailableException {
        try {
            final var pad = source.claim(node, ids);
            if (pad.length() < wire.length) {
                pad.destroy();
                throw new KeyUnavailableException("link " + linkId + " gave " + pad.length() + " bytes at " + node
                    + ", " + wire.length + " needed");
            }
            return pad;
        } catch (KeyUnavailableException e) {
            Arrays.fill(wire, (byte) 0);
            throw e;
        }
    }

    static void xor(final byte[] into, final byte[] with) {
        for (int i = 0; i < into.length; i++) {
            into[i] ^= with[i];
        }
    }

    /**
     * A key as the two ends of a relay hold it. Equal when the relay worked; the caller destroys both.
     *
     * @param atSource the key at the first node
     * @param atDestination the key at the last node
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    public record KeyPair(byte[] atSource, byte[] atDestination) {
        /**
         * Overwrites both copies with zeros.
         */
        public void destroy() {
            Arrays.fill(atSource, (byte) 0);
            Arrays.fill(atDestination, (byte) 0);
        }

        @Override
        public String toString() {
            return "KeyPair{bytes=" + atSource.length + "}";
        }
    }
}
