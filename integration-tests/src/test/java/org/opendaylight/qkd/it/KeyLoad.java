/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many SAE pairs fetching keys at once over ETSI GS QKD 014, each pair in two threads: the master takes keys with
 * {@code enc_keys} for as long as the load runs, and hands their IDs to the slave, which fetches each with
 * {@code dec_keys} and compares it. Every key ID and every answer is checked: a key delivered twice, a copy that
 * differs, a key the slave cannot get, an error other than {@code 503 keys exhausted}.
 */
final class KeyLoad {
    /**
     * What a run measured.
     *
     * @param issued keys delivered to masters
     * @param retrieved keys delivered to slaves
     * @param duplicates key IDs delivered twice to a master or to a slave
     * @param mismatches slave copies that differ from the master's
     * @param missing keys a master got and its slave could not
     * @param exhausted answers 503 keys exhausted
     * @param errors other failed answers
     * @param errorSamples the first few of those
     * @param secondFetches keys a slave could fetch a second time (checked on a few)
     * @param p50Millis median request latency
     * @param p99Millis 99th percentile request latency
     * @param sample some delivered keys (base64), to look for in the logs
     */
    record Result(long issued, long retrieved, long duplicates, long mismatches, long missing, long exhausted,
            long errors, List<String> errorSamples, long secondFetches, double p50Millis, double p99Millis,
            List<String> sample) {
        @Override
        public String toString() {
            return "issued " + issued + ", retrieved " + retrieved + ", duplicates " + duplicates + ", mismatches "
                + mismatches + ", missing " + missing + ", exhausted " + exhausted + ", errors " + errors + " "
                + errorSamples + ", second fetches " + secondFetches;
        }
    }

    private static final int KEYS_PER_REQUEST = 4;
    private static final int SAMPLE = 5_000;

    private final List<Etsi014Sae> masters = new ArrayList<>();
    private final List<Etsi014Sae> slaves = new ArrayList<>();
    private final List<String> masterIds = new ArrayList<>();
    private final List<String> slaveIds = new ArrayList<>();
    private final Set<String> issuedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> retrievedIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> sample = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong retrieved = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong exhausted = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private long pauseMillis;
    private volatile boolean stopped;

    /**
     * Opens an SAE's ETSI GS QKD 014 client at its own key manager.
     */
    @FunctionalInterface
    interface Saes {
        /**
         * The client of an SAE.
         *
         * @param saeId the SAE
         * @return its client
         * @throws IOException when its certificate cannot be read
         * @throws GeneralSecurityException when it cannot be decoded
         */
        Etsi014Sae open(String saeId) throws IOException, GeneralSecurityException;
    }

    /**
     * The SAE pairs {@code <masterPrefix>i} / {@code <slavePrefix>i}.
     *
     * @param saes opens each SAE's client, with its certificate, at its key manager
     * @param pairs how many pairs
     * @param masterPrefix masters' SAE ID prefix
     * @param slavePrefix slaves' SAE ID prefix
     * @throws IOException when a certificate cannot be read
     * @throws GeneralSecurityException when one cannot be decoded
     */
    KeyLoad(final Saes saes, final int pairs, final String masterPrefix, final String slavePrefix)
            throws IOException, GeneralSecurityException {
        for (int i = 0; i < pairs; i++) {
            add(saes, masterPrefix + i, slavePrefix + i);
        }
    }

    /**
     * Named SAE pairs, each taking a few keys at a time with a pause between requests: a steady stream of keys
     * through an event (a failover) rather than a load.
     *
     * @param saes opens each SAE's client, with its certificate, at its key manager
     * @param pairs the pairs, master first
     * @param pause how long a master waits after each request
     * @throws IOException when a certificate cannot be read
     * @throws GeneralSecurityException when one cannot be decoded
     */
    KeyLoad(final Saes saes, final List<List<String>> pairs, final Duration pause) throws IOException,
            GeneralSecurityException {
        for (var pair : pairs) {
            add(saes, pair.get(0), pair.get(1));
        }
        pauseMillis = pause.toMillis();
    }

    private void add(final Saes saes, final String master, final String slave) throws IOException,
            GeneralSecurityException {
        masterIds.add(master);
        slaveIds.add(slave);
        masters.add(saes.open(master));
        slaves.add(saes.open(slave));
    }

    /**
     * How many keys the masters were given so far.
     *
     * @return the count
     */
    long issuedSoFar() {
        return issued.get();
    }

    /**
     * Ends a run before its time: the masters stop taking keys, and the slaves fetch what they took last.
     */
    void stop() {
        stopped = true;
    }

