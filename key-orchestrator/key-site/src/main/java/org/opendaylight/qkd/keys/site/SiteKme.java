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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.SecretKey;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.KeyDerivation;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi020.AckStatus;
import org.opendaylight.qkd.keys.etsi020.KeyIdWindow;
import org.opendaylight.qkd.keys.etsi020.KeyOrigin;
import org.opendaylight.qkd.keys.etsi020.MlKemEpochs;
import org.opendaylight.qkd.keys.etsi020.RelayKme;
import org.opendaylight.qkd.keys.etsi020.RelayedKey;
import org.opendaylight.qkd.keys.plane.DeliveryException;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.KeyStatus;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.plane.StoredKey;
import org.opendaylight.qkd.security.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key manager of one site. For each application the controller configured here (an SAE pair, this site serving
 * the master or the slave SAE) it holds that side's keys:
 * <ul>
 *   <li>as the master's KME it makes keys at the application's rate, stores each (pending) and sends it towards
 *       the slave's KME over the configured route; once that KME confirmed it, the key is ready for the master SAE;
 *       a key whose relay failed is erased;</li>
 *   <li>as the slave's KME it stores the keys that arrive ({@link RelayKme.LocalKeys}) until the slave SAE takes them
 *       by ID;</li>
 *   <li>it answers the local SAEs' ETSI GS QKD 014 requests ({@link KeyDelivery}): each key once to each side.</li>
 * </ul>
 * Every key is in the {@link EncryptedKeyStore} before it counts, and is erased there when it is handed out, voided
 * or discarded, so a restart loses no key: a key the master took is still delivered to the slave afterwards. Keys
 * that were in flight when the master's KME stopped are voided along their route at the next start
 * ({@link #settleInFlight}), since the master cannot tell whether they arrived.
 */
public final class SiteKme implements KeyDelivery, RelayKme.LocalKeys, AutoCloseable {
    /** Most slave SAEs of one application: the slave SAE and those that may share its keys. */
    public static final int MAX_SLAVE_SAES = KeyIds.MAX_SLAVES;
    private static final Logger LOG = LoggerFactory.getLogger(SiteKme.class);
    /** How many key IDs handed to slave SAEs are remembered, to answer a void of one with "failed to void". */
    private static final int DELIVERED_MEMORY = 100_000;
    private static final int MAX_BATCH = 1024;
    /** Most keys of one application in flight at once: production waits for confirmations beyond that. */
    private static final int MAX_IN_FLIGHT = 8 * MAX_BATCH;

    /**
     * An application at this site (ETSI GS QKD 015 {@code qkd_app}).
     *
     * @param id the application's ID
     * @param masterSae the master (initiator) SAE
     * @param slaveSae the slave (target) SAE: the one its keys are relayed for
     * @param master whether this site serves the master SAE (else the slave SAEs)
     * @param otherKme the KME of the other SAE
     * @param keyBits the default key size, bits: keys are made and relayed in this size, and a key of another size
     *        (ETSI GS QKD 014 {@code size}) is cut from consecutive ones
     * @param rateBps key rate the master's KME makes, bit/s
     * @param maxStock most keys (of the default size) held for the pair on each side
     * @param provenance how its keys are made (relayed QKD keys, or keys sent under ML-KEM pads), as they are
     *        reported to the SAEs
     * @param path the nodes its keys travel through (ETSI GS QKD 015 {@code qkdn_id}s, the master's first), as the
     *        controller placed it; empty when not known
     * @param mlKem the ML-KEM parameter set of hybrid keys (each relayed QKD key mixed with the secret of an ML-KEM
     *        epoch the two end KMEs share) and PQC keys
     * @param service the key service it carries, as the controller names it: the keys' {@code key_service}
     * @param additionalSlaves the other slave SAEs at the slave's KME that may share keys with the slave SAE
     *        (ETSI GS QKD 015 {@code client_app_id}s beyond the first, ETSI GS QKD 014 key multicast), in the order
     *        both KMEs use
     */
    public record Application(String id, String masterSae, String slaveSae, boolean master, String otherKme,
            int keyBits, long rateBps, int maxStock, Provenance provenance, List<UUID> path,
            MlKemParameterSet mlKem, String service, List<String> additionalSlaves) {
        /**
         * Checks the values.
         */
        public Application {
            requireNonNull(provenance);
            requireNonNull(service);
            requireNonNull(mlKem);
            path = List.copyOf(path);
            additionalSlaves = List.copyOf(additionalSlaves);
            requireNonNull(id);
            requireNonNull(masterSae);
            requireNonNull(slaveSae);
            requireNonNull(otherKme);
            if (keyBits < KeyDelivery.MIN_KEY_BITS || keyBits > KeyDelivery.MAX_KEY_BITS
                    || keyBits % Byte.SIZE != 0) {
                throw new IllegalArgumentException("key size shall be a multiple of 8 from "
                    + KeyDelivery.MIN_KEY_BITS + " to " + KeyDelivery.MAX_KEY_BITS + ", was " + keyBits);
            }
            if (rateBps < 0 || maxStock < 1) {
                throw new IllegalArgumentException("rate shall not be negative and the stock hold a key");
            }
            final var saes = new HashSet<String>(additionalSlaves);
            if (saes.size() != additionalSlaves.size() || saes.contains(slaveSae) || saes.contains(masterSae)
                    || additionalSlaves.size() >= KeyIds.MAX_SLAVES) {
                throw new IllegalArgumentException("additional slave SAEs shall be at most " + (KeyIds.MAX_SLAVES - 1)
                    + " others than the master and the slave SAE, each once, were " + additionalSlaves);
            }
        }

        /**
         * An application with one slave SAE.
         *
         * @param id its ID (ETSI {@code app_id})
         * @param masterSae the master SAE
         * @param slaveSae the slave SAE
         * @param master whether this KME serves the master SAE
         * @param otherKme the KME of the other end
         * @param keyBits default key size
         * @param rateBps key rate the master's KME makes, bit/s
         * @param maxStock most keys held for the pair on each side
         * @param provenance how its keys are made
         * @param path the nodes its keys travel through
         * @param mlKem the ML-KEM parameter set of hybrid and PQC keys
         * @param service the key service it carries
         */
        public Application(final String id, final String masterSae, final String slaveSae, final boolean master,
                final String otherKme, final int keyBits, final long rateBps, final int maxStock,
                final Provenance provenance, final List<UUID> path, final MlKemParameterSet mlKem,
                final String service) {
            this(id, masterSae, slaveSae, master, otherKme, keyBits, rateBps, maxStock, provenance, path, mlKem,
                service, List.of());
        }

        /**
         * An application of relayed QKD keys, its path and its service's name not known (the keys name the
         * application instead).
         *
         * @param id its ID (ETSI {@code app_id})
         * @param masterSae the master SAE
         * @param slaveSae the slave SAE
         * @param master whether this KME serves the master SAE
         * @param otherKme the KME of the other end
         * @param keyBits size of each key
         * @param rateBps key rate the master's KME makes, bit/s
         * @param maxStock most keys held for the pair on each side
         */
        public Application(final String id, final String masterSae, final String slaveSae, final boolean master,
                final String otherKme, final int keyBits, final long rateBps, final int maxStock) {
            this(id, masterSae, slaveSae, master, otherKme, keyBits, rateBps, maxStock, Provenance.QKD, List.of(),
                MlKemParameterSet.ML_KEM_768, id);
        }

        Pair pair() {
            return new Pair(masterSae, slaveSae);
        }

        /**
         * The slave SAEs: the slave SAE, then the additional ones; a key's ID names a set of them by their places
         * here.
         *
         * @return the slave SAEs
         */
        public List<String> slaves() {
            final var slaves = new ArrayList<String>(1 + additionalSlaves.size());
            slaves.add(slaveSae);
            slaves.addAll(additionalSlaves);
            return slaves;
        }

        // the bit of a slave SAE in key IDs, 0 when it is none of this application's
        int slaveBit(final String sae) {
            if (slaveSae.equals(sae)) {
                return 1;
            }
            final int index = additionalSlaves.indexOf(sae);
            return index < 0 ? 0 : 1 << index + 1;
        }

        /**
         * The largest key the SAEs may ask for: what fits in the stock, at most {@link KeyDelivery#MAX_KEY_BITS}.
         *
         * @return bits
         */
        public int maxKeyBits() {
            return (int) Math.min(KeyDelivery.MAX_KEY_BITS, (long) keyBits * Math.min(maxStock, KeyIds.MAX_UNITS));
        }
    }

    /**
     * Sends keys from here towards the slave's KME: {@link RelayKme#originate}.
     */
    @FunctionalInterface
    public interface Originator {
        /**
         * Sends keys.
         *
         * @param initiator master SAE
         * @param target slave SAE
         * @param keys the keys; left unchanged
         * @param origin when they were made and the path they take
         * @return the outcome of each key
         */
        CompletableFuture<List<RelayKme.KeyOutcome>> originate(String initiator, String target,
            List<RelayedKey> keys, KeyOrigin origin);
    }

    /**
     * Voids keys along their route: {@link RelayKme#voidOriginated}.
     */
    @FunctionalInterface
    public interface Voider {
        /**
         * Voids keys.
         *
         * @param initiator master SAE
         * @param target slave SAE
         * @param ids the keys
         * @return done when every KME on the route answered
         */
        CompletableFuture<List<RelayKme.KeyOutcome>> voidKeys(String initiator, String target, List<UUID> ids);
    }

    /**
     * The ML-KEM epochs this KME shares with the other end of hybrid applications.
     */
    public interface HybridSecrets {
        /** For a KME that makes no hybrid keys. */
        HybridSecrets NONE = new HybridSecrets() {
            @Override
            public MlKemEpochs.Shared sending(final String otherKme, final MlKemParameterSet parameterSet)
                    throws KeyUnavailableException {
                throw new KeyUnavailableException("this KME makes no hybrid keys");
            }

            @Override
            public byte[] received(final String otherKme, final MlKemParameterSet parameterSet, final UUID epoch)
                    throws KeyUnavailableException {
                throw new KeyUnavailableException("this KME makes no hybrid keys");
            }
        };

        /**
         * The current epoch with the slave's KME, made as needed.
         *
         * @param otherKme the slave's KME
         * @param parameterSet the parameter set
         * @return the epoch, with a copy of its secret that the caller erases
         * @throws KeyUnavailableException when that KME takes no epoch
         */
        MlKemEpochs.Shared sending(String otherKme, MlKemParameterSet parameterSet) throws KeyUnavailableException;

        /**
         * The secret of an epoch the master's KME made with this one.
         *
         * @param otherKme the master's KME
         * @param parameterSet the parameter set
         * @param epoch the epoch's ID
         * @return a copy of its secret, which the caller erases
         * @throws KeyUnavailableException when there is no such epoch here
         */
        byte[] received(String otherKme, MlKemParameterSet parameterSet, UUID epoch) throws KeyUnavailableException;
    }

    /**
     * An application's counters (ETSI GS QKD 015 {@code app_statistics}).
     *
     * @param stored keys held here for the SAE of this site
     * @param inFlight keys sent and not yet confirmed (master side)
     * @param delivered keys handed to the SAE of this site
     * @param discarded keys erased without being handed out (voided, failed, application removed, expired)
     * @param expired of the discarded keys, those that expired ({@link #expire})
     * @param lastFailure the last relay failure in words, if any
     */
    public record Counters(int stored, int inFlight, long delivered, long discarded, long expired,
            @Nullable String lastFailure) {
    }

    record Pair(String master, String slave) {
    }

    // a key in memory, with its record's handle in the store
    private static final class Held {
        final KeyRecord record;
        volatile long handle;

        Held(final KeyRecord record, final long handle) {
            this.record = record;
            this.handle = handle;
        }

        void destroy() {
            Arrays.fill(record.bits(), (byte) 0);
        }
    }

    private static final class Tally {
        long delivered;
        long discarded;
        long expired;
        double credit;
        @Nullable Instant last;
        @Nullable String lastFailure;
    }

    private final String kmeId;
    private final EncryptedKeyStore store;
    private final InstantSource clock;
    private final SecureRandom random;
    private final int maxKeysPerRequest;
    private final Function<UUID, String> nodeNames;
    private final HybridSecrets hybrid;
    // guarded by this
    private final Map<String, Application> applications = new HashMap<>();
    private final Map<Pair, ArrayDeque<Held>> ready = new HashMap<>();
    private final Map<UUID, Held> pending = new LinkedHashMap<>();
    private final Map<UUID, Held> slaveCopies = new HashMap<>();
    private final Map<Pair, Tally> tallies = new HashMap<>();
    private final Map<Pair, Integer> inFlightCounts = new HashMap<>();
    private final Map<Pair, Integer> slaveCounts = new HashMap<>();
    // the IDs of keys delivered, the newest DELIVERED_MEMORY of them, to answer a void of one
    private final KeyIdWindow<Boolean> delivered = new KeyIdWindow<>(DELIVERED_MEMORY);

    private SiteKme(final String kmeId, final EncryptedKeyStore store, final InstantSource clock,
            final SecureRandom random, final int maxKeysPerRequest, final Function<UUID, String> nodeNames,
            final HybridSecrets hybrid) {
        this.kmeId = kmeId;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.maxKeysPerRequest = maxKeysPerRequest;
        this.nodeNames = nodeNames;
        this.hybrid = hybrid;
    }

    /**
     * Opens the site's key manager on its store, with every key the store holds.
     *
     * @param kmeId this KME's ID
     * @param storeFile the key store's file (created when missing)
     * @param kek the site's key-encryption key
     * @param clock the clock that times production
     * @param random randomness for keys and nonces
     * @param maxKeysPerRequest most keys one ETSI GS QKD 014 request may ask for
     * @param nodeNames the names of nodes, by {@code qkdn_id}, for the paths SAEs are told of
     * @param hybrid the ML-KEM epochs of hybrid applications
     * @return the key manager
     * @throws IOException when the store cannot be opened
     */
    public static SiteKme open(final String kmeId, final Path storeFile, final SecretKey kek,
            final InstantSource clock, final SecureRandom random, final int maxKeysPerRequest,
            final Function<UUID, String> nodeNames, final HybridSecrets hybrid) throws IOException {
        if (maxKeysPerRequest < 1) {
            throw new IllegalArgumentException("max keys per request must be positive");
        }
        final var recovered = new ArrayList<Held>();
        final var bad = new ArrayList<Long>();
        final var store = EncryptedKeyStore.open(storeFile, kek, random, entry -> {
            try {
                recovered.add(new Held(KeyRecord.decode(entry.payload()), entry.handle()));
            } catch (IllegalArgumentException e) {
                bad.add(entry.handle());
            } finally {
                Arrays.fill(entry.payload(), (byte) 0);
            }
        });
        final var kme = new SiteKme(requireNonNull(kmeId), store, requireNonNull(clock), requireNonNull(random),
            maxKeysPerRequest, requireNonNull(nodeNames), requireNonNull(hybrid));
        if (!bad.isEmpty()) {
            LOG.warn("KME {}: {} records of {} are not keys; erasing them", kmeId, bad.size(), storeFile);
            store.erase(bad);
        }
        kme.restore(recovered);
        return kme;
    }

    private synchronized void restore(final List<Held> recovered) throws IOException {
        final var superseded = new ArrayList<Long>();
        final var byId = new LinkedHashMap<UUID, Held>();
        for (var held : recovered) {
            // a key's ready record is written before its pending one is erased: the ready one wins
            final var earlier = byId.get(held.record.id());
            if (earlier != null && earlier.record.role() == held.record.role()) {
                // a key several slave SAEs share is stored again with fewer SAEs awaiting it before the earlier
                // record goes: the one with fewer wins
                final boolean keepLater = earlier.record.awaiting().isEmpty()
                    ? held.record.state() == KeyRecord.State.READY
                    : held.record.awaiting().size() < earlier.record.awaiting().size();
                final var loser = keepLater ? earlier : held;
                superseded.add(loser.handle);
                loser.destroy();
                if (!keepLater) {
                    continue;
                }
            }
            byId.put(held.record.id(), held);
        }
        // the keys a shared key was cut from are erased after it was stored: they go if it is there
        final var shared = new HashMap<KeyIds.Batch, List<KeyIds.Parsed>>();
        for (var held : byId.values()) {
            if (held.record.role() == KeyRecord.Role.SLAVE && !held.record.awaiting().isEmpty()) {
                KeyIds.parse(held.record.id()).ifPresent(parsed -> shared.computeIfAbsent(parsed.batch(),
                    unused -> new ArrayList<>()).add(parsed));
            }
        }
        if (!shared.isEmpty()) {
            for (var iterator = byId.values().iterator(); iterator.hasNext();) {
                final var held = iterator.next();
                final var unit = KeyIds.parse(held.record.id()).filter(KeyIds.Parsed::isUnit).orElse(null);
                if (held.record.role() == KeyRecord.Role.SLAVE && unit != null && shared.getOrDefault(unit.batch(),
                        List.of()).stream().anyMatch(key -> unit.index() >= key.index()
                            && (unit.index() - key.index()) * unit.bytes() < key.bytes())) {
                    iterator.remove();
                    superseded.add(held.handle);
                    held.destroy();
                }
            }
        }
        for (var held : byId.values()) {
            final var record = held.record;
            final var pair = new Pair(record.masterSae(), record.slaveSae());
            if (record.role() == KeyRecord.Role.SLAVE) {
                addSlave(held);
            } else if (record.state() == KeyRecord.State.READY) {
                ready.computeIfAbsent(pair, unused -> new ArrayDeque<>()).add(held);
            } else {
                addPending(held);
            }
        }
        store.erase(superseded);
        LOG.info("KME {}: {} master keys ready, {} in flight at the last stop, {} slave keys from the store", kmeId,
            ready.values().stream().mapToInt(ArrayDeque::size).sum(), pending.size(), slaveCopies.size());
    }

    public String kmeId() {
        return kmeId;
    }

    /**
     * Adds or changes an application. Keys stay when the SAE pair, the other slave SAEs and the key size stay.
     *
     * @param application the application
     * @throws IOException when keys of a changed application cannot be erased
     */
    public synchronized void putApplication(final Application application) throws IOException {
        final var before = applications.put(application.id(), application);
        // keys name their slave SAEs by their places: other slave SAEs are other keys
        if (before != null && (!before.pair().equals(application.pair()) || before.keyBits() != application.keyBits()
                || before.master() != application.master() || !before.slaves().equals(application.slaves()))) {
            discardPair(before.pair());
        }
    }

    /**
     * Removes an application and erases its keys.
     *
     * @param id the application
     * @return whether there was one
     * @throws IOException when its keys cannot be erased
     */
    public synchronized boolean removeApplication(final String id) throws IOException {
        final var removed = applications.remove(id);
        if (removed == null) {
            return false;
        }
        discardPair(removed.pair());
        tallies.remove(removed.pair());
        return true;
    }

    private void discardPair(final Pair pair) throws IOException {
        final var erased = new ArrayList<Held>();
        final var queue = ready.remove(pair);
        if (queue != null) {
            erased.addAll(queue);
        }
        slaveCopies.values().removeIf(held -> {
            if (pair(held).equals(pair)) {
                erased.add(held);
                return true;
            }
            return false;
        });
        slaveCounts.remove(pair);
        erase(erased);
        tally(pair).discarded += erased.size();
    }

    public synchronized Optional<Application> application(final String id) {
        return Optional.ofNullable(applications.get(id));
    }

    /**
     * An application's counters.
     *
     * @param id the application
     * @return its counters, empty when there is no such application
     */
    public synchronized Optional<Counters> counters(final String id) {
        final var application = applications.get(id);
        if (application == null) {
            return Optional.empty();
        }
        final var pair = application.pair();
        final var tally = tally(pair);
        final int stored = application.master() ? readyCount(pair) : slaveCounts.getOrDefault(pair, 0);
        return Optional.of(new Counters(stored, inFlight(pair), tally.delivered, tally.discarded, tally.expired,
            tally.lastFailure));
    }

    /**
     * Every application's counters.
     *
     * @return them by application
     */
    public synchronized Map<String, Counters> counters() {
        final var all = new HashMap<String, Counters>();
        for (var id : applications.keySet()) {
            counters(id).ifPresent(counters -> all.put(id, counters));
        }
        return all;
    }

    /**
     * Makes the keys due since the last call for every application whose master SAE is here, up to its stock, and
     * sends them towards the slave's KME.
     *
     * @param originator sends keys along the configured route
     * @return how many keys were sent
     * @throws IOException when the store cannot take them
     */
    public int produce(final Originator originator) throws IOException {
        final var batches = new ArrayList<Batch>();
        synchronized (this) {
            final var now = clock.instant();
            for (var application : applications.values()) {
                if (application.master()) {
                    final int count = nextBatch(application, now);
                    if (count > 0) {
                        batches.add(new Batch(application, makeKeys(application, count, now)));
                    }
                }
            }
        }
        // hybrid keys: each key made is the QKD key relayed, and what is kept is it mixed with the epoch's secret
        for (var iterator = batches.iterator(); iterator.hasNext();) {
            final var batch = iterator.next();
            if (batch.application.provenance() == Provenance.HYBRID && !mixHybrid(batch)) {
                iterator.remove();
            }
        }
        // stored (pending) before anything is sent; the store's flush is shared with other writers
        final var all = batches.stream().flatMap(batch -> batch.keys.stream()).toList();
        try {
            append(all);
        } catch (IOException e) {
            synchronized (this) {
                all.forEach(held -> removePending(held.record.id()));
            }
            all.forEach(Held::destroy);
            batches.forEach(Batch::destroyHybrid);
            throw e;
        }
        int sent = 0;
        for (var batch : batches) {
            sent += send(originator, batch);
        }
        return sent;
    }

    /**
     * A batch of keys a master application made, to be stored and relayed; for a hybrid application, the QKD keys to
     * relay (the keys kept are those mixed with the ML-KEM epoch's secret) and the epoch.
     */
    private static final class Batch {
        final Application application;
        final List<Held> keys;
        final Map<UUID, byte[]> relayed = new HashMap<>();
        MlKemEpochs.@Nullable Shared epoch;

        Batch(final Application application, final List<Held> keys) {
            this.application = application;
            this.keys = keys;
        }

        void destroyHybrid() {
            relayed.values().forEach(bits -> Arrays.fill(bits, (byte) 0));
            relayed.clear();
            if (epoch != null) {
                epoch.destroy();
                epoch = null;
            }
        }
    }

    // how many keys an application's next batch holds, 0 to wait, its rate's credit brought up to now and the batch
    // paid from it (guarded by this)
    private int nextBatch(final Application application, final Instant now) {
        final var pair = application.pair();
        final var tally = tally(pair);
        final var previous = tally.last;
        tally.last = now;
        if (previous == null) {
            return 0;
        }
        final int bits = application.keyBits();
        // the keys of the largest size SAEs may ask for, cut from consecutive keys of one batch
        final int largest = Math.ceilDiv(application.maxKeyBits(), bits);
        final double seconds = Duration.between(previous, now).toNanos() / 1e9;
        tally.credit = Math.min(tally.credit + application.rateBps() * Math.max(0, seconds),
            Math.max((double) bits * largest, application.rateBps()));
        final int perSecond = (int) Math.min(MAX_BATCH, Math.max(1, application.rateBps() / bits));
        final int count = batchSize(tally.credit / bits, largest, application.maxStock(), readyCount(pair),
            inFlight(pair), perSecond);
        tally.credit -= (double) count * bits;
        return count;
    }

    /**
     * How many keys a master application's next batch holds: as many as its rate's credit pays for, within the room
     * its stock and the keys in flight leave, at most {@value #MAX_BATCH}. Keys go in batches worth a second of the
     * rate (fewer and larger requests on every hop) unless the stock runs low; a batch holds the largest key SAEs may
     * ask for unless the stock has no room for it; a stock that is nearly full waits for room for a batch worth a
     * request per hop.
     *
     * @param credit the keys the rate's credit pays for
     * @param largest the keys that make the largest key SAEs may ask for
     * @param maxStock the keys the stock holds at most
     * @param ready the keys ready
     * @param inFlight the keys relayed and not yet confirmed
     * @param perSecond the keys of a second of the rate, at most a batch
     * @return the batch's size, 0 to wait
     */
    static int batchSize(final double credit, final int largest, final int maxStock, final int ready,
            final int inFlight, final int perSecond) {
        final int room = Math.min(maxStock - ready - inFlight, MAX_IN_FLIGHT - inFlight);
        final int count = (int) Math.min(Math.min(credit, room), MAX_BATCH);
        final int minimum = Math.min(MAX_BATCH, Math.max(1, maxStock / 2));
        final boolean low = ready + inFlight < perSecond;
        if (count <= 0 || count < Math.min(largest, room) || count < minimum && room < credit
                || count < perSecond && !low) {
            return 0;
        }
        return count;
    }

    // the keys of a batch, made and pending (guarded by this)
    private List<Held> makeKeys(final Application application, final int count, final Instant now) {
        final int bits = application.keyBits();
        final var made = new ArrayList<Held>(count);
        final var batch = KeyIds.Batch.random(random);
        for (int i = 0; i < count; i++) {
            final var key = new byte[bits / Byte.SIZE];
            random.nextBytes(key);
            made.add(new Held(new KeyRecord(KeyRecord.Role.MASTER, KeyRecord.State.PENDING,
                batch.unit(i, key.length), application.masterSae(), application.slaveSae(),
                application.provenance(), now, application.path(), key), 0));
        }
        made.forEach(this::addPending);
        return made;
    }

    // a hybrid batch's keys mixed with the secret of the ML-KEM epoch shared with the other end's KME, the QKD keys
    // kept to be relayed; false, and the batch's keys gone, when there is no epoch
    private boolean mixHybrid(final Batch batch) {
        final var application = batch.application;
        try {
            final var shared = hybrid.sending(application.otherKme(), application.mlKem());
            batch.epoch = shared;
            for (var held : batch.keys) {
                batch.relayed.put(held.record.id(), held.record.bits().clone());
                mix(held.record.bits(), shared.secret(), application.mlKem(), held.record.id());
            }
            return true;
        } catch (KeyUnavailableException e) {
            synchronized (this) {
                batch.keys.forEach(held -> removePending(held.record.id()));
                tally(application.pair()).lastFailure = "no ML-KEM epoch with KME " + application.otherKme()
                    + ": " + e.getMessage();
            }
            batch.keys.forEach(Held::destroy);
            LOG.debug("KME {}: no hybrid keys for {} -> {}: {}", kmeId, application.masterSae(),
                application.slaveSae(), e.getMessage());
            return false;
        }
    }

    // relays a stored batch along its application's route; the keys sent
    private int send(final Originator originator, final Batch batch) {
        final var application = batch.application;
        final var keys = batch.keys.stream().map(held -> new RelayedKey(held.record.id(),
            batch.relayed.containsKey(held.record.id()) ? batch.relayed.remove(held.record.id())
                : held.record.bits().clone(), null)).toList();
        final var made = batch.keys.getFirst().record;
        final var shared = batch.epoch;
        batch.epoch = null;
        if (shared != null) {
            shared.destroy();
        }
        originator.originate(application.masterSae(), application.slaveSae(), keys,
                new KeyOrigin(made.madeAt(), made.path(), shared == null ? null
                    : new KeyOrigin.MlKemShare(shared.epoch(), shared.parameterSet())))
            .whenComplete((outcomes, failure) -> {
                keys.forEach(RelayedKey::destroy);
                settle(application.pair(), batch.keys, outcomes, failure);
            });
        return keys.size();
    }

    private void settle(final Pair pair, final List<Held> sent, final @Nullable List<RelayKme.KeyOutcome> outcomes,
            final @Nullable Throwable failure) {
        final var relayed = new HashSet<UUID>();
        String reason = failure == null ? null : String.valueOf(failure.getMessage());
        if (outcomes != null) {
            for (var outcome : outcomes) {
                if (outcome.status() == AckStatus.RELAYED) {
                    relayed.add(outcome.id());
                } else {
                    reason = outcome.status().wire() + (outcome.message() == null ? "" : ": " + outcome.message());
                }
            }
        }
        final var confirmed = new ArrayList<Held>();
        final var lost = new ArrayList<Held>();
        synchronized (this) {
            for (var held : sent) {
                // a key erased meanwhile (application removed) is no longer pending
                if (pending.containsKey(held.record.id())) {
                    (relayed.contains(held.record.id()) ? confirmed : lost).add(held);
                }
            }
        }
        // the ready record first, then the pending one goes: a crash between keeps the ready one
        final var now = confirmed.stream().map(held -> new Held(held.record.withState(KeyRecord.State.READY), 0))
            .toList();
        final var orphans = new ArrayList<Held>();
        try {
            append(now);
            store.erase(confirmed.stream().map(held -> held.handle).toList());
        } catch (IOException e) {
            LOG.error("KME {}: the key store failed while settling {} keys of {} -> {}", kmeId, sent.size(),
                pair.master(), pair.slave(), e);
        }
        synchronized (this) {
            confirmed.forEach(held -> removePending(held.record.id()));
            lost.forEach(held -> removePending(held.record.id()));
            if (applicationOf(pair.master(), pair.slave(), true).isPresent()) {
                ready.computeIfAbsent(pair, unused -> new ArrayDeque<>()).addAll(now);
            } else {
                orphans.addAll(now);
            }
            if (!lost.isEmpty()) {
                final var tally = tally(pair);
                tally.discarded += lost.size();
                tally.lastFailure = reason;
                LOG.debug("KME {}: {} keys of {} -> {} not relayed: {}", kmeId, lost.size(), pair.master(),
                    pair.slave(), reason);
            }
        }
        orphans.addAll(lost);
        try {
            erase(orphans);
        } catch (IOException e) {
            LOG.error("KME {}: the key store failed while erasing {} keys of {} -> {}", kmeId, orphans.size(),
                pair.master(), pair.slave(), e);
        }
    }

    /**
     * Voids, along their route, the keys that were in flight when this KME last stopped, and erases them here.
     *
     * @param voider voids keys along the configured route
     * @return done when every void was answered
     */
    public CompletableFuture<Void> settleInFlight(final Voider voider) {
        final var byPair = new LinkedHashMap<Pair, List<Held>>();
        synchronized (this) {
            for (var held : pending.values()) {
                byPair.computeIfAbsent(pair(held), unused -> new ArrayList<>()).add(held);
            }
        }
        final var futures = new ArrayList<CompletableFuture<?>>();
        byPair.forEach((pair, keys) -> futures.add(voider.voidKeys(pair.master(), pair.slave(),
            keys.stream().map(held -> held.record.id()).toList())
            .whenComplete((outcomes, failure) -> settle(pair, keys, List.of(), failure))));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    @Override
    public void store(final String initiator, final String target, final List<RelayedKey> keys,
            final @Nullable KeyOrigin origin) throws IOException {
        // the master's time and path when it says them, so that both ends hold the same facts about each key
        final var madeAt = origin == null ? clock.instant() : origin.madeAt();
        final var path = origin == null ? List.<UUID>of() : origin.path();
        final Optional<Application> application;
        synchronized (this) {
            application = applicationOf(initiator, target, false);
        }
        final var share = origin == null ? null : origin.mlKem();
        if (share == null && application.map(Application::provenance).orElse(null) == Provenance.HYBRID) {
            throw new IOException("hybrid keys of " + initiator + " -> " + target + " came without their ML-KEM epoch");
        }
        final Provenance provenance;
        if (share != null) {
            // the master's KME mixed each key with an epoch it shares with this one: the same here
            provenance = Provenance.HYBRID;
            final var sender = application.map(Application::otherKme).orElseThrow(() -> new IOException(
                "hybrid keys of " + initiator + " -> " + target + " for no application here"));
            final byte[] secret;
            try {
                secret = hybrid.received(sender, share.parameterSet(), share.epoch());
            } catch (KeyUnavailableException e) {
                throw new IOException("hybrid keys of " + initiator + " -> " + target + ": " + e.getMessage(), e);
            }
            try {
                for (var key : keys) {
                    mix(key.value(), secret, share.parameterSet(), key.id());
                }
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } else {
            provenance = application.map(Application::provenance).orElse(Provenance.QKD);
        }
        final var held = new ArrayList<Held>(keys.size());
        for (var key : keys) {
            held.add(new Held(new KeyRecord(KeyRecord.Role.SLAVE, KeyRecord.State.READY, key.id(), initiator, target,
                provenance, madeAt, path, key.value()), 0));
        }
        append(held);
        synchronized (this) {
            held.forEach(this::addSlave);
        }
    }

    // turns a relayed QKD key into its hybrid key, in place: the key and the epoch's secret through the suite's KDF,
    // bound to the key's ID
    private static void mix(final byte[] key, final byte[] secret, final MlKemParameterSet parameterSet,
            final UUID id) {
        final var context = ByteBuffer.allocate(2 * Long.BYTES).putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits()).array();
        final var mixed = KeyDerivation.hybrid(key, secret, parameterSet, key.length * Byte.SIZE, context);
        System.arraycopy(mixed, 0, key, 0, key.length);
        Arrays.fill(mixed, (byte) 0);
    }

    /**
     * The compromise rule: erases every key held here (ready, in flight or stored for a slave SAE) that the master's
     * KME made at or after an instant and whose path crosses the link between two nodes. The KME at the other end
     * of each key applies the same rule to the same facts (made at, path), so both discard the same keys.
     *
     * @param nodeA one end of the compromised link ({@code qkdn_id})
     * @param nodeB its other end
     * @param since when the compromise began
     * @return how many keys were erased
     * @throws IOException when the store cannot erase them
     */
    public int discardCrossing(final UUID nodeA, final UUID nodeB, final Instant since) throws IOException {
        final var discarded = new ArrayList<Held>();
        synchronized (this) {
            final Predicate<Held> hit = held -> !held.record.madeAt().isBefore(since)
                && KeyOrigin.crosses(held.record.path(), nodeA, nodeB);
            for (var queue : ready.values()) {
                queue.removeIf(held -> hit.test(held) && discarded.add(held));
            }
            for (var held : List.copyOf(pending.values())) {
                if (hit.test(held)) {
                    removePending(held.record.id());
                    discarded.add(held);
                }
            }
            for (var held : List.copyOf(slaveCopies.values())) {
                if (hit.test(held)) {
                    removeSlave(held.record.id());
                    discarded.add(held);
                }
            }
            discarded.forEach(held -> tally(pair(held)).discarded++);
        }
        if (!discarded.isEmpty()) {
            LOG.warn("KME {}: {} keys made since {} crossed the compromised link {} - {}: erased", kmeId,
                discarded.size(), since, nodeNames.apply(nodeA), nodeNames.apply(nodeB));
        }
        erase(discarded);
        return discarded.size();
    }

    /**
     * Expiry: erases the keys no SAE is to take any more, by when the master's KME made them, a fact both ends hold
     * alike, so that the two ends agree without a word. The master's KME erases the keys of its stock made more than
     * {@code window} ago (it never hands out an older key); the slave's KME erases those made more than twice
     * {@code window} ago: a key the master's SAE took was at most {@code window} old, so its slave SAEs had at least
     * {@code window} (less the time between two calls) to fetch it. Keys in flight are left to the relay. Each
     * expired key counts as discarded and as expired.
     *
     * @param window how long after its making a key may be handed to the master's SAE, and at least how long its
     *        slave SAEs then have; positive
     * @return how many keys were erased
     * @throws IOException when the store cannot erase them
     */
    public int expire(final Duration window) throws IOException {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the expiry window must be positive");
        }
        final var now = clock.instant();
        final var masterLimit = now.minus(window);
        final var slaveLimit = now.minus(window.multipliedBy(2));
        final var expired = new ArrayList<Held>();
        synchronized (this) {
            for (var queue : ready.values()) {
                queue.removeIf(held -> held.record.madeAt().isBefore(masterLimit) && expired.add(held));
            }
            for (var held : List.copyOf(slaveCopies.values())) {
                if (held.record.madeAt().isBefore(slaveLimit)) {
                    removeSlave(held.record.id());
                    expired.add(held);
                }
            }
            for (var held : expired) {
                final var tally = tally(pair(held));
                tally.discarded++;
                tally.expired++;
            }
        }
        if (!expired.isEmpty()) {
            SecurityEvent.of(SecurityEvent.Type.KEYS_DISCARDED, "KME " + kmeId + ": " + expired.size()
                + " keys expired (made more than " + window + " ago at the master's KME, twice that at the slave's)")
                .with("kme", kmeId).with("keys", expired.size()).with("reason", "expired").emit();
        }
        erase(expired);
        return expired.size();
    }

    @Override
    public synchronized RelayKme.VoidOutcome voidKey(final String initiator, final String target, final UUID id) {
        final var held = slaveCopies.get(id);
        if (held == null || !pair(held).equals(new Pair(initiator, target))) {
            return delivered.contains(id) ? RelayKme.VoidOutcome.ALREADY_DELIVERED
                : RelayKme.VoidOutcome.NOT_PRESENT;
        }
        try {
            erase(List.of(held));
        } catch (IOException e) {
            LOG.error("KME {}: cannot erase voided key {}", kmeId, id, e);
            return RelayKme.VoidOutcome.NOT_PRESENT;
        }
        removeSlave(id);
        tally(pair(held)).discarded++;
        return RelayKme.VoidOutcome.VOIDED;
    }

    @Override
    public synchronized KeyStatus status(final String caller, final String slaveSae) throws DeliveryException {
        final var application = masterApplication(caller, slaveSae);
        return new KeyStatus(kmeId, application.otherKme(), caller, slaveSae, application.keyBits(),
            readyCount(application.pair()), application.maxStock(), maxKeysPerRequest, application.maxKeyBits(),
            KeyDelivery.MIN_KEY_BITS, application.additionalSlaves().size());
    }

    @Override
    public synchronized List<String> peers(final String sae) {
        final var peers = new TreeSet<String>();
        for (var app : applications.values()) {
            if (app.master() && app.masterSae().equals(sae)) {
                peers.addAll(app.slaves());
            } else if (!app.master() && app.slaveBit(sae) != 0) {
                peers.add(app.masterSae());
            }
        }
        return List.copyOf(peers);
    }

    @Override
    public List<StoredKey> encKeys(final String caller, final String slaveSae, final OptionalInt number,
            final OptionalInt size) throws DeliveryException {
        // the calling thread waits anyway: it forces the store itself
        return KeyDelivery.await(encKeysAsync(caller, slaveSae, number, size, List.of(), Runnable::run));
    }

    @Override
    public CompletionStage<List<StoredKey>> encKeysAsync(final String caller, final String slaveSae,
            final OptionalInt number, final OptionalInt size, final Executor callerThread) {
        return encKeysAsync(caller, slaveSae, number, size, List.of(), callerThread);
    }

    @Override
    public CompletionStage<List<StoredKey>> encKeysAsync(final String caller, final String slaveSae,
            final OptionalInt number, final OptionalInt size, final List<String> additionalSlaves,
            final Executor callerThread) {
        final Application application;
        final Taken taken;
        synchronized (this) {
            try {
                application = masterApplication(caller, slaveSae);
                taken = issue(application, number, size, slaveBits(application, slaveSae, additionalSlaves));
            } catch (DeliveryException e) {
                return CompletableFuture.failedFuture(e);
            }
            countDelivered(application, taken);
        }
        return handOut(application, taken, callerThread);
    }

    // the bits of the slave SAEs a master asks keys for
    private int slaveBits(final Application application, final String slaveSae, final List<String> additional)
            throws DeliveryException {
        if (additional.size() > application.additionalSlaves().size()) {
            throw DeliveryException.badRequest("additional_slave_SAE_IDs shall name at most max_SAE_ID_count ("
                + application.additionalSlaves().size() + ") SAEs, named " + additional.size());
        }
        int bits = application.slaveBit(slaveSae);
        for (var sae : additional) {
            final int bit = application.slaveBit(sae);
            if (bit == 0) {
                throw DeliveryException.badRequest("additional slave SAE '" + sae + "' is not a slave SAE of the "
                    + "application of " + application.masterSae() + " and " + slaveSae + " at KME " + kmeId);
            }
            if ((bits & bit) != 0) {
                throw DeliveryException.badRequest("additional_slave_SAE_IDs names SAE '" + sae + "' twice or names "
                    + "the slave SAE of the URL");
            }
            bits |= bit;
        }
        return bits;
    }

    /**
     * Keys an SAE takes: what it receives, and the stored keys they came from, to erase.
     *
     * @param keys what the SAE receives
     * @param erased the stored keys used up
     */
    private record Taken(List<StoredKey> keys, List<Held> erased) {
    }

    // takes keys from the master's stock, checked against the request
    private Taken issue(final Application application, final OptionalInt number, final OptionalInt size,
            final int slaves) throws DeliveryException {
        final int count = KeyDelivery.keyNumber(number, maxKeysPerRequest);
        final int bits = KeyDelivery.keySize(size, application.keyBits(), KeyDelivery.MIN_KEY_BITS,
            application.maxKeyBits());
        final var queue = ready.computeIfAbsent(application.pair(), unused -> new ArrayDeque<>());
        final int unitBytes = application.keyBits() / Byte.SIZE;
        final int bytes = bits / Byte.SIZE;
        final int units = Math.ceilDiv(bytes, unitBytes);
        final int stored = queue.size();
        if (stored < count * units) {
            throw DeliveryException.unavailable("keys exhausted: " + stored + " keys of " + application.keyBits()
                + " bits stored for this SAE pair, " + count * units + " needed");
        }
        final var keys = new ArrayList<StoredKey>(count);
        final var erased = new ArrayList<Held>(count * units);
        for (int i = 0; i < count; i++) {
            final var head = queue.peek();
            if (bytes == unitBytes && slaves == 1 && head != null && plain(application, head.record.id())) {
                // a key of the default size for the slave SAE alone goes as it was relayed, under its own ID (what
                // another vendor's KMS at the slave's node knows it by)
                queue.poll();
                erased.add(head);
                keys.add(handed(application, head.record.id(), head.record, head.record.bits().clone()));
                continue;
            }
            final var run = takeRun(queue, units);
            if (run == null) {
                // nothing taken: the keys go back in their order
                for (int j = erased.size() - 1; j >= 0; j--) {
                    queue.addFirst(erased.get(j));
                }
                keys.forEach(StoredKey::destroy);
                throw DeliveryException.unavailable("keys exhausted: " + count + " keys of " + bits + " bits need "
                    + units + " consecutive keys of " + application.keyBits() + " bits each; not that many stored");
            }
            final var first = KeyIds.parse(run.getFirst().record.id()).orElseThrow();
            final var key = joined(run, bytes);
            keys.add(handed(application, first.batch().key(first.index(), key, slaves), run.getFirst().record, key));
            erased.addAll(run);
        }
        return new Taken(keys, erased);
    }

    // whether a stored key goes to the slave SAE under the ID it was relayed with: always for an application of one
    // slave SAE (whatever ID it guesses, it gets its own keys); with other slave SAEs only a key stored before keys
    // had batches (its ID is random), since an ID of a batch could name a key meant for another slave SAE
    private static boolean plain(final Application application, final UUID id) {
        return application.additionalSlaves().isEmpty() || KeyIds.parse(id).isEmpty();
    }

    // the first run of consecutive keys of one batch, taken out of the stock; null when there is none
    private static @Nullable List<Held> takeRun(final ArrayDeque<Held> queue, final int units) {
        int position = 0;
        int start = 0;
        int length = 0;
        KeyIds.Parsed previous = null;
        for (var held : queue) {
            final var parsed = KeyIds.parse(held.record.id()).orElse(null);
            if (parsed == null) {
                length = 0;
            } else if (previous != null && length > 0 && parsed.batch().equals(previous.batch())
                    && parsed.index() == previous.index() + 1) {
                length++;
            } else {
                start = position;
                length = 1;
            }
            previous = parsed;
            position++;
            if (length == units) {
                final var before = new ArrayList<Held>(start);
                for (int i = 0; i < start; i++) {
                    before.add(queue.poll());
                }
                final var run = new ArrayList<Held>(units);
                for (int i = 0; i < units; i++) {
                    run.add(queue.poll());
                }
                for (int i = before.size() - 1; i >= 0; i--) {
                    queue.addFirst(before.get(i));
                }
                return run;
            }
        }
        return null;
    }

    // the first bytes of consecutive keys, in a new array
    private static byte[] joined(final List<Held> run, final int bytes) {
        final var key = new byte[bytes];
        int at = 0;
        for (var held : run) {
            final int length = Math.min(held.record.bits().length, bytes - at);
            System.arraycopy(held.record.bits(), 0, key, at, length);
            at += length;
        }
        return key;
    }

    private StoredKey handed(final Application application, final UUID id, final KeyRecord facts,
            final byte[] bits) {
        return StoredKey.of(id, application.service(), facts.provenance(), facts.madeAt(),
            facts.path().isEmpty() ? List.of() : List.of(facts.path().stream().map(nodeNames).toList()), bits);
    }

    @Override
    public List<StoredKey> decKeys(final String caller, final String masterSae, final List<String> keyIds)
            throws DeliveryException {
        return KeyDelivery.await(decKeysAsync(caller, masterSae, keyIds, Runnable::run));
    }

    @Override
    public CompletionStage<List<StoredKey>> decKeysAsync(final String caller, final String masterSae,
            final List<String> keyIds, final Executor callerThread) {
        final Application application;
        final Taken taken;
        synchronized (this) {
            try {
                application = applicationOf(masterSae, caller, false).orElseThrow(() -> DeliveryException.unauthorized(
                    "SAE " + caller + " is not a slave of an application with master " + masterSae + " at KME "
                    + kmeId));
                taken = fetch(application, caller, keyIds);
            } catch (DeliveryException e) {
                return CompletableFuture.failedFuture(e);
            }
            countDelivered(application, taken);
        }
        return handOut(application, taken, callerThread);
    }

    /**
     * A key a slave SAE takes.
     *
     * @param id its ID
     * @param from the stored keys it is made of, to erase
     * @param key its bytes, put together once
     * @param others the slave SAEs that still take it afterwards; empty when none
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    private record SlaveTake(UUID id, List<Held> from, byte[] key, List<String> others) {
    }

    // takes the slave's copies by ID, all or none
    private Taken fetch(final Application application, final String caller, final List<String> keyIds)
            throws DeliveryException {
        final var ids = KeyDelivery.keyIds(keyIds, maxKeysPerRequest);
        final var takes = new ArrayList<SlaveTake>(ids.size());
        final var used = new HashSet<Held>();
        try {
            for (var id : ids) {
                final var take = slaveTake(application, caller, id);
                takes.add(take);
                for (var held : take.from()) {
                    // IDs that name the same stored key twice: one of them was never handed out
                    if (!used.add(held)) {
                        throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
                    }
                }
            }
        } catch (DeliveryException e) {
            takes.forEach(take -> Arrays.fill(take.key(), (byte) 0));
            throw e;
        }
        final var remaining = new ArrayList<Held>();
        final var keys = new ArrayList<StoredKey>(takes.size());
        final var erased = new ArrayList<Held>();
        for (var take : takes) {
            take.from().forEach(held -> removeSlave(held.record.id()));
            erased.addAll(take.from());
            final var facts = take.from().getFirst().record;
            if (!take.others().isEmpty()) {
                remaining.add(new Held(new KeyRecord(KeyRecord.Role.SLAVE, KeyRecord.State.READY, take.id(),
                    facts.masterSae(), facts.slaveSae(), facts.provenance(), facts.madeAt(), facts.path(),
                    take.key().clone(), take.others()), 0));
            }
            keys.add(handed(application, take.id(), facts, take.key()));
        }
        if (!remaining.isEmpty()) {
            // the copies the other slave SAEs still take are stored before the keys they come from are erased
            try {
                append(remaining);
            } catch (IOException e) {
                keys.forEach(StoredKey::destroy);
                remaining.forEach(Held::destroy);
                erased.forEach(this::addSlave);
                throw DeliveryException.unavailable("the key store failed", e);
            }
            remaining.forEach(this::addSlave);
        }
        return new Taken(keys, erased);
    }

    private SlaveTake slaveTake(final Application application, final String caller, final UUID id)
            throws DeliveryException {
        final int bit = application.slaveBit(caller);
        final var held = slaveCopies.get(id);
        if (held != null) {
            if (!pair(held).equals(application.pair())) {
                throw DeliveryException.unauthorized("key " + id + " belongs to another SAE pair");
            }
            final var awaiting = held.record.awaiting();
            if (awaiting.isEmpty()) {
                // a key relayed under its own ID, to the slave SAE alone
                if (!plain(application, id)) {
                    throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
                }
                if (bit != 1) {
                    throw DeliveryException.unauthorized("key " + id + " is for another slave SAE");
                }
                return new SlaveTake(id, List.of(held), held.record.bits().clone(), List.of());
            }
            // a key several slave SAEs share, which one of them took already
            if (!awaiting.contains(caller)) {
                final int slaves = KeyIds.parse(id).map(KeyIds.Parsed::slaves).orElse(0);
                if ((slaves & bit) != 0) {
                    throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
                }
                throw DeliveryException.unauthorized("key " + id + " is for other slave SAEs");
            }
            return new SlaveTake(id, List.of(held), held.record.bits().clone(),
                awaiting.stream().filter(sae -> !sae.equals(caller)).toList());
        }
        // a key the master's KME cut from consecutive keys, or shared by several slave SAEs: its ID says which
        final var parsed = KeyIds.parse(id).filter(key -> !key.isUnit()).orElseThrow(() ->
            DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND));
        if ((parsed.slaves() & bit) == 0) {
            throw DeliveryException.unauthorized("key " + id + " is for other slave SAEs");
        }
        final int unitBytes = application.keyBits() / Byte.SIZE;
        final int units = Math.ceilDiv(parsed.bytes(), unitBytes);
        if (parsed.slaves() >>> application.slaves().size() != 0 || parsed.index() + units > KeyIds.MAX_UNITS) {
            throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
        }
        final var from = new ArrayList<Held>(units);
        for (int i = 0; i < units; i++) {
            var unit = slaveCopies.get(parsed.batch().unit(parsed.index() + i, unitBytes));
            if (unit == null) {
                // stored by an earlier version
                unit = slaveCopies.get(parsed.batch().legacyUnit(parsed.index() + i, unitBytes));
            }
            if (unit == null || !pair(unit).equals(application.pair()) || !unit.record.awaiting().isEmpty()) {
                throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
            }
            from.add(unit);
        }
        final var key = joined(from, parsed.bytes());
        if (!parsed.tags(key)) {
            // an ID the master's KME did not hand out
            Arrays.fill(key, (byte) 0);
            throw DeliveryException.badRequest(DeliveryException.KEYS_NOT_FOUND);
        }
        final var others = new ArrayList<String>();
        final var slaves = application.slaves();
        for (int i = 0; i < slaves.size(); i++) {
            if ((parsed.slaves() & 1 << i) != 0 && !slaves.get(i).equals(caller)) {
                others.add(slaves.get(i));
            }
        }
        return new SlaveTake(id, from, key, others);
    }

    // keys taken are delivered unless the store fails to erase them
    private void countDelivered(final Application application, final Taken taken) {
        taken.erased().forEach(held -> delivered.add(held.record.id(), Boolean.TRUE));
        tally(application.pair()).delivered += taken.keys().size();
    }

    // erases the keys from the store, forced by the caller's thread once for every request it gathered, then hands
    // them out; the caller does not wait for the disk. What follows the erasure runs on whichever thread forced the
    // store, perhaps the store's flush thread, and takes no lock of this KME: a thread holding this KME's monitor may
    // be waiting for that very flush
    private CompletableFuture<List<StoredKey>> handOut(final Application application, final Taken taken,
            final Executor callerThread) {
        final var handed = taken.keys();
        final var erased = taken.erased();
        return store.eraseAsync(erased.stream().map(held -> held.handle).toList(), callerThread).handle((unused,
                failure) -> {
            erased.forEach(Held::destroy);
            if (failure != null) {
                handed.forEach(StoredKey::destroy);
                LOG.error("KME {}: cannot erase keys handed out", kmeId, failure);
                // not delivered after all; counted again off the thread that forced the store
                final var ids = erased.stream().map(held -> held.record.id()).toList();
                CompletableFuture.runAsync(() -> uncountDelivered(application, ids, handed.size()));
                throw new CompletionException(DeliveryException.unavailable("the key store failed", failure));
            }
            return handed;
        });
    }

    private synchronized void uncountDelivered(final Application application, final List<UUID> ids,
            final int keys) {
        ids.forEach(delivered::remove);
        tally(application.pair()).delivered -= keys;
    }

    private Application masterApplication(final String caller, final String slaveSae) throws DeliveryException {
        return applicationOf(caller, slaveSae, true).orElseThrow(() -> DeliveryException.unauthorized("SAE " + caller
            + " is not the master of an application with slave " + slaveSae + " at KME " + kmeId));
    }

    // the application of a master SAE and one of its slave SAEs in which this site serves the master (or the slaves)
    private Optional<Application> applicationOf(final String masterSae, final String slaveSae, final boolean master) {
        // on every request: a loop, not a stream
        for (var app : applications.values()) {
            if (app.master() == master && app.masterSae().equals(masterSae) && app.slaveBit(slaveSae) != 0) {
                return Optional.of(app);
            }
        }
        return Optional.empty();
    }

    private void append(final List<Held> keys) throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        final var payloads = keys.stream().map(held -> held.record.encode()).toList();
        try {
            final long[] handles = store.append(payloads);
            for (int i = 0; i < handles.length; i++) {
                keys.get(i).handle = handles[i];
            }
        } finally {
            payloads.forEach(payload -> Arrays.fill(payload, (byte) 0));
        }
    }

    private void erase(final List<Held> keys) throws IOException {
        if (!keys.isEmpty()) {
            store.erase(keys.stream().map(held -> held.handle).toList());
            keys.forEach(Held::destroy);
        }
    }

    private int readyCount(final Pair pair) {
        final var queue = ready.get(pair);
        return queue == null ? 0 : queue.size();
    }

    private int inFlight(final Pair pair) {
        return inFlightCounts.getOrDefault(pair, 0);
    }

    private void addPending(final Held held) {
        pending.put(held.record.id(), held);
        inFlightCounts.merge(pair(held), 1, Integer::sum);
    }

    private void removePending(final UUID id) {
        final var held = pending.remove(id);
        if (held != null) {
            inFlightCounts.computeIfPresent(pair(held), (unused, count) -> count > 1 ? count - 1 : null);
        }
    }

    private void addSlave(final Held held) {
        if (slaveCopies.put(held.record.id(), held) == null) {
            slaveCounts.merge(pair(held), 1, Integer::sum);
        }
    }

    private void removeSlave(final UUID id) {
        final var held = slaveCopies.remove(id);
        if (held != null) {
            slaveCounts.computeIfPresent(pair(held), (unused, count) -> count > 1 ? count - 1 : null);
        }
    }

    private Tally tally(final Pair pair) {
        return tallies.computeIfAbsent(pair, unused -> new Tally());
    }

    private static Pair pair(final Held held) {
        return new Pair(held.record.masterSae(), held.record.slaveSae());
    }

    @Override
    public synchronized void close() throws IOException {
        ready.values().forEach(queue -> queue.forEach(Held::destroy));
        pending.values().forEach(Held::destroy);
        slaveCopies.values().forEach(Held::destroy);
        store.close();
    }

    @Override
    public String toString() {
        return "SiteKme{" + kmeId + "}";
    }
}
