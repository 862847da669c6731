/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataTreeChangeListener;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.Network1;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.topology.rev261125.Link1;

/**
 * Follows the links of the operational topology and reports each change of a link's status or QBER, with the
 * instant the status changed.
 */
final class TopologyWatcher implements DataTreeChangeListener<Network> {
    /**
     * A link that appeared, changed or went away.
     *
     * @param id the link
     * @param before what it was, or null when new
     * @param after what it is, or null when gone
     */
    record LinkChange(String id, @Nullable LinkView before, @Nullable LinkView after) {
    }

    // QBER moves smaller than this are noise, not changes
    private static final double QBER_STEP = 0.005;

    private final Consumer<List<LinkChange>> listener;
    // network -> link -> view; touched only on the listener's thread
    private final Map<String, Map<String, LinkView>> networks = new HashMap<>();
    private final Map<String, LinkView> current = new ConcurrentHashMap<>();

    TopologyWatcher(final Consumer<List<LinkChange>> listener) {
        this.listener = requireNonNull(listener);
    }

    /**
     * A link as last seen.
     *
     * @param id the link
     * @return its view, or empty when no network has it
     */
    Optional<LinkView> link(final String id) {
        return Optional.ofNullable(current.get(id));
    }

    @Override
    public void onDataTreeChanged(final List<DataTreeModification<Network>> changes) {
        final var out = new ArrayList<LinkChange>();
        for (var change : changes) {
            final var root = change.getRootNode();
            final var after = root.dataAfter();
            final var networkId = change.path().getFirstKeyOf(Network.class).getNetworkId().getValue();
            final var before = networks.getOrDefault(networkId, Map.of());
            final var now = after == null ? Map.<String, LinkView>of() : links(after);
            for (var entry : now.entrySet()) {
                final var previous = before.get(entry.getKey());
                final var link = entry.getValue();
                if (previous == null || !previous.status().equals(link.status())
                        || Math.abs(previous.qber() - link.qber()) >= QBER_STEP) {
                    out.add(new LinkChange(entry.getKey(), previous, link));
                }
                current.put(entry.getKey(), link);
            }
            for (var entry : before.entrySet()) {
                if (!now.containsKey(entry.getKey())) {
                    out.add(new LinkChange(entry.getKey(), entry.getValue(), null));
                    current.remove(entry.getKey());
                }
            }
            if (after == null) {
                networks.remove(networkId);
            } else {
                networks.put(networkId, now);
            }
        }
        if (!out.isEmpty()) {
            listener.accept(out);
        }
    }

    private static Map<String, LinkView> links(final Network network) {
        final var topology = network.augmentation(Network1.class);
        final var out = new HashMap<String, LinkView>();
        if (topology == null || topology.getLink() == null) {
            return out;
        }
        for (Link link : topology.getLink().values()) {
            final var qkd = link.augmentation(Link1.class);
            final var attributes = qkd == null ? null : qkd.getQkdLinkAttributes();
            if (attributes == null) {
                continue;
            }
            final var id = link.getLinkId().getValue();
            final var status = attributes.getStatus() == null ? "unknown" : attributes.getStatus().getName();
            final double qber = attributes.getQber() == null ? 0 : attributes.getQber().getValue().doubleValue();
            final var source = link.getSource() == null || link.getSource().getSourceNode() == null ? ""
                : link.getSource().getSourceNode().getValue();
            final var destination = link.getDestination() == null || link.getDestination().getDestNode() == null
                ? "" : link.getDestination().getDestNode().getValue();
            out.put(id, new LinkView(id, source, destination, status, qber, instant(attributes.getLastChange() == null
                ? null : attributes.getLastChange().getValue())));
        }
        return out;
    }

    private static Instant instant(final @Nullable String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
