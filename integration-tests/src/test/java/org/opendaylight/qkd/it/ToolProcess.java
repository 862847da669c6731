/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Debian tool a test runs beside the distribution (Prometheus, rsyslog): started with its output in a log file,
 * waited for until it is ready, stopped at the end.
 */
final class ToolProcess implements AutoCloseable {
    private final String name;
    private final Process process;

    private ToolProcess(final String name, final Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts a tool and waits until it is ready.
     *
     * @param command its command line
     * @param log the file its output goes to
     * @param timeout how long it may take to be ready
     * @param ready whether it is ready (asked while it runs)
     * @return the running tool
     * @throws IOException when it cannot be started, exits, or is not ready in time
     */
    static ToolProcess start(final List<String> command, final Path log, final Duration timeout,
            final BooleanSupplier ready) throws IOException {
        final var tool = new ToolProcess(Path.of(command.getFirst()).getFileName().toString(),
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        try {
            await(tool.name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!tool.process.isAlive()) {
                    throw new IllegalStateException(tool.name + " exited with " + tool.process.exitValue());
                }
                return ready.getAsBoolean();
            });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            tool.close();
            throw new IOException(tool.name + " did not start, see " + log, e);
        }
        return tool;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
