/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.opendaylight.qkd.keys.crypto.KeyDerivation;
import org.opendaylight.qkd.keys.crypto.MlKem;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key managers of all nodes and the key services they serve. It makes each service's keys at the service's rate
 * (relayed, hybrid or PQC as its plan says) into the two ends' stores, discards keys that crossed a compromised link,
 * and answers the ETSI GS QKD 014 requests of the SAEs: {@code status}, {@code enc_keys} for the master and
 * {@code dec_keys} for the slave, each key to each side once.
 *
 * <p>Thread-safe: key requests run concurrently with production and with service changes.
 */
public final class KeyPlane implements KeyDelivery {
    /** Default most keys per request. */
    public static final int DEFAULT_MAX_KEYS_PER_REQUEST = 128;

    private static final Logger LOG = LoggerFactory.getLogger(KeyPlane.class);
    // a key ID's length, and where its hyphens are
    private static final int KEY_ID_LENGTH = 36;
    private static final int[] KEY_ID_HYPHENS = {8, 13, 18, 23};

    private final KeyRelay relay;
    private final SecureRandom random;
    private final InstantSource clock;
    private final int maxKeysPerRequest;
    private final Map<String, KeyManager> managers = new ConcurrentHashMap<>();
    private final Map<String, Service> services = new ConcurrentHashMap<>();
    private final Map<SaePair, Service> byPair = new ConcurrentHashMap<>();
    private final Set<String> blockedLinks = ConcurrentHashMap.newKeySet();

    /**
     * A key plane.
     *
     * @param relay relay over the links' key sources
     * @param random randomness for keys, shares, key IDs and ML-KEM
     * @param clock the clock that times production and compromise
     * @param maxKeysPerRequest most keys one request may ask for
     */
    public KeyPlane(final KeyRelay relay, final SecureRandom random, final InstantSource clock,
            final int maxKeysPerRequest) {
        this.relay = requireNonNull(relay);
        this.random = requireNonNull(random);
        this.clock = requireNonNull(clock);
        if (maxKeysPerRequest <= 0) {
            throw new IllegalArgumentException("max keys per request must be positive, was " + maxKeysPerRequest);
        }
        this.maxKeysPerRequest = maxKeysPerRequest;
    }

    /**
     * The key manager of a node, created on first use.
     *
     * @param node the node
     * @return its KME
     */
    public KeyManager manager(final String node) {
        return managers.computeIfAbsent(node, KeyManager::new);
    }

    /**
     * Adds a service or changes one. Keys stay when the SAEs, nodes and key size stay; otherwise they are erased.
     * The service makes no key until it has a plan.
     *
     * @param spec the service
     * @throws IllegalArgumentException when another service already serves the same master and slave SAE
     */
    public synchronized void putService(final KeyServiceSpec spec) {
        final var pair = new SaePair(spec.masterSae(), spec.slaveSae());
        final var other = byPair.get(pair);
        if (other != null && !other.spec.id().equals(spec.id())) {
            throw new IllegalArgumentException("SAE pair " + spec.masterSae() + " -> " + spec.slaveSae()
                + " is already served by key service " + other.spec.id());
        }
        final var existing = services.get(spec.id());
        if (existing == null) {
            final var service = new Service(spec);
            services.put(spec.id(), service);
            byPair.put(pair, service);
            return;
        }
        synchronized (existing) {
            final var before = existing.spec;
            if (!spec.keepsKeysOf(before)) {
                existing.discarded.addAndGet(erase(before));
                byPair.remove(new SaePair(before.masterSae(), before.slaveSae()));
                existing.plan = Optional.empty();
            }
            existing.spec = spec;
            byPair.put(pair, existing);
        }
    }

    /**
     * Sets how a service's keys are made from now on; empty stops production (pending or refused).
     *
     * @param serviceId the service
     * @param plan the plan
     * @throws IllegalArgumentException when the service is unknown, or a path does not join its nodes
     */
    public void setPlan(final String serviceId, final Optional<KeyPlan> plan) {
        final var service = service(serviceId);
        synchronized (service) {
            plan.ifPresent(value -> {
                for (var path : value.paths()) {
                    if (!path.source().equals(service.spec.nodeA()) || !path.destination().equals(
                            service.spec.nodeB())) {
                        throw new IllegalArgumentException("service " + serviceId + ": path " + path.nodes()
                            + " does not join " + service.spec.nodeA() + " to " + service.spec.nodeB());
                    }
                }
            });
            service.plan = plan;
            service.sent = new long[plan.map(value -> value.paths().size()).orElse(0)];
            service.routes.clear();
            if (plan.isEmpty()) {
                service.credit = 0;
            }
        }
    }

