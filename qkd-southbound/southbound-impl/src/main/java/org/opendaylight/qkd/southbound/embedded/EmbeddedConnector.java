/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.embedded;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Supplier;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.EmulatedNode;
import org.opendaylight.qkd.emulator.device.EtsiNodeView;
import org.opendaylight.qkd.southbound.api.DeviceConnector;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.Embedded;

/**
 * The in-process adapter: devices that are nodes of the emulator running in the same controller, read straight from
 * it in the ETSI GS QKD 015 structure a NETCONF device would report. A node the emulator holds down does not answer,
 * as a real device would not; with no emulator running, no embedded device answers. Virtual links provisioned on a
 * device become the emulated node's, and show in what it reports.
 */
public final class EmbeddedConnector implements DeviceConnector {
    private final Supplier<EmulatedNetwork> network;

    /**
     * An adapter over the emulator the supplier gives, which may be null while none runs.
     *
     * @param network the running emulated network, or null
     */
    public EmbeddedConnector(final Supplier<EmulatedNetwork> network) {
        this.network = requireNonNull(network);
    }

    @Override
    public boolean serves(final Device declaration) {
        return declaration.getConnection() instanceof Embedded;
    }

    @Override
    public QkdDevice open(final Device declaration) {
        final var embedded = ((Embedded) declaration.getConnection()).getEmbedded();
        return new EmbeddedDevice(network, embedded == null ? "" : embedded.getEmulatedNode());
    }

    private record EmbeddedDevice(Supplier<EmulatedNetwork> network, String nodeName) implements QkdDevice {
        @Override
        public QkdNode read(final Duration timeout) throws DeviceException {
            final var node = upNode();
            return EtsiNodeView.of(network.get(), node);
        }

        @Override
        public void putLink(final QkdLink link, final Duration timeout) throws DeviceException {
            if (!VIRT.VALUE.equals(link.getQkdlType())) {
                throw DeviceException.failed("an emulated node takes virtual links only; its physical links come "
                    + "from the emulated topology", null);
            }
            final var node = upNode();
            try {
                node.putVirtualLink(EtsiNodeView.virtualLinkFrom(link));
            } catch (IllegalArgumentException e) {
                throw DeviceException.failed(e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw DeviceException.failed("emulated node '" + nodeName + "' refused: " + e.getMessage(), e);
            }
        }

        @Override
        public void deleteLink(final Uuid qkdlId, final Duration timeout) throws DeviceException {
            upNode().removeVirtualLink(UUID.fromString(qkdlId.getValue()));
        }

        private EmulatedNode upNode() throws DeviceException {
            final var current = network.get();
            if (current == null) {
                throw DeviceException.unreachable("no embedded emulator is running", null);
            }
            final var node = findNode(current);
            if (!node.isUp()) {
                throw DeviceException.unreachable("emulated node '" + nodeName + "' is down", null);
            }
            return node;
        }

        private EmulatedNode findNode(final EmulatedNetwork current)
                throws DeviceException {
            try {
                return current.node(nodeName);
            } catch (NoSuchElementException e) {
                throw DeviceException.failed("the embedded emulator has no node named '" + nodeName + "'", e);
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
