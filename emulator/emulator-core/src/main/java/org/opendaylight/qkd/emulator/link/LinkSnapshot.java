/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import java.time.Instant;
import java.util.UUID;
import org.opendaylight.qkd.emulator.physics.KeyRateResult;

/**
 * What a link's devices report at one instant. Holds no key material.
 *
 * @param linkId link name
 * @param qkdlId ETSI GS QKD 015 link ID, the same on both devices
 * @param at emulated time of the snapshot
 * @param generating whether the link currently releases key
 * @param state why not, or {@link State#GENERATING}
 * @param secretKeyRateBps secret key rate the devices measure (skr), bit/s
 * @param effectiveKeyRateBps key rate left after authentication of the classical channel (eskr), bit/s
 * @param qber measured QBER
 * @param physics the model's full prediction for the current parameters
 * @param poolBitsA key in the A end's pool, bits
 * @param poolBitsB key in the B end's pool, bits (the same as A's until the ends consume differently)
 * @param poolCapacityBits size of each pool, bits
 * @param generatedBlocks blocks stored at both ends since start
 * @param overflowBlocks blocks dropped because a pool was full
 * @param discardedBlocks blocks discarded because an eavesdropper was active while they were generated
 */
public record LinkSnapshot(
        String linkId,
        UUID qkdlId,
        Instant at,
        boolean generating,
        State state,
        double secretKeyRateBps,
        double effectiveKeyRateBps,
        double qber,
        KeyRateResult physics,
        long poolBitsA,
        long poolBitsB,
        long poolCapacityBits,
        long generatedBlocks,
        long overflowBlocks,
        long discardedBlocks) {

    /**
     * Operational condition of the link.
     */
    public enum State {
        /** Key flows into both pools. */
        GENERATING,
        /** An eavesdropper is active: whatever is distilled is discarded. */
        UNDER_ATTACK,
        /** The protocol aborts: QBER above threshold or no secret key at this loss and noise. */
        ABORTED,
        /** The fiber is cut. */
        CUT,
        /** A device at either end is down. */
        ENDPOINT_DOWN
    }
}
