/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import javax.crypto.SecretKey;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EncryptedKeyStoreTest {
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path directory;

    private Path file;
    private SecretKey kek;

    @BeforeEach
    void setUp() throws IOException {
        file = directory.resolve("keys.store");
        kek = KeyEncryptionKey.generate(directory.resolve("kek"), random);
    }

    private List<byte[]> payloads(final int count) {
        final var payloads = new ArrayList<byte[]>();
        for (int i = 0; i < count; i++) {
            final var payload = new byte[32 + i % 7];
            random.nextBytes(payload);
            payloads.add(payload);
        }
        return payloads;
    }

    // erases, in one call, the records whose index the predicate picks
    private static void eraseWhere(final EncryptedKeyStore store, final long[] handles, final IntPredicate which)
            throws IOException {
        final var erase = new ArrayList<Long>();
        for (int i = 0; i < handles.length; i++) {
            if (which.test(i)) {
                erase.add(handles[i]);
            }
        }
        store.erase(erase);
    }

    // how many bytes of the file changed, each of them to zero
    private static int zeroedBytes(final byte[] before, final byte[] after) {
        assertEquals(before.length, after.length);
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                changed++;
                assertEquals(0, after[i], "byte " + i);
            }
        }
        return changed;
    }

    private Map<Long, byte[]> reopen() throws IOException {
        final var found = new LinkedHashMap<Long, byte[]>();
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> found.put(record.handle(),
                record.payload()))) {
            assertEquals(found.size(), store.size());
        }
        return found;
    }

    @Test
    void recordsSurviveAReopenUnchanged() throws IOException {
        final var payloads = payloads(100);
        final long[] handles;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            handles = store.append(payloads);
        }
        final var found = reopen();
        assertEquals(100, found.size());
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(payloads.get(i), found.get(handles[i]));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // sealed: no payload appears in the file
        final var bytes = Files.readAllBytes(file);
        for (var payload : payloads) {
            assertEquals(-1, indexOf(bytes, payload));
        }
    }

    @Test
    void concurrentWritersAllReachTheDiskAndAnAsynchronousErasureIsDoneOnceOnIt() throws Exception {
        final var payloads = payloads(64);
        final long[] handles;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            handles = store.append(payloads);
            // many erasures at once from many threads, none of them waiting in the calling thread
            final var erasures = new ArrayList<CompletableFuture<Void>>();
            try (var threads = Executors.newFixedThreadPool(4)) {
                final var submitted = new ArrayList<Future<CompletableFuture<Void>>>();
                for (int i = 0; i < 48; i++) {
                    final long handle = handles[i];
                    submitted.add(threads.submit(() -> store.eraseAsync(List.of(handle))));
                }
                for (var future : submitted) {
                    erasures.add(future.get(10, TimeUnit.SECONDS));
                }
            }
            CompletableFuture.allOf(erasures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(16, store.size());
            // a record erased already, or unknown: nothing to wait for
            assertTrue(store.eraseAsync(List.of(handles[0], 999_999L)).isDone());
        }
        final var found = reopen();
        assertEquals(16, found.size());
        for (int i = 48; i < 64; i++) {
            assertArrayEquals(payloads.get(i), found.get(handles[i]));
        }
    }

    @Test
    void aClosedStoreRefusesWrites() throws IOException {
        final var store = EncryptedKeyStore.open(file, kek, random, record -> { });
        final long[] handles = store.append(payloads(2));
        store.close();
        assertThrows(IOException.class, () -> store.append(payloads(1)));
        final var erasure = store.eraseAsync(List.of(handles[0]));
        final var failure = assertThrows(ExecutionException.class, () -> erasure.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof IOException, failure.toString());
        assertEquals(2, reopen().size());
    }

    @Test
    void anErasedRecordIsZeroedOnDiskAndStaysGone() throws IOException {
        final var payloads = payloads(3);
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            final long[] handles = store.append(payloads);
            final var before = Files.readAllBytes(file);
            store.erase(List.of(handles[1]));
            final var after = Files.readAllBytes(file);
            assertEquals(before.length, after.length);
            // the changed bytes are exactly the second record's, and they are zeros now
            int first = -1;
            int last = -1;
            for (int i = 0; i < before.length; i++) {
                if (before[i] != after[i]) {
                    first = first < 0 ? i : first;
                    last = i;
                    assertEquals(0, after[i]);
                }
            }
            assertTrue(last - first > 32, "the sealed key was overwritten: " + first + ".." + last);
        }
        final var found = reopen();
        assertEquals(2, found.size());
        assertTrue(found.values().stream().noneMatch(payload -> Arrays.equals(payload, payloads.get(1))));
    }

    @Test
    void aTornWriteLosesOnlyTheRecordBeingWritten() throws IOException {
        final var payloads = payloads(10);
        final long sizeBeforeLast;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads.subList(0, 9));
            sizeBeforeLast = store.fileSize();
            store.append(payloads.subList(9, 10));
        }
        final var whole = Files.readAllBytes(file);
        // cut the last record at every length a kill could leave
        for (long cut = sizeBeforeLast; cut < whole.length; cut++) {
            Files.write(file, Arrays.copyOf(whole, (int) cut));
            final var found = reopen();
            assertEquals(9, found.size(), "cut at " + cut);
            final var values = new ArrayList<>(found.values());
            for (int i = 0; i < 9; i++) {
                assertArrayEquals(payloads.get(i), values.get(i), "cut at " + cut);
            }
            assertEquals(sizeBeforeLast, Files.size(file), "the torn tail is cut");
        }
    }

    @Test
    void anErasureCutShortIsFinishedAtTheNextOpen() throws IOException {
        final var payloads = payloads(3);
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads.subList(0, 1));
            final long start = store.fileSize();
            store.append(payloads.subList(1, 3));
            // zeros over the middle of the second record, its mark still LIVE: a kill during erase
            try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.allocate(20), start + 30);
            }
        }
        final var found = new ArrayList<>(reopen().values());
        assertEquals(2, found.size());
        assertArrayEquals(payloads.get(0), found.get(0));
        assertArrayEquals(payloads.get(2), found.get(1));
    }

    @Test
    void anErasureMarkedButNotZeroedIsFinishedAtTheNextOpen() throws IOException {
        final var payloads = payloads(3);
        final long start;
        final long next;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads.subList(0, 1));
            start = store.fileSize();
            store.append(payloads.subList(1, 2));
            next = store.fileSize();
            store.append(payloads.subList(2, 3));
        }
        final var sealed = Arrays.copyOfRange(Files.readAllBytes(file), (int) start + 5, (int) next);
        // the erasure's one write reached the disk with its mark and without its zeros: a kill during erase
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] { 0 }), start);
        }
        final var found = new ArrayList<>(reopen().values());
        assertEquals(2, found.size());
        assertArrayEquals(payloads.get(0), found.get(0));
        assertArrayEquals(payloads.get(2), found.get(1));
        final var after = Files.readAllBytes(file);
        assertEquals(-1, indexOf(after, sealed), "the record's nonce and ciphertext are zeroed");
        assertTrue(Arrays.equals(new byte[(int) (next - start - 5)], Arrays.copyOfRange(after, (int) start + 5,
            (int) next)));
    }

    @Test
    void anErasureForcedInTheCallersThreadWaitsForItAndEveryErasureMadeBeforeSharesIt() throws Exception {
        final var payloads = payloads(5);
        final var scheduled = new ArrayList<Runnable>();
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            final long[] handles = store.append(payloads);
            // the flush thread completed the append: until it waits again it would take the erasures' waiters too
            awaitFlusherWaiting();
            final var before = Files.readAllBytes(file);
            final var erasures = List.of(store.eraseAsync(List.of(handles[0]), scheduled::add),
                store.eraseAsync(List.of(handles[1], handles[2]), scheduled::add),
                store.eraseAsync(List.of(handles[3]), scheduled::add));
            // gone from the store at once; written and forced by nobody yet
            assertEquals(1, store.size());
            assertTrue(erasures.stream().noneMatch(CompletableFuture::isDone), erasures.toString());
            assertArrayEquals(before, Files.readAllBytes(file));
            // one flush for the three, run by the caller's thread: the four records zeroed, then forced
            assertEquals(1, scheduled.size());
            scheduled.getFirst().run();
            assertTrue(erasures.stream().allMatch(erasure -> erasure.isDone() && !erasure.isCompletedExceptionally()));
            final var after = Files.readAllBytes(file);
            final int changed = zeroedBytes(before, after);
            assertTrue(changed > 4 * 32, changed + " bytes changed");
            for (int i = 0; i < 4; i++) {
                assertEquals(-1, indexOf(after, payloads.get(i)));
            }
            // an erasure after that flush asks for one of its own
            final var later = store.eraseAsync(List.of(handles[4]), scheduled::add);
            assertEquals(2, scheduled.size());
            scheduled.get(1).run();
            assertTrue(later.isDone());
            // a caller's thread that takes no task: the store's flush thread forces
            store.append(payloads(1));
            final long[] more = store.append(payloads(1));
            store.eraseAsync(List.of(more[0]), task -> {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            }).get(10, TimeUnit.SECONDS);
            assertEquals(1, store.size());
        }
        assertEquals(1, reopen().size());
    }

    @Test
    void aStoreOfTheFirstFormatIsReadAndRewrittenInTheCurrentOne() throws Exception {
        final var payloads = payloads(3);
        // the first format: records sealed to the file's ID and their offsets
        final var id = new byte[16];
        random.nextBytes(id);
        final var out = new java.io.ByteArrayOutputStream();
        out.write("QKDKEYS1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(id);
        final var checkNonce = new byte[12];
        random.nextBytes(checkNonce);
        out.write(checkNonce);
        out.write(sealV1(checkNonce, id, -1, new byte[0]));
        for (int i = 0; i < payloads.size(); i++) {
            final var plain = java.nio.ByteBuffer.allocate(8 + payloads.get(i).length).putLong(i + 1L)
                .put(payloads.get(i)).array();
            final var nonce = new byte[12];
            random.nextBytes(nonce);
            final var sealed = sealV1(nonce, id, out.size(), plain);
            out.write(java.nio.ByteBuffer.allocate(1 + 4).put((byte) 'L').putInt(sealed.length).array());
            out.write(nonce);
            out.write(sealed);
        }
        Files.write(file, out.toByteArray());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final var found = reopen();
        assertEquals(3, found.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(payloads.get(i), found.get(i + 1L));
        }
        final var rewritten = Files.readAllBytes(file);
        assertEquals("QKDKEYS2", new String(rewritten, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(3, reopen().size());
        assertEquals(-1, indexOf(rewritten, java.util.Arrays.copyOfRange(out.toByteArray(), 8 + 16 + 12 + 16 + 5 + 12,
            8 + 16 + 12 + 16 + 5 + 12 + 24)), "the first format's ciphertext is gone");
    }

    private byte[] sealV1(final byte[] nonce, final byte[] id, final long offset, final byte[] plain)
            throws Exception {
        final var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, kek, new javax.crypto.spec.GCMParameterSpec(128, nonce));
        cipher.updateAAD(java.nio.ByteBuffer.allocate(16 + 8).put(id).putLong(offset).array());
        return cipher.doFinal(plain);
    }

    @Test
    void aRecordFoundTwiceIsCorruption() throws IOException {
        final long start;
        final long next;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads(1));
            start = store.fileSize();
            store.append(payloads(1));
            next = store.fileSize();
        }
        // a copy of the second record appended: it authenticates, and its handle is taken
        final var bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOfRange(bytes, (int) start, (int) next), StandardOpenOption.APPEND);
        final var failure = assertThrows(IOException.class, this::reopen);
        assertTrue(failure.getMessage().contains("appears twice"), failure.getMessage());
    }

    @Test
    void anotherKeyEncryptionKeyOpensNothing() throws IOException {
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads(5));
        }
        final var other = KeyEncryptionKey.generate(directory.resolve("other-kek"), random);
        final var failure = assertThrows(IOException.class,
            () -> EncryptedKeyStore.open(file, other, random, record -> { }));
        assertTrue(failure.getMessage().contains("sealed under another key-encryption key"), failure.getMessage());
        assertEquals(5, reopen().size(), "the refused open changed nothing");
    }

    @Test
    void filesOthersMayReadAreRefused() throws IOException {
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads(1));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final var store = assertThrows(IOException.class, () -> EncryptedKeyStore.open(file, kek, random,
            record -> { }));
        assertTrue(store.getMessage().contains("chmod 600"), store.getMessage());

        final var kekFile = directory.resolve("kek");
        assertEquals(kek, KeyEncryptionKey.load(kekFile));
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw----r--"));
        assertThrows(IOException.class, () -> KeyEncryptionKey.load(kekFile));
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(kekFile, "not a key");
        assertThrows(IOException.class, () -> KeyEncryptionKey.load(kekFile));
    }

    @Test
    void erasingMostRecordsCompactsTheFile() throws IOException {
        final var payloads = payloads(40_000);
        final long[] handles;
        final long full;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            handles = store.append(payloads);
            full = store.fileSize();
            eraseWhere(store, handles, i -> i < handles.length - 10);
            assertTrue(store.fileSize() < full / 100, store.fileSize() + " of " + full);
            assertEquals(10, store.size());
            // the store goes on after compaction
            store.erase(List.of(handles[handles.length - 1]));
        }
        assertTrue(Files.size(file) < full / 100);
        final var found = new ArrayList<>(reopen().values());
        assertEquals(9, found.size());
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(payloads.get(handles.length - 10 + i), found.get(i));
        }
    }

    @Test
    void adjacentRecordsErasedTogetherAreZeroedAndScatteredSurvivorsOutliveACompaction() throws IOException {
        final var payloads = payloads(40_000);
        final long[] handles;
        final long full;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            handles = store.append(payloads);
            full = store.fileSize();
            // two adjacent records erased in one run: only bytes of theirs change, all to zero
            final var before = Files.readAllBytes(file);
            store.erase(List.of(handles[14], handles[13]));
            final int changed = zeroedBytes(before, Files.readAllBytes(file));
            assertTrue(changed > 2 * 32, changed + " bytes changed");
            // two of every three erased: runs of two between survivors, spread over more than a megabyte, and a
            // compaction that reads and writes them in chunks (the two erased already are ignored)
            eraseWhere(store, handles, i -> i % 3 != 0);
            assertTrue(store.fileSize() < full / 2, store.fileSize() + " of " + full);
            assertEquals((handles.length + 2) / 3, store.size());
        }
        final var found = reopen();
        assertEquals((handles.length + 2) / 3, found.size());
        for (int i = 0; i < handles.length; i += 3) {
            assertArrayEquals(payloads.get(i), found.get(handles[i]), "record " + i);
        }
    }

    @Test
    void aCopyLeftByACompactionCutShortIsZeroedAtTheNextOpen() throws IOException {
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            store.append(payloads(10));
        }
        // what a crash during a compaction leaves: a copy of records beside the store, which may be consumed since
        final var leftover = directory.resolve("keys.store.compact");
        Files.copy(file, leftover);
        // a second name keeps its blocks readable once the store deletes it
        final var link = Files.createLink(directory.resolve("leftover"), leftover);
        final long size = Files.size(link);
        assertEquals(10, reopen().size());
        assertFalse(Files.exists(leftover));
        final var bytes = Files.readAllBytes(link);
        assertEquals(size, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(0, bytes[i], "byte " + i);
        }
    }

    @Test
    // a compaction that fails in its thread leaves the erasure that started it waiting
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void writersGoOnWhileACompactionCopiesAndWhatTheyChangedIsInTheNewFile() throws Exception {
        final var payloads = payloads(40_000);
        final var added = payloads(50);
        final long[] handles;
        final long full;
        final var copied = new AtomicReference<byte[]>();
        final var appended = new AtomicReference<long[]>();
        final var failures = new ConcurrentLinkedQueue<Throwable>();
        final var erasedWhileCopying = new HashSet<Long>();
        final var appender = new AtomicReference<Thread>();
        final var wroteWhileCopying = new AtomicBoolean();
        final int survivors = (payloads.size() + 2) / 3;
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            handles = store.append(payloads);
            full = store.fileSize();
            // survivors of the erasure below, among the first copied and the last
            for (int i = 0; i < 300; i += 3) {
                erasedWhileCopying.add(handles[i]);
            }
            for (int i = handles.length - 1; i > handles.length - 30; i -= 3) {
                erasedWhileCopying.add(handles[i]);
            }
            final int expected = survivors - erasedWhileCopying.size() + added.size();
            final var once = new AtomicBoolean();
            final var erasure = new AtomicReference<CompletableFuture<Void>>();
            store.afterCopy = () -> {
                if (!once.compareAndSet(false, true)) {
                    return;
                }
                try {
                    // the copy, forced, before anything below changes it
                    copied.set(Files.readAllBytes(directory.resolve("keys.store.compact")));
                    erasure.set(store.eraseAsync(erasedWhileCopying));
                    // another thread appends: it could not write while the store were held
                    appender.set(Thread.ofPlatform().start(() -> {
                        try {
                            appended.set(store.append(added));
                        } catch (IOException e) {
                            failures.add(e);
                        }
                    }));
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == expected);
                    wroteWhileCopying.set(true);
                } catch (ConditionTimeoutException e) {
                    // the appender waits for the store: wroteWhileCopying stays false
                } catch (IOException e) {
                    failures.add(e);
                }
            };
            // two of every three erased: the flush that writes them compacts
            eraseWhere(store, handles, i -> i % 3 != 0);
            appender.get().join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(failures.isEmpty(), failures.toString());
            assertTrue(wroteWhileCopying.get(), "the store was held while the compaction copied");
            assertNotNull(appended.get(), "the append did not finish");
            erasure.get().get(10, TimeUnit.SECONDS);
            assertTrue(store.fileSize() < full / 2, store.fileSize() + " of " + full);
            assertEquals(expected, store.size());
        }
        // in the copy, only the records erased while it was made changed, each to zeros
        final var before = copied.get();
        final var after = Arrays.copyOf(Files.readAllBytes(file), before.length);
        final int changed = zeroedBytes(before, after);
        assertTrue(changed >= erasedWhileCopying.size() * (32 + Long.BYTES + 16), changed + " bytes changed");
        final var found = reopen();
        assertEquals(survivors - erasedWhileCopying.size() + added.size(), found.size());
        for (int i = 0; i < handles.length; i += 3) {
            if (erasedWhileCopying.contains(handles[i])) {
                assertFalse(found.containsKey(handles[i]), "record " + i + " was erased");
            } else {
                assertArrayEquals(payloads.get(i), found.get(handles[i]), "record " + i);
            }
        }
        for (int i = 0; i < added.size(); i++) {
            assertArrayEquals(added.get(i), found.get(appended.get()[i]), "record appended " + i);
        }
    }

    @Test
    void concurrentWritersShareFlushesAndLoseNothing() throws Exception {
        final var kept = new java.util.concurrent.ConcurrentHashMap<Long, byte[]>();
        try (var store = EncryptedKeyStore.open(file, kek, random, record -> { })) {
            final var threads = new ArrayList<Thread>();
            final var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int round = 0; round < 25; round++) {
                            final var batch = payloads(10);
                            final long[] handles = store.append(batch);
                            // every other record is consumed at once
                            final var erase = new ArrayList<Long>();
                            for (int i = 0; i < handles.length; i++) {
                                if (i % 2 == 0) {
                                    erase.add(handles[i]);
                                } else {
                                    kept.put(handles[i], batch.get(i));
                                }
                            }
                            store.erase(erase);
                        }
                    } catch (IOException e) {
                        failures.add(e);
                    }
                }));
            }
            for (var thread : threads) {
                thread.join();
            }
            assertTrue(failures.isEmpty(), () -> failures.toString());
            assertEquals(1000, store.size());
        }
        final var found = reopen();
        assertEquals(kept.keySet(), found.keySet());
        kept.forEach((handle, payload) -> assertArrayEquals(payload, found.get(handle)));
    }

    private static int indexOf(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // the store's flush thread parked, waiting for writes
    private void awaitFlusherWaiting() {
        final var name = "qkd-key-store-" + file.getFileName();
        Awaitility.await("the flush thread of " + file + " waiting").atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(10)).until(() -> {
                final var flushers = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals(name)).toList();
                return !flushers.isEmpty()
                    && flushers.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING);
            });
    }
}
