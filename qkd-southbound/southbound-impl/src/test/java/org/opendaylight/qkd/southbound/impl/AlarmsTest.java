/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.qkd.model.testing.QkdTopology;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmCleared;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmRaised;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * Alarm raising and clearing: one alarm per condition, level hysteresis on QBER and key rate, time hysteresis on
 * every clear, the cap on kept cleared alarms.
 */
class AlarmsTest {
    private static final Duration HOLD = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final Alarms alarms = new Alarms();
    private Instant now = T0;

    AlarmsTest() {
        alarms.setThresholds(new Alarms.Thresholds(0.08, 0.01, 1000, 10, HOLD, Duration.ofSeconds(600)));
    }

    @Test
    void qberKeepsItsAlarmUntilBelowTheMarginForTheHoldTime() {
        assertEquals(List.of(AlarmRaised.class), kinds(step(link(LinkState.Up, "0.085", 5000))));
        // under the threshold but within the margin, for longer than the hold time: still the same alarm
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.075", 5000))));
        now = now.plus(HOLD.multipliedBy(2));
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.075", 5000))));
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.085", 5000))));
        // under the margin, not yet for the hold time
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.05", 5000))));
        now = now.plus(HOLD.minusMillis(1));
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.05", 5000))));
        now = now.plusMillis(1);
        assertEquals(List.of(AlarmCleared.class), kinds(step(link(LinkState.Up, "0.05", 5000))));
        // a new excursion is a new alarm
        final var again = step(link(LinkState.Up, "0.09", 5000));
        assertEquals(List.of(AlarmRaised.class), kinds(again));
        assertEquals(Uint64.valueOf(2), again.written().get(0).getId());
    }

    @Test
    void aFlappingLinkKeepsOneAlarm() {
        assertEquals(List.of(AlarmRaised.class), kinds(step(link(LinkState.Down, "0.01", 5000))));
        for (int flap = 0; flap < 10; flap++) {
            now = now.plusMillis(500);
            assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.01", 5000))));
            now = now.plusMillis(500);
            assertEquals(List.of(), kinds(step(link(LinkState.Aborted, "0.01", 5000))));
        }
        now = now.plusMillis(500);
        step(link(LinkState.Up, "0.01", 5000));
        now = now.plus(HOLD);
        assertEquals(List.of(AlarmCleared.class), kinds(step(link(LinkState.Up, "0.01", 5000))));
    }

    @Test
    void keyRateClearsOnlyPastTheFloorAndItsMargin() {
        assertEquals(List.of(AlarmRaised.class), kinds(step(link(LinkState.Up, "0.01", 900))));
        now = now.plus(HOLD);
        // over the floor, not over floor + 10 %, for longer than the hold time
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.01", 1050))));
        now = now.plus(HOLD.multipliedBy(2));
        assertEquals(List.of(), kinds(step(link(LinkState.Up, "0.01", 1050))));
        step(link(LinkState.Up, "0.01", 1200));
        now = now.plus(HOLD);
        assertEquals(List.of(AlarmCleared.class), kinds(step(link(LinkState.Up, "0.01", 1200))));
    }

    @Test
    void aDownLinkRaisesLinkDownOnlyAndAVanishedOneClears() {
        final var raised = step(link(LinkState.Down, "0.5", 0));
        assertEquals(1, raised.written().size(), raised::toString);
        assertEquals(AlarmType.LinkDown, raised.written().get(0).getType());
        now = now.plus(HOLD);
        final var gone = alarms.evaluate(List.of(), Map.of(), now);
        assertEquals(List.of(), kinds(gone));
        now = now.plus(HOLD);
        assertEquals(List.of(AlarmCleared.class), kinds(alarms.evaluate(List.of(), Map.of(), now)));
    }

    @Test
    void unreachableDevicesAndTheCapOnClearedAlarms() {
        for (int i = 0; i < Alarms.KEEP_CLEARED + 5; i++) {
            alarms.evaluate(List.of("dev"), Map.of(), now);
            now = now.plus(HOLD);
            alarms.evaluate(List.of(), Map.of(), now);
            now = now.plus(HOLD);
            final var cleared = alarms.evaluate(List.of(), Map.of(), now);
            if (i >= Alarms.KEEP_CLEARED) {
                assertEquals(1, cleared.removed().size(), "one old cleared alarm dropped per new one");
            } else {
                assertTrue(cleared.removed().isEmpty());
            }
        }
        assertTrue(alarms.active().isEmpty());
    }

    @Test
    void aKeyServiceRunningOutWithinTheHorizonRaisesKeyExhaustionSoonUntilItLastsTenPercentLonger() {
        // 900 s left: over the horizon; 500 s: under it
        assertEquals(List.of(), kinds(exhaustion(Map.of("vpn", 900L))));
        final var raised = exhaustion(Map.of("vpn", 500L, "backup", 3600L));
        assertEquals(List.of(AlarmRaised.class), kinds(raised));
        final var alarm = raised.written().getFirst();
        assertEquals(AlarmType.KeyExhaustionSoon, alarm.getType());
        assertEquals("vpn", alarm.getResource());
        assertTrue(alarm.getMessage().contains("run out in about 500 s"), alarm.getMessage());
        // over the horizon, within its 10 % margin, for longer than the hold time: still raised
        assertEquals(List.of(), kinds(exhaustion(Map.of("vpn", 640L))));
        now = now.plus(HOLD.multipliedBy(2));
        assertEquals(List.of(), kinds(exhaustion(Map.of("vpn", 640L))));
        // production keeps up again (no exhaustion time): cleared after the hold time
        assertEquals(List.of(), kinds(exhaustion(Map.of())));
        now = now.plus(HOLD);
        assertEquals(List.of(AlarmCleared.class), kinds(exhaustion(Map.of())));
        // a configured horizon of an hour
        alarms.setThresholds(new Alarms.Thresholds(0.08, 0.01, 1000, 10, HOLD, Duration.ofHours(1)));
        assertEquals(List.of(AlarmRaised.class), kinds(exhaustion(Map.of("backup", 3000L))));
    }

    private Alarms.Changes exhaustion(final Map<String, Long> services) {
        return alarms.evaluate(List.of(), Map.of(), services, now);
    }

    private Alarms.Changes step(final Link link) {
        return alarms.evaluate(List.of(), Map.of("l1", link), now);
    }

    private static List<Class<?>> kinds(final Alarms.Changes changes) {
        return changes.notifications().stream()
            .<Class<?>>map(notification -> notification instanceof AlarmRaised ? AlarmRaised.class
                : AlarmCleared.class)
            .toList();
    }

    private static Link link(final LinkState state, final String qber, final long rate) {
        return QkdTopology.link("l1", "a", "b").status(state).qber(qber).effectiveSecretKeyRate(rate).build();
    }
}
