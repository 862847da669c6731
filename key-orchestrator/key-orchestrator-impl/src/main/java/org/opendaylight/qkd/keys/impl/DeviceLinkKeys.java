/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.keys.etsi014.Etsi014LinkKeys;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.opendaylight.qkd.keys.plane.LinkPad;

/**
 * The link key sources of the declared devices. Devices of the embedded emulator give their key pools in process:
 * the topology names nodes by device name and links by ETSI qkdl_id, the emulator names nodes by emulated node and
 * identifies links by the same qkdl_id, and the device declarations ({@code qkd-devices}) map one to the other.
 * Devices with a {@code key-delivery} endpoint give their keys over ETSI GS QKD 014, when both ends of a link have
 * one.
 */
final class DeviceLinkKeys {
    /**
     * A device's ETSI GS QKD 014 endpoint.
     *
     * @param url its base URL
     * @param saeId the SAE ID of the node's key manager at the device
     * @param keyBits size of the keys asked of it
     */
    record Delivery(URI url, String saeId, int keyBits) {
    }

    private static final Duration DEVICE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<@Nullable EmulatedNetwork> emulator;
    private final Function<String, Optional<LinkView>> topology;
    private final Function<String, @Nullable HttpClient> clients;
    // device name -> emulated node, from the declarations of embedded devices
    private final Map<String, String> emulatedNodes = new ConcurrentHashMap<>();
    // device name -> ETSI GS QKD 014 endpoint
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private volatile @Nullable LinkIndex index;

    /**
     * Link key sources.
     *
     * @param emulator the running embedded emulator, or null
     * @param topology a topology link by ID, for its ends
     * @param clients the HTTPS client of a key manager by its SAE ID (its client certificate), or null when it has
     *        none
     */
    DeviceLinkKeys(final Supplier<@Nullable EmulatedNetwork> emulator,
            final Function<String, Optional<LinkView>> topology, final Function<String, @Nullable HttpClient> clients) {
        this.emulator = requireNonNull(emulator);
        this.topology = requireNonNull(topology);
        this.clients = requireNonNull(clients);
    }

    void declare(final String device, final @Nullable String emulatedNode, final @Nullable Delivery delivery) {
        if (emulatedNode == null) {
            emulatedNodes.remove(device);
        } else {
            emulatedNodes.put(device, emulatedNode);
        }
        if (delivery == null) {
            deliveries.remove(device);
        } else {
            deliveries.put(device, delivery);
        }
    }

    /**
     * The key source of a topology link: the embedded emulator's link with that ID, else the ETSI GS QKD 014
     * endpoints of the devices at its two ends.
     *
     * @param linkId the topology link ID (its qkdl_id)
     * @return the source, or null when the link has none
     */
    @Nullable LinkKeySource forLink(final String linkId) {
        final var network = emulator.get();
        if (network != null) {
            final var link = emulatedLinks(network).get(linkId);
            if (link != null) {
                return new DeviceNamed(link, new EmulatedLinkKeys(link));
            }
        }
        final var view = topology.apply(linkId);
        if (view.isEmpty()) {
            return null;
        }
        final var source = view.orElseThrow().source();
        final var destination = view.orElseThrow().destination();
        final var atSource = deliveries.get(source);
        final var atDestination = deliveries.get(destination);
        if (atSource == null || atDestination == null) {
            return null;
        }
        final var sourceClient = clients.apply(atSource.saeId());
        final var destinationClient = clients.apply(atDestination.saeId());
        if (sourceClient == null || destinationClient == null) {
            return null;
        }
        return new Etsi014LinkKeys(linkId,
            new Etsi014LinkKeys.End(source, atSource.url(), atSource.saeId(), sourceClient),
            new Etsi014LinkKeys.End(destination, atDestination.url(), atDestination.saeId(), destinationClient),
            atSource.keyBits(), DEVICE_TIMEOUT);
    }

    // relays ask for every hop of every key: the emulator's links are indexed by qkdl_id once per emulator
    private Map<String, EmulatedLink> emulatedLinks(final EmulatedNetwork network) {
        final var known = index;
        if (known != null && known.network() == network) {
            return known.links();
        }
        final var links = new HashMap<String, EmulatedLink>();
        for (var link : network.links()) {
            links.put(link.qkdlId().toString(), link);
        }
        index = new LinkIndex(network, Map.copyOf(links));
        return index.links();
    }

    private record LinkIndex(EmulatedNetwork network, Map<String, EmulatedLink> links) {
    }

    /**
     * An emulated link's key, addressed by device names.
     */
    private final class DeviceNamed implements LinkKeySource {
        private final EmulatedLink link;
        private final EmulatedLinkKeys keys;

        DeviceNamed(final EmulatedLink link, final EmulatedLinkKeys keys) {
            this.link = link;
            this.keys = keys;
        }

        @Override
        public LinkPad draw(final String node, final int bytes) throws KeyUnavailableException {
            return keys.draw(emulatedNode(node), bytes);
        }

        @Override
        public LinkPad claim(final String node, final List<UUID> ids) throws KeyUnavailableException {
            return keys.claim(emulatedNode(node), ids);
        }

        private String emulatedNode(final String device) throws KeyUnavailableException {
            final var node = emulatedNodes.get(device);
            if (node == null) {
                throw new KeyUnavailableException("device " + device + " is not an embedded emulated device");
            }
            if (!node.equals(link.nodeA()) && !node.equals(link.nodeB())) {
                throw new KeyUnavailableException("device " + device + " (emulated node " + node
                    + ") is not an end of emulated link " + link.id());
            }
            return node;
        }
    }
}