    /**
     * Removes a service and erases its keys at both ends.
     *
     * @param serviceId the service
     * @return false when there was no such service
     */
    public synchronized boolean removeService(final String serviceId) {
        final var service = services.remove(serviceId);
        if (service == null) {
            return false;
        }
        synchronized (service) {
            byPair.remove(new SaePair(service.spec.masterSae(), service.spec.slaveSae()));
            service.plan = Optional.empty();
            erase(service.spec);
        }
        return true;
    }

    private int erase(final KeyServiceSpec spec) {
        final var before = manager(spec.nodeB()).held(spec.id());
        manager(spec.nodeA()).forget(spec.id());
        manager(spec.nodeB()).forget(spec.id());
        return before;
    }

    /**
     * The counters of a service.
     *
     * @param serviceId the service
     * @return its counters, or empty when there is no such service
     */
    public Optional<ServiceCounters> counters(final String serviceId) {
        final var service = services.get(serviceId);
        if (service == null) {
            return Optional.empty();
        }
        final var spec = service.spec;
        final int stocked = manager(spec.nodeA()).stocked(spec.id());
        final int held = manager(spec.nodeB()).held(spec.id());
        return Optional.of(new ServiceCounters(service.made.get(), service.issued.get(), service.delivered.get(),
            service.discarded.get(), service.failures.get(), stocked, Math.max(0, held - stocked),
            Optional.ofNullable(service.lastFailure)));
    }

    /**
     * Treats a link as compromised from an instant on: keys that crossed it at or after that instant are discarded
     * at every KME, and no key is relayed over it until {@link #trustLink(String)}.
     *
     * @param linkId the link
     * @param since when the compromise began
     * @return how many keys were discarded
     */
    public int distrustLink(final String linkId, final Instant since) {
        blockedLinks.add(linkId);
        final var ids = new HashSet<UUID>();
        final var perService = new HashMap<String, Set<UUID>>();
        for (var manager : managers.values()) {
            for (var key : manager.discard(key -> key.crossed(linkId) && !key.madeAt().isBefore(since))) {
                ids.add(key.id());
                perService.computeIfAbsent(key.serviceId(), id -> new HashSet<>()).add(key.id());
            }
        }
        perService.forEach((id, keys) -> {
            final var service = services.get(id);
            if (service != null) {
                service.discarded.addAndGet(keys.size());
            }
        });
        if (!ids.isEmpty()) {
            LOG.info("Link {} compromised since {}: discarded {} keys", linkId, since, ids.size());
        }
        return ids.size();
    }

    /**
     * Lets keys be relayed over a link again.
     *
     * @param linkId the link
     */
    public void trustLink(final String linkId) {
        blockedLinks.remove(linkId);
    }

    /**
     * Makes each service's keys due since the last call, at its rate, up to its stock limit.
     *
     * @return how many keys were made
     */
    public int produce() {
        int made = 0;
        for (var service : services.values()) {
            made += service.produce();
        }
        return made;
    }

    @Override
    public List<String> peers(final String sae) {
        final var peers = new TreeSet<String>();
        for (var service : services.values()) {
            final var spec = service.spec;
            if (spec.masterSae().equals(sae)) {
                peers.add(spec.slaveSae());
            } else if (spec.slaveSae().equals(sae)) {
                peers.add(spec.masterSae());
            }
        }
        return List.copyOf(peers);
    }

    /**
     * ETSI GS QKD 014 Get status.
     *
     * @param caller the authenticated SAE (the master)
     * @param slaveSae the slave SAE of the URL
     * @return the status
     * @throws DeliveryException unauthorized when the caller is not the master of a service with that slave
     */
    @Override
    public KeyStatus status(final String caller, final String slaveSae) throws DeliveryException {
        final var service = masterService(caller, slaveSae);
        final var spec = service.spec;
        return new KeyStatus(spec.nodeA(), spec.nodeB(), spec.masterSae(), spec.slaveSae(), spec.keyBits(),
            manager(spec.nodeA()).stocked(spec.id()), spec.maxStock(), maxKeysPerRequest, spec.keyBits(),
            spec.keyBits(), 0);
    }

