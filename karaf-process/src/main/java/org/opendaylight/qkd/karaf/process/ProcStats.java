/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.karaf.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Linux says of a process in {@code /proc/<pid>}: memory, threads, open files and CPU time.
 *
 * @param rssKib resident set size (VmRSS), KiB
 * @param peakRssKib highest resident set size so far (VmHWM), KiB
 * @param threads number of threads
 * @param openFiles number of open file descriptors, -1 when not readable
 * @param cpuSeconds user and system CPU time so far, seconds
 */
public record ProcStats(long rssKib, long peakRssKib, int threads, int openFiles, double cpuSeconds) {
    // USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every Linux architecture the JDK runs on
    private static final double TICKS_PER_SECOND = 100;

    /**
     * Reads the figures of a process.
     *
     * @param pid its id
     * @return them, empty when the process is gone or /proc cannot be read
     */
    public static Optional<ProcStats> of(final long pid) {
        final var dir = Path.of("/proc", String.valueOf(pid));
        try {
            final var status = new HashMap<String, String>();
            for (var line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                final int colon = line.indexOf(':');
                if (colon > 0) {
                    status.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            // the command name, in parentheses, may hold spaces: the fields that matter follow its last ')'
            final var stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            final var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            final double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            return Optional.of(new ProcStats(kib(status.get("VmRSS")), kib(status.get("VmHWM")),
                Integer.parseInt(status.getOrDefault("Threads", "0")), openFiles(dir), cpu));
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * This JVM's figures.
     *
     * @return them, empty when /proc cannot be read
     */
    public static Optional<ProcStats> self() {
        return of(ProcessHandle.current().pid());
    }

    /**
     * Resident set size in MiB.
     *
     * @return it
     */
    public long rssMib() {
        return rssKib / 1024;
    }

    /**
     * Highest resident set size so far in MiB.
     *
     * @return it
     */
    public long peakRssMib() {
        return peakRssKib / 1024;
    }

    private static long kib(final String value) {
        return value == null ? 0 : Long.parseLong(value.replaceAll("[^0-9]", ""));
    }

    private static int openFiles(final Path dir) {
        try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
