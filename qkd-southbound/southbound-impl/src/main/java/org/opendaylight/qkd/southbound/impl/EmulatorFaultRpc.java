/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PHYS;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdLink1;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFault;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutputBuilder;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPC {@code qkd-emulator:inject-link-fault} on the controller: the emulated nodes serve it for their own links, and
 * this forwards it to a connected node at one end of the link, found by the label or qkdl_id the nodes report.
 */
final class EmulatorFaultRpc implements InjectLinkFault {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorFaultRpc.class);

    private final DeviceManager devices;
    private final Executor executor;

    EmulatorFaultRpc(final DeviceManager devices, final Executor executor) {
        this.devices = requireNonNull(devices);
        this.executor = requireNonNull(executor);
    }

    @Override
    public ListenableFuture<RpcResult<InjectLinkFaultOutput>> invoke(final InjectLinkFaultInput input) {
        final var link = input.getLink();
        if (link == null || input.getFault() == null) {
            return Futures.immediateFuture(failed(ErrorTag.MISSING_ELEMENT, "missing-input",
                "link and fault are required"));
        }
        final var ends = ends(link);
        if (ends.isEmpty()) {
            return Futures.immediateFuture(failed(ErrorTag.INVALID_VALUE, "unknown-link", "no connected node "
                + "reports a link '" + link + "' (by label or qkdl_id)"));
        }
        return Futures.submit(() -> inject(input, ends), executor);
    }

    // the connected devices that report the link, each with the link's qkdl_id
    private List<End> ends(final String link) {
        final var ends = new ArrayList<End>();
        for (var name : devices.names()) {
            devices.lastRead(name).ifPresent(node -> {
                if (node.getQkdLinks() == null) {
                    return;
                }
                for (var candidate : node.getQkdLinks().nonnullQkdLink().values()) {
                    final var names = candidate.augmentation(QkdLink1.class);
                    if (PHYS.VALUE.equals(candidate.getQkdlType()) && (link.equals(candidate.getQkdlId().getValue())
                            || names != null && link.equals(names.getLabel()))) {
                        ends.add(new End(name, candidate.getQkdlId().getValue()));
                    }
                }
            });
        }
        return ends;
    }

    private RpcResult<InjectLinkFaultOutput> inject(final InjectLinkFaultInput input, final List<End> ends) {
        final var reasons = new ArrayList<String>();
        for (var end : ends) {
            final var device = devices.connectedDevice(end.device());
            if (device.isEmpty()) {
                reasons.add(end.device() + ": not connected");
                continue;
            }
            try {
                final var answer = device.orElseThrow().injectLinkFault(new InjectLinkFaultInputBuilder(input)
                    .setLink(end.qkdlId()).build(), devices.writeTimeout());
                final var qber = answer.getQber();
                final var rate = answer.getSecretKeyRate();
                LOG.info("Link {}: fault {} injected through node {}: key rate {} bit/s, QBER {}", input.getLink(),
                    input.getFault().getName(), end.device(), rate, qber);
                return RpcResultBuilder.success(new InjectLinkFaultOutputBuilder(answer).setLink(input.getLink())
                    .build()).build();
            } catch (DeviceException e) {
                if (e.kind() == DeviceException.Kind.FAILED) {
                    return failed(ErrorTag.OPERATION_FAILED, "refused", "node " + end.device() + " refused the "
                        + "fault: " + e.getMessage());
                }
                reasons.add(end.device() + ": " + e.getMessage());
            }
        }
        return failed(ErrorTag.OPERATION_FAILED, "no-node", "no node at an end of link '" + input.getLink()
            + "' answers: " + String.join("; ", reasons));
    }

    private static RpcResult<InjectLinkFaultOutput> failed(final ErrorTag tag, final String appTag,
            final String message) {
        return RpcResultBuilder.<InjectLinkFaultOutput>failed()
            .withError(ErrorType.APPLICATION, tag, message, appTag, null, null).build();
    }

    private record End(String device, String qkdlId) {
    }
}
