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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork;
import org.opendaylight.qkd.emulator.link.EmulatedLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFault;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutputBuilder;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPC {@code qkd-emulator:inject-link-fault}: changes a link of the embedded emulator, whose devices this southbound
 * reads.
 */
final class EmulatorFaultRpc implements InjectLinkFault {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorFaultRpc.class);

    private final Supplier<EmulatedNetwork> emulator;

    EmulatorFaultRpc(final Supplier<EmulatedNetwork> emulator) {
        this.emulator = requireNonNull(emulator);
    }

    @Override
    public ListenableFuture<RpcResult<InjectLinkFaultOutput>> invoke(final InjectLinkFaultInput input) {
        final var network = emulator.get();
        if (network == null) {
            return failed(ErrorTag.OPERATION_FAILED, "no-emulator", "no embedded emulator is running; set "
                + "topologyFile in etc/org.opendaylight.qkd.emulator.cfg");
        }
        final var linkId = input.getLink();
        if (linkId == null || input.getFault() == null) {
            return failed(ErrorTag.MISSING_ELEMENT, "missing-input", "link and fault are required");
        }
        final var link = findLink(network, linkId);
        if (link == null) {
            return failed(ErrorTag.INVALID_VALUE, "unknown-link", "the embedded emulator has no link '" + linkId
                + "'");
        }
        switch (input.getFault()) {
            case Cut -> link.cut();
            case Eavesdrop -> link.eavesdrop(input.getEavesdropFraction() == null ? 1
                : input.getEavesdropFraction().doubleValue());
            case Degrade -> link.setExtraLoss(input.getExtraLoss() == null ? 3 : input.getExtraLoss().doubleValue());
            case Restore -> {
                link.restore();
                link.eavesdrop(0);
                link.setExtraLoss(0);
            }
            default -> throw new IllegalStateException("unhandled fault " + input.getFault());
        }
        final var snapshot = link.snapshot();
        LOG.info("Emulated link {}: fault {} injected, now {} at {} bit/s, QBER {}", linkId,
            input.getFault().getName(), snapshot.state(), Math.round(snapshot.secretKeyRateBps()), snapshot.qber());
        return Futures.immediateFuture(RpcResultBuilder.success(new InjectLinkFaultOutputBuilder()
            .setLink(linkId)
            .setSecretKeyRate(Uint64.valueOf(Math.max(0, Math.round(snapshot.secretKeyRateBps()))))
            .setQber(Decimal64.valueOf(BigDecimal.valueOf(snapshot.qber()).setScale(6, RoundingMode.HALF_EVEN)))
            .build()).build());
    }

    private static @Nullable EmulatedLink findLink(final EmulatedNetwork network,
            final String linkId) {
        try {
            return network.link(linkId);
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    private static ListenableFuture<RpcResult<InjectLinkFaultOutput>> failed(final ErrorTag tag, final String appTag,
            final String message) {
        return Futures.immediateFuture(RpcResultBuilder.<InjectLinkFaultOutput>failed()
            .withError(ErrorType.APPLICATION, tag, message, appTag, null, null).build());
    }
}
