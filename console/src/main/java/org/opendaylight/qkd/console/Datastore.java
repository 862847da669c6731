/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import com.google.common.util.concurrent.FluentFuture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.ReadWriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yangtools.binding.DataObject;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.Rpc;
import org.opendaylight.yangtools.binding.RpcInput;
import org.opendaylight.yangtools.binding.RpcOutput;

/**
 * The datastore as the console commands use it: bounded waits, and every failure a {@link ConsoleException} in
 * words.
 */
final class Datastore {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Datastore() {
        // static functions only
    }

    static <T extends DataObject> Optional<T> read(final DataBroker broker, final LogicalDatastoreType store,
            final DataObjectIdentifier<T> path) throws ConsoleException {
        try (var tx = broker.newReadOnlyTransaction()) {
            return tx.read(store, path).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConsoleException("the datastore did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted", e);
        }
    }

    // whether the transaction sees configuration there; a datastore that does not answer ends the transaction
    static boolean exists(final ReadWriteTransaction tx, final DataObjectIdentifier<?> path) throws ConsoleException {
        try {
            return tx.exists(LogicalDatastoreType.CONFIGURATION, path).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            tx.cancel();
            throw new ConsoleException("the datastore did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            tx.cancel();
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted", e);
        }
    }

    static void commit(final FluentFuture<?> commit, final String what) throws ConsoleException {
        try {
            commit.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConsoleException(what + " refused: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new ConsoleException(what + ": the datastore did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted while " + what, e);
        }
    }

    // deletes configuration that must be there; when it is not, nothing is written and the error says what exists
    static void deleteExisting(final DataBroker broker, final DataObjectIdentifier<?> path,
            final MissingMessage missing, final String what) throws ConsoleException {
        final var tx = broker.newReadWriteTransaction();
        if (!exists(tx, path)) {
            tx.cancel();
            throw new ConsoleException(missing.get());
        }
        tx.delete(LogicalDatastoreType.CONFIGURATION, path);
        commit(tx.commit(), what);
    }

    @FunctionalInterface
    interface MissingMessage {
        String get() throws ConsoleException;
    }

    // the model's own checks (patterns, lengths) as a console error
    static <T> T value(final String what, final ValueSupplier<T> supplier) throws ConsoleException {
        try {
            return supplier.get();
        } catch (IllegalArgumentException e) {
            throw new ConsoleException("invalid " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface ValueSupplier<T> {
        T get();
    }

    // an RPC's answer, or its first error (the refusal when it names none) as a console error
    static <I extends RpcInput, O extends RpcOutput> O call(final Rpc<I, O> rpc, final I input, final long seconds,
            final String who, final String refusal) throws ConsoleException {
        try {
            final var result = rpc.invoke(input).get(seconds, TimeUnit.SECONDS);
            if (!result.isSuccessful()) {
                throw new ConsoleException(result.getErrors().isEmpty() ? refusal
                    : result.getErrors().getFirst().getMessage());
            }
            return result.getResult();
        } catch (ExecutionException | TimeoutException e) {
            throw new ConsoleException(who + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("interrupted", e);
        }
    }
}