    /**
     * ETSI GS QKD 014 Get key: keys for the master SAE, which are then released to the slave SAE.
     *
     * @param caller the authenticated SAE (the master)
     * @param slaveSae the slave SAE of the URL
     * @param number how many keys; absent means one
     * @param size key size in bits; absent means the pair's key size
     * @return the keys; the caller sends them and destroys them
     * @throws DeliveryException unauthorized (the caller is not the master of a service with that slave), bad request
     *         (number or size out of bounds), unavailable (fewer keys stocked than asked)
     */
    @Override
    public List<StoredKey> encKeys(final String caller, final String slaveSae, final OptionalInt number,
            final OptionalInt size) throws DeliveryException {
        final var service = masterService(caller, slaveSae);
        final var spec = service.spec;
        final int count = KeyDelivery.keyCount(number, size, spec.keyBits(), maxKeysPerRequest);
        final var keys = manager(spec.nodeA()).issue(spec.id(), count);
        if (keys.isEmpty()) {
            throw DeliveryException.unavailable("keys exhausted: " + manager(spec.nodeA()).stocked(spec.id())
                + " stored for this SAE pair, " + count + " requested");
        }
        // the master KME tells the slave KME which keys the master took
        manager(spec.nodeB()).release(keys.stream().map(StoredKey::id).toList());
        service.issued.addAndGet(keys.size());
        return keys;
    }

    /**
     * ETSI GS QKD 014 Get key with key IDs: the slave SAE's copies of keys the master took.
     *
     * @param caller the authenticated SAE (the slave)
     * @param masterSae the master SAE of the URL
     * @param keyIds the key IDs, as sent
     * @return the keys in the order of the IDs; the caller sends them and destroys them
     * @throws DeliveryException unauthorized (the caller is not the slave of a service with that master, or a key
     *         belongs to another pair), bad request (no ID, too many, repeated, or a key that is not there)
     */
    @Override
    public List<StoredKey> decKeys(final String caller, final String masterSae, final List<String> keyIds)
            throws DeliveryException {
        final var service = byPair.get(new SaePair(masterSae, caller));
        if (service == null) {
            throw DeliveryException.unauthorized("SAE " + caller + " is not the slave of a key service with master "
                + masterSae);
        }
        final var ids = KeyDelivery.keyIds(keyIds, maxKeysPerRequest);
        final var spec = service.spec;
        final var keys = manager(spec.nodeB()).fetch(spec.id(), ids);
        service.delivered.addAndGet(keys.size());
        return keys;
    }

