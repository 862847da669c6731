/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.device.EmulatedNode;
import org.opendaylight.qkd.emulator.device.EtsiNodeView;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.qkd.southbound.api.DeviceConnector;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.qkd.southbound.api.QkdDevice;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.DomainName;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Host;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.Device;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.DeviceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.Netconf;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.devices.rev261125.qkd.devices.device.connection.NetconfBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutputBuilder;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * For tests: emulated nodes in process, in the ETSI GS QKD 015 structure a NETCONF device would report. It serves the
 * NETCONF declarations whose host is {@code <node>.emulated}, reading that node of the emulated network the supplier
 * gives. A node the emulator holds down does not answer, as a real device would not; with no network, no device
 * answers. Virtual links provisioned on a device become the emulated node's, and show in what it reports.
 */
final class EmulatedConnector implements DeviceConnector {
    /** The host name suffix of the declarations this serves. */
    static final String HOST_SUFFIX = ".emulated";

    private final Supplier<EmulatedNetwork> network;
    private final Consumer<String> beforeWrite;

    /**
     * An adapter over the network the supplier gives, which may be null while none runs.
     *
     * @param network the running emulated network, or null
     */
    EmulatedConnector(final Supplier<EmulatedNetwork> network) {
        this(network, node -> { });
    }

    /**
     * An adapter that first calls a test's hook, with the node's name, each time a link is written to a node.
     *
     * @param network the running emulated network, or null
     * @param beforeWrite the hook, which may hold the writer
     */
    EmulatedConnector(final Supplier<EmulatedNetwork> network, final Consumer<String> beforeWrite) {
        this.network = requireNonNull(network);
        this.beforeWrite = requireNonNull(beforeWrite);
    }

    /**
     * A declaration this adapter serves.
     *
     * @param name the device's name
     * @param node the emulated node it is
     * @param trusted whether it may relay keys
     * @return the declaration
     */
    static Device declaration(final String name, final String node, final boolean trusted) {
        return new DeviceBuilder().setName(new NodeId(name)).setTrusted(trusted)
            .setConnection(new NetconfBuilder().setNetconf(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd
                .devices.rev261125.qkd.devices.device.connection.netconf.NetconfBuilder()
                .setHost(new Host(new DomainName(node + HOST_SUFFIX)))
                .setUsername("test")
                .setPassword("test")
                .build()).build())
            .build();
    }

    @Override
    public boolean serves(final Device declaration) {
        return declaration.getConnection() instanceof Netconf netconf && netconf.getNetconf() != null
            && netconf.getNetconf().getHost() != null && netconf.getNetconf().getHost().stringValue()
                .endsWith(HOST_SUFFIX);
    }

    @Override
    public QkdDevice open(final Device declaration) {
        final var host = ((Netconf) declaration.getConnection()).getNetconf().getHost().stringValue();
        return new EmulatedDevice(network, host.substring(0, host.length() - HOST_SUFFIX.length()), beforeWrite);
    }

    private record EmulatedDevice(Supplier<EmulatedNetwork> network, String nodeName, Consumer<String> beforeWrite)
            implements QkdDevice {
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
            beforeWrite.accept(nodeName);
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

        @Override
        public InjectLinkFaultOutput injectLinkFault(final InjectLinkFaultInput fault, final Duration timeout)
                throws DeviceException {
            final var node = upNode();
            final var link = node.links().stream()
                .filter(candidate -> candidate.id().equals(fault.getLink())
                    || candidate.qkdlId().toString().equals(fault.getLink()))
                .findFirst()
                .orElseThrow(() -> DeviceException.failed("emulated node '" + nodeName + "' has no link '"
                    + fault.getLink() + "'", null));
            final var after = link.inject(EmulatedLink.Fault.valueOf(fault.getFault().name().toUpperCase(Locale.ROOT)),
                fault.getEavesdropFraction() == null ? 1 : fault.getEavesdropFraction().doubleValue(),
                fault.getExtraLoss() == null ? 3 : fault.getExtraLoss().doubleValue());
            return new InjectLinkFaultOutputBuilder()
                .setLink(fault.getLink())
                .setSecretKeyRate(Uint64.valueOf(Math.max(0, Math.round(after.secretKeyRateBps()))))
                .setQber(Decimal64.valueOf(BigDecimal.valueOf(after.qber()).setScale(6, RoundingMode.HALF_EVEN)))
                .build();
        }

        private EmulatedNode upNode() throws DeviceException {
            final var current = network.get();
            if (current == null) {
                throw DeviceException.unreachable("no emulated network is running", null);
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
                throw DeviceException.failed("the emulated network has no node named '" + nodeName + "'", e);
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
