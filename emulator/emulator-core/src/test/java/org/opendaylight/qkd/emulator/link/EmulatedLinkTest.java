/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.emulator.link.LinkSnapshot.State;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.KeyRateModel;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;

/**
 * Key generation at the model's rate, exact under an injectable clock and seeded key material.
 */
class EmulatedLinkTest {
    private static final int BLOCK = 256;
    private static final double OVERHEAD = 0.01;
    private static final DecoyProtocol DECOY = DecoyProtocol.vacuumWeak(0.1);

    private ManualClock clock;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private EmulatedLink link(final LinkPhysics physics, final long poolBits, final long seed) {
        return new EmulatedLink(new LinkSpec("a-b", "a", "b", physics, DECOY, BLOCK, poolBits, OVERHEAD),
            KeyMaterial.seeded(seed), clock);
    }

    private static double eskr(final LinkPhysics physics) {
        return KeyRateModel.evaluate(physics, DECOY).secretKeyRateBps() * (1 - OVERHEAD);
    }

    private static long blocks(final double bps, final double seconds) {
        return (long) Math.floor(bps * seconds / BLOCK);
    }

    @Test
    void bothEndsHoldTheSameBlocksUnderTheSameIds() {
        final var link = link(LinkPhysics.metro(20), LinkSpec.DEFAULT_POOL_BITS, 1);
        clock.advance(Duration.ofSeconds(2));
        final var snapshot = link.snapshot();
        assertEquals(blocks(eskr(LinkPhysics.metro(20)), 2), snapshot.generatedBlocks());
        assertEquals(snapshot.poolBitsA(), snapshot.poolBitsB());
        assertTrue(snapshot.generatedBlocks() > 100, snapshot::toString);

        final var atA = link.takeOldest("a", 50);
        final var atB = link.take("b", atA.stream().map(KeyBlock::id).toList());
        for (int i = 0; i < atA.size(); i++) {
            assertEquals(atA.get(i).id(), atB.get(i).id());
            assertArrayEquals(atA.get(i).bytes(), atB.get(i).bytes());
            assertTrue(atA.get(i).sameBitsAs(atB.get(i)));
            assertEquals(BLOCK, atA.get(i).sizeBits());
        }
        assertEquals(50, new HashSet<>(atA.stream().map(KeyBlock::id).toList()).size());
        assertFalse(atA.get(0).sameBitsAs(atA.get(1)));
    }

    @Test
    void aFiniteKeyLinkReleasesNothingUntilItsPostProcessingBlockCompletes() {
        final var finite = DecoyProtocol.finiteKey(1e7, 1e-10, 1e-15);
        final var physics = LinkPhysics.metro(50);
        final var prediction = KeyRateModel.evaluate(physics, finite);
        final double perBlock = prediction.blockKeyBits() * (1 - OVERHEAD);
        final double blockSeconds = perBlock / (prediction.secretKeyRateBps() * (1 - OVERHEAD));
        // 10^7 X-basis detections of a 1 GHz source over 50 km: seconds per block, hundreds of thousands of bits
        assertTrue(blockSeconds > 1 && blockSeconds < 100, () -> "block time " + blockSeconds);
        final var link = new EmulatedLink(new LinkSpec("a-b", "a", "b", physics, finite, BLOCK,
            LinkSpec.DEFAULT_POOL_BITS, OVERHEAD), KeyMaterial.seeded(7), clock);

        clock.advance(Duration.ofMillis((long) (blockSeconds * 1000 * 0.99)));
        assertEquals(0, link.snapshot().generatedBlocks(), "no key before the block completes");
        clock.advance(Duration.ofMillis((long) (blockSeconds * 1000 * 0.02)));
        assertEquals(blocks(perBlock, 1), link.snapshot().generatedBlocks(), "the whole block's key at once");
        clock.advance(Duration.ofMillis((long) (blockSeconds * 1000 * 0.5)));
        assertEquals(blocks(perBlock, 1), link.snapshot().generatedBlocks(), "nothing more half way through the next");

        // a cut voids the block under way: a full block's time is needed again after the repair
        link.cut();
        link.restore();
        clock.advance(Duration.ofMillis((long) (blockSeconds * 1000 * 0.99)));
        assertEquals(blocks(perBlock, 1), link.snapshot().generatedBlocks());
        clock.advance(Duration.ofMillis((long) (blockSeconds * 1000 * 0.02)));
        // (the cut also dropped the part of a key block left over from the first)
        assertEquals(2 * blocks(perBlock, 1), link.snapshot().generatedBlocks());
    }

