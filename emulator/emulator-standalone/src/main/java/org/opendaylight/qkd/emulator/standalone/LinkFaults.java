/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.opendaylight.netconf.api.DocumentedException;
import org.opendaylight.netconf.api.xml.XmlElement;
import org.opendaylight.netconf.server.api.operations.NetconfOperation;
import org.opendaylight.qkd.emulator.device.EmulatedNode;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yangtools.yang.common.ErrorTag;

/**
 * RPC {@code qkd-emulator:inject-link-fault} of one emulated node, for the links it terminates (named by their label,
 * the topology file's link ID, or their qkdl_id): the drills' cut, eavesdropper, added loss and repair. Bad input is
 * an {@code rpc-error} with the reason, and changes nothing.
 */
final class LinkFaults extends SessionOperationFactory {
    /** The namespace of the qkd-emulator module. */
    static final String NAMESPACE = "urn:opendaylight:qkd:emulator";

    private final EmulatedNode node;
    private final Runnable changed;

    /**
     * The RPC of a node.
     *
     * @param node the node
     * @param changed called after a fault was injected, so that the node reports it at once
     */
    LinkFaults(final EmulatedNode node, final Runnable changed) {
        this.node = requireNonNull(node);
        this.changed = requireNonNull(changed);
    }

    @Override
    NetconfOperation operation(final SessionIdType sessionId) {
        return new DeviceRpc(sessionId, "inject-link-fault", NAMESPACE) {
            @Override
            Map<String, String> invoke(final XmlElement input) throws DocumentedException {
                return inject(input);
            }
        };
    }

    private Map<String, String> inject(final XmlElement input) throws DocumentedException {
        final var linkName = DeviceRpc.required(input, "link");
        final var faultName = DeviceRpc.required(input, "fault");
        final EmulatedLink.Fault fault;
        try {
            fault = EmulatedLink.Fault.valueOf(faultName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DeviceRpc.refused("unknown fault '" + faultName + "': cut, eavesdrop, degrade or restore",
                ErrorTag.INVALID_VALUE, e);
        }
        final double fraction = DeviceRpc.number(input, "eavesdrop-fraction", 1.0, 1.0, Double::valueOf, "a number");
        final double loss = DeviceRpc.number(input, "extra-loss", 3.0, 100.0, Double::valueOf, "a number");
        final var link = node.links().stream()
            .filter(candidate -> candidate.id().equals(linkName) || candidate.qkdlId().toString().equals(linkName))
            .findFirst()
            .orElseThrow(() -> DeviceRpc.refused("node " + node.id() + " has no link '" + linkName + "'; its links: "
                + node.links().stream().map(EmulatedLink::id).collect(Collectors.joining(", ")),
                ErrorTag.INVALID_VALUE, null));
        final var after = link.inject(fault, fraction, loss);
        changed.run();
        final var output = new LinkedHashMap<String, String>();
        output.put("link", linkName);
        output.put("secret-key-rate", Long.toString(Math.max(0, Math.round(after.secretKeyRateBps()))));
        output.put("qber", BigDecimal.valueOf(after.qber()).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        return output;
    }
}
