/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.Alarm;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationDisconnected;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationNew;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnApplicationQosUpdate;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnLinkDown;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.SdqkdnLinkPerfUpdate;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.app_qos.AppQosBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.QkdApplicationsBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.QkdLinksBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlPerformanceBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ACTIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.LINKSTATUSTYPES;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.MAJOR;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.MINOR;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.OFF;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PASSIVE;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Qber;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * Which link and application changes a device notifies, and with what.
 */
class NodeEventsTest {
    private static final Uuid NODE = new Uuid("5b7b2a0e-7c1a-4a8e-9f39-2f6b1d3e4a01");
    private static final Uuid FIRST = new Uuid("1d1e1f20-2122-4324-a526-272829aaabac");
    private static final Uuid SECOND = new Uuid("9c9d9e9f-a0a1-42a3-a4a5-a6a7a8a9aaab");

    private final NodeEvents events = new NodeEvents();

    @Test
    void firstSightAndUnchangedLinksGiveNothing() {
        assertEquals(List.of(), events.next(node(link(FIRST, ACTIVE.VALUE, 0.020, 10_000))));
        assertEquals(List.of(), events.next(node(link(FIRST, ACTIVE.VALUE, 0.020, 10_000))));
        // below both steps: still nothing
        assertEquals(List.of(), events.next(node(link(FIRST, ACTIVE.VALUE, 0.0249, 10_999))));
        // a link that appears later is first seen then
        assertEquals(List.of(), events.next(node(link(FIRST, ACTIVE.VALUE, 0.020, 10_000),
            link(SECOND, OFF.VALUE, 0.5, 0))));
    }

    @Test
    void aLinkGoingOffGivesAnAlarmAndLinkDownAndComingBackAnAlarm() {
        events.next(node(link(FIRST, ACTIVE.VALUE, 0.02, 10_000), link(SECOND, ACTIVE.VALUE, 0.02, 10_000)));

        final var down = events.next(node(link(FIRST, OFF.VALUE, 0.5, 0), link(SECOND, ACTIVE.VALUE, 0.02, 10_000)));
        assertEquals(2, down.size(), down::toString);
        final var alarm = assertInstanceOf(Alarm.class, down.get(0)).getLink();
        assertEquals(FIRST, alarm.getQkdlId());
        assertEquals(OFF.VALUE, alarm.getQkdlStatus());
        assertEquals(MAJOR.VALUE, alarm.getSeverity());
        assertTrue(alarm.getMessage().contains("OFF"), alarm::getMessage);
        assertEquals(FIRST, assertInstanceOf(SdqkdnLinkDown.class, down.get(1)).getQkdLink().getQkdlId());

        // told once: the same state again gives nothing
        assertEquals(List.of(), events.next(node(link(FIRST, OFF.VALUE, 0.5, 0),
            link(SECOND, ACTIVE.VALUE, 0.02, 10_000))));

        // aborted (PASSIVE) is not off: an alarm only
        final var aborted = events.next(node(link(FIRST, PASSIVE.VALUE, 0.2, 0),
            link(SECOND, ACTIVE.VALUE, 0.02, 10_000)));
        assertEquals(1, aborted.size(), aborted::toString);
        assertEquals(PASSIVE.VALUE, ((Alarm) aborted.get(0)).getLink().getQkdlStatus());

        final var up = events.next(node(link(FIRST, ACTIVE.VALUE, 0.02, 10_000),
            link(SECOND, ACTIVE.VALUE, 0.02, 10_000)));
        assertEquals(1, up.size(), up::toString);
        assertEquals(MINOR.VALUE, ((Alarm) up.get(0)).getLink().getSeverity());
    }