    @Test
    void anHourOfEmulatedTimeAccountsForEveryBlock() {
        final var physics = LinkPhysics.metro(30);
        final var link = link(physics, 64L * 1024 * 1024, 2);
        for (int second = 0; second < 3600; second++) {
            clock.advance(Duration.ofSeconds(1));
            link.advance();
        }
        final var snapshot = link.snapshot();
        final long expected = blocks(eskr(physics), 3600);
        // per-step flooring carries the remainder, so the total is exact to the last block
        assertEquals(expected, snapshot.generatedBlocks() + snapshot.overflowBlocks());
        assertTrue(snapshot.overflowBlocks() > 0, "the pool fills within the hour");
        assertEquals(snapshot.poolCapacityBits() / BLOCK, snapshot.generatedBlocks());
        assertEquals(snapshot.poolCapacityBits(), snapshot.poolBitsA());
    }

    @Test
    void theSameSeedGivesTheSameKeys() {
        final var one = link(LinkPhysics.metro(10), LinkSpec.DEFAULT_POOL_BITS, 42);
        final var two = link(LinkPhysics.metro(10), LinkSpec.DEFAULT_POOL_BITS, 42);
        final var other = link(LinkPhysics.metro(10), LinkSpec.DEFAULT_POOL_BITS, 43);
        clock.advance(Duration.ofMillis(100));
        final var first = one.takeOldest("a", 3);
        final var second = two.takeOldest("a", 3);
        final var third = other.takeOldest("a", 3);
        assertEquals(one.qkdlId(), two.qkdlId());
        for (int i = 0; i < 3; i++) {
            assertEquals(first.get(i).id(), second.get(i).id());
            assertArrayEquals(first.get(i).bytes(), second.get(i).bytes());
            assertFalse(first.get(i).sameBitsAs(third.get(i)));
        }
        assertEquals(4, first.get(0).id().version());
        assertEquals(2, first.get(0).id().variant());
    }

    @Test
    void eachBlockLeavesEachPoolOnce() {
        final var link = link(LinkPhysics.metro(10), LinkSpec.DEFAULT_POOL_BITS, 3);
        clock.advance(Duration.ofMillis(100));
        link.advance();
        final var pool = link.poolAt("b");
        final var ids = link.takeOldest("a", 2).stream().map(KeyBlock::id).toList();
        final int before = pool.blockCount();
        assertThrows(NoSuchElementException.class, () -> pool.take(List.of(ids.get(0), UUID.randomUUID())));
        assertEquals(before, pool.blockCount(), "a failed request takes nothing");
        assertThrows(IllegalArgumentException.class, () -> pool.take(List.of(ids.get(0), ids.get(0))));
        pool.take(List.of(ids.get(0)));
        assertThrows(NoSuchElementException.class, () -> pool.take(List.of(ids.get(0))));
        assertThrows(NoSuchElementException.class, () -> pool.takeOldest(pool.blockCount() + 1));
        assertThrows(IllegalArgumentException.class, () -> link.poolAt("c"));
    }

    @Test
    void destroyedBlocksAreZero() {
        final var link = link(LinkPhysics.metro(10), LinkSpec.DEFAULT_POOL_BITS, 4);
        clock.advance(Duration.ofMillis(100));
        final var block = link.takeOldest("a", 1).get(0);
        block.destroy();
        assertArrayEquals(new byte[BLOCK / 8], block.bytes());
        assertFalse(block.toString().contains("bytes"));
        link.erasePools();
        assertEquals(0, link.snapshot().poolBitsA());
        assertEquals(0, link.snapshot().poolBitsB());
    }

    @Test
    void aFullPoolKeepsTheOldestAndCountsTheDropped() {
        final var link = link(LinkPhysics.metro(10), 100L * BLOCK, 5);
        clock.advance(Duration.ofMillis(1));
        link.advance();
        final var oldest = link.takeOldest("a", 1).get(0).id();
        clock.advance(Duration.ofSeconds(1));
        final var snapshot = link.snapshot();
        assertEquals(100, link.poolAt("b").blockCount());
        assertTrue(snapshot.overflowBlocks() > 0);
        // B still holds the oldest block A consumed: the pair stays in step by ID
        link.poolAt("b").take(List.of(oldest));
        // A had room for one more, B had none: nothing new was stored at either end
        assertEquals(99, link.poolAt("a").blockCount());
    }

