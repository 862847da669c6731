/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.keys.plane.EmulatedLinkKeys;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.opendaylight.qkd.keys.plane.LinkPad;

/**
 * The link key sources of devices served by the embedded emulator. The topology names nodes by device name and links
 * by ETSI qkdl_id; the emulator names nodes by emulated node and identifies links by the same qkdl_id. The device
 * declarations ({@code qkd-devices}) map one to the other.
 */
final class EmbeddedLinkKeys {
    private final Supplier<@Nullable EmulatedNetwork> emulator;
    // device name -> emulated node, from the declarations of embedded devices
    private final Map<String, String> emulatedNodes = new ConcurrentHashMap<>();

    EmbeddedLinkKeys(final Supplier<@Nullable EmulatedNetwork> emulator) {
        this.emulator = requireNonNull(emulator);
    }

    void declare(final String device, final @Nullable String emulatedNode) {
        if (emulatedNode == null) {
            emulatedNodes.remove(device);
        } else {
            emulatedNodes.put(device, emulatedNode);
        }
    }

    void forget(final String device) {
        emulatedNodes.remove(device);
    }

    /**
     * The key source of a topology link, when the embedded emulator runs it.
     *
     * @param linkId the topology link ID (its qkdl_id)
     * @return the source, or null when no embedded emulated link has that ID
     */
    @Nullable LinkKeySource forLink(final String linkId) {
        final var network = emulator.get();
        if (network == null) {
            return null;
        }
        for (var link : network.links()) {
            if (link.qkdlId().toString().equals(linkId)) {
                return new DeviceNamed(link, new EmulatedLinkKeys(link));
            }
        }
        return null;
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
