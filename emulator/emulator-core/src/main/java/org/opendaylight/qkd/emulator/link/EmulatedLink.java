/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opendaylight.qkd.emulator.physics.KeyRateModel;
import org.opendaylight.qkd.emulator.physics.KeyRateResult;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.physics.QkdProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated QKD link between ends A and B. Key accrues at the effective secret key rate the physics model gives
 * for the current parameters, in blocks of {@code blockBits}; each block goes with one key ID and identical bits
 * into both ends' pools. A block that does not fit into both pools is dropped and counted. Faults change the
 * parameters at an instant: key accrued before it is kept, the rate changes from it on.
 *
 * <p>An eavesdropper voids the key of its whole attack interval: the block in progress when the attack starts,
 * every block completed during it, and the block in progress when it ends are discarded, never stored.
 *
 * <p>Time only moves when {@link #advance()} reads the clock, so an injectable clock makes the link exact and fast.
 * Thread-safe.
 */
public final class EmulatedLink {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedLink.class);
    private static final int ID_BYTES = 16;
    private static final int BATCH_BYTES = 64 * 1024;

    private final String id;
    private final UUID qkdlId;
    private final String nodeA;
    private final String nodeB;
    private final QkdProtocol protocol;
    private final int blockBits;
    private final double authenticationOverhead;
    // the loss besides the fiber that the topology gave the link, which a repair returns to
    private final double plannedExtraLossDb;
    private final KeyPool poolA;
    private final KeyPool poolB;
    private final KeyMaterial material;
    private final InstantSource clock;

    // all guarded by this
    private LinkPhysics physics;
    private KeyRateResult prediction;
    private boolean endpointsUp = true;
    private Instant lastUpdate;
    private double carryBits;
    // how far the finite post-processing block under way is, in blocks: its key is released whole at 1
    private double blockProgress;
    private long generatedBlocks;
    private long overflowBlocks;
    private long discardedBlocks;
    // since when the QBER (CV-QKD: the excess noise) is above the abort threshold (a possible eavesdropper); null
    // while it is not
    private volatile Instant compromisedSince;

    /**
     * Creates a link; it starts generating at the clock's current instant.
     *
     * @param spec what the link is
     * @param material source of key bits and IDs
     * @param clock emulated time
     */
    public EmulatedLink(final LinkSpec spec, final KeyMaterial material, final InstantSource clock) {
        id = spec.id();
        nodeA = spec.nodeA();
        nodeB = spec.nodeB();
        protocol = spec.protocol();
        blockBits = spec.blockBits();
        authenticationOverhead = spec.authenticationOverhead();
        physics = spec.physics();
        plannedExtraLossDb = physics.extraLossDb();
        this.material = requireNonNull(material);
        this.clock = requireNonNull(clock);
        qkdlId = material.nextId();
        poolA = new KeyPool(spec.poolCapacityBits());
        poolB = new KeyPool(spec.poolCapacityBits());
        prediction = KeyRateModel.evaluate(physics, protocol);
        lastUpdate = clock.instant();
        compromisedSince = prediction.compromised() ? lastUpdate : null;
    }

    public String id() {
        return id;
    }

    public UUID qkdlId() {
        return qkdlId;
    }

    public String nodeA() {
        return nodeA;
    }

    public String nodeB() {
        return nodeB;
    }

    public int blockBits() {
        return blockBits;
    }

    /**
     * The pool at one end.
     *
     * @param node the node at that end
     * @return its pool
     * @throws IllegalArgumentException when the node is not an end of this link
     */
    public KeyPool poolAt(final String node) {
        if (nodeA.equals(node)) {
            return poolA;
        }
        if (nodeB.equals(node)) {
            return poolB;
        }
        throw new IllegalArgumentException("node " + node + " is not an end of link " + id);
    }

    /**
     * The other end.
     *
     * @param node one end
     * @return the other end
     */
    public String peerOf(final String node) {
        poolAt(node);
        return nodeA.equals(node) ? nodeB : nodeA;
    }

    /**
     * Takes the oldest key blocks from one end's pool, after accruing key up to now. The other end gets the same
     * blocks with {@link #take(String, Collection)} and their IDs.
     *
     * @param node the end
     * @param count how many blocks
     * @return the blocks, oldest first
     * @throws java.util.NoSuchElementException when fewer are available; nothing is taken then
     */
    public List<KeyBlock> takeOldest(final String node, final int count) {
        final var pool = poolAt(node);
        advance();
        return pool.takeOldest(count);
    }

    /**
     * Takes key blocks by ID from one end's pool, after accruing key up to now; all or none.
     *
     * @param node the end
     * @param ids key IDs
     * @return the blocks, in the order of {@code ids}
     * @throws java.util.NoSuchElementException when an ID is not (or no longer) in the pool; nothing is taken then
     */
    public List<KeyBlock> take(final String node, final Collection<UUID> ids) {
        final var pool = poolAt(node);
        advance();
        return pool.take(ids);
    }

    public synchronized LinkPhysics physics() {
        return physics;
    }

    /**
     * Brings the pools up to the clock's current instant.
     */
    public synchronized void advance() {
        final var now = clock.instant();
        if (!now.isAfter(lastUpdate)) {
            return;
        }
        final double seconds = Duration.between(lastUpdate, now).toNanos() / 1e9;
        lastUpdate = now;
        final double rate = effectiveRateBps();
        if (rate <= 0) {
            return;
        }
        final double distilled = rate * seconds;
        final double perBlock = prediction.blockKeyBits() * (1 - authenticationOverhead);
        if (perBlock > 0) {
            // a finite-key protocol: no key until a post-processing block is complete, then all of its key at once
            blockProgress += distilled / perBlock;
            final double completed = Math.floor(blockProgress);
            blockProgress -= completed;
            carryBits += completed * perBlock;
        } else {
            carryBits += distilled;
        }
        final long blocks = (long) Math.floor(carryBits / blockBits);
        if (blocks == 0) {
            return;
        }
        carryBits -= (double) blocks * blockBits;
        if (underAttack()) {
            // the protocol still distils at the model's rate, but nothing from the attack interval is released
            discardedBlocks += blocks;
            return;
        }
        final long room = Math.min(poolA.freeBits(), poolB.freeBits()) / blockBits;
        final long stored = Math.min(blocks, room);
        store(stored);
        generatedBlocks += stored;
        overflowBlocks += blocks - stored;
    }

    // Draws key bits and IDs in batches: a DRBG call has a fixed cost, far above that of 32 more bytes
    private void store(final long count) {
        final int blockBytes = blockBits / Byte.SIZE;
        final int stride = blockBytes + ID_BYTES;
        final var batch = new byte[(int) Math.min(count, Math.max(1, BATCH_BYTES / stride)) * stride];
        for (long done = 0; done < count;) {
            final int blocks = (int) Math.min(count - done, batch.length / stride);
            material.fill(batch);
            for (int i = 0; i < blocks; i++) {
                final int offset = i * stride;
                final var blockId = KeyMaterial.uuidFrom(batch, offset + blockBytes);
                poolA.add(blockId, Arrays.copyOfRange(batch, offset, offset + blockBytes));
                poolB.add(blockId, Arrays.copyOfRange(batch, offset, offset + blockBytes));
            }
            done += blocks;
        }
        Arrays.fill(batch, (byte) 0);
    }

    /**
     * Cuts the fiber: no key from now on.
     */
    public synchronized void cut() {
        change(physics.toBuilder().cut(true).build(), true);
    }

    /**
     * Repairs the fiber.
     */
    public synchronized void restore() {
        change(physics.toBuilder().cut(false).build(), true);
    }

    /**
     * Starts, changes or (with 0) stops an intercept-resend eavesdropper.
     *
     * @param fraction fraction of pulses attacked, in [0, 1]
     */
    public synchronized void eavesdrop(final double fraction) {
        final boolean boundary = (fraction > 0) != underAttack();
        change(physics.toBuilder().eavesdropFraction(fraction).build(), boundary);
    }

    /**
     * Sets the loss besides the fiber, e.g. a bent or dirty connector.
     *
     * @param db extra loss, dB
     */
    public synchronized void setExtraLoss(final double db) {
        change(physics.toBuilder().extraLossDb(db).build(), false);
    }

    /**
     * Injects one of the faults operators drill with, as {@code qkd-emulator:inject-link-fault} names them.
     *
     * @param fault what to do
     * @param eavesdropFraction fraction of pulses attacked, in [0, 1] ({@link Fault#EAVESDROP})
     * @param extraLossDb loss added to the link's planned loss besides the fiber, dB ({@link Fault#DEGRADE})
     * @return the link's report after the change
     */
    public synchronized LinkSnapshot inject(final Fault fault, final double eavesdropFraction,
            final double extraLossDb) {
        switch (fault) {
            case CUT -> cut();
            case EAVESDROP -> eavesdrop(eavesdropFraction);
            case DEGRADE -> setExtraLoss(plannedExtraLossDb + extraLossDb);
            case RESTORE -> {
                restore();
                eavesdrop(0);
                setExtraLoss(plannedExtraLossDb);
            }
            default -> throw new IllegalStateException("unhandled fault " + fault);
        }
        final var snapshot = snapshot();
        LOG.info("Emulated link {}: fault {} injected, now {} at {} bit/s, QBER {}", id, fault, snapshot.state(),
            Math.round(snapshot.secretKeyRateBps()), snapshot.qber());
        return snapshot;
    }

    /**
     * Sets Bob's detector efficiency, e.g. as it drifts.
     *
     * @param efficiency new efficiency, in (0, 1]
     */
    public synchronized void setDetectorEfficiency(final double efficiency) {
        change(physics.toBuilder().detectorEfficiency(efficiency).build(), false);
    }

    /**
     * Marks whether the devices at both ends are up.
     *
     * @param up false when either end is down
     */
    public synchronized void setEndpointsUp(final boolean up) {
        advance();
        if (endpointsUp != up) {
            endpointsUp = up;
            carryBits = 0;
            LOG.info("Link {}: endpoints {}", id, up ? "up" : "down");
        }
    }

    /**
     * The devices' current report.
     *
     * @return the snapshot, after advancing to the clock's instant
     */
    public synchronized LinkSnapshot snapshot() {
        advance();
        final LinkSnapshot.State state;
        if (!endpointsUp) {
            state = LinkSnapshot.State.ENDPOINT_DOWN;
        } else if (physics.cut()) {
            state = LinkSnapshot.State.CUT;
        } else if (prediction.aborted()) {
            state = LinkSnapshot.State.ABORTED;
        } else if (underAttack()) {
            state = LinkSnapshot.State.UNDER_ATTACK;
        } else {
            state = LinkSnapshot.State.GENERATING;
        }
        final double skr = endpointsUp ? prediction.secretKeyRateBps() : 0;
        return new LinkSnapshot(id, qkdlId, lastUpdate, state == LinkSnapshot.State.GENERATING, state, skr,
            effectiveRateBps(), endpointsUp ? prediction.qber() : 0, prediction,
            poolA.storedBits(), poolB.storedBits(), poolA.capacityBits(), generatedBlocks, overflowBlocks,
            discardedBlocks);
    }

    /**
     * Since when the link is compromised: its QBER (CV-QKD: its excess noise) is above the abort threshold, as under
     * an intercept-resend eavesdropper. Key relayed over it from then on may be known to the attacker.
     *
     * @return the instant it rose above the threshold, empty while it is not above
     */
    public Optional<Instant> compromisedSince() {
        return Optional.ofNullable(compromisedSince);
    }

    /**
     * Erases both pools, zeroing their key.
     */
    public synchronized void erasePools() {
        final int erased = poolA.erase() + poolB.erase();
        LOG.debug("Link {}: erased {} key blocks", id, erased);
    }

    /**
     * The faults of {@link #inject(Fault, double, double)}.
     */
    public enum Fault {
        /** Cut the fiber: no photon arrives, the link goes down. */
        CUT,
        /** Start or change an intercept-resend eavesdropper. */
        EAVESDROP,
        /** Add loss to the link's planned loss besides the fiber. */
        DEGRADE,
        /** Repair the fiber, stop any eavesdropper and return to the planned loss. */
        RESTORE
    }

    @Override
    public String toString() {
        return "EmulatedLink{" + id + ": " + nodeA + " - " + nodeB + "}";
    }

    private boolean underAttack() {
        return physics.eavesdropFraction() > 0;
    }

    private double effectiveRateBps() {
        return endpointsUp ? prediction.secretKeyRateBps() * (1 - authenticationOverhead) : 0;
    }

    private void change(final LinkPhysics next, final boolean voidBlockInProgress) {
        advance();
        physics = next;
        prediction = KeyRateModel.evaluate(physics, protocol);
        if (!prediction.compromised()) {
            compromisedSince = null;
        } else if (compromisedSince == null) {
            compromisedSince = lastUpdate;
        }
        if (voidBlockInProgress) {
            carryBits = 0;
            blockProgress = 0;
        }
        LOG.info("Link {}: {} -> {} bit/s, QBER {}, excess noise {}", id, prediction.abort(),
            Math.round(prediction.secretKeyRateBps()), String.format("%.4f", prediction.qber()),
            String.format("%.4f", prediction.excessNoise()));
    }
}