    @Test
    void aCutStopsKeyAndVoidsTheBlockInProgress() {
        final var physics = LinkPhysics.metro(20);
        final var link = link(physics, 64L * 1024 * 1024, 6);
        clock.advance(Duration.ofMillis(1500));
        link.cut();
        clock.advance(Duration.ofSeconds(5));
        assertEquals(State.CUT, link.snapshot().state());
        assertEquals(0, link.snapshot().secretKeyRateBps());
        assertEquals(blocks(eskr(physics), 1.5), link.snapshot().generatedBlocks());
        link.restore();
        clock.advance(Duration.ofMillis(700));
        assertEquals(blocks(eskr(physics), 1.5) + blocks(eskr(physics), 0.7), link.snapshot().generatedBlocks());
        assertEquals(State.GENERATING, link.snapshot().state());
    }

    @Test
    void nothingFromAnAttackIntervalIsEverStored() {
        final var physics = LinkPhysics.metro(20);
        final var link = link(physics, 64L * 1024 * 1024, 7);
        clock.advance(Duration.ofMillis(1234));
        link.eavesdrop(0.05);
        final var attacked = link.snapshot();
        assertEquals(State.UNDER_ATTACK, attacked.state());
        assertTrue(attacked.qber() > link.physics().toBuilder().eavesdropFraction(0).build().misalignmentError());
        final double attackedRate = eskr(physics.toBuilder().eavesdropFraction(0.05).build());
        assertTrue(attackedRate > 0, "a light attack still leaves a positive rate");

        clock.advance(Duration.ofMillis(2345));
        link.eavesdrop(0);
        clock.advance(Duration.ofMillis(3456));
        final var after = link.snapshot();
        assertEquals(State.GENERATING, after.state());
        assertEquals(blocks(eskr(physics), 1.234) + blocks(eskr(physics), 3.456), after.generatedBlocks());
        assertEquals(blocks(attackedRate, 2.345), after.discardedBlocks());
    }

    @Test
    void aHeavyAttackAbortsTheLink() {
        final var link = link(LinkPhysics.metro(20), LinkSpec.DEFAULT_POOL_BITS, 8);
        link.eavesdrop(1);
        clock.advance(Duration.ofSeconds(10));
        final var snapshot = link.snapshot();
        assertEquals(State.ABORTED, snapshot.state());
        assertEquals(0, snapshot.secretKeyRateBps());
        assertEquals(0, snapshot.generatedBlocks());
        assertTrue(snapshot.qber() > 0.2);
    }

    @Test
    void downEndpointsStopKey() {
        final var link = link(LinkPhysics.metro(20), LinkSpec.DEFAULT_POOL_BITS, 9);
        link.setEndpointsUp(false);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(State.ENDPOINT_DOWN, link.snapshot().state());
        assertEquals(0, link.snapshot().generatedBlocks());
        link.setEndpointsUp(true);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(link.snapshot().generatedBlocks() > 0);
    }

    @Test
    void lossAndDetectorDriftLowerTheRate() {
        final var link = link(LinkPhysics.metro(20), LinkSpec.DEFAULT_POOL_BITS, 10);
        final double nominal = link.snapshot().secretKeyRateBps();
        link.setExtraLoss(3);
        final double lossy = link.snapshot().secretKeyRateBps();
        link.setExtraLoss(0);
        link.setDetectorEfficiency(0.05);
        final double drifted = link.snapshot().secretKeyRateBps();
        assertTrue(lossy < nominal * 0.6, () -> lossy + " vs " + nominal);
        assertTrue(drifted < nominal * 0.6, () -> drifted + " vs " + nominal);
        assertEquals(drifted * (1 - OVERHEAD), link.snapshot().effectiveKeyRateBps(), 1e-6);
    }

    @Test
    void invalidSpecsAreNamed() {
        final var physics = LinkPhysics.metro(1);
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LinkSpec("l", "a", "a", physics, DECOY, BLOCK, 1024, 0)).getMessage().contains("itself"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LinkSpec("l", "a", "b", physics, DECOY, 12, 1024, 0)).getMessage().contains("multiple of 8"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new LinkSpec("l", "a", "b", physics, DECOY, 256, 128, 0)).getMessage().contains("smaller"));
    }
}
