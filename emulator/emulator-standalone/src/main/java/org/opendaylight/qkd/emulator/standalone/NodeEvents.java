/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.AlarmBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationDisconnectedBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationNewBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationQosUpdateBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnLinkDownBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnLinkPerfUpdateBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.alarm.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.physical_link_perf.PhysPerfBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.sdqkdn_link_perf_update.qkd_link.PerformanceBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ACTIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.LINKSTATUSTYPES;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.MAJOR;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.MINOR;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.OFF;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.QBER;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * What a device tells its subscribers about its key association links and its applications, from one state of its
 * {@code qkd_node} to the next, in ETSI GS QKD 015 notifications: a link whose status changes gives an {@code alarm}
 * (link, new status, message, severity MAJOR when the link stops generating keys, MINOR when it generates again) and,
 * when it is off, also {@code sdqkdn_link_down}; a link that keeps its status but whose QBER moved by
 * {@link #QBER_STEP} or whose secret key rate moved by {@link #SKR_STEP} of its last reported value gives
 * {@code sdqkdn_link_perf_update}. An application that appears gives {@code sdqkdn_application_new}, one whose QoS or
 * priority changes {@code sdqkdn_application_qos_update}, one that goes {@code sdqkdn_application_disconnected}.
 * Links seen for the first time, and the applications of the first state, give nothing: a client reads the
 * device's state when it connects.
 */
final class NodeEvents {
    /** QBER change (absolute) that is reported. */
    static final double QBER_STEP = 0.005;
    /** Secret key rate change (relative to the last reported rate) that is reported. */
    static final double SKR_STEP = 0.1;

    private final Map<Uuid, Reported> reported = new HashMap<>();
    // the applications of the last state, null before the first
    private @Nullable Map<Uuid, QkdApp> applications;

    /**
     * The notifications from the last state given to this one.
     *
     * @param node the device's current state
     * @return its notifications, in link order, empty when nothing worth telling changed
     */
    List<Notification<?>> next(final QkdNode node) {
        final var events = new ArrayList<Notification<?>>();
        final Collection<QkdLink> links = node.getQkdLinks() == null ? List.of()
            : node.getQkdLinks().nonnullQkdLink().values();
        final var seen = new HashMap<Uuid, Reported>();
        for (var link : links) {
            final var id = link.getQkdlId();
            final var now = Reported.of(link);
            final var before = reported.get(id);
            if (before == null) {
                seen.put(id, now);
            } else if (!Objects.equals(before.status, now.status)) {
                events.addAll(statusChange(id, now.status));
                seen.put(id, now);
            } else if (moved(before, now)) {
                events.add(perfUpdate(id, now));
                seen.put(id, now);
            } else {
                // small moves add up from what was reported
                seen.put(id, before);
            }
        }
        reported.clear();
        reported.putAll(seen);
        applicationEvents(node, events);
        return events;
    }

    private void applicationEvents(final QkdNode node, final List<Notification<?>> events) {
        final var now = new HashMap<Uuid, QkdApp>();
        if (node.getQkdApplications() != null) {
            node.getQkdApplications().nonnullQkdApp().values().forEach(app -> now.put(app.getAppId(), app));
        }
        final var before = applications;
        applications = now;
        if (before == null) {
            return;
        }
        for (var app : now.values()) {
            final var previous = before.get(app.getAppId());
            if (previous == null) {
                events.add(new SdqkdnApplicationNewBuilder().setQkdApplication(new org.opendaylight.yang.gen.v1.urn
                        .etsi.qkd.yang.etsi.qkd.node.rev220130.sdqkdn_application_new.QkdApplicationBuilder()
                    .setAppType(app.getAppType())
                    .setServerAppId(app.getServerAppId())
                    .setClientAppId(app.getClientAppId())
                    .setAppPriority(app.getAppPriority())
                    .setLocalQkdnId(node.getQkdnId())
                    .setAppQos(app.getAppQos())
                    .build()).build());
            } else if (!Objects.equals(previous.getAppQos(), app.getAppQos())
                    || !Objects.equals(previous.getAppPriority(), app.getAppPriority())) {
                events.add(new SdqkdnApplicationQosUpdateBuilder().setQkdApplication(new org.opendaylight.yang.gen
                        .v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.sdqkdn_application_qos_update
                        .QkdApplicationBuilder()
                    .setAppId(app.getAppId())
                    .setAppQos(app.getAppQos())
                    .setAppPriority(app.getAppPriority())
                    .build()).build());
            }
        }
        for (var id : before.keySet()) {
            if (!now.containsKey(id)) {
                events.add(new SdqkdnApplicationDisconnectedBuilder().setQkdApplication(new org.opendaylight.yang
                        .gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.sdqkdn_application_disconnected
                        .QkdApplicationBuilder().setAppId(id).build()).build());
            }
        }
    }

    private static List<Notification<?>> statusChange(final Uuid qkdlId, final @Nullable LINKSTATUSTYPES status) {
        final var generating = ACTIVE.VALUE.equals(status);
        final var name = status == null ? "unknown" : status.implementedInterface().getSimpleName();
        final var alarm = new AlarmBuilder().setLink(new LinkBuilder()
                .setQkdlId(qkdlId)
                .setQkdlStatus(status)
                .setMessage("link " + qkdlId.getValue() + " is " + name)
                .setSeverity(generating ? MINOR.VALUE : MAJOR.VALUE)
                .build())
            .build();
        if (!OFF.VALUE.equals(status)) {
            return List.of(alarm);
        }
        return List.of(alarm, new SdqkdnLinkDownBuilder().setQkdLink(
            new org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.sdqkdn_link_down
                .QkdLinkBuilder()
                .setQkdlId(qkdlId)
                .setReason("no key generation and no keys on the link")
                .build())
            .build());
    }

    private static Notification<?> perfUpdate(final Uuid qkdlId, final Reported now) {
        final var performance = new PerformanceBuilder().setSkr(now.skr == null ? null : Uint32.valueOf(now.skr));
        if (now.qber != null) {
            performance.setPhysPerf(BindingMap.of(new PhysPerfBuilder()
                .setPerfType(QBER.VALUE)
                .setValue(Decimal64.valueOf(BigDecimal.valueOf(now.qber).setScale(3, RoundingMode.HALF_EVEN)))
                .build()));
        }
        return new SdqkdnLinkPerfUpdateBuilder().setQkdLink(
            new org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.sdqkdn_link_perf_update
                .QkdLinkBuilder()
                .setQkdlId(qkdlId)
                .setPerformance(performance.build())
                .build())
            .build();
    }

    private static boolean moved(final Reported before, final Reported now) {
        if (before.qber != null && now.qber != null && Math.abs(now.qber - before.qber) >= QBER_STEP) {
            return true;
        }
        if (before.skr != null && now.skr != null) {
            final long base = Math.max(before.skr, 1);
            return Math.abs(now.skr - before.skr) >= SKR_STEP * base;
        }
        return before.qber == null != (now.qber == null) || before.skr == null != (now.skr == null);
    }

    /**
     * What was last reported of a link.
     */
    private record Reported(@Nullable LINKSTATUSTYPES status, @Nullable Double qber, @Nullable Long skr) {
        static Reported of(final QkdLink link) {
            final var performance = link.getQkdlPerformance();
            if (performance == null) {
                return new Reported(link.getQkdlStatus(), null, null);
            }
            final var extension = performance.augmentation(QkdlPerformance1.class);
            final var qber = extension == null || extension.getQber() == null ? null
                : extension.getQber().getValue().doubleValue();
            return new Reported(link.getQkdlStatus(), qber,
                performance.getSkr() == null ? null : performance.getSkr().toJava());
        }
    }
}
