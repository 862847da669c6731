/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.initial;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.common.api.OptimisticLockFailedException;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the members of initial configuration documents into the configuration datastore, in order, each only where
 * its top-level node holds no data yet. A member waits until the models know its module; a member that does not
 * match the models, or that the datastore refuses, is reported and skipped, and what is stored stays as it was. In a
 * cluster every member loads the same documents: when another member writes a node at the same time, the member is
 * read again and, that member's data being there, kept.
 * Not thread-safe: one caller at a time.
 */
public final class InitialConfigWriter {
    /**
     * What became of the members so far.
     *
     * @param written members stored
     * @param kept members skipped because their node already held data
     * @param refused members that do not match the models or were refused by the datastore
     * @param waiting members whose module the models do not know yet
     */
    public record Outcome(int written, int kept, int refused, int waiting) {
        /**
         * Whether every member has been dealt with.
         *
         * @return true when none waits
         */
        public boolean done() {
            return waiting == 0;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InitialConfigWriter.class);
    private static final long COMMIT_TIMEOUT_SECONDS = 30;
    // writes of one member that another writer's commit may overtake before one of them reads its data
    private static final int ATTEMPTS = 3;

    private final DOMDataBroker broker;
    private final Deque<ConfigDocument.Member> pending;
    private int written;
    private int kept;
    private int refused;

    /**
     * A writer of documents' members, in the order given.
     *
     * @param broker the datastore
     * @param documents the documents
     */
    public InitialConfigWriter(final DOMDataBroker broker, final List<ConfigDocument> documents) {
        this.broker = requireNonNull(broker);
        pending = new ArrayDeque<>();
        documents.forEach(document -> pending.addAll(document.members()));
    }

    /**
     * Writes every pending member the models allow, stopping (to keep the order) at the first whose module is
     * unknown to them.
     *
     * @param context the current models
     * @return what became of the members so far
     * @throws InterruptedException when interrupted while waiting for the datastore
     */
    public Outcome writeWith(final EffectiveModelContext context) throws InterruptedException {
        while (!pending.isEmpty()) {
            final var member = pending.peek();
            if (context.findModuleStatements(member.module()).isEmpty()) {
                LOG.debug("Initial configuration: {} waits for module {}", member.file(), member.module());
                break;
            }
            pending.remove();
            try {
                if (write(member, context)) {
                    written++;
                } else {
                    kept++;
                }
            } catch (InitialConfigException e) {
                refused++;
                LOG.error("Initial configuration refused, nothing of it stored: {}", e.getMessage());
            }
        }
        return outcome();
    }

    /**
     * What became of the members so far.
     *
     * @return the counts
     */
    public Outcome outcome() {
        return new Outcome(written, kept, refused, pending.size());
    }

    private boolean write(final ConfigDocument.Member member, final EffectiveModelContext context)
            throws InitialConfigException, InterruptedException {
        final var data = member.parse(context);
        for (int attempt = 1; ; attempt++) {
            try {
                return writeIfAbsent(member, data);
            } catch (InitialConfigException e) {
                if (!(e.getCause() instanceof OptimisticLockFailedException) || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.info("Initial configuration: {} was written by another member meanwhile, reading it again",
                    member.name());
            }
        }
    }

    private boolean writeIfAbsent(final ConfigDocument.Member member, final NormalizedNode data)
            throws InitialConfigException, InterruptedException {
        final var path = YangInstanceIdentifier.of(data.name());
        final var tx = broker.newReadWriteTransaction();
        try {
            final var existing = tx.read(LogicalDatastoreType.CONFIGURATION, path)
                .get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (existing.isPresent()) {
                tx.cancel();
                LOG.info("Initial configuration: {} from {} kept as configured (already holds data)", member.name(),
                    member.file());
                return false;
            }
            tx.put(LogicalDatastoreType.CONFIGURATION, path, data);
            tx.commit().get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            tx.cancel();
            final var cause = e.getCause() != null ? e.getCause() : e;
            throw new InitialConfigException(member.file() + ": " + member.name() + ": " + cause.getMessage(),
                cause);
        } catch (TimeoutException e) {
            tx.cancel();
            throw new InitialConfigException(member.file() + ": " + member.name() + ": the datastore did not answer "
                + "within " + COMMIT_TIMEOUT_SECONDS + " s", e);
        }
        LOG.info("Initial configuration: {} written from {}", member.name(), member.file());
        return true;
    }
}
