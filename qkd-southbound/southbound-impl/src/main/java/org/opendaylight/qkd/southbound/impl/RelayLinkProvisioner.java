/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.impl.DeviceManager.Hop;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkKey;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.RelayLinks;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.relay.links.RelayLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.relay.links.RelayLinkKey;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay links operators provision ({@code provision-relay-link}, {@code remove-relay-link}): a virtual link on
 * the connected devices along a path, first hop first, undone in reverse order when a device refuses, and recorded in
 * the operational {@code relay-links} on the chain of the topology's writes; each answers once its record is committed,
 * so that a read after the answer sees it.
 */
final class RelayLinkProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLinkProvisioner.class);

    private final DeviceManager devices;
    private final InstantSource clock;
    // guarded by this
    private final Map<String, RelayLink> relayLinks = new HashMap<>();
    // the IDs of the links being written to their devices, guarded by this: a second request for one is refused, as
    // its undo after a device refused it would remove the first request's link
    private final Set<String> provisioning = new HashSet<>();
    // the IDs this provisioner was asked to provision or removed, guarded by this: for them its map answers, not
    // the devices' reports, which lag a poll behind; for the others (a link provisioned before a restart of the
    // controller, or by the member that owned the devices before this one) the reports do
    private final Set<String> handled = new HashSet<>();

    /**
     * A provisioner.
     *
     * @param devices the devices, and the chain the records are written on
     * @param clock dates the records
     */
    RelayLinkProvisioner(final DeviceManager devices, final InstantSource clock) {
        this.devices = requireNonNull(devices);
        this.clock = requireNonNull(clock);
    }

    /**
     * Provisions a virtual link on the devices along a path, first hop first; undoes it in reverse order when a
     * device refuses. Blocks while the devices answer.
     *
     * @param hops device names from one end to the other
     * @param requested the link's qkdl_id, or null for a random one
     * @param bandwidthBps bandwidth to reserve
     * @return the link's qkdl_id
     * @throws ProvisionException naming what was wrong
     */
    Uuid provision(final List<String> hops, final @Nullable Uuid requested, final long bandwidthBps)
            throws ProvisionException {
        final var linkId = requested != null ? requested : new Uuid(UUID.randomUUID().toString());
        final List<Hop> path;
        synchronized (this) {
            if (hops.size() < 2) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "too-few-hops",
                    "a relay link needs at least 2 hops, got " + hops.size());
            }
            if (new HashSet<>(hops).size() != hops.size()) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "repeated-hop",
                    "a device appears twice on the path " + hops);
            }
            if (relayLinks.containsKey(linkId.getValue())) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "relay-link-exists",
                    "relay link " + linkId.getValue() + " is already provisioned");
            }
            if (provisioning.contains(linkId.getValue())) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "relay-link-exists",
                    "relay link " + linkId.getValue() + " is being provisioned");
            }
            if (SiteProgrammer.ours(linkId)) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "reserved-link-id",
                    "link-id " + linkId.getValue() + " is a name-based UUID (version 3), which the controller keeps "
                        + "for the key services' virtual links");
            }
            final var reporting = handled.contains(linkId.getValue()) ? List.<String>of() : reporting(linkId, false);
            if (!reporting.isEmpty()) {
                // provisioned before this controller (member) took the devices over, or written by someone else
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "relay-link-exists",
                    "a link " + linkId.getValue() + " is already on " + String.join(", ", reporting));
            }
            path = devices.connectedHops(hops);
            provisioning.add(linkId.getValue());
            handled.add(linkId.getValue());
        }
        final Future<?> recorded;
        try {
            write(linkId, hops, path, bandwidthBps);
            final var record = new RelayLink(List.copyOf(hops), bandwidthBps, clock.instant());
            synchronized (this) {
                relayLinks.put(linkId.getValue(), record);
                recorded = devices.writeOperational(tx -> tx.put(LogicalDatastoreType.OPERATIONAL,
                    relayLinkId(linkId), record.toData(linkId)), "relay link " + linkId.getValue());
            }
        } finally {
            synchronized (this) {
                provisioning.remove(linkId.getValue());
            }
        }
        // answered once the datastore shows the link; the link stays known, so that remove-relay-link can undo it
        awaitRecord(recorded, "relay link " + linkId.getValue() + " is provisioned on " + hops
            + " but its record in the operational datastore is not written (remove-relay-link removes it from the "
            + "devices)");
        LOG.info("QKD relay link {} provisioned over {}", linkId.getValue(), hops);
        return linkId;
    }

    // writes the link to each device along the path, first hop first; undoes what was written when one refuses
    private void write(final Uuid linkId, final List<String> hops, final List<Hop> path, final long bandwidthBps)
            throws ProvisionException {
        final var timeout = devices.writeTimeout();
        final var links = VirtualLinks.along(linkId, path.stream().map(Hop::qkdnId).toList(), bandwidthBps);
        for (int i = 0; i < links.size(); i++) {
            try {
                path.get(i).device().putLink(links.get(i), timeout);
            } catch (DeviceException e) {
                final var undone = undo(linkId, path.subList(0, i), timeout);
                LOG.warn("QKD relay link {}: device {} refused it ({}); {}", linkId.getValue(), hops.get(i),
                    e.getMessage(), undone);
                throw new ProvisionException(ErrorTag.OPERATION_FAILED, "device-refused",
                    "device " + hops.get(i) + " refused relay link " + linkId.getValue() + ": " + e.getMessage()
                        + "; " + undone, e);
            }
        }
    }

    /**
     * Removes a provisioned virtual link from its devices, last hop first; one this provisioner did not provision (the
     * controller restarted, or another member owned the devices) from the connected devices that report it. Blocks
     * while the devices answer.
     *
     * @param linkId the link's qkdl_id
     * @throws ProvisionException when the link is unknown, or a device did not remove it (the link stays known, so
     *     that removing it can be tried again)
     */
    void remove(final Uuid linkId) throws ProvisionException {
        final List<String> hops;
        synchronized (this) {
            final var record = relayLinks.get(linkId.getValue());
            // one this provisioner did not write (a controller restarted, another member that owned the devices):
            // removed from the devices that report it, unless it is a key service's
            hops = record != null ? record.hops().reversed()
                : handled.contains(linkId.getValue()) || SiteProgrammer.ours(linkId) ? List.of()
                : reporting(linkId, true);
            if (hops.isEmpty()) {
                throw new ProvisionException(ErrorTag.INVALID_VALUE, "unknown-relay-link",
                    "no relay link " + linkId.getValue());
            }
        }
        final var timeout = devices.writeTimeout();
        final var failures = new ArrayList<String>();
        for (var hop : hops) {
            // the device's adapter of now: a declaration changed since the link was written has a new session
            final var device = devices.connectedDevice(hop);
            if (device.isEmpty()) {
                failures.add(hop + ": not connected");
                continue;
            }
            try {
                device.orElseThrow().deleteLink(linkId, timeout);
            } catch (DeviceException e) {
                failures.add(hop + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new ProvisionException(ErrorTag.OPERATION_FAILED, "device-refused",
                "relay link " + linkId.getValue() + " not removed from " + String.join("; ", failures));
        }
        final Future<?> deleted;
        synchronized (this) {
            relayLinks.remove(linkId.getValue());
            // known from now on: the devices' reports may show it until their next read
            handled.add(linkId.getValue());
            deleted = devices.writeOperational(tx -> tx.delete(LogicalDatastoreType.OPERATIONAL,
                relayLinkId(linkId)), "removal of relay link " + linkId.getValue());
        }
        awaitRecord(deleted, "relay link " + linkId.getValue() + " is removed from " + hops
            + " but its record in the operational datastore is not deleted");
        LOG.info("QKD relay link {} removed from {}", linkId.getValue(), hops);
    }

    // the connected devices whose last read reports a link with this ID: a virtual one, or one of any type
    private List<String> reporting(final Uuid linkId, final boolean virtualOnly) {
        final var found = new ArrayList<String>();
        for (var name : devices.names()) {
            final var link = devices.lastRead(name).map(QkdNode::getQkdLinks)
                .map(links -> links.nonnullQkdLink().get(new QkdLinkKey(linkId)));
            if (link.isPresent() && (!virtualOnly || VIRT.VALUE.equals(link.orElseThrow().getQkdlType()))) {
                found.add(name);
            }
        }
        return found;
    }

    // waits for a record's commit on the chain, so that the answer comes once the datastore shows it
    private void awaitRecord(final Future<?> commit, final String failure) throws ProvisionException {
        final var timeout = devices.writeTimeout();
        try {
            commit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException(ErrorTag.OPERATION_FAILED, "record-not-written", failure + ": interrupted",
                e);
        } catch (ExecutionException e) {
            throw new ProvisionException(ErrorTag.OPERATION_FAILED, "record-not-written",
                failure + ": " + Objects.toString(e.getCause().getMessage(), e.getCause().getClass().getName()), e);
        } catch (TimeoutException e) {
            throw new ProvisionException(ErrorTag.OPERATION_FAILED, "record-not-written",
                failure + ": not committed within " + timeout.toMillis() + " ms", e);
        }
    }

    // undoes a partial provisioning in reverse order; says what happened, for the error and the log
    private static String undo(final Uuid linkId, final List<Hop> done, final Duration timeout) {
        if (done.isEmpty()) {
            return "nothing to undo";
        }
        final var undone = new ArrayList<String>();
        final var failed = new ArrayList<String>();
        for (var hop : done.reversed()) {
            try {
                hop.device().deleteLink(linkId, timeout);
                undone.add(hop.name());
            } catch (DeviceException e) {
                failed.add(hop.name() + " (" + e.getMessage() + ")");
            }
        }
        return "undone on " + (undone.isEmpty() ? "none" : String.join(", ", undone))
            + (failed.isEmpty() ? "" : "; undoing failed on " + String.join(", ", failed));
    }

    private static DataObjectIdentifier<
            org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.relay.links.RelayLink> relayLinkId(
                final Uuid linkId) {
        return DataObjectIdentifier.builder(RelayLinks.class)
            .child(org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.relay.links.RelayLink.class,
                new RelayLinkKey(linkId))
            .build();
    }

    /**
     * A provisioned relay link: the names of the devices it was provisioned on, in path order (their adapters are
     * looked up when the link is removed).
     */
    private record RelayLink(List<String> hops, long bandwidthBps, Instant created) {
        org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.relay.links.RelayLink toData(
                final Uuid linkId) {
            return new RelayLinkBuilder().setLinkId(linkId)
                .setHop(hops().stream().map(NodeId::new).toList())
                .setBandwidth(Uint32.valueOf(bandwidthBps))
                .setCreated(TopologyView.time(created))
                .build();
        }
    }
}
