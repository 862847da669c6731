/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.FluentFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.common.api.TransactionCommitFailedException;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMDataTreeReadWriteTransaction;
import org.opendaylight.mdsal.dom.spi.ForwardingDOMDataBroker;
import org.opendaylight.mdsal.dom.spi.ForwardingDOMDataReadWriteTransaction;
import org.opendaylight.yangtools.util.concurrent.FluentFutures;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;

/**
 * The data broker a device's NETCONF server commits {@code <edit-config>} through: before a read-write transaction
 * commits, the configuration it would leave at one path is checked, and a configuration that is refused fails the
 * commit with the reason (the client gets an {@code rpc-error}) and changes nothing.
 */
final class ValidatingDataBroker extends ForwardingDOMDataBroker {
    /**
     * Checks a configuration.
     */
    @FunctionalInterface
    interface Validator {
        /**
         * Checks the configuration a commit would leave.
         *
         * @param data the data at the path after the commit, null when there is none
         * @throws NodeConfiguration.InvalidConfigurationException with the reason when it is refused
         */
        void validate(NormalizedNode data) throws NodeConfiguration.InvalidConfigurationException;
    }

    private final DOMDataBroker delegate;
    private final YangInstanceIdentifier path;
    private final Validator validator;

    ValidatingDataBroker(final DOMDataBroker delegate, final YangInstanceIdentifier path, final Validator validator) {
        this.delegate = requireNonNull(delegate);
        this.path = requireNonNull(path);
        this.validator = requireNonNull(validator);
    }

    @Override
    protected DOMDataBroker delegate() {
        return delegate;
    }

    @Override
    public DOMDataTreeReadWriteTransaction newReadWriteTransaction() {
        final var transaction = delegate.newReadWriteTransaction();
        return new ForwardingDOMDataReadWriteTransaction() {
            @Override
            protected DOMDataTreeReadWriteTransaction delegate() {
                return transaction;
            }

            @Override
            public FluentFuture<? extends CommitInfo> commit() {
                final String refusal;
                try {
                    final var after = transaction.read(LogicalDatastoreType.CONFIGURATION, path)
                        .get(30, TimeUnit.SECONDS);
                    validator.validate(after.orElse(null));
                    return transaction.commit();
                } catch (NodeConfiguration.InvalidConfigurationException e) {
                    refusal = e.getMessage();
                } catch (ExecutionException | TimeoutException e) {
                    refusal = "the configuration cannot be read to check it: " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    refusal = "interrupted while checking the configuration";
                }
                transaction.cancel();
                return FluentFutures.immediateFailedFluentFuture(new TransactionCommitFailedException(refusal,
                    RpcResultBuilder.newError(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, refusal)));
            }
        };
    }
}
