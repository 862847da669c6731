/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlLocalBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.qkd_link.QkdlRemoteBuilder;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * Virtual links (ETSI GS QKD 015 {@code qkd_links} of type {@code VIRT}) as the nodes of a path hold them, for the
 * relay links operators provision and the paths of key services.
 */
final class VirtualLinks {
    private VirtualLinks() {
        // static only
    }

    /**
     * A virtual link as each node of a path holds it: its far end is the path's other end, its previous and next
     * hops the neighbours on the path.
     *
     * @param linkId the link's qkdl_id
     * @param nodes the qkdn_id of each node, from one end to the other
     * @param bandwidthBps the bandwidth it needs
     * @return the link of each node, in path order
     */
    static List<QkdLink> along(final Uuid linkId, final List<Uuid> nodes, final long bandwidthBps) {
        final int last = nodes.size() - 1;
        final var links = new ArrayList<QkdLink>();
        for (int i = 0; i <= last; i++) {
            links.add(new QkdLinkBuilder()
                .setQkdlId(linkId)
                .setQkdlType(VIRT.VALUE)
                .setQkdlEnable(true)
                .setQkdlLocal(new QkdlLocalBuilder().setQkdnId(nodes.get(i)).build())
                .setQkdlRemote(new QkdlRemoteBuilder().setQkdnId(nodes.get(i == last ? 0 : last)).build())
                .setVirtPrevHop(i > 0 ? nodes.get(i - 1) : null)
                .setVirtNextHop(i < last ? Set.of(nodes.get(i + 1)) : null)
                .setVirtBandwidth(Uint32.valueOf(Math.min(bandwidthBps, Uint32.MAX_VALUE.longValue())))
                .build());
        }
        return links;
    }
}
