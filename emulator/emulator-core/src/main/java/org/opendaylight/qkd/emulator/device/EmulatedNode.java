/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opendaylight.qkd.emulator.link.EmulatedLink;

/**
 * An emulated SD-QKD node: a site with QKD modules (one interface per link end) and the key pools of those ends.
 */
public final class EmulatedNode {
    private final String id;
    private final UUID qkdnId;
    private final String location;
    private final List<EmulatedLink> links;
    private volatile boolean up = true;
    // provisioned virtual links, by qkdl_id, in the order they came
    private final Map<UUID, VirtualLink> virtualLinks = new LinkedHashMap<>();
    // while set, the node refuses configuration changes with this reason
    private String refusal;

    EmulatedNode(final String id, final UUID qkdnId, final String location, final List<EmulatedLink> links) {
        this.id = requireNonNull(id);
        this.qkdnId = requireNonNull(qkdnId);
        this.location = requireNonNull(location);
        this.links = List.copyOf(links);
    }

    public String id() {
        return id;
    }

    public UUID qkdnId() {
        return qkdnId;
    }

    public String location() {
        return location;
    }

    /**
     * The links this node is an end of, in the order of its interfaces.
     *
     * @return the links
     */
    public List<EmulatedLink> links() {
        return links;
    }

    /**
     * The ETSI GS QKD 015 interface number of this node's end of a link.
     *
     * @param link one of this node's links
     * @return qkdi_id, from 1
     */
    public int interfaceOf(final EmulatedLink link) {
        final int index = links.indexOf(link);
        if (index < 0) {
            throw new IllegalArgumentException(link + " does not end at node " + id);
        }
        return index + 1;
    }

    public boolean isUp() {
        return up;
    }

    void setUp(final boolean isUp) {
        up = isUp;
    }

    /**
     * The virtual links provisioned on this node.
     *
     * @return them, in the order they were provisioned
     */
    public synchronized List<VirtualLink> virtualLinks() {
        return List.copyOf(virtualLinks.values());
    }

    /**
     * Provisions or replaces a virtual link, as a device's configuration change would.
     *
     * @param link the link
     * @throws IllegalStateException with the reason, while the node refuses configuration changes
     */
    public synchronized void putVirtualLink(final VirtualLink link) {
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        virtualLinks.put(link.qkdlId(), link);
    }

    /**
     * Removes a virtual link. Removing one that is not there changes nothing.
     *
     * @param qkdlId the link's identifier
     * @return whether it was there
     */
    public synchronized boolean removeVirtualLink(final UUID qkdlId) {
        return virtualLinks.remove(qkdlId) != null;
    }

    /**
     * Makes the node refuse configuration changes (a fault to inject), or accept them again.
     *
     * @param reason why it refuses, or null to accept again
     */
    public synchronized void refuseConfiguration(final String reason) {
        refusal = reason;
    }

    @Override
    public String toString() {
        return "EmulatedNode{" + id + ", " + links.size() + " links, " + (up ? "up" : "down") + "}";
    }
}