    /**
     * Whether a text is a key ID as ETSI GS QKD 014 and 020 give them: a UUID as RFC 9562 writes it, 32 hexadecimal
     * digits in groups of 8-4-4-4-12, either case. Checked character by character: every key of every relay request
     * and of every dec_keys has one, and a regular expression cost a fifth of a relaying KME's time in a profile.
     *
     * @param text the text
     * @return true when it is
     */
    public static boolean isKeyId(final String text) {
        if (text.length() != KEY_ID_LENGTH) {
            return false;
        }
        int hyphen = 0;
        for (int i = 0; i < KEY_ID_LENGTH; i++) {
            final char c = text.charAt(i);
            if (hyphen < KEY_ID_HYPHENS.length && i == KEY_ID_HYPHENS[hyphen]) {
                if (c != '-') {
                    return false;
                }
                hyphen++;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private Service masterService(final String caller, final String slaveSae) throws DeliveryException {
        final var service = byPair.get(new SaePair(caller, slaveSae));
        if (service == null) {
            throw DeliveryException.unauthorized("SAE " + caller + " is not the master of a key service with slave "
                + slaveSae);
        }
        return service;
    }

    private Service service(final String serviceId) {
        final var service = services.get(serviceId);
        if (service == null) {
            throw new IllegalArgumentException("no key service " + serviceId);
        }
        return service;
    }

    private record SaePair(String master, String slave) {
    }

    private final class Service {
        final AtomicLong made = new AtomicLong();
        final AtomicLong issued = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong discarded = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile KeyServiceSpec spec;
        volatile Optional<KeyPlan> plan = Optional.empty();
        volatile String lastFailure;
        // guarded by this
        double credit;
        Instant last;
        long[] sent = new long[0];
        MlKem.KeyPair slaveKemKeys;
        final Map<List<RelayPath>, StoredKey.Route> routes = new HashMap<>();

        Service(final KeyServiceSpec spec) {
            this.spec = spec;
        }

        synchronized int produce() {
            final var now = clock.instant();
            final var previous = last;
            last = now;
            final var current = plan.orElse(null);
            if (current == null || previous == null) {
                return 0;
            }
            final double seconds = Duration.between(previous, now).toNanos() / 1e9;
            final int bits = spec.keyBits();
            credit = Math.min(credit + spec.rateBps() * Math.max(0, seconds), Math.max(bits, spec.rateBps()));
            final var slaveEnd = manager(spec.nodeB());
            int room = spec.maxStock() - slaveEnd.held(spec.id());
            int count = 0;
            while (credit >= bits && room > 0) {
                try {
                    make(current, now);
                } catch (KeyUnavailableException e) {
                    failures.incrementAndGet();
                    lastFailure = e.getMessage();
                    LOG.debug("Service {}: no key made: {}", spec.id(), e.getMessage());
                    credit = Math.min(credit, bits);
                    break;
                }
                credit -= bits;
                room--;
                count++;
            }
            if (room <= 0) {
                credit = Math.min(credit, bits);
            }
            made.addAndGet(count);
            return count;
        }

        private void make(final KeyPlan current, final Instant now) throws KeyUnavailableException {
            final int bytes = spec.keyBits() / Byte.SIZE;
            final var id = UUID.randomUUID();
            final List<RelayPath> used = current.provenance() == Provenance.PQC ? List.of() : pathsFor(current);
            byte[] atA;
            byte[] atB;
            if (current.provenance() == Provenance.PQC) {
                atA = null;
                atB = null;
            } else {
                final var pair = relay.relayFresh(used, bytes, random);
                atA = pair.atSource();
                atB = pair.atDestination();
            }
            if (current.provenance() != Provenance.QKD) {
                final var keys = kemKeys(current.parameterSet());
                final var encapsulation = MlKem.encapsulate(current.parameterSet(), keys.publicKey(), random);
                // the ciphertext goes to the slave's KME, which decapsulates
                final byte[] slaveSecret = MlKem.decapsulate(keys, encapsulation.ciphertext());
                final byte[] context = (spec.masterSae() + '|' + spec.slaveSae() + '|' + id)
                    .getBytes(StandardCharsets.UTF_8);
                final byte[] mixedA;
                final byte[] mixedB;
                if (atA == null) {
                    mixedA = KeyDerivation.pqc(encapsulation.sharedSecret(), current.parameterSet(), spec.keyBits(),
                        context);
                    mixedB = KeyDerivation.pqc(slaveSecret, current.parameterSet(), spec.keyBits(), context);
                } else {
                    mixedA = KeyDerivation.hybrid(atA, encapsulation.sharedSecret(), current.parameterSet(),
                        spec.keyBits(), context);
                    mixedB = KeyDerivation.hybrid(atB, slaveSecret, current.parameterSet(), spec.keyBits(), context);
                    Arrays.fill(atA, (byte) 0);
                    Arrays.fill(atB, (byte) 0);
                }
                Arrays.fill(encapsulation.sharedSecret(), (byte) 0);
                Arrays.fill(slaveSecret, (byte) 0);
                atA = mixedA;
                atB = mixedB;
            }
            // the slave's KME holds its copy before the master can take the key
            final var route = route(used);
            manager(spec.nodeB()).hold(new StoredKey(id, spec.id(), current.provenance(), now, route, atB));
            manager(spec.nodeA()).stock(new StoredKey(id, spec.id(), current.provenance(), now, route, atA));
        }

        // keys made over the same paths share one route
        private StoredKey.Route route(final List<RelayPath> used) {
            if (used.isEmpty()) {
                return StoredKey.Route.NONE;
            }
            var known = routes.get(used);
            if (known == null) {
                known = StoredKey.Route.of(used);
                routes.put(used, known);
            }
            return known;
        }

        private List<RelayPath> pathsFor(final KeyPlan current) throws KeyUnavailableException {
            final var paths = current.paths();
            if (current.xorShares()) {
                for (var path : paths) {
                    checkTrusted(path);
                }
                return paths;
            }
            // the usable path that carried the least of its share so far
            int best = -1;
            double bestLoad = Double.MAX_VALUE;
            for (int i = 0; i < paths.size(); i++) {
                if (paths.get(i).links().stream().anyMatch(blockedLinks::contains)) {
                    continue;
                }
                final double load = sent[i] / (double) Math.max(1, current.pathRates().get(i));
                if (load < bestLoad) {
                    bestLoad = load;
                    best = i;
                }
            }
            if (best < 0) {
                throw new KeyUnavailableException("every path of service " + spec.id() + " crosses a compromised link "
                    + paths.stream().flatMap(path -> path.links().stream()).filter(blockedLinks::contains).distinct()
                        .toList());
            }
            sent[best]++;
            return List.of(paths.get(best));
        }

        private void checkTrusted(final RelayPath path) throws KeyUnavailableException {
            for (var link : path.links()) {
                if (blockedLinks.contains(link)) {
                    throw new KeyUnavailableException("path " + path.nodes() + " crosses compromised link " + link);
                }
            }
        }

        private MlKem.KeyPair kemKeys(final MlKemParameterSet parameterSet) {
            if (slaveKemKeys == null || slaveKemKeys.parameterSet() != parameterSet) {
                slaveKemKeys = MlKem.generateKeyPair(parameterSet, random);
            }
            return slaveKemKeys;
        }
    }
}
