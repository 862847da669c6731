/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.opendaylight.qkd.keys.plane.Provenance;

/**
 * A key as the site's store keeps it: which side of which SAE pair it serves, whether the target KME has confirmed
 * it (a master's key in flight is {@link State#PENDING}), how it was made, and its bits. {@link #toString()} never
 * shows the bits.
 *
 * @param role the side this site serves
 * @param state whether it may be handed out
 * @param id key ID
 * @param masterSae the master (initiator) SAE
 * @param slaveSae the slave (target) SAE
 * @param provenance how it was made
 * @param madeAt when the master's KME made it
 * @param path the nodes it travels through (ETSI GS QKD 015 {@code qkdn_id}s, the master's first), empty when not
 *        known
 * @param bits the key
 * @param awaiting the slave SAEs that have yet to take a key several slave SAEs share (ETSI GS QKD 014
 *        {@code additional_slave_SAE_IDs}) once one of them took it; empty otherwise
 */
@SuppressWarnings("checkstyle:ArrayRecordComponent")
record KeyRecord(Role role, State state, UUID id, String masterSae, String slaveSae, Provenance provenance,
        Instant madeAt, List<UUID> path, byte[] bits, List<String> awaiting) {
    // version 1 had no path, version 2 no slave SAEs awaiting
    private static final byte VERSION_1 = 1;
    private static final byte VERSION_2 = 2;
    private static final byte VERSION = 3;

    KeyRecord {
        path = List.copyOf(path);
        awaiting = List.copyOf(awaiting);
        if (path.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("a path names at most " + Byte.MAX_VALUE + " nodes");
        }
    }

    KeyRecord(final Role role, final State state, final UUID id, final String masterSae, final String slaveSae,
            final Provenance provenance, final Instant madeAt, final List<UUID> path, final byte[] bits) {
        this(role, state, id, masterSae, slaveSae, provenance, madeAt, path, bits, List.of());
    }

    enum Role {
        MASTER, SLAVE
    }

    enum State {
        PENDING, READY
    }

    KeyRecord withState(final State next) {
        return new KeyRecord(role, next, id, masterSae, slaveSae, provenance, madeAt, path, bits, awaiting);
    }

    /**
     * The payload to store; the caller destroys it.
     *
     * @return bytes
     */
    byte[] encode() {
        final var master = masterSae.getBytes(StandardCharsets.UTF_8);
        final var slave = slaveSae.getBytes(StandardCharsets.UTF_8);
        final var others = awaiting.stream().map(sae -> sae.getBytes(StandardCharsets.UTF_8)).toList();
        final var buffer = ByteBuffer.allocate(4 + 16 + 8 + 2 + master.length + 2 + slave.length
                + 1 + 16 * path.size() + 2 + bits.length + 1 + others.stream().mapToInt(sae -> 2 + sae.length).sum())
            .put(VERSION).put((byte) role.ordinal()).put((byte) state.ordinal()).put((byte) provenance.ordinal())
            .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
            .putLong(madeAt.toEpochMilli())
            .putShort((short) master.length).put(master)
            .putShort((short) slave.length).put(slave)
            .put((byte) path.size());
        path.forEach(node -> buffer.putLong(node.getMostSignificantBits()).putLong(node.getLeastSignificantBits()));
        buffer.putShort((short) bits.length).put(bits);
        buffer.put((byte) others.size());
        others.forEach(sae -> buffer.putShort((short) sae.length).put(sae));
        return buffer.array();
    }

    /**
     * Reads a stored payload.
     *
     * @param payload the payload; left unchanged
     * @return the record, with its own copy of the bits
     * @throws IllegalArgumentException when the payload is not a key record
     */
    static KeyRecord decode(final byte[] payload) {
        try {
            final var buffer = ByteBuffer.wrap(payload);
            final byte version = buffer.get();
            if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
                throw new IllegalArgumentException("unknown key record version");
            }
            final var role = Role.values()[buffer.get()];
            final var state = State.values()[buffer.get()];
            final var provenance = Provenance.values()[buffer.get()];
            final var id = new UUID(buffer.getLong(), buffer.getLong());
            final var madeAt = Instant.ofEpochMilli(buffer.getLong());
            final var master = string(buffer);
            final var slave = string(buffer);
            final var path = new ArrayList<UUID>();
            for (int i = version == VERSION_1 ? 0 : buffer.get(); i > 0; i--) {
                path.add(new UUID(buffer.getLong(), buffer.getLong()));
            }
            final var bits = new byte[buffer.getShort()];
            buffer.get(bits);
            final var awaiting = new ArrayList<String>();
            for (int i = version == VERSION ? buffer.get() : 0; i > 0; i--) {
                awaiting.add(string(buffer));
            }
            if (buffer.hasRemaining()) {
                Arrays.fill(bits, (byte) 0);
                throw new IllegalArgumentException("trailing bytes after a key record");
            }
            return new KeyRecord(role, state, id, master, slave, provenance, madeAt, path, bits, awaiting);
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("not a key record", e);
        }
    }

    private static String string(final ByteBuffer buffer) {
        final var bytes = new byte[buffer.getShort()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyRecord{" + role + " " + state + " " + id + " " + masterSae + "->" + slaveSae
            + (awaiting.isEmpty() ? "" : " awaiting " + awaiting) + ", " + bits.length + " bytes}";
    }
}
