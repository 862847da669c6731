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
import java.util.concurrent.Executor;
import org.opendaylight.qkd.southbound.api.DeviceException;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManager;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManagerInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManagerOutput;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPC {@code qkd-emulator:restart-key-manager} on the controller: the emulated nodes serve it for their own key
 * managers, and this forwards it to the named node, when connected.
 */
final class KeyManagerRestartRpc implements RestartKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(KeyManagerRestartRpc.class);

    private final DeviceManager devices;
    private final Executor executor;

    KeyManagerRestartRpc(final DeviceManager devices, final Executor executor) {
        this.devices = requireNonNull(devices);
        this.executor = requireNonNull(executor);
    }

    @Override
    public ListenableFuture<RpcResult<RestartKeyManagerOutput>> invoke(final RestartKeyManagerInput input) {
        final var node = input.getNode();
        if (node == null) {
            return Futures.immediateFuture(failed(ErrorTag.MISSING_ELEMENT, "missing-input", "node is required"));
        }
        if (!devices.names().contains(node)) {
            return Futures.immediateFuture(failed(ErrorTag.INVALID_VALUE, "unknown-node", "no QKD device is named '"
                + node + "'"));
        }
        return Futures.submit(() -> restart(input), executor);
    }

    private RpcResult<RestartKeyManagerOutput> restart(final RestartKeyManagerInput input) {
        final var node = input.getNode();
        final var device = devices.connectedDevice(node);
        if (device.isEmpty()) {
            return failed(ErrorTag.OPERATION_FAILED, "no-node", "node " + node + " is not connected");
        }
        try {
            final var answer = device.orElseThrow().restartKeyManager(input, devices.writeTimeout());
            LOG.warn("Node {}: key manager stopped on request; it starts again at {}", node,
                answer.getRestartsAt() == null ? "?" : answer.getRestartsAt().getValue());
            return RpcResultBuilder.success(answer).build();
        } catch (DeviceException e) {
            return failed(ErrorTag.OPERATION_FAILED, e.kind() == DeviceException.Kind.FAILED ? "refused" : "no-node",
                "node " + node + (e.kind() == DeviceException.Kind.FAILED ? " refused: " : " does not answer: ")
                    + e.getMessage());
        }
    }

    private static RpcResult<RestartKeyManagerOutput> failed(final ErrorTag tag, final String appTag,
            final String message) {
        return RpcResultBuilder.<RestartKeyManagerOutput>failed()
            .withError(ErrorType.APPLICATION, tag, message, appTag, null, null).build();
    }
}
