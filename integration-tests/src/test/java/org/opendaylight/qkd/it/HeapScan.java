/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Looks for keys in a JVM's heap: dumps it with {@code jcmd <pid> GC.heap_dump} (live objects, after a full GC) and
 * counts the keys found in the dump raw, in base64 and in hex, as the bytes of a byte array or of a Latin-1 string
 * would hold them.
 */
final class HeapScan {
    private static final int PREFIX = Long.BYTES;
    private static final int CHUNK = 64 << 20;

    private HeapScan() {
        // static functions only
    }

    /**
     * What a scan found.
     *
     * @param dumpBytes size of the heap dump
     * @param found how many of the keys appear in it, in any encoding
     * @param foundRaw how many appear as raw bytes
     */
    record Result(long dumpBytes, int found, int foundRaw) {
    }

    /**
     * Dumps a JVM's heap and looks for keys in it; the dump is deleted afterwards.
     *
     * @param pid the JVM
     * @param dump where the dump goes (must not exist)
     * @param keys the keys, raw
     * @return what was found
     * @throws IOException when the dump cannot be made or read
     * @throws InterruptedException when interrupted while dumping
     */
    static Result scan(final long pid, final Path dump, final List<byte[]> keys) throws IOException,
            InterruptedException {
        final var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final var process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_dump", dump.toString())
            .redirectErrorStream(true).start();
        final var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.exists(dump)) {
            throw new IOException("no heap dump of " + pid + ": " + output);
        }
        try {
            final var patterns = new ArrayList<byte[]>();
            final var owners = new ArrayList<Integer>();
            for (int i = 0; i < keys.size(); i++) {
                final var raw = keys.get(i);
                for (var pattern : List.of(raw, Base64.getEncoder().encode(raw),
                        HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                        HexFormat.of().withUpperCase().formatHex(raw).getBytes(StandardCharsets.US_ASCII))) {
                    patterns.add(pattern);
                    owners.add(i);
                }
            }
            final var hits = find(dump, patterns);
            final var found = new boolean[keys.size()];
            final var foundRaw = new boolean[keys.size()];
            for (int p = 0; p < patterns.size(); p++) {
                if (hits[p]) {
                    found[owners.get(p)] = true;
                    if (p % 4 == 0) {
                        foundRaw[owners.get(p)] = true;
                    }
                }
            }
            return new Result(Files.size(dump), count(found), count(foundRaw));
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static int count(final boolean[] values) {
        int count = 0;
        for (var value : values) {
            if (value) {
                count++;
            }
        }
        return count;
    }

    // which patterns (each at least 8 bytes) occur in the file: their first 8 bytes are looked up at every offset
    private static boolean[] find(final Path file, final List<byte[]> patterns) throws IOException {
        final Map<Long, List<Integer>> byPrefix = new HashMap<>();
        // a cheap first filter: the patterns' first two bytes
        final var firstTwo = new boolean[1 << 16];
        int longest = 0;
        for (int p = 0; p < patterns.size(); p++) {
            final var pattern = patterns.get(p);
            if (pattern.length < PREFIX) {
                throw new IllegalArgumentException("a pattern shorter than " + PREFIX + " bytes");
            }
            longest = Math.max(longest, pattern.length);
            firstTwo[(pattern[0] & 0xff) << 8 | pattern[1] & 0xff] = true;
            byPrefix.computeIfAbsent(ByteBuffer.wrap(pattern).order(ByteOrder.BIG_ENDIAN).getLong(),
                key -> new ArrayList<>()).add(p);
        }
        final var hits = new boolean[patterns.size()];
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            final var buffer = ByteBuffer.allocate(CHUNK + longest).order(ByteOrder.BIG_ENDIAN);
            for (long start = 0; start < size; start += CHUNK) {
                buffer.clear();
                channel.read(buffer, start);
                buffer.flip();
                final int limit = buffer.limit();
                final int last = Math.min(CHUNK, limit - PREFIX + 1);
                final var bytes = buffer.array();
                for (int i = 0; i < last; i++) {
                    if (!firstTwo[(bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff]) {
                        continue;
                    }
                    final var candidates = byPrefix.get(buffer.getLong(i));
                    if (candidates == null) {
                        continue;
                    }
                    for (int p : candidates) {
                        final var pattern = patterns.get(p);
                        if (i + pattern.length <= limit && Arrays.equals(bytes, i, i + pattern.length,
                                pattern, 0, pattern.length)) {
                            hits[p] = true;
                        }
                    }
                }
            }
        }
        return hits;
    }
}