    @Test
    void performanceMovesAreMeasuredFromTheLastReportedValues() {
        events.next(node(link(FIRST, ACTIVE.VALUE, 0.020, 10_000)));
        // QBER up by the step: reported, with the QBER rounded to ETSI's 3 digits and the key rate
        final var qber = single(events.next(node(link(FIRST, ACTIVE.VALUE, 0.0251, 10_000))));
        final var performance = qber.getQkdLink().getPerformance();
        assertEquals(FIRST, qber.getQkdLink().getQkdlId());
        assertEquals(Uint32.valueOf(10_000), performance.getSkr());
        assertEquals(Decimal64.valueOf("0.025"), performance.nonnullPhysPerf().values().iterator().next()
            .getValue());

        // small steps add up from the last report, not from the previous state
        assertEquals(List.of(), events.next(node(link(FIRST, ACTIVE.VALUE, 0.028, 10_000))));
        single(events.next(node(link(FIRST, ACTIVE.VALUE, 0.0302, 10_000))));

        // key rate down by 10 % of the last reported rate
        assertEquals(List.of(), events.next(node(link(FIRST, ACTIVE.VALUE, 0.0302, 9_001))));
        assertEquals(Uint32.valueOf(9_000), single(events.next(node(link(FIRST, ACTIVE.VALUE, 0.0302, 9_000))))
            .getQkdLink().getPerformance().getSkr());
    }

    @Test
    void aRemovedLinkIsForgotten() {
        events.next(node(link(FIRST, ACTIVE.VALUE, 0.02, 10_000)));
        events.next(node());
        // back with another status: first sight again, nothing to tell
        assertEquals(List.of(), events.next(node(link(FIRST, OFF.VALUE, 0.5, 0))));
    }

    @Test
    void applicationsThatAppearChangeTheirQosOrGoAreNotified() {
        final var app = new QkdAppBuilder().setAppId(FIRST).setServerAppId(new Uri("sae-a"))
            .setClientAppId(Set.of(new Uri("sae-b"))).setAppQos(new AppQosBuilder()
                .setMaxBandwidth(Uint32.valueOf(2560)).build()).build();
        // those of the first state are known to a client that reads the node when it connects
        assertEquals(List.of(), events.next(withApps(app)));
        assertEquals(List.of(), events.next(withApps(app)));

        final var other = new QkdAppBuilder(app).withKey(new QkdAppKey(SECOND)).setServerAppId(new Uri("sae-c"))
            .build();
        final var added = events.next(withApps(app, other));
        assertEquals(1, added.size(), added::toString);
        final var created = assertInstanceOf(SdqkdnApplicationNew.class, added.get(0)).getQkdApplication();
        assertEquals("sae-c", created.getServerAppId().getValue());
        assertEquals(NODE, created.getLocalQkdnId());
        assertEquals(2560, created.getAppQos().getMaxBandwidth().longValue());

        final var faster = new QkdAppBuilder(other).setAppQos(new AppQosBuilder()
            .setMaxBandwidth(Uint32.valueOf(5120)).build()).build();
        final var changed = events.next(withApps(app, faster));
        assertEquals(SECOND, assertInstanceOf(SdqkdnApplicationQosUpdate.class, changed.get(0)).getQkdApplication()
            .getAppId(), changed::toString);
        assertEquals(1, changed.size());

        final var gone = events.next(withApps(faster));
        assertEquals(1, gone.size(), gone::toString);
        assertEquals(FIRST, assertInstanceOf(SdqkdnApplicationDisconnected.class, gone.get(0)).getQkdApplication()
            .getAppId());
    }

    private static QkdNode withApps(final QkdApp... apps) {
        return new QkdNodeBuilder(node()).setQkdApplications(new QkdApplicationsBuilder()
            .setQkdApp(BindingMap.of(List.of(apps))).build()).build();
    }

    private static SdqkdnLinkPerfUpdate single(final List<Notification<?>> notifications) {
        assertEquals(1, notifications.size(), notifications::toString);
        return assertInstanceOf(SdqkdnLinkPerfUpdate.class, notifications.get(0));
    }

    private static QkdNode node(final org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130
            .qkd_links.qkd_links.QkdLink... links) {
        return new QkdNodeBuilder().setQkdnId(NODE)
            .setQkdLinks(new QkdLinksBuilder().setQkdLink(BindingMap.of(List.of(links))).build())
            .build();
    }

    private static org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links
            .QkdLink link(final Uuid id, final LINKSTATUSTYPES status, final double qber, final long skr) {
        return new QkdLinkBuilder().setQkdlId(id).setQkdlStatus(status)
            .setQkdlPerformance(new QkdlPerformanceBuilder()
                .setSkr(Uint32.valueOf(skr))
                .addAugmentation(new QkdlPerformance1Builder()
                    .setQber(new Qber(Decimal64.valueOf(BigDecimal.valueOf(qber).setScale(6)))).build())
                .build())
            .build();
    }
}
