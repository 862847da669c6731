/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.ProgrammingException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.qkd.southbound.api.SiteCounters;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.app_qos.AppQosBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdAppKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlLocalBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlRemoteBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.CLIENT;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1Builder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yangtools.binding.DataObject;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs key services on SD-QKD nodes through the device adapters ({@link QkdDevice#putApplication},
 * {@link QkdDevice#putLink}): what each service wants is a list of items (a virtual link at each hop, the slave's and
 * the master's application), compared with what the service has on the nodes. Items that are new or changed are
 * written in path order, and undone in reverse order when a node refuses; items no longer wanted are removed after
 * that, and one that cannot be removed (its node is down, say) is removed when its node answers again.
 *
 * <p>Application and virtual link IDs are derived from the service (and the path), so that the same service always
 * has the same application on its nodes. A controller that takes over (a restart, a new cluster owner) writes only
 * what the nodes' last reports do not already have as it would write it.
 */
final class SiteProgrammer implements SiteKeyServices {
    private static final Logger LOG = LoggerFactory.getLogger(SiteProgrammer.class);
    private static final String ID_PREFIX = "urn:opendaylight:qkd:key-service:";

    private final DeviceManager devices;
    // where the nodes are told of compromised links
    private final Executor executor;
    // guarded by this: what each programmed service has on the nodes
    private final Map<String, Programmed> programmed = new HashMap<>();
    // guarded by this: items not wanted any more that a node did not remove yet, by where they are
    private final Map<Place, Item> leftovers = new LinkedHashMap<>();

    SiteProgrammer(final DeviceManager devices, final Executor executor) {
        this.devices = requireNonNull(devices);
        this.executor = requireNonNull(executor);
    }

    /**
     * Where an item is: a device and the ID of one of its applications or links.
     */
    private record Place(String device, Uuid id, boolean application) {
    }

    /**
     * One piece of a node's configuration that a service needs.
     */
    private record Item(Place place, DataObject value) {
        void put(final QkdDevice device, final Duration timeout) throws DeviceException {
            if (value instanceof QkdApp application) {
                device.putApplication(application, timeout);
            } else {
                device.putLink((QkdLink) value, timeout);
            }
        }

        void delete(final QkdDevice device, final Duration timeout) throws DeviceException {
            if (place.application) {
                device.deleteApplication(place.id, timeout);
            } else {
                device.deleteLink(place.id, timeout);
            }
        }

        String describe() {
            return (place.application ? "application " : "virtual link ") + place.id.getValue() + " on "
                + place.device;
        }
    }

    /**
     * A service on the nodes: its items in the order they were written, and its application's ends.
     */
    private record Programmed(List<Item> items, String masterNode, String slaveNode) {
    }

    /**
     * A write done, and how to take it back.
     */
    private record Done(Item item, @Nullable Item previous, QkdDevice device) {
        void undo(final Duration timeout) throws DeviceException {
            if (previous == null) {
                item.delete(device, timeout);
            } else {
                previous.put(device, timeout);
            }
        }
    }

    @Override
    public boolean takesApplications(final String device) {
        return devices.takesApplications(device);
    }

    @Override
    public synchronized void program(final String serviceId, final @Nullable SitePlan plan)
            throws ProgrammingException {
        final var timeout = devices.writeTimeout();
        retryLeftovers(timeout);
        final var before = programmed.get(serviceId);
        final var had = new LinkedHashMap<Place, Item>();
        if (before != null) {
            before.items().forEach(item -> had.put(item.place(), item));
        }
        final var wanted = plan == null ? List.<Item>of() : items(serviceId, plan);
        final var done = new ArrayList<Done>();
        int found = 0;
        for (var item : wanted) {
            final var previous = had.get(item.place());
            if (item.equals(previous)) {
                continue;
            }
            if (before == null && nodeHas(item)) {
                // programmed before this controller (member) took over: what the node reports is what it wants
                found++;
                continue;
            }
            final var device = connected(item.place().device(), serviceId);
            try {
                item.put(device, timeout);
            } catch (DeviceException e) {
                final var undone = undo(done, timeout);
                LOG.warn("Key service {}: {} refused ({}); {}", serviceId, item.describe(), e.getMessage(), undone);
                throw new ProgrammingException("node " + item.place().device() + " refused " + item.describe()
                    + ": " + e.getMessage() + "; " + undone, e);
            }
            done.add(new Done(item, previous, device));
            leftovers.remove(item.place());
        }
        final var keep = new HashSet<Place>();
        wanted.forEach(item -> keep.add(item.place()));
        final var stale = new ArrayList<>(had.values());
        Collections.reverse(stale);
        for (var item : stale) {
            if (!keep.contains(item.place())) {
                remove(item, timeout);
            }
        }
        if (plan == null) {
            programmed.remove(serviceId);
            LOG.info("Key service {}: removed from its nodes", serviceId);
        } else {
            programmed.put(serviceId, new Programmed(wanted, plan.masterNode(), plan.slaveNode()));
            if (found > 0 && done.isEmpty()) {
                LOG.info("Key service {}: its nodes have it as planned ({} items), nothing written", serviceId, found);
            }
            if (!done.isEmpty()) {
                final List<String> on = plan.hops().isEmpty() ? List.of(plan.masterNode(), plan.slaveNode())
                    : plan.hops();
                final int changes = done.size();
                LOG.info("Key service {}: programmed on {} ({} changes)", serviceId, on, changes);
            }
        }
    }

    // the items a plan needs: a virtual link at every hop (when the ends are not neighbours), then the slave's and
    // the master's application
    private List<Item> items(final String serviceId, final SitePlan plan) throws ProgrammingException {
        final var masterId = qkdnId(plan.masterNode(), serviceId);
        final var slaveId = qkdnId(plan.slaveNode(), serviceId);
        final var out = new ArrayList<Item>();
        // the path the keys take, which both ends keep with each key
        final var ids = new ArrayList<Uuid>();
        for (var hop : plan.hops()) {
            ids.add(qkdnId(hop, serviceId));
        }
        final List<Uuid> backing;
        if (plan.hops().size() > 2) {
            final var linkId = virtualLinkId(serviceId, plan.hops());
            final var links = VirtualLinks.along(linkId, ids, plan.rateBps());
            for (int i = 0; i < links.size(); i++) {
                out.add(new Item(new Place(plan.hops().get(i), linkId, false), links.get(i)));
            }
            backing = List.of(linkId);
        } else {
            backing = plan.links().stream().map(Uuid::new).toList();
        }
        final var appId = applicationId(serviceId);
        out.add(new Item(new Place(plan.slaveNode(), appId, true),
            application(serviceId, appId, plan, false, slaveId, masterId, backing, ids)));
        out.add(new Item(new Place(plan.masterNode(), appId, true),
            application(serviceId, appId, plan, true, masterId, slaveId, backing, ids)));
        return out;
    }

    private static QkdApp application(final String serviceId, final Uuid appId, final SitePlan plan,
            final boolean master, final Uuid local, final Uuid remote, final List<Uuid> backing,
            final List<Uuid> path) {
        return new QkdAppBuilder()
            .setAppId(appId)
            .setAppType(CLIENT.VALUE)
            .setServerAppId(new Uri(plan.masterSae()))
            .setClientAppId(Stream.concat(Stream.of(plan.slaveSae()), plan.additionalSlaves().stream()).map(Uri::new)
                .collect(Collectors.toSet()))
            .setLocalQkdnId(local)
            .setRemoteQkdnId(remote)
            .setBackingQkdlId(backing.isEmpty() ? null : Set.copyOf(backing))
            .setAppQos(new AppQosBuilder().setMaxBandwidth(Uint32.valueOf(Math.min(plan.rateBps(),
                Uint32.MAX_VALUE.longValue()))).build())
            .addAugmentation(new QkdApp1Builder()
                .setSaeRole(master ? QkdApp1.SaeRole.Master : QkdApp1.SaeRole.Slave)
                .setService(serviceId)
                .setKeyMode(plan.mode())
                .setMlKemParameterSet(plan.parameterSet())
                .setKeySize(new KeySize(Uint32.valueOf(plan.keyBits())))
                .setMaxStoredKeys(Uint32.valueOf(plan.maxStoredKeys()))
                .setPath(path)
                .build())
            .build();
    }

    private Uuid qkdnId(final String device, final String serviceId) throws ProgrammingException {
        return devices.lastRead(device).map(QkdNode::getQkdnId).orElseThrow(() -> new ProgrammingException(
            "key service " + serviceId + ": node " + device + " is not connected", null));
    }

    private QkdDevice connected(final String device, final String serviceId) throws ProgrammingException {
        return devices.connectedDevice(device).orElseThrow(() -> new ProgrammingException("key service "
            + serviceId + ": node " + device + " is not connected", null));
    }

    // takes back what a refused programming did, last write first; says what happened, for the error and the log
    private static String undo(final List<Done> done, final Duration timeout) {
        if (done.isEmpty()) {
            return "nothing to undo";
        }
        final var failed = new ArrayList<String>();
        for (int i = done.size() - 1; i >= 0; i--) {
            final var step = done.get(i);
            try {
                step.undo(timeout);
            } catch (DeviceException e) {
                failed.add(step.item().describe() + " (" + e.getMessage() + ")");
            }
        }
        return "undone " + (done.size() - failed.size()) + " of " + done.size() + " changes"
            + (failed.isEmpty() ? "" : "; undoing failed for " + String.join(", ", failed));
    }

    // under the lock
    private void remove(final Item item, final Duration timeout) {
        final var device = devices.device(item.place().device());
        if (device.isEmpty()) {
            // no longer declared: nothing to talk to
            return;
        }
        try {
            item.delete(device.orElseThrow(), timeout);
            leftovers.remove(item.place());
        } catch (DeviceException e) {
            if (e.kind() == DeviceException.Kind.FAILED && !holds(item.place())) {
                // the node answered, and what it reported last does not have it: nothing left to remove
                leftovers.remove(item.place());
                return;
            }
            LOG.info("{} not removed yet ({}); removed when the node answers", item.describe(), e.getMessage());
            leftovers.put(item.place(), item);
        }
    }

    // whether a node's last report has an item as the controller writes it (its state aside)
    private boolean nodeHas(final Item item) {
        final var data = devices.lastRead(item.place().device());
        if (data.isEmpty()) {
            return false;
        }
        final var node = data.orElseThrow();
        if (item.value() instanceof QkdApp wanted) {
            final var apps = node.getQkdApplications();
            final var app = apps == null ? null : apps.nonnullQkdApp().get(new QkdAppKey(item.place().id()));
            return app != null && wanted.equals(asWritten(app));
        }
        final var links = node.getQkdLinks();
        final var link = links == null ? null : links.nonnullQkdLink().get(new QkdLinkKey(item.place().id()));
        return link != null && item.value().equals(asWritten(link));
    }

    // an application as the controller writes it: the node's report without the node's state
    private static QkdApp asWritten(final QkdApp app) {
        final var qos = app.getAppQos();
        final var extension = app.augmentation(QkdApp1.class);
        final var builder = new QkdAppBuilder()
            .setAppId(app.getAppId())
            .setAppType(app.getAppType())
            .setServerAppId(app.getServerAppId())
            .setClientAppId(app.getClientAppId())
            .setLocalQkdnId(app.getLocalQkdnId())
            .setRemoteQkdnId(app.getRemoteQkdnId())
            .setBackingQkdlId(app.getBackingQkdlId())
            .setAppQos(qos == null ? null : new AppQosBuilder().setMaxBandwidth(qos.getMaxBandwidth()).build());
        if (extension != null) {
            builder.addAugmentation(new QkdApp1Builder()
                .setSaeRole(extension.getSaeRole())
                .setService(extension.getService())
                .setKeyMode(extension.getKeyMode())
                .setMlKemParameterSet(extension.getMlKemParameterSet())
                .setKeySize(extension.getKeySize())
                .setMaxStoredKeys(extension.getMaxStoredKeys())
                .setPath(extension.getPath())
                .build());
        }
        return builder.build();
    }

    // a virtual link as the controller writes it: the node's report without the node's state
    private static QkdLink asWritten(final QkdLink link) {
        final var local = link.getQkdlLocal();
        final var remote = link.getQkdlRemote();
        return new QkdLinkBuilder()
            .setQkdlId(link.getQkdlId())
            .setQkdlType(link.getQkdlType())
            .setQkdlEnable(link.getQkdlEnable())
            .setQkdlLocal(local == null ? null : new QkdlLocalBuilder().setQkdnId(local.getQkdnId()).build())
            .setQkdlRemote(remote == null ? null : new QkdlRemoteBuilder().setQkdnId(remote.getQkdnId()).build())
            .setVirtPrevHop(link.getVirtPrevHop())
            .setVirtNextHop(link.getVirtNextHop())
            .setVirtBandwidth(link.getVirtBandwidth())
            .build();
    }

    // whether a node's last report has an application or link
    private boolean holds(final Place place) {
        final var data = devices.lastRead(place.device());
        if (data.isEmpty()) {
            return true;
        }
        final var node = data.orElseThrow();
        if (place.application()) {
            return node.getQkdApplications() != null
                && node.getQkdApplications().nonnullQkdApp().containsKey(new QkdAppKey(place.id()));
        }
        return node.getQkdLinks() != null
            && node.getQkdLinks().nonnullQkdLink().containsKey(new QkdLinkKey(place.id()));
    }

    // under the lock: removes what nodes kept while they did not answer, on the nodes that answer now
    private void retryLeftovers(final Duration timeout) {
        for (var item : List.copyOf(leftovers.values())) {
            if (devices.connectedDevice(item.place().device()).isPresent()) {
                remove(item, timeout);
            } else if (devices.device(item.place().device()).isEmpty()) {
                leftovers.remove(item.place());
            }
        }
    }

    @Override
    public synchronized int reconcile(final Set<String> configured) {
        final var wanted = new HashSet<Place>();
        programmed.values().forEach(service -> service.items().forEach(item -> wanted.add(item.place())));
        final var configuredApps = new HashSet<Uuid>();
        configured.forEach(serviceId -> configuredApps.add(applicationId(serviceId)));
        // the virtual links an application of a configured service stands on, at any node: a service this controller
        // has not programmed yet (refused for now since it started, say) keeps its path on the nodes
        final var backing = new HashSet<Uuid>();
        for (var name : devices.names()) {
            final var report = devices.lastRead(name);
            if (report.isPresent() && report.orElseThrow().getQkdApplications() != null) {
                for (var app : report.orElseThrow().getQkdApplications().nonnullQkdApp().values()) {
                    if (configuredApps.contains(app.getAppId()) && app.getBackingQkdlId() != null) {
                        backing.addAll(app.getBackingQkdlId());
                    }
                }
            }
        }
        final var timeout = devices.writeTimeout();
        int removed = 0;
        for (var name : devices.names()) {
            final var device = devices.connectedDevice(name);
            final var data = devices.lastRead(name);
            if (device.isEmpty() || data.isEmpty() || !device.orElseThrow().takesApplications()) {
                continue;
            }
            final var orphans = new ArrayList<Item>();
            final var node = data.orElseThrow();
            if (node.getQkdApplications() != null) {
                for (var app : node.getQkdApplications().nonnullQkdApp().values()) {
                    final var place = new Place(name, app.getAppId(), true);
                    if (ours(app.getAppId()) && !wanted.contains(place)
                            && !configuredApps.contains(app.getAppId())) {
                        orphans.add(new Item(place, app));
                    }
                }
            }
            if (node.getQkdLinks() != null) {
                for (var link : node.getQkdLinks().nonnullQkdLink().values()) {
                    final var place = new Place(name, link.getQkdlId(), false);
                    if (VIRT.VALUE.equals(link.getQkdlType()) && ours(link.getQkdlId()) && !wanted.contains(place)
                            && !backing.contains(link.getQkdlId())) {
                        orphans.add(new Item(place, link));
                    }
                }
            }
            // applications before the links they may use
            for (var item : orphans) {
                try {
                    item.delete(device.orElseThrow(), timeout);
                    leftovers.remove(item.place());
                    removed++;
                    LOG.info("Reconciliation: {} removed, no key service has it", item.describe());
                } catch (DeviceException e) {
                    LOG.info("Reconciliation: {} not removed yet ({})", item.describe(), e.getMessage());
                }
            }
        }
        return removed;
    }

    @Override
    public CompletableFuture<Integer> linkCompromised(final String nodeA, final String nodeB, final Instant since) {
        return CompletableFuture.supplyAsync(() -> tellCompromised(nodeA, nodeB, since), executor);
    }

    // tells every connected node with a key manager, one after the other; how many keys they discarded
    private int tellCompromised(final String nodeA, final String nodeB, final Instant since) {
        final var endA = devices.lastRead(nodeA).map(QkdNode::getQkdnId);
        final var endB = devices.lastRead(nodeB).map(QkdNode::getQkdnId);
        if (endA.isEmpty() || endB.isEmpty()) {
            LOG.warn("Link {} - {} compromised since {}: an end is not connected, its qkdn_id unknown; the nodes at "
                + "its ends apply the rule themselves", nodeA, nodeB, since);
            return 0;
        }
        final var timeout = devices.writeTimeout();
        int discarded = 0;
        for (var name : devices.names()) {
            final var device = devices.connectedDevice(name);
            if (device.isEmpty() || !device.orElseThrow().takesApplications()) {
                continue;
            }
            try {
                discarded += device.orElseThrow().linkCompromised(endA.orElseThrow(), endB.orElseThrow(), since,
                    timeout);
            } catch (DeviceException e) {
                LOG.warn("Node {} was not told that link {} - {} is compromised since {}: {}", name, nodeA, nodeB,
                    since, e.getMessage());
            }
        }
        return discarded;
    }

    // the controller names what it writes with name-based UUIDs (version 3)
    static boolean ours(final Uuid id) {
        try {
            return UUID.fromString(id.getValue()).version() == 3;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Registration watchConnections(final Runnable connected) {
        return devices.watchConnections(connected);
    }

    @Override
    public synchronized Optional<SiteCounters> counters(final String serviceId) {
        final var service = programmed.get(serviceId);
        if (service == null) {
            return Optional.empty();
        }
        final var appId = applicationId(serviceId);
        final var master = counters(service.masterNode(), appId);
        final var slave = counters(service.slaveNode(), appId);
        if (master == null || slave == null) {
            return Optional.empty();
        }
        return Optional.of(new SiteCounters(value(master.getStored()), value(slave.getDelivered()),
            value(master.getDiscarded()) + value(slave.getDiscarded()),
            Optional.ofNullable(master.getLastFailure())));
    }

    private org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.qkd_node.qkd_applications
            .qkd_app.@Nullable KeyCounters counters(final String device, final Uuid appId) {
        final var data = devices.lastRead(device);
        if (data.isEmpty() || data.orElseThrow().getQkdApplications() == null) {
            return null;
        }
        final var app = data.orElseThrow().getQkdApplications().nonnullQkdApp().get(new QkdAppKey(appId));
        final var extension = app == null ? null : app.augmentation(QkdApp1.class);
        return extension == null ? null : extension.getKeyCounters();
    }

    private static long value(final @Nullable Uint64 counter) {
        return counter == null ? 0 : counter.longValue();
    }

    /**
     * The application ID of a key service on its nodes.
     *
     * @param serviceId the service
     * @return a name-based UUID of it
     */
    static Uuid applicationId(final String serviceId) {
        return new Uuid(UUID.nameUUIDFromBytes((ID_PREFIX + serviceId).getBytes(StandardCharsets.UTF_8)).toString());
    }

    /**
     * The ID of a key service's virtual link along a path.
     *
     * @param serviceId the service
     * @param hops the path
     * @return a name-based UUID of both
     */
    static Uuid virtualLinkId(final String serviceId, final List<String> hops) {
        return new Uuid(UUID.nameUUIDFromBytes((ID_PREFIX + serviceId + ":" + String.join(">", hops))
            .getBytes(StandardCharsets.UTF_8)).toString());
    }
}
