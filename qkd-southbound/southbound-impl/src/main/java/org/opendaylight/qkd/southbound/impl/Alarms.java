/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.security.SecurityEvent;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmClearedBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmRaisedBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.AlarmType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.Alarm;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.alarms.AlarmBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.AlarmThresholds;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * The alarms of the QKD network, raised and cleared from what the devices report and the key services' predicted
 * exhaustion. Each condition (a link down or aborted, the QBER over the threshold of a link that is not down, an up
 * link's key rate under the floor, a device that does not answer, a key service whose keys run out within the
 * horizon) has at most one active alarm. QBER, key rate and exhaustion clear only past a margin (level hysteresis),
 * and every alarm clears only once its condition has stayed away for the hold time (time hysteresis): a flapping link
 * keeps its one alarm.
 * Cleared alarms are kept, the latest {@value #KEEP_CLEARED} of them. Not thread-safe: the device manager calls it
 * under its lock.
 */
final class Alarms {
    static final int KEEP_CLEARED = 1000;

    /**
     * When alarms are raised and cleared.
     *
     * @param qberHigh QBER over which qber-high is raised
     * @param qberHysteresis how far under qberHigh QBER must fall to clear it
     * @param rateFloor effective key rate (bit/s) under which key-rate-low is raised
     * @param rateHysteresisPercent how far over the floor, in percent, the rate must rise to clear it
     * @param clearHold how long a condition must stay away before its alarm clears
     * @param exhaustionHorizon a key service whose keys run out sooner than this raises key-exhaustion-soon; it
     *        clears once they last 10 % longer, or production keeps up
     */
    record Thresholds(double qberHigh, double qberHysteresis, long rateFloor, int rateHysteresisPercent,
            Duration clearHold, Duration exhaustionHorizon) {
        static final Thresholds DEFAULT = new Thresholds(0.08, 0.01, 1000, 10, Duration.ofSeconds(2),
            Duration.ofMinutes(10));

        static Thresholds of(final @Nullable AlarmThresholds config) {
            if (config == null) {
                return DEFAULT;
            }
            return new Thresholds(
                config.getQberHigh() == null ? DEFAULT.qberHigh : config.getQberHigh().getValue().doubleValue(),
                config.getQberHysteresis() == null ? DEFAULT.qberHysteresis
                    : config.getQberHysteresis().getValue().doubleValue(),
                config.getKeyRateFloor() == null ? DEFAULT.rateFloor
                    : config.getKeyRateFloor().getValue().longValue(),
                config.getKeyRateHysteresis() == null ? DEFAULT.rateHysteresisPercent
                    : config.getKeyRateHysteresis().intValue(),
                config.getClearHoldTime() == null ? DEFAULT.clearHold
                    : Duration.ofMillis(config.getClearHoldTime().longValue()),
                config.getKeyExhaustionHorizon() == null ? DEFAULT.exhaustionHorizon
                    : Duration.ofSeconds(config.getKeyExhaustionHorizon().longValue()));
        }
    }

    /**
     * What an evaluation changed.
     *
     * @param written alarm entries to write (new or cleared)
     * @param removed ids of cleared entries no longer kept
     * @param notifications notifications to send once written
     */
    record Changes(List<Alarm> written, List<Uint64> removed, List<Notification<?>> notifications) {
        boolean isEmpty() {
            return written.isEmpty() && removed.isEmpty();
        }
    }

    private record Key(AlarmType type, String resource) {
    }

    private static final class Active {
        final Alarm alarm;
        @Nullable Instant awaySince;

        Active(final Alarm alarm) {
            this.alarm = alarm;
        }
    }

    private final Map<Key, Active> active = new HashMap<>();
    // cleared alarms, oldest first
    private final LinkedHashMap<Uint64, Alarm> cleared = new LinkedHashMap<>();
    private Thresholds thresholds = Thresholds.DEFAULT;
    private long nextId = 1;
    // the entries written before may be lost: write them all again with the next changes
    private boolean rewrite;

    void setThresholds(final Thresholds newThresholds) {
        thresholds = newThresholds;
    }

    // after a failed write: the next changes hold every entry kept
    void rewriteAll() {
        rewrite = true;
    }

    /**
     * Evaluates every condition now.
     *
     * @param unreachable names of devices that do not answer
     * @param links the network's links, by link-id
     * @param now the time
     * @return what changed
     */
    Changes evaluate(final List<String> unreachable, final Map<String, Link> links, final Instant now) {
        return evaluate(unreachable, links, Map.of(), now);
    }

    /**
     * Evaluates every condition now, the key services' too.
     *
     * @param unreachable names of devices that do not answer
     * @param links the network's links, by link-id
     * @param exhaustion the key services whose stored keys are predicted to run out, by service-id: seconds left
     * @param now the time
     * @return what changed
     */
    Changes evaluate(final List<String> unreachable, final Map<String, Link> links, final Map<String, Long> exhaustion,
            final Instant now) {
        final var present = new HashMap<Key, String>();
        for (var entry : exhaustion.entrySet()) {
            final var key = new Key(AlarmType.KeyExhaustionSoon, entry.getKey());
            final long horizon = thresholds.exhaustionHorizon().toSeconds();
            final double limit = active.containsKey(key) ? horizon * 1.1 : horizon;
            if (entry.getValue() < limit) {
                present.put(key, "key service " + entry.getKey() + ": its stored keys run out in about "
                    + entry.getValue() + " s at the current consumption, under the horizon of " + horizon + " s");
            }
        }
        for (var device : unreachable) {
            present.put(new Key(AlarmType.DeviceUnreachable, device), "device " + device + " does not answer");
        }
        for (var entry : links.entrySet()) {
            linkConditions(entry.getKey(), entry.getValue(), present);
        }
        final var changes = new Changes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (rewrite) {
            rewrite = false;
            active.values().forEach(entry -> changes.written().add(entry.alarm));
            changes.written().addAll(cleared.values());
        }
        for (var condition : present.entrySet()) {
            final var existing = active.get(condition.getKey());
            if (existing != null) {
                existing.awaySince = null;
            } else {
                raise(condition.getKey(), condition.getValue(), now, changes);
            }
        }
        for (var it = active.entrySet().iterator(); it.hasNext();) {
            final var entry = it.next();
            final var alarm = entry.getValue();
            if (present.containsKey(entry.getKey())) {
                continue;
            }
            if (alarm.awaySince == null) {
                alarm.awaySince = now;
            }
            if (!now.isBefore(alarm.awaySince.plus(thresholds.clearHold()))) {
                it.remove();
                clear(alarm.alarm, now, changes);
            }
        }
        return changes;
    }

    // the link conditions present now: level hysteresis needs to know whether the alarm is active
    private void linkConditions(final String id, final Link link, final Map<Key, String> present) {
        final var augmentation = link.augmentation(Link1.class);
        final var attributes = augmentation == null ? null : augmentation.getQkdLinkAttributes();
        if (attributes == null) {
            return;
        }
        final var name = "link " + id + " (" + link.getSource().getSourceNode().getValue() + " - "
            + link.getDestination().getDestNode().getValue() + ")";
        final var state = attributes.getStatus();
        if (state == LinkState.Down || state == LinkState.Aborted) {
            present.put(new Key(AlarmType.LinkDown, id), name + " is " + state.getName());
        }
        // a link that is down measures no QBER worth an alarm (a cut fiber reads as noise)
        if (attributes.getQber() != null && state != LinkState.Down) {
            final double qber = attributes.getQber().getValue().doubleValue();
            final var key = new Key(AlarmType.QberHigh, id);
            final double limit = active.containsKey(key) ? thresholds.qberHigh() - thresholds.qberHysteresis()
                : thresholds.qberHigh();
            if (qber > limit) {
                present.put(key, name + ": QBER " + qber + " over " + thresholds.qberHigh());
            }
        }
        final var rate = attributes.getEffectiveSecretKeyRate() != null ? attributes.getEffectiveSecretKeyRate()
            : attributes.getSecretKeyRate();
        if (state == LinkState.Up && rate != null) {
            final long bps = rate.getValue().longValue();
            final var key = new Key(AlarmType.KeyRateLow, id);
            final double limit = active.containsKey(key)
                ? thresholds.rateFloor() * (1 + thresholds.rateHysteresisPercent() / 100.0) : thresholds.rateFloor();
            if (bps < limit) {
                present.put(key, name + ": key rate " + bps + " bit/s under " + thresholds.rateFloor());
            }
        }
    }

    private void raise(final Key key, final String message, final Instant now, final Changes changes) {
        final var id = Uint64.valueOf(nextId++);
        final var alarm = new AlarmBuilder().setId(id).setType(key.type()).setResource(key.resource())
            .setActive(true).setRaised(TopologyView.time(now)).setMessage(message).build();
        active.put(key, new Active(alarm));
        changes.written().add(alarm);
        changes.notifications().add(new AlarmRaisedBuilder().setId(id).setType(key.type())
            .setResource(key.resource()).setTime(alarm.getRaised()).setMessage(message).build());
        final var event = switch (key.type()) {
            case LinkDown -> SecurityEvent.Type.LINK_DOWN;
            case QberHigh -> SecurityEvent.Type.QBER_HIGH;
            default -> null;
        };
        if (event != null) {
            SecurityEvent.of(event, message).with("link", key.resource()).with("alarm", id).emit();
        }
    }

    private void clear(final Alarm alarm, final Instant now, final Changes changes) {
        final var done = new AlarmBuilder(alarm).setActive(false).setCleared(TopologyView.time(now)).build();
        changes.written().add(done);
        changes.notifications().add(new AlarmClearedBuilder().setId(alarm.getId()).setType(alarm.getType())
            .setResource(alarm.getResource()).setTime(done.getCleared()).build());
        if (alarm.getType() == AlarmType.LinkDown) {
            SecurityEvent.of(SecurityEvent.Type.LINK_UP, "link " + alarm.getResource() + " is up again")
                .with("link", alarm.getResource()).with("alarm", alarm.getId()).emit();
        }
        cleared.put(done.getId(), done);
        while (cleared.size() > KEEP_CLEARED) {
            final var oldest = cleared.keySet().iterator().next();
            cleared.remove(oldest);
            changes.removed().add(oldest);
        }
    }

    Thresholds thresholds() {
        return thresholds;
    }

    /**
     * The active alarms.
     *
     * @return them
     */
    List<Alarm> active() {
        return active.values().stream().map(entry -> entry.alarm).toList();
    }
}