    /**
     * Runs the load, then lets the slaves fetch what their masters took last.
     *
     * @param duration how long the masters take keys
     * @return what was measured
     * @throws InterruptedException when interrupted
     */
    Result run(final Duration duration) throws InterruptedException {
        final long deadline = System.nanoTime() + duration.toNanos();
        final var done = new CountDownLatch(2 * masters.size());
        final var threads = new ArrayList<Thread>();
        for (int i = 0; i < masters.size(); i++) {
            final int pair = i;
            final BlockingQueue<Map<String, String>> handoff = new LinkedBlockingQueue<>();
            final var masterDone = new CountDownLatch(1);
            threads.add(Thread.ofPlatform().name("sae-" + masterIds.get(pair)).start(() -> {
                try {
                    master(pair, handoff, deadline);
                } finally {
                    masterDone.countDown();
                    done.countDown();
                }
            }));
            threads.add(Thread.ofPlatform().name("sae-" + slaveIds.get(pair)).start(() -> {
                try {
                    slave(pair, handoff, masterDone);
                } finally {
                    done.countDown();
                }
            }));
        }
        if (!done.await(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
            threads.forEach(Thread::interrupt);
            throw new AssertionError("the SAEs did not finish within 2 minutes after the load");
        }
        long again = 0;
        for (int pair = 0; pair < masters.size(); pair += 10) {
            final var id = retrievedIds.stream().findAny();
            if (id.isPresent() && fetchAgain(pair, id.orElseThrow())) {
                again++;
            }
        }
        final var sorted = latencies.stream().sorted().toList();
        return new Result(issued.get(), retrieved.get(), duplicates.get(), mismatches.get(), missing.get(),
            exhausted.get(), errors.get(), List.copyOf(errorSamples), again, percentile(sorted, 0.50),
            percentile(sorted, 0.99), List.copyOf(sample));
    }

    private void master(final int pair, final BlockingQueue<Map<String, String>> handoff, final long deadline) {
        final var client = masters.get(pair);
        final var path = slaveIds.get(pair) + "/enc_keys";
        while (System.nanoTime() < deadline && !stopped && !Thread.currentThread().isInterrupted()) {
            try {
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
                final long start = System.nanoTime();
                final var response = client.post(path, "{\"number\": " + KEYS_PER_REQUEST + "}");
                latencies.add(System.nanoTime() - start);
                if (response.statusCode() == 200) {
                    final var keys = keys(JsonParser.parseString(response.body()).getAsJsonObject());
                    for (var id : keys.keySet()) {
                        if (!issuedIds.add(id)) {
                            duplicates.incrementAndGet();
                        }
                    }
                    issued.addAndGet(keys.size());
                    handoff.add(keys);
                } else if (response.statusCode() == 503 && response.body().contains("keys exhausted")) {
                    exhausted.incrementAndGet();
                    Thread.sleep(50);
                } else {
                    error(masterIds.get(pair) + " enc_keys " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                error(masterIds.get(pair) + " enc_keys " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void slave(final int pair, final BlockingQueue<Map<String, String>> handoff,
            final CountDownLatch masterDone) {
        final var client = slaves.get(pair);
        final var path = masterIds.get(pair) + "/dec_keys";
        while (!Thread.currentThread().isInterrupted()) {
            try {
                final var batch = handoff.poll(100, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    if (masterDone.getCount() == 0 && handoff.isEmpty()) {
                        return;
                    }
                    continue;
                }
                final long start = System.nanoTime();
                final var response = client.post(path, request(batch.keySet()));
                latencies.add(System.nanoTime() - start);
                if (response.statusCode() != 200) {
                    missing.addAndGet(batch.size());
                    error(slaveIds.get(pair) + " dec_keys " + response.statusCode() + " " + response.body());
                    continue;
                }
                final var copies = keys(JsonParser.parseString(response.body()).getAsJsonObject());
                for (var entry : batch.entrySet()) {
                    final var copy = copies.get(entry.getKey());
                    if (copy == null) {
                        missing.incrementAndGet();
                    } else if (!copy.equals(entry.getValue())) {
                        mismatches.incrementAndGet();
                    }
                }
                for (var id : copies.keySet()) {
                    if (!retrievedIds.add(id)) {
                        duplicates.incrementAndGet();
                    }
                }
                retrieved.addAndGet(copies.size());
                if (sample.size() < SAMPLE) {
                    sample.addAll(batch.values());
                }
            } catch (IOException e) {
                error(slaveIds.get(pair) + " dec_keys " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // whether a key already fetched can be fetched again by a slave (it must not: 400 or 401)
    private boolean fetchAgain(final int pair, final String id) throws InterruptedException {
        try {
            return slaves.get(pair).post(masterIds.get(pair) + "/dec_keys", request(Set.of(id))).statusCode() == 200;
        } catch (IOException e) {
            error("second dec_keys " + e);
            return false;
        }
    }

    private void error(final String what) {
        errors.incrementAndGet();
        if (errorSamples.size() < 10) {
            errorSamples.add(what);
        }
    }

    private static String request(final Set<String> ids) {
        final var list = new JsonArray();
        for (var id : ids) {
            final var entry = new JsonObject();
            entry.addProperty("key_ID", id);
            list.add(entry);
        }
        final var body = new JsonObject();
        body.add("key_IDs", list);
        return body.toString();
    }

    private static Map<String, String> keys(final JsonObject container) {
        final var keys = new HashMap<String, String>();
        for (var key : container.getAsJsonArray("keys")) {
            keys.put(key.getAsJsonObject().get("key_ID").getAsString(), key.getAsJsonObject().get("key").getAsString());
        }
        return keys;
    }

    private static double percentile(final List<Long> sorted, final double fraction) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        final int index = Math.min(sorted.size() - 1, (int) Math.ceil(fraction * sorted.size()) - 1);
        return Math.round(sorted.get(Math.max(0, index)) / 10_000.0) / 100.0;
    }
}
