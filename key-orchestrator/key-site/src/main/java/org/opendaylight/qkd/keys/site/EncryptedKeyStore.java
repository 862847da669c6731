/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.site;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent store of records that hold key material, each sealed with AES-256-GCM under the site's
 * key-encryption key, in one append-only file that only its owner may access.
 *
 * <p>Layout: a header (magic, the store's random ID, a check of the key-encryption key), then records
 * {@code type | length | nonce | ciphertext+tag}. The sealed plaintext is the record's handle followed by the
 * caller's payload; the store's ID is authenticated with it, so a record cannot be copied into another store, and a
 * handle found twice is corruption. A record is not sealed to its place, so compaction moves records as they are.
 * Files of the first format ({@code QKDKEYS1}, records sealed to their offsets) are rewritten in this one when opened.
 * Appends and erasures are forced to disk before they return.
 *
 * <p>Crash safety: a record is written whole or its torn tail is cut at the next open, so a kill during a write loses
 * at most the records being written and never yields a changed one (the tag would not match). Erasing overwrites a
 * record's nonce and ciphertext with zeros in place and marks it erased, in one write: a consumed key is gone from the
 * file, not just forgotten. A kill during that write leaves a record that fails authentication, or one marked erased
 * with bytes that are not all zeros; the next open finishes erasing either.
 *
 * <p>Group commit: writers write in their own thread and wait for the disk on a future, which the store's flush
 * thread completes once the file is forced; every write made while a flush runs shares the next one. A caller that
 * must not block (a network thread) erases with {@link #eraseAsync(Collection, Executor)}: its own thread forces the
 * file once it has handled the requests at hand, for all of them, and no other thread is woken. When erased records
 * outweigh live ones the flush thread copies the live ones into a new file, which replaces the old one, and the old
 * one is zeroed. Writers go on in the old file while the records are copied and forced: the store is held only to
 * start the copy and to end it, when the records written since are copied too and those erased since are erased in
 * the new file before it replaces the old one.
 */
public final class EncryptedKeyStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedKeyStore.class);
    private static final byte[] MAGIC = "QKDKEYS2".getBytes(StandardCharsets.US_ASCII);
    // the first format, which sealed each record to its offset: read, and rewritten in this one at open
    private static final byte[] MAGIC_V1 = "QKDKEYS1".getBytes(StandardCharsets.US_ASCII);
    private static final int FILE_ID_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // magic, file ID, and a check of the key-encryption key: the tag of nothing sealed under it
    private static final int HEADER_BYTES = MAGIC.length + FILE_ID_BYTES + NONCE_BYTES + TAG_BITS / Byte.SIZE;
    private static final long CHECK_OFFSET = -1;
    // what a record is sealed to besides the store's ID: its handle, inside the sealed plaintext, tells records apart
    private static final long RECORD_CONTEXT = 0;
    private static final byte LIVE = 'L';
    private static final byte ERASED = 0;
    private static final int RECORD_HEADER = 1 + Integer.BYTES + NONCE_BYTES;
    /** Largest sealed record: far more than any key with its metadata. */
    static final int MAX_SEALED = 64 * 1024;
    private static final long COMPACT_MIN_BYTES = 1024 * 1024;
    // most bytes one write of erasures, or one read or write of a compaction, covers
    private static final int IO_BYTES = 1024 * 1024;

    /**
     * A record found when the store was opened.
     *
     * @param handle its handle, for {@link #erase}
     * @param payload its payload; the caller destroys it
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    public record Recovered(long handle, byte[] payload) {
        @Override
        public String toString() {
            return "Recovered{" + handle + ", " + payload.length + " bytes}";
        }
    }

    // where a live record is and how long it is
    private record Place(long offset, int length) {
    }

    private final Path file;
    private final SecretKey kek;
    private final SecureRandom random;
    // in file order: records are appended, and compaction keeps their order
    private final SequencedMap<Long, Place> live = new LinkedHashMap<>();
    // records erased, not yet zeroed in the file: written just before the next force (guarded by this)
    private List<Place> unwritten = new ArrayList<>();
    // AES-GCM under the key-encryption key, initialised anew for each record (guarded by this): one instance keeps the
    // key schedule instead of expanding the key again per record
    private @Nullable Cipher aesGcm;
    private FileChannel channel;
    // the store's ID, kept across compactions
    private byte[] fileId;
    // the file is in the first format (records sealed to their offsets) until the open rewrites it
    private boolean firstFormat;
    private long end;
    private long nextHandle = 1;
    private long liveBytes;
    private long erasedBytes;
    // erased records outweigh live ones: the flush thread compacts (guarded by this)
    private boolean compactionDue;
    // group commit: writes waiting for the disk, and whether the store is closing (guarded by flushLock); a lock, not
    // a monitor, so that virtual threads waiting to register do not pin their carrier threads
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Condition flushDue = flushLock.newCondition();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean closing;
    // a writer's thread will flush what waits (guarded by flushLock)
    private boolean flushScheduled;
    // the flush thread is to compact (guarded by flushLock)
    private boolean compactionWanted;
    private @Nullable Thread flusher;
    // the compaction copying, told what writers change meanwhile (guarded by this)
    private @Nullable Compaction compacting;
    // runs between a compaction's copy and its reconciliation, without the store's lock: tests write and erase there
    volatile Runnable afterCopy = () -> { };

    private EncryptedKeyStore(final Path file, final SecretKey kek, final SecureRandom random) {
        this.file = file;
        this.kek = kek;
        this.random = random;
    }

    /**
     * Opens a store, creating it when the file does not exist, and reads every live record.
     *
     * @param file the store's file
     * @param kek the key-encryption key
     * @param random randomness for nonces and file IDs
     * @param recovered receives each live record, in the order written
     * @return the store
     * @throws IOException when the file cannot be read or written, others may access it, it is not a store, it is
     *         corrupt other than at a torn tail, or it was sealed under another key
     */
    public static EncryptedKeyStore open(final Path file, final SecretKey kek, final SecureRandom random,
            final Consumer<Recovered> recovered) throws IOException {
        final var store = new EncryptedKeyStore(requireNonNull(file), requireNonNull(kek), requireNonNull(random));
        // a compaction cut short (a crash) left its copy of records that may be consumed since
        destroy(store.compactionFile());
        if (Files.exists(file)) {
            KeyEncryptionKey.checkPrivate(file);
            store.reopen(recovered);
        } else {
            store.initialize();
        }
        store.startFlusher();
        return store;
    }

    private void startFlusher() {
        final var thread = Thread.ofPlatform().name("qkd-key-store-" + file.getFileName()).daemon(true)
            .unstarted(this::flushLoop);
        flusher = thread;
        thread.start();
    }

    // forces the file for every write waiting, and compacts when due, until the store closes and none waits
    private void flushLoop() {
        while (true) {
            final List<CompletableFuture<Void>> batch;
            flushLock.lock();
            try {
                while (waiting.isEmpty() && !closing && !compactionWanted) {
                    flushDue.awaitUninterruptibly();
                }
                if (waiting.isEmpty() && !compactionWanted) {
                    return;
                }
                if (compactionWanted) {
                    // asked by a writer whose own thread flushes: compact first, and leave its write to that flush
                    compactionWanted = false;
                    batch = List.of();
                } else {
                    batch = takeWaiting();
                }
            } finally {
                flushLock.unlock();
            }
            complete(batch, true);
        }
    }

    // the writes waiting, for one force that covers them all (flushLock held)
    private List<CompletableFuture<Void>> takeWaiting() {
        final var batch = waiting;
        if (!batch.isEmpty()) {
            waiting = new ArrayList<>();
        }
        // a write registered from now on schedules a flush of its own
        flushScheduled = false;
        return batch;
    }

    // every write of the batch was made before it registered: a force that starts now covers them all. The flush
    // thread compacts before it completes them, so that a blocking erase returns with the file compacted
    private void complete(final List<CompletableFuture<Void>> batch, final boolean compact) {
        IOException failure = null;
        if (!batch.isEmpty()) {
            try {
                writeErasures();
                force();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (compact) {
            compactIfDue();
        }
        for (var done : batch) {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }

    // a flush in the thread of the writers that scheduled it: every write waiting is forced and completed here; a
    // compaction its erasures made due goes to the flush thread
    private void flushHere() {
        final List<CompletableFuture<Void>> batch;
        flushLock.lock();
        try {
            batch = takeWaiting();
        } finally {
            flushLock.unlock();
        }
        complete(batch, false);
        final boolean compact;
        synchronized (this) {
            compact = compactionDue;
        }
        if (compact) {
            flushLock.lock();
            try {
                compactionWanted = true;
                flushDue.signal();
            } finally {
                flushLock.unlock();
            }
        }
    }

    private void force() throws IOException {
        FileChannel current;
        synchronized (this) {
            current = channel;
        }
        try {
            current.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // compacted meanwhile: the new file was forced whole, and it is the one to force now
            synchronized (this) {
                current = channel;
            }
            current.force(false);
        }
    }

    // compacts without holding the store while it copies: writers go on in the old file meanwhile, and only what they
    // changed since is applied to the new file, the store held again
    private void compactIfDue() {
        final long start = System.nanoTime();
        final Compaction compaction;
        synchronized (this) {
            if (!compactionDue) {
                return;
            }
            compactionDue = false;
            compaction = startCompaction();
        }
        final long copying = System.nanoTime();
        final FileChannel old;
        final long oldSize;
        final long reconciling;
        try {
            compaction.copyLive();
            // the bulk on disk before the store is held again
            compaction.target().force(false);
            afterCopy.run();
            synchronized (this) {
                reconciling = System.nanoTime();
                oldSize = end;
                old = finishCompaction(compaction);
            }
        } catch (IOException e) {
            // the old file stays as it was, erasures made: the next erasure tries again
            synchronized (this) {
                compacting = null;
            }
            compaction.abandon(e);
            LOG.warn("Key store {}: compaction failed", file, e);
            return;
        }
        final long done = System.nanoTime();
        LOG.debug("Key store {}: compacted {} bytes into {} in {} ms, holding the store {} ms of it ({} records "
            + "written and {} erased while copying)", file, oldSize, compaction.offset,
            TimeUnit.NANOSECONDS.toMillis(done - start), TimeUnit.NANOSECONDS.toMillis(copying - start + done
            - reconciling), compaction.written, compaction.erased.size());
        // writers go on in the new file meanwhile
        retire(old, oldSize);
    }

    // where a compaction copies the live records
    private Path compactionFile() {
        return file.resolveSibling(file.getFileName() + ".compact");
    }

    // zeroes a file that may hold copies of records, forced, and deletes it; nothing when there is none
    private static void destroy(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var leftover = FileChannel.open(path, StandardOpenOption.WRITE)) {
            zero(leftover, 0, leftover.size());
            leftover.force(true);
        }
        Files.delete(path);
    }

    // zeroes a replaced file, unlinked but still open here, so that nothing of it stays on disk, and closes it
    private void retire(final FileChannel old, final long size) {
        try (old) {
            zero(old, 0, size);
            old.force(true);
        } catch (IOException e) {
            LOG.warn("Key store {}: cannot zero the file compaction replaced", file, e);
        }
    }

    // done once every write made before the call is on disk: forced by the caller's thread when one is given and
    // takes the flush, else by the flush thread
    private CompletableFuture<Void> durable(final @Nullable Executor callerThread) {
        final var done = new CompletableFuture<Void>();
        boolean schedule = false;
        flushLock.lock();
        try {
            if (closing) {
                done.completeExceptionally(new IOException("key store " + file + " is closed"));
                return done;
            }
            waiting.add(done);
            if (callerThread == null) {
                flushDue.signal();
            } else {
                schedule = !flushScheduled;
                flushScheduled = true;
            }
        } finally {
            flushLock.unlock();
        }
        if (schedule) {
            try {
                callerThread.execute(this::flushHere);
            } catch (RejectedExecutionException e) {
                LOG.debug("Key store {}: the caller's thread takes no flush, the flush thread forces", file, e);
                flushLock.lock();
                try {
                    flushScheduled = false;
                    flushDue.signal();
                } finally {
                    flushLock.unlock();
                }
            }
        }
        return done;
    }

    // an interrupt has no cause to keep, and the ExecutionException only wraps the failure, which is kept
    @SuppressWarnings("checkstyle:AvoidHidingCauseException")
    private static void await(final CompletableFuture<Void> durable) throws IOException {
        try {
            durable.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the key store's disk");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the key store's flush failed", e.getCause());
        }
    }

    private synchronized void reopen(final Consumer<Recovered> recovered) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean opened = false;
        try {
            recover(recovered);
            opened = true;
        } finally {
            if (!opened) {
                channel.close();
            }
        }
    }

    private synchronized void initialize() throws IOException {
        channel = create(file);
        final var id = new byte[FILE_ID_BYTES];
        random.nextBytes(id);
        writeHeader(channel, id, newAesGcm());
        fileId = id;
        end = HEADER_BYTES;
    }

    private static FileChannel create(final Path path) throws IOException {
        return FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rw-------")));
    }

    private void writeHeader(final FileChannel target, final byte[] id, final Cipher aes) throws IOException {
        final var nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        final byte[] check;
        try {
            check = init(aes, Cipher.ENCRYPT_MODE, nonce, id, CHECK_OFFSET).doFinal();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal with the key-encryption key", e);
        }
        final var header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).put(id).put(nonce).put(check).flip();
        writeFully(target, header, 0);
        target.force(true);
    }

    // the file's header: its format, its ID, and the check that it was sealed under this key-encryption key
    private void readHeader() throws IOException {
        final var header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(header, 0);
        final var magic = Arrays.copyOf(header.array(), MAGIC.length);
        firstFormat = Arrays.equals(magic, MAGIC_V1);
        if (header.position() < HEADER_BYTES || !firstFormat && !Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + " is not a QKD key store");
        }
        fileId = Arrays.copyOfRange(header.array(), MAGIC.length, MAGIC.length + FILE_ID_BYTES);
        try {
            cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(header.array(), MAGIC.length + FILE_ID_BYTES,
                MAGIC.length + FILE_ID_BYTES + NONCE_BYTES), fileId, CHECK_OFFSET)
                .doFinal(header.array(), MAGIC.length + FILE_ID_BYTES + NONCE_BYTES, TAG_BITS / Byte.SIZE);
        } catch (AEADBadTagException e) {
            throw new IOException(file + " was sealed under another key-encryption key", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + file, e);
        }
    }

    // the plaintext of the live record at a position (its header read, up to the nonce), or empty when it does not
    // open: an erasure cut short (zeros over part of the record) or another key (a plaintext holds the handle at least)
    private byte[] unseal(final ByteBuffer head, final long position, final int length) throws IOException {
        final var nonce = new byte[NONCE_BYTES];
        head.get(nonce);
        final var sealed = ByteBuffer.allocate(length);
        readFully(sealed, position + RECORD_HEADER);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, fileId, context(position)).doFinal(sealed.array());
        } catch (AEADBadTagException e) {
            return new byte[0];
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open sealed records of " + file, e);
        }
    }

    private synchronized void recover(final Consumer<Recovered> recovered) throws IOException {
        final long size = channel.size();
        readHeader();
        long position = HEADER_BYTES;
        int failed = 0;
        long maxHandle = 0;
        while (position < size) {
            if (size - position < RECORD_HEADER) {
                break;
            }
            final var head = ByteBuffer.allocate(RECORD_HEADER);
            readFully(head, position);
            head.flip();
            final byte type = head.get();
            final int length = head.getInt();
            if (type != LIVE && type != ERASED || length < Long.BYTES + TAG_BITS / Byte.SIZE
                    || length > MAX_SEALED) {
                throw new IOException(file + " is corrupt at offset " + position);
            }
            if (position + RECORD_HEADER + length > size) {
                break;
            }
            final int total = RECORD_HEADER + length;
            if (type == ERASED) {
                // the mark may have reached the disk without all of the zeros
                if (!zeroed(head, position, length)) {
                    failed++;
                    eraseRun(channel, List.of(new Place(position, total)));
                }
                erasedBytes += total;
                position += total;
                continue;
            }
            final var plain = unseal(head, position, length);
            if (plain.length == 0) {
                // it does not open: finish erasing it
                failed++;
                eraseRun(channel, List.of(new Place(position, total)));
                erasedBytes += total;
                position += total;
                continue;
            }
            final long handle = ByteBuffer.wrap(plain).getLong();
            if (live.containsKey(handle)) {
                Arrays.fill(plain, (byte) 0);
                throw new IOException(file + " is corrupt at offset " + position + ": a record appears twice");
            }
            final var payload = Arrays.copyOfRange(plain, Long.BYTES, plain.length);
            Arrays.fill(plain, (byte) 0);
            live.put(handle, new Place(position, total));
            liveBytes += total;
            maxHandle = Math.max(maxHandle, handle);
            recovered.accept(new Recovered(handle, payload));
            position += total;
        }
        if (position < size) {
            LOG.warn("Key store {}: cutting a torn record of {} bytes at offset {} (a write was interrupted)", file,
                size - position, position);
            zero(channel, position, size - position);
            channel.truncate(position);
        }
        if (failed > 0) {
            LOG.warn("Key store {}: {} records were partly erased (erasures cut short); finished erasing them", file,
                failed);
        }
        channel.force(true);
        end = position;
        nextHandle = maxHandle + 1;
        if (firstFormat) {
            final long oldSize = end;
            retire(compact(), oldSize);
            LOG.info("Key store {}: rewritten in the current format ({} records)", file, live.size());
        }
    }

    // what a record at an offset is sealed to besides the store's ID
    private long context(final long offset) {
        return firstFormat ? offset : RECORD_CONTEXT;
    }

    /**
     * Appends records, forced to disk before it returns.
     *
     * @param payloads the payloads; left unchanged, the caller destroys them
     * @return the records' handles, in order
     * @throws IOException when they cannot be written; none of them is then in the store
     */
    public long[] append(final List<byte[]> payloads) throws IOException {
        final long[] handles;
        synchronized (this) {
            handles = write(payloads);
        }
        await(durable(null));
        return handles;
    }

    private long[] write(final List<byte[]> payloads) throws IOException {
        final long start = end;
        final var handles = new long[payloads.size()];
        final var places = new ArrayList<Place>(payloads.size());
        int size = 0;
        for (var payload : payloads) {
            size += RECORD_HEADER + Long.BYTES + payload.length + TAG_BITS / Byte.SIZE;
        }
        final var buffer = ByteBuffer.allocate(size);
        long offset = start;
        long handle = nextHandle;
        try {
            for (int i = 0; i < payloads.size(); i++) {
                final var payload = payloads.get(i);
                final var plain = ByteBuffer.allocate(Long.BYTES + payload.length).putLong(handle).put(payload);
                final var nonce = new byte[NONCE_BYTES];
                random.nextBytes(nonce);
                final byte[] sealed;
                try {
                    sealed = cipher(Cipher.ENCRYPT_MODE, nonce, fileId, RECORD_CONTEXT).doFinal(plain.array());
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot seal a record", e);
                } finally {
                    Arrays.fill(plain.array(), (byte) 0);
                }
                if (sealed.length > MAX_SEALED) {
                    throw new IllegalArgumentException("a record of " + payload.length + " bytes is too large");
                }
                buffer.put(LIVE).putInt(sealed.length).put(nonce).put(sealed);
                final int total = RECORD_HEADER + sealed.length;
                places.add(new Place(offset, total));
                handles[i] = handle++;
                offset += total;
            }
            buffer.flip();
            writeFully(channel, buffer, start);
        } catch (IOException e) {
            // nothing of the batch counts: cut what may have reached the file
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        end = offset;
        nextHandle = handle;
        for (int i = 0; i < handles.length; i++) {
            live.put(handles[i], places.get(i));
            liveBytes += places.get(i).length();
        }
        return handles;
    }

    /**
     * Erases records: their sealed bytes are overwritten with zeros on disk, forced before it returns.
     *
     * @param handles the records; unknown ones are ignored
     * @throws IOException when the file cannot be written
     */
    public void erase(final Collection<Long> handles) throws IOException {
        await(eraseAsync(handles));
    }

    /**
     * Erases records without waiting for the disk: they are gone from the store at once, and the returned future
     * completes once their sealed bytes are overwritten with zeros and that is forced to disk. The thread that forces
     * the file writes every erasure made until then first, adjacent records in one write.
     *
     * @param handles the records; unknown ones are ignored
     * @return done once the erasure is on disk, or failed with an {@link IOException}
     */
    public CompletableFuture<Void> eraseAsync(final Collection<Long> handles) {
        return forget(handles) ? durable(null) : CompletableFuture.completedFuture(null);
    }

    /**
     * Erases records like {@link #eraseAsync(Collection)}, and forces the file in the caller's thread instead of the
     * store's flush thread: the first erasure that waits asks {@code callerThread} to force the file once the thread
     * has done the work at hand (the caller's event loop, after the requests it read), and that force covers every
     * erasure and append made until then. The returned future completes in the thread that forced the file.
     *
     * @param handles the records; unknown ones are ignored
     * @param callerThread runs the flush later in the caller's thread; when it refuses, the flush thread flushes
     * @return done once the erasure is on disk, or failed with an {@link IOException}
     */
    public CompletableFuture<Void> eraseAsync(final Collection<Long> handles, final Executor callerThread) {
        return forget(handles) ? durable(requireNonNull(callerThread)) : CompletableFuture.completedFuture(null);
    }

    // takes records out of the store, their erasure to be written before the next force; whether any was there
    private synchronized boolean forget(final Collection<Long> handles) {
        boolean changed = false;
        for (var handle : handles) {
            final var place = live.remove(handle);
            if (place != null) {
                if (compacting != null) {
                    compacting.erased(place);
                }
                liveBytes -= place.length();
                erasedBytes += place.length();
                unwritten.add(place);
                changed = true;
            }
        }
        if (erasedBytes > COMPACT_MIN_BYTES && erasedBytes > liveBytes) {
            compactionDue = true;
        }
        return changed;
    }

    // writes the erasures made since the last force: records written together are erased together, adjacent ones in
    // one write. On failure the waiters of this flush fail, and every one of these erasures stays to be written by the
    // next flush: a writer that registered after this flush took its waiters may own one of them, and the next force
    // must not complete it unwritten (writing zeros again is harmless)
    private synchronized void writeErasures() throws IOException {
        if (unwritten.isEmpty()) {
            return;
        }
        final var places = unwritten;
        unwritten = new ArrayList<>();
        try {
            zeroRecords(channel, places);
        } catch (IOException e) {
            places.addAll(unwritten);
            unwritten = places;
            throw e;
        }
    }

    // erases records in a file, adjacent ones in one write; sorts them by offset
    private static void zeroRecords(final FileChannel target, final List<Place> places) throws IOException {
        places.sort(Comparator.comparingLong(Place::offset));
        int from = 0;
        while (from < places.size()) {
            final long start = places.get(from).offset();
            long runEnd = start + places.get(from).length();
            int to = from + 1;
            while (to < places.size() && places.get(to).offset() == runEnd
                    && runEnd + places.get(to).length() - start <= IO_BYTES) {
                runEnd += places.get(to).length();
                to++;
            }
            eraseRun(target, places.subList(from, to));
            from = to;
        }
    }

    // erases adjacent records (in file order) in one write: each one's mark ERASED, its length as it was, zeros over
    // its nonce and ciphertext
    private static void eraseRun(final FileChannel target, final List<Place> run) throws IOException {
        final long start = run.getFirst().offset();
        final var buffer = ByteBuffer.allocate((int) (run.getLast().offset() + run.getLast().length() - start));
        for (var place : run) {
            buffer.put((int) (place.offset() - start), ERASED)
                .putInt((int) (place.offset() - start) + 1, place.length() - RECORD_HEADER);
        }
        writeFully(target, buffer, start);
    }

    // whether an erased record's nonce (in its header, read) and ciphertext are all zeros
    private boolean zeroed(final ByteBuffer head, final long position, final int length) throws IOException {
        for (int i = RECORD_HEADER - NONCE_BYTES; i < RECORD_HEADER; i++) {
            if (head.get(i) != 0) {
                return false;
            }
        }
        final var sealed = ByteBuffer.allocate(length);
        readFully(sealed, position + RECORD_HEADER);
        for (int i = 0; i < length; i++) {
            if (sealed.get(i) != 0) {
                Arrays.fill(sealed.array(), (byte) 0);
                return false;
            }
        }
        return true;
    }

    /**
     * How many live records the store holds.
     *
     * @return the count
     */
    public synchronized int size() {
        return live.size();
    }

    /**
     * How long the file is.
     *
     * @return bytes
     */
    public synchronized long fileSize() {
        return end;
    }

    // the live records into a new file that replaces the old one, all under the store's lock (at open); the old one,
    // to retire
    private synchronized FileChannel compact() throws IOException {
        final var compaction = startCompaction();
        try {
            compaction.copyLive();
            return finishCompaction(compaction);
        } catch (IOException e) {
            compacting = null;
            compaction.abandon(e);
            throw e;
        }
    }

    // the live records to copy, in file order (the store held); from now on writers tell the compaction what they
    // erase
    private Compaction startCompaction() {
        final var places = live.values().toArray(Place[]::new);
        final var compaction = new Compaction(compactionFile(), channel, fileId, firstFormat, places, end);
        compacting = compaction;
        return compaction;
    }

    // the store held again: records written since the copy began are copied too, records erased since are erased in
    // the new file as well, and the new file, forced, takes the old one's place; the old one, to retire
    private FileChannel finishCompaction(final Compaction compaction) throws IOException {
        compacting = null;
        final var target = compaction.target();
        // written since and still live: the newest live records, after where the old file ended when it started
        final var newest = new ArrayList<Place>();
        for (var place : live.sequencedValues().reversed()) {
            if (place.offset() < compaction.sourceEnd) {
                break;
            }
            newest.add(place);
        }
        final var written = newest.reversed().toArray(Place[]::new);
        final var writtenMoved = new Place[written.length];
        compaction.copy(written, writtenMoved);
        compaction.written = written.length;
        final var erased = new ArrayList<Place>(compaction.erased.size());
        for (int index : compaction.erased) {
            erased.add(compaction.moved[index]);
        }
        zeroRecords(target, erased);
        target.force(true);
        Files.move(compaction.next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // the new file's name on disk too: an erasure is durable once the file compaction replaced is gone
        try (var directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        final var old = channel;
        channel = target;
        firstFormat = false;
        // erasures not yet written are of records the new file does not hold or holds erased, and the old file is to
        // be zeroed
        unwritten.clear();
        // the live records' new places, in one pass: they are in file order, as the copied ones are, and those copied
        // still hold the places copied
        final var places = compaction.places;
        int copied = 0;
        int writtenAt = 0;
        long bytes = 0;
        for (var entry : live.entrySet()) {
            final Place place;
            if (entry.getValue().offset() >= compaction.sourceEnd) {
                place = writtenMoved[writtenAt++];
            } else {
                // the copied records before this one were erased meanwhile
                while (places[copied] != entry.getValue()) {
                    copied++;
                }
                place = compaction.moved[copied++];
            }
            entry.setValue(place);
            bytes += place.length();
        }
        end = compaction.offset;
        liveBytes = bytes;
        erasedBytes = end - HEADER_BYTES - bytes;
        compactionDue = erasedBytes > COMPACT_MIN_BYTES && erasedBytes > liveBytes;
        return old;
    }

    /**
     * A compaction under way: the new file, and where the records copied into it are. It copies from the old file
     * without the store's lock (records are written once, and only erasures change them after), with a cipher of its
     * own; writers tell it what they erase meanwhile (guarded by the store).
     */
    private final class Compaction {
        final Path next;
        final FileChannel source;
        final byte[] sourceId;
        final boolean resealing;
        // the live records when it started, in file order, and where each went in the new file
        final Place[] places;
        final Place[] moved;
        // where the old file ended when it started: records after were written since
        final long sourceEnd;
        // records written since it started and still live, for the log
        int written;
        // copied records erased since it started, by index
        final List<Integer> erased = new ArrayList<>();
        long offset = HEADER_BYTES;
        private @Nullable FileChannel target;
        private @Nullable Cipher cipher;

        Compaction(final Path next, final FileChannel source, final byte[] sourceId, final boolean resealing,
                final Place[] places, final long sourceEnd) {
            this.next = next;
            this.source = source;
            this.sourceId = sourceId;
            this.resealing = resealing;
            this.places = places;
            moved = new Place[places.length];
            this.sourceEnd = sourceEnd;
        }

        FileChannel target() {
            return requireNonNull(target);
        }

        // a writer erased a record (the store held): one copied is found by its offset
        void erased(final Place place) {
            int low = 0;
            int high = places.length - 1;
            while (low <= high) {
                final int middle = low + high >>> 1;
                final long at = places[middle].offset();
                if (at < place.offset()) {
                    low = middle + 1;
                } else if (at > place.offset()) {
                    high = middle - 1;
                } else {
                    erased.add(middle);
                    return;
                }
            }
        }

        // the new file, with the store's header and every record live when it started: the same store, same ID, and
        // its records are sealed to it and their handles only, so they move as they are (records of the first
        // format are sealed anew)
        void copyLive() throws IOException {
            destroy(next);
            final var created = create(next);
            target = created;
            writeHeader(created, sourceId, aes());
            copy(places, moved);
        }

        private Cipher aes() throws IOException {
            var aes = cipher;
            if (aes == null) {
                aes = newAesGcm();
                cipher = aes;
            }
            return aes;
        }

        // records (in file order) appended to the new file, read and written a megabyte at a time; where each went
        void copy(final Place[] copied, final Place[] into) throws IOException {
            final var out = ByteBuffer.allocate(IO_BYTES);
            long outStart = offset;
            int from = 0;
            try {
                while (from < copied.length) {
                    final long start = copied[from].offset();
                    int to = from + 1;
                    while (to < copied.length && copied[to].offset() + copied[to].length() - start <= IO_BYTES) {
                        to++;
                    }
                    final var last = copied[to - 1];
                    final var in = ByteBuffer.allocate((int) (last.offset() + last.length() - start));
                    readFully(source, in, start);
                    try {
                        for (int i = from; i < to; i++) {
                            final var place = copied[i];
                            if (out.remaining() < place.length()) {
                                // moved or resealed, a record keeps its length
                                writeFully(target(), out.flip(), outStart);
                                outStart = offset;
                                out.clear();
                            }
                            final int at = (int) (place.offset() - start);
                            if (resealing) {
                                reseal(in, at, place.offset(), out);
                            } else {
                                out.put(in.array(), at, place.length());
                            }
                            into[i] = new Place(offset, place.length());
                            offset += place.length();
                        }
                    } finally {
                        Arrays.fill(in.array(), (byte) 0);
                    }
                    from = to;
                }
                writeFully(target(), out.flip(), outStart);
            } finally {
                Arrays.fill(out.array(), (byte) 0);
            }
        }

        // seals a record of the first format (sealed to its offset) anew to the store and its handle only, at the
        // end of the new file's buffer; the same length
        private void reseal(final ByteBuffer in, final int at, final long oldOffset, final ByteBuffer out)
                throws IOException {
            final int length = in.getInt(at + 1);
            final var nonce = new byte[NONCE_BYTES];
            in.get(at + 1 + Integer.BYTES, nonce);
            byte[] plain = null;
            try {
                final var aes = aes();
                plain = init(aes, Cipher.DECRYPT_MODE, nonce, sourceId, oldOffset).doFinal(in.array(),
                    at + RECORD_HEADER, length);
                random.nextBytes(nonce);
                final var resealed = init(aes, Cipher.ENCRYPT_MODE, nonce, sourceId, RECORD_CONTEXT).doFinal(plain);
                out.put(LIVE).putInt(resealed.length).put(nonce).put(resealed);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot reseal a record of " + file, e);
            } finally {
                if (plain != null) {
                    Arrays.fill(plain, (byte) 0);
                }
            }
        }

        // the new file goes, zeroed; the old one stays as it was, erasures made: the next erasure tries again
        void abandon(final IOException failure) {
            try {
                if (target != null) {
                    target.close();
                }
                destroy(next);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private synchronized Cipher cipher(final int mode, final byte[] nonce, final byte[] id, final long context)
            throws GeneralSecurityException {
        var cipher = aesGcm;
        if (cipher == null) {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            aesGcm = cipher;
        }
        return init(cipher, mode, nonce, id, context);
    }

    // an AES-GCM cipher of its own, for work done without the store's lock
    private static Cipher newAesGcm() throws IOException {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM is not available", e);
        }
    }

    // a cipher set up for one record: the key-encryption key, the nonce, and the store's ID and the context as
    // associated data
    private Cipher init(final Cipher cipher, final int mode, final byte[] nonce, final byte[] id, final long context)
            throws GeneralSecurityException {
        cipher.init(mode, kek, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ByteBuffer.allocate(FILE_ID_BYTES + Long.BYTES).put(id).putLong(context).array());
        return cipher;
    }

    private static void zero(final FileChannel target, final long offset, final long length) throws IOException {
        final var zeros = ByteBuffer.allocate((int) Math.min(length, IO_BYTES));
        long done = 0;
        while (done < length) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), length - done));
            writeFully(target, zeros, offset + done);
            done += zeros.limit();
        }
    }

    private void readFully(final ByteBuffer buffer, final long offset) throws IOException {
        readFully(channel, buffer, offset);
    }

    private static void readFully(final FileChannel source, final ByteBuffer buffer, final long offset)
            throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            final int read = source.read(buffer, at);
            if (read < 0) {
                return;
            }
            at += read;
        }
    }

    private static void writeFully(final FileChannel target, final ByteBuffer buffer, final long offset)
            throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            at += target.write(buffer, at);
        }
    }

    /**
     * Waits for the writes in progress to reach the disk, then closes the file.
     *
     * @throws IOException when the file cannot be forced or closed
     */
    @Override
    @SuppressWarnings("checkstyle:AvoidHidingCauseException")
    public void close() throws IOException {
        final Thread thread;
        flushLock.lock();
        try {
            closing = true;
            flushDue.signal();
            thread = flusher;
        } finally {
            flushLock.unlock();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while closing key store " + file);
            }
        }
        synchronized (this) {
            writeErasures();
            channel.force(true);
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "EncryptedKeyStore{" + file + "}";
    }
}
