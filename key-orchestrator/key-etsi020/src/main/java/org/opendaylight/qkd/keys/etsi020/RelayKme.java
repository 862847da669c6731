/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.plane.KeyUnavailableException;
import org.opendaylight.qkd.keys.plane.LinkKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of a site's key manager over ETSI GS QKD 020. Keys travel from the initiator's (master's) KME to the
 * target's (slave's) KME along the routes the controller configured, one {@code ext_keys} per hop:
 * <ul>
 *   <li>between this suite's KMEs, the {@code value} of each key is the key XOR link key of that hop, and the IDs of
 *       the link key blocks go with it in the mandatory extension {@value #OTP_EXTENSION}; the next KME claims the
 *       same blocks at its end of the link and decrypts, so the key is in clear only inside trusted nodes;</li>
 *   <li>with a peer that has no link key (another vendor's KMS at the same site), plain ETSI GS QKD 020.</li>
 * </ul>
 * The asynchronous mode is used between KMEs (each hop acknowledges once the rest of the path did); the synchronous
 * mode is served too. A key ID seen before is refused (replay), a void reaches every KME that holds the key, and a
 * key already delivered to its target SAE cannot be voided.
 *
 * <p>{@value #OTP_EXTENSION} uses the IANA Private Enterprise Number 32473, which RFC 5612 reserves for
 * documentation: the suite has no number of its own, and only its own KMEs read the extension.
 */
public final class RelayKme implements KmeEndpoint, AutoCloseable {
    /**
     * The extension carrying a hop's link key: {@code {"link": qkdl_id, "path": virtual link}}, and per key
     * {@code {"blocks": [block IDs]}}.
     */
    public static final String OTP_EXTENSION = "E32473_otp_relay";
    /**
     * The replay window of the node agent's key managers, and of the benchmarks that measure them: received key IDs
     * remembered to refuse a replay (about 32 bytes each, {@link KeyIdWindow}; the IDs of 100 seconds at 10,000 keys/s
     * through a key manager).
     */
    public static final int REPLAY_WINDOW = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(RelayKme.class);
    private static final int ACK_ATTEMPTS = 5;

    /**
     * A KME this one exchanges keys with.
     *
     * @param kmeId its KME ID, as its certificate names it
     * @param url its ETSI GS QKD 020 base URL
     * @param link the key of the QKD link to it, null for another vendor's KMS (plain 020)
     * @param linkId that link's ID (ETSI {@code qkdl_id}); null with no link
     */
    public record Peer(String kmeId, URI url, @Nullable LinkKeySource link, @Nullable String linkId) {
        /**
         * Checks the parts.
         */
        public Peer {
            requireNonNull(kmeId);
            requireNonNull(url);
            if ((link == null) != (linkId == null)) {
                throw new IllegalArgumentException("a peer has both a link and its ID, or neither");
            }
        }

        boolean otp() {
            return link != null;
        }
    }

    /**
     * Where keys of an initiator and target go from this KME.
     */
    public sealed interface Route {
        /**
         * The target SAE is served here: keys go to the local key store.
         */
        record Deliver() implements Route {
        }

        /**
         * Keys go on to a peer.
         *
         * @param peer its KME ID
         * @param via the virtual link (ETSI {@code qkdl_id}) the keys travel over, which tells the KMEs after the
         *        next one where to send them; null when the SAE pair alone decides
         * @param link the link to the peer, for a peer reached over more than one (a QKD link and ML-KEM pads,
         *        {@link MlKemEpochs#LINK_PREFIX}); null for its only one
         */
        record Forward(String peer, @Nullable String via, @Nullable String link) implements Route {
            /**
             * Checks the peer.
             */
            public Forward {
                requireNonNull(peer);
            }

            /**
             * Keys go on to a peer over its only link.
             *
             * @param peer its KME ID
             * @param via the virtual link the keys travel over, or null
             */
            public Forward(final String peer, final @Nullable String via) {
                this(peer, via, null);
            }

            /**
             * Keys go on to a peer, routed by their SAE pair.
             *
             * @param peer its KME ID
             */
            public Forward(final String peer) {
                this(peer, null, null);
            }
        }
    }

    /**
     * The configuration the controller programs: peers and routes. Read at every request, so changes apply at once.
     */
    public interface RelayTable {
        /**
         * A peer by its KME ID.
         *
         * @param kmeId the KME ID
         * @return the peer, empty when it is not one
         */
        Optional<Peer> peer(String kmeId);

        /**
         * A peer over one of the links to it ({@link Peer#linkId()}), for a peer reached over more than one.
         *
         * @param kmeId the KME ID
         * @param linkId the link, as a request names it; null for the peer's only one
         * @return the peer, empty when it is not one
         */
        default Optional<Peer> peer(final String kmeId, final @Nullable String linkId) {
            return peer(kmeId);
        }

        /**
         * The route of an initiator's keys for a target.
         *
         * @param initiator initiator SAE ID
         * @param target target SAE ID
         * @param via the virtual link the keys travel over, as the previous KME named it; null at the first KME
         *        and from peers that name none
         * @return the route, empty when there is none
         */
        Optional<Route> route(String initiator, String target, @Nullable String via);
    }

    /**
     * What voiding a key in the local key store found.
     */
    public enum VoidOutcome {
        /** The key is gone and will never be delivered. */
        VOIDED,
        /** The target SAE already took it. */
        ALREADY_DELIVERED,
        /** No such key. */
        NOT_PRESENT
    }

    /**
     * The key store of this site's target SAEs.
     */
    public interface LocalKeys {
        /**
         * Stores keys for their target SAE, durably before it returns.
         *
         * @param initiator initiator SAE ID
         * @param target target SAE ID
         * @param keys the keys; the store takes them over
         * @param origin when the initiator's KME made them and their path, null when the previous KME did not say
         * @throws IOException when they cannot be stored; none of them is then
         */
        void store(String initiator, String target, List<RelayedKey> keys, @Nullable KeyOrigin origin)
            throws IOException;

        /**
         * Voids a key that is not delivered yet.
         *
         * @param initiator initiator SAE ID
         * @param target target SAE ID
         * @param id key ID
         * @return what it found
         */
        VoidOutcome voidKey(String initiator, String target, UUID id);
    }

    /**
     * Makes the client of a peer.
     */
    @FunctionalInterface
    public interface Clients {
        /**
         * A client of a peer.
         *
         * @param peer the peer
         * @return its client, closed with this KME
         * @throws GeneralSecurityException when its TLS context cannot be made
         */
        Etsi020Client of(Peer peer) throws GeneralSecurityException;
    }

    /**
     * The outcome of one key.
     *
     * @param id the key
     * @param status its outcome
     * @param message details, if any
     */
    public record KeyOutcome(UUID id, AckStatus status, @Nullable String message) {
    }

    // a key that arrived from a peer
    private record Incoming(String peer, String initiator, String target, Route route) {
    }

    /**
     * Keys passed to a peer in one request, waiting for their outcomes; done once every key has one.
     */
    private static final class Batch {
        final String peer;
        final String initiator;
        final String target;
        final CompletableFuture<List<KeyOutcome>> done = new CompletableFuture<>();
        // guarded by this; in the keys' order, null until known
        private final LinkedHashMap<UUID, KeyOutcome> outcomes;
        private int remaining;

        Batch(final String peer, final String initiator, final String target, final List<UUID> ids) {
            this.peer = peer;
            this.initiator = initiator;
            this.target = target;
            outcomes = LinkedHashMap.newLinkedHashMap(ids.size());
            ids.forEach(id -> outcomes.put(id, null));
            remaining = outcomes.size();
        }

        boolean matches(final String from, final Ack ack) {
            return peer.equals(from) && initiator.equals(ack.initiator()) && ack.targets().equals(List.of(target));
        }

        synchronized void complete(final UUID id, final AckStatus status, final @Nullable String message) {
            if (outcomes.containsKey(id) && outcomes.get(id) == null) {
                outcomes.put(id, new KeyOutcome(id, status, message));
                if (--remaining == 0) {
                    done.complete(List.copyOf(outcomes.values()));
                }
            }
        }

        synchronized void completeRest(final AckStatus status, final @Nullable String message) {
            if (remaining > 0) {
                outcomes.replaceAll((id, outcome) -> outcome != null ? outcome : new KeyOutcome(id, status, message));
                remaining = 0;
                done.complete(List.copyOf(outcomes.values()));
            }
        }

        synchronized List<UUID> ids() {
            return List.copyOf(outcomes.keySet());
        }
    }

    private final String kmeId;
    private final URI ackUrl;
    private final RelayTable table;
    private final LocalKeys local;
    private final Clients clientFactory;
    private final Executor executor;
    private final Duration ackTimeout;
    private final Map<String, Etsi020Client> clients = new ConcurrentHashMap<>();
    // the batch each key passed to a peer belongs to, until its outcome is known
    private final Map<UUID, Batch> relaying = new ConcurrentHashMap<>();
    private final Map<UUID, Batch> voiding = new ConcurrentHashMap<>();
    // the newest key IDs received, to refuse a replay and to void keys of a pair of SAEs (guarded by itself)
    private final KeyIdWindow<Incoming> received;
    private final @Nullable MlKemEpochs epochs;

    /**
     * A relay.
     *
     * @param kmeId this KME's ID
     * @param url this KME's ETSI GS QKD 020 base URL, as peers reach it (acknowledgements come to it)
     * @param table peers and routes
     * @param local the local key store
     * @param clients makes the client of each peer
     * @param executor runs key processing and calls
     * @param ackTimeout how long a hop may take to acknowledge keys before they are failed and voided
     * @param replayWindow how many received key IDs are remembered to refuse a replay, 1 to 2<sup>28</sup>
     */
    public RelayKme(final String kmeId, final URI url, final RelayTable table, final LocalKeys local,
            final Clients clients, final Executor executor, final Duration ackTimeout, final int replayWindow) {
        this(kmeId, url, table, local, clients, executor, ackTimeout, replayWindow, null);
    }

    /**
     * A relay that also makes ML-KEM epochs with the KMEs that send it keys of PQC key services.
     *
     * @param kmeId this KME's ID
     * @param url this KME's ETSI GS QKD 020 base URL, as peers reach it (acknowledgements come to it)
     * @param table peers and routes
     * @param local the local key store
     * @param clients makes the client of each peer
     * @param executor runs key processing and calls
     * @param ackTimeout how long a hop may take to acknowledge keys before they are failed and voided
     * @param replayWindow how many received key IDs are remembered to refuse a replay, 1 to 2<sup>28</sup>
     * @param epochs this KME's ML-KEM epochs, null for none
     */
    public RelayKme(final String kmeId, final URI url, final RelayTable table, final LocalKeys local,
            final Clients clients, final Executor executor, final Duration ackTimeout, final int replayWindow,
            final @Nullable MlKemEpochs epochs) {
        this.epochs = epochs;
        this.kmeId = requireNonNull(kmeId);
        ackUrl = url.resolve(Etsi020Handler.ACK);
        this.table = requireNonNull(table);
        this.local = requireNonNull(local);
        clientFactory = requireNonNull(clients);
        this.executor = requireNonNull(executor);
        this.ackTimeout = requireNonNull(ackTimeout);
        received = new KeyIdWindow<>(replayWindow);
    }

    public String kmeId() {
        return kmeId;
    }

    /**
     * Sends keys made at this KME (the initiator's) towards the target along the configured route.
     *
     * @param initiator initiator SAE ID
     * @param target target SAE ID
     * @param keys the keys; left unchanged
     * @param origin when they were made and the path they take, passed on to every KME on the way; null when not
     *        known
     * @return the outcome of every key, once the target's KME stored it or the relay failed
     * @throws IllegalStateException when no route leads from here to the target
     */
    public CompletableFuture<List<KeyOutcome>> originate(final String initiator, final String target,
            final List<RelayedKey> keys, final @Nullable KeyOrigin origin) {
        final var route = table.route(initiator, target, null).orElseThrow(() -> new IllegalStateException(
            "no route for " + initiator + " -> " + target + " at KME " + kmeId));
        if (!(route instanceof Route.Forward forward)) {
            throw new IllegalStateException("keys of " + initiator + " -> " + target + " stay at KME " + kmeId);
        }
        return send(forward, initiator, target, keys, origin);
    }

    @Override
    public boolean isPeer(final String peer) {
        return table.peer(peer).isPresent();
    }

    @Override
    public byte[] mlKemEncapsulationKey(final String peer, final MlKemParameterSet parameterSet)
            throws Etsi020Problem {
        return requireEpochs().encapsulationKey(parameterSet);
    }

    @Override
    public byte[] mlKemEpoch(final String peer, final MlKemParameterSet parameterSet, final UUID epoch,
            final byte[] ciphertext) throws Etsi020Problem {
        try {
            return requireEpochs().receive(peer, parameterSet, epoch, ciphertext);
        } catch (IllegalArgumentException e) {
            throw Etsi020Problem.badRequest("invalid_ml_kem_epoch", e.getMessage(), e);
        }
    }

    private MlKemEpochs requireEpochs() throws Etsi020Problem {
        if (epochs == null) {
            throw Etsi020Problem.unavailable("unsupported_ml_kem", "KME " + kmeId + " makes no ML-KEM epochs");
        }
        return epochs;
    }

    @Override
    public CompletableFuture<List<Ack>> extKeys(final String peerId, final ExtKeys request) throws Etsi020Problem {
        boolean accepted = false;
        try {
            final var result = acceptKeys(peerId, request);
            accepted = true;
            return result;
        } finally {
            if (!accepted) {
                request.destroy();
            }
        }
    }

    private CompletableFuture<List<Ack>> acceptKeys(final String peerId, final ExtKeys request)
            throws Etsi020Problem {
        final var peer = table.peer(peerId, namedLink(request)).orElseThrow(() -> Etsi020Problem.unauthorized(
            "KME " + peerId + " is not a peer of KME " + kmeId));
        if (request.targets().size() != 1) {
            throw Etsi020Problem.unavailable("unsupported_target_count", "this KME relays to one target SAE");
        }
        final var target = request.targets().getFirst();
        final var via = via(peer, request);
        final var route = table.route(request.initiator(), target, via).orElseThrow(() -> Etsi020Problem.badRequest(
            "unknown_route", "no route is configured for " + request.initiator() + " -> " + target
                + (via == null ? "" : " over " + via)));
        checkCallback(peer, request.ackCallback());
        final var blocks = linkBlocks(peer, request);
        final var origin = KeyOrigin.fromExtension(request.extensionOptional());
        synchronized (received) {
            final var ids = HashSet.<UUID>newHashSet(request.keys().size());
            for (var key : request.keys()) {
                if (!ids.add(key.id()) || received.contains(key.id())) {
                    throw Etsi020Problem.badRequest("key_id_reused", "key " + key.id() + " was passed before");
                }
            }
            // one record for the request's keys
            final var incoming = new Incoming(peerId, request.initiator(), target, route);
            for (var key : request.keys()) {
                received.add(key.id(), incoming);
            }
        }
        final var result = CompletableFuture.supplyAsync(() -> decrypt(peer, request, blocks), executor)
            .thenCompose(decrypted -> {
                final var outcomes = new ArrayList<>(decrypted.failed());
                final CompletableFuture<List<KeyOutcome>> passed = switch (route) {
                    case Route.Deliver deliver -> CompletableFuture.completedFuture(deliver(request.initiator(),
                        target, decrypted.keys(), origin));
                    case Route.Forward forward -> send(forward, request.initiator(), target, decrypted.keys(), origin)
                        .whenComplete((done, failure) -> decrypted.keys().forEach(RelayedKey::destroy));
                };
                return passed.thenApply(more -> {
                    outcomes.addAll(more);
                    return acks(outcomes, request.initiator(), request.targets());
                });
            });
        final var callback = request.ackCallback();
        if (callback != null) {
            result.thenAccept(acks -> sendAcks(peer, callback, acks, 1));
        }
        return result;
    }

    @Override
    public void acknowledge(final String peerId, final List<Ack> acks) throws Etsi020Problem {
        for (var ack : acks) {
            final var pending = ack.status().answersVoid() ? voiding : relaying;
            for (var id : ack.keyIds()) {
                final var batch = pending.get(id);
                if (batch == null || !batch.matches(peerId, ack)) {
                    throw Etsi020Problem.badRequest("unknown_key_id", "key " + id + " is not waiting for an "
                        + (ack.status().answersVoid() ? "ext_keys/void" : "ext_keys") + " outcome from KME " + peerId
                        + " for " + ack.initiator() + " -> " + ack.targets());
                }
            }
        }
        complete(relaying, voiding, peerId, acks);
    }

    @Override
    public CompletableFuture<List<Ack>> voidKeys(final String peerId, final VoidRequest request)
            throws Etsi020Problem {
        final var peer = table.peer(peerId).orElseThrow(() -> Etsi020Problem.unauthorized(
            "KME " + peerId + " is not a peer of KME " + kmeId));
        if (request.keyIds().isEmpty() && !request.allConfirmation()) {
            throw Etsi020Problem.badRequest("no_all_confirmation", "an empty key_ids voids every key between the "
                + "SAEs only with all_confirmation true");
        }
        if (request.targets().size() != 1) {
            throw Etsi020Problem.unavailable("unsupported_target_count", "this KME relays to one target SAE");
        }
        checkCallback(peer, request.ackCallback());
        final var target = request.targets().getFirst();
        final var ids = new ArrayList<UUID>();
        final var here = new LinkedHashMap<UUID, Incoming>();
        synchronized (received) {
            if (request.keyIds().isEmpty()) {
                received.forEach((id, incoming) -> {
                    if (incoming.peer().equals(peerId) && incoming.initiator().equals(request.initiator())
                            && incoming.target().equals(target)) {
                        ids.add(id);
                    }
                });
            } else {
                ids.addAll(request.keyIds());
            }
            for (var id : ids) {
                final var incoming = received.get(id);
                if (incoming != null && incoming.peer().equals(peerId)
                        && incoming.initiator().equals(request.initiator()) && incoming.target().equals(target)) {
                    here.put(id, incoming);
                }
            }
        }
        final var result = CompletableFuture.supplyAsync(() -> {
            final var outcomes = new ArrayList<KeyOutcome>();
            final var onward = new LinkedHashMap<String, List<UUID>>();
            for (var id : ids) {
                final var incoming = here.get(id);
                if (incoming == null) {
                    outcomes.add(new KeyOutcome(id, AckStatus.KEY_NOT_PRESENT, null));
                } else if (incoming.route() instanceof Route.Forward forward) {
                    onward.computeIfAbsent(forward.peer(), unused -> new ArrayList<>()).add(id);
                } else {
                    outcomes.add(switch (local.voidKey(request.initiator(), target, id)) {
                        case VOIDED -> new KeyOutcome(id, AckStatus.VOIDED, null);
                        case ALREADY_DELIVERED -> new KeyOutcome(id, AckStatus.FAILED_TO_VOID,
                            "already delivered to the target SAE");
                        case NOT_PRESENT -> new KeyOutcome(id, AckStatus.KEY_NOT_PRESENT, null);
                    });
                }
            }
            return new VoidSplit(outcomes, onward);
        }, executor).thenCompose(split -> {
            final var futures = new ArrayList<CompletableFuture<List<KeyOutcome>>>();
            futures.add(CompletableFuture.completedFuture(split.done()));
            split.next().forEach((next, keys) -> futures.add(voidAt(next, request.initiator(), target, keys)));
            return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(unused ->
                acks(futures.stream().flatMap(future -> future.join().stream()).toList(), request.initiator(),
                    request.targets()));
        });
        final var callback = request.ackCallback();
        if (callback != null) {
            result.thenAccept(acks -> sendAcks(peer, callback, acks, 1));
        }
        return result;
    }

    /**
     * Voids keys this KME originated, along their configured route.
     *
     * @param initiator initiator SAE ID
     * @param target target SAE ID
     * @param ids the keys
     * @return the outcome of each key; {@code failed to void} for all when no route leads on from here
     */
    public CompletableFuture<List<KeyOutcome>> voidOriginated(final String initiator, final String target,
            final List<UUID> ids) {
        final var route = table.route(initiator, target, null);
        if (route.isPresent() && route.orElseThrow() instanceof Route.Forward forward) {
            return voidAt(forward.peer(), initiator, target, ids);
        }
        return CompletableFuture.completedFuture(ids.stream()
            .map(id -> new KeyOutcome(id, AckStatus.FAILED_TO_VOID, "no route for " + initiator + " -> " + target))
            .toList());
    }

    /**
     * Voids keys this KME passed on: asks the next KME, which asks the one after it.
     *
     * @param peerId the KME the keys went to
     * @param initiator initiator SAE ID
     * @param target target SAE ID
     * @param ids the keys
     * @return the outcome of each key
     */
    public CompletableFuture<List<KeyOutcome>> voidAt(final String peerId, final String initiator,
            final String target, final List<UUID> ids) {
        final var peer = table.peer(peerId);
        if (peer.isEmpty()) {
            return CompletableFuture.completedFuture(ids.stream()
                .map(id -> new KeyOutcome(id, AckStatus.FAILED_TO_VOID, "KME " + peerId + " is no longer a peer"))
                .toList());
        }
        final var batch = open(voiding, new Batch(peerId, initiator, target, ids), AckStatus.FAILED_TO_VOID);
        final Etsi020Client client;
        try {
            client = client(peer.orElseThrow());
        } catch (Etsi020Problem e) {
            batch.completeRest(AckStatus.FAILED_TO_VOID, e.getMessage());
            return batch.done;
        }
        client.voidKeys(new VoidRequest(ids, initiator, List.of(target), ackUrl, false))
            .whenComplete((submitted, failure) -> {
                if (failure != null) {
                    batch.completeRest(AckStatus.FAILED_TO_VOID, reason(failure));
                } else if (!submitted.accepted()) {
                    complete(relaying, voiding, peerId, submitted.acks());
                }
            });
        return batch.done.thenApplyAsync(outcomes -> outcomes, executor);
    }

    private CompletableFuture<List<KeyOutcome>> send(final Route.Forward forward, final String initiator,
            final String target, final List<RelayedKey> keys, final @Nullable KeyOrigin origin) {
        final var peerId = forward.peer();
        final var peer = table.peer(peerId, forward.link()).orElse(null);
        if (peer == null) {
            return CompletableFuture.completedFuture(keys.stream()
                .map(key -> new KeyOutcome(key.id(), AckStatus.FAILED, "KME " + peerId + " is not a peer")).toList());
        }
        final var outcomes = new ArrayList<KeyOutcome>();
        final var wire = new ArrayList<RelayedKey>(keys.size());
        for (var key : keys) {
            if (!peer.otp()) {
                wire.add(new RelayedKey(key.id(), key.value().clone(), key.extension()));
                continue;
            }
            try {
                wire.add(padded(requireNonNull(peer.link()), key));
            } catch (KeyUnavailableException e) {
                outcomes.add(new KeyOutcome(key.id(), AckStatus.FAILED, e.getMessage()));
            }
        }
        if (wire.isEmpty()) {
            return CompletableFuture.completedFuture(outcomes);
        }
        final var request = new ExtKeys(wire, initiator, List.of(target), ackUrl,
            peer.otp() ? otpRequestExtension(peer.linkId(), forward.via()) : null,
            origin == null ? null : origin.toExtension());
        final var ids = wire.stream().map(RelayedKey::id).toList();
        final var batch = open(relaying, new Batch(peerId, initiator, target, ids), AckStatus.FAILED);
        try {
            client(peer).extKeys(request).whenComplete((submitted, failure) -> {
                request.destroy();
                if (failure != null) {
                    final var reason = reason(failure);
                    LOG.warn("KME {}: ext_keys of {} keys to KME {} failed: {}", kmeId, ids.size(), peerId, reason);
                    batch.completeRest(AckStatus.FAILED, reason);
                    if (!(failure.getCause() instanceof Etsi020Problem problem)
                            || problem.status() != 400 && problem.status() != 401) {
                        // the peer may have kept them: void them there (ETSI GS QKD 020, operation of the API)
                        voidAt(peerId, initiator, target, ids);
                    }
                } else if (!submitted.accepted()) {
                    complete(relaying, voiding, peerId, submitted.acks());
                }
            });
        } catch (Etsi020Problem e) {
            request.destroy();
            batch.completeRest(AckStatus.FAILED, e.getMessage());
        }
        // what waits for the outcome runs on the executor, not on the thread that brought the acknowledgement
        return batch.done.thenApplyAsync(more -> {
            final var all = new ArrayList<>(outcomes);
            all.addAll(more);
            return all;
        }, executor);
    }

    // a key as it crosses the hop to a peer of this suite: XOR a pad drawn from the hop's link key, the pad's link
    // key blocks named in the key's extension; the pad is erased once used
    private RelayedKey padded(final LinkKeySource link, final RelayedKey key) throws KeyUnavailableException {
        final var value = key.value().clone();
        try {
            final var pad = link.draw(kmeId, value.length);
            try {
                pad.xorInto(value);
                final var blocks = new JsonArray();
                pad.ids().forEach(id -> blocks.add(id.toString()));
                final var otp = new JsonObject();
                otp.add("blocks", blocks);
                final var extension = new JsonObject();
                extension.add(OTP_EXTENSION, otp);
                return new RelayedKey(key.id(), value, extension);
            } finally {
                pad.destroy();
            }
        } catch (KeyUnavailableException e) {
            Arrays.fill(value, (byte) 0);
            throw e;
        }
    }

    // the request's mandatory extension between this suite's key managers: the link whose key pads the keys, and
    // the path the keys take when the hop is part of one
    private static JsonObject otpRequestExtension(final String linkId, final @Nullable String via) {
        final var otp = new JsonObject();
        otp.addProperty("link", linkId);
        if (via != null) {
            otp.addProperty("path", via);
        }
        final var mandatory = new JsonObject();
        mandatory.add(OTP_EXTENSION, otp);
        return mandatory;
    }

    // waits for a batch's outcomes: its keys are known as pending until then, and time out together; the timer goes
    // once the batch is done, so that a done batch is not kept until it would have timed out
    private Batch open(final Map<UUID, Batch> pending, final Batch batch, final AckStatus onTimeout) {
        final var ids = batch.ids();
        ids.forEach(id -> pending.put(id, batch));
        final var timer = new CompletableFuture<Void>().completeOnTimeout(null, ackTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
        timer.thenRunAsync(() -> batch.completeRest(onTimeout, "no acknowledgement within " + ackTimeout), executor);
        batch.done.whenComplete((outcomes, failure) -> {
            timer.cancel(false);
            ids.forEach(id -> pending.remove(id, batch));
        });
        return batch;
    }

    // outcomes from the peer a batch went to, answering ext_keys or ext_keys/void
    private static void complete(final Map<UUID, Batch> relaying, final Map<UUID, Batch> voiding,
            final String peerId, final @Nullable List<Ack> acks) {
        for (var ack : Objects.requireNonNullElse(acks, List.<Ack>of())) {
            final var pending = ack.status().answersVoid() ? voiding : relaying;
            for (var id : ack.keyIds()) {
                final var batch = pending.get(id);
                if (batch != null && batch.matches(peerId, ack)) {
                    batch.complete(id, ack.status(), ack.message());
                }
            }
        }
    }

    private List<KeyOutcome> deliver(final String initiator, final String target, final List<RelayedKey> keys,
            final @Nullable KeyOrigin origin) {
        AckStatus status = AckStatus.RELAYED;
        String message = null;
        if (!keys.isEmpty()) {
            try {
                local.store(initiator, target, keys, origin);
            } catch (IOException e) {
                LOG.warn("KME {}: cannot store {} keys of {} -> {}", kmeId, keys.size(), initiator, target, e);
                keys.forEach(RelayedKey::destroy);
                status = AckStatus.FAILED;
                message = "the target KME cannot store keys";
            }
        }
        final var outcomes = new ArrayList<KeyOutcome>(keys.size());
        for (var key : keys) {
            outcomes.add(new KeyOutcome(key.id(), status, message));
        }
        return outcomes;
    }

    // void outcomes known here, and keys to void further along, by next KME
    private record VoidSplit(List<KeyOutcome> done, Map<String, List<UUID>> next) {
    }

    private record Decrypted(List<RelayedKey> keys, List<KeyOutcome> failed) {
    }

    // the link key blocks of every key, checked before anything is kept; empty lists for a plain peer
    private static Map<UUID, List<UUID>> linkBlocks(final Peer peer, final ExtKeys request) throws Etsi020Problem {
        final var mandatory = request.extensionMandatory();
        if (mandatory != null) {
            for (var name : mandatory.keySet()) {
                if (!name.equals(OTP_EXTENSION) || !peer.otp()) {
                    throw Etsi020Problem.unavailable("unsupported_mandatory_extension", name);
                }
            }
        }
        final var blocks = LinkedHashMap.<UUID, List<UUID>>newLinkedHashMap(request.keys().size());
        if (!peer.otp()) {
            for (var key : request.keys()) {
                blocks.put(key.id(), List.of());
            }
            return blocks;
        }
        final var otp = mandatory == null ? null : mandatory.get(OTP_EXTENSION);
        if (otp == null || !otp.isJsonObject() || !otp.getAsJsonObject().has("link")
                || !Objects.equals(peer.linkId(), string(otp.getAsJsonObject().get("link")))) {
            throw Etsi020Problem.badRequest("invalid_extension", OTP_EXTENSION + " shall name link " + peer.linkId()
                + ", the QKD link between KME " + peer.kmeId() + " and this KME");
        }
        for (var key : request.keys()) {
            final var extension = key.extension();
            final var perKey = extension == null ? null : extension.get(OTP_EXTENSION);
            if (perKey == null || !perKey.isJsonObject() || !perKey.getAsJsonObject().has("blocks")
                    || !perKey.getAsJsonObject().get("blocks").isJsonArray()) {
                throw Etsi020Problem.badRequest("invalid_extension", "key " + key.id() + " carries no "
                    + OTP_EXTENSION + " blocks");
            }
            final var array = perKey.getAsJsonObject().getAsJsonArray("blocks");
            if (array.isEmpty() || array.size() > Etsi020Json.MAX_ITEMS) {
                throw Etsi020Problem.badRequest("invalid_extension", "key " + key.id() + " names 1 to "
                    + Etsi020Json.MAX_ITEMS + " link key blocks");
            }
            final var ids = new ArrayList<UUID>(array.size());
            for (var element : array) {
                final var text = string(element);
                try {
                    ids.add(UUID.fromString(Objects.requireNonNullElse(text, "")));
                } catch (IllegalArgumentException e) {
                    throw Etsi020Problem.badRequest("invalid_extension", "key " + key.id() + " names a link key "
                        + "block that is not a UUID", e);
                }
            }
            blocks.put(key.id(), ids);
        }
        return blocks;
    }

    // the link the previous KME named, null when it named none
    private static @Nullable String namedLink(final ExtKeys request) {
        final var mandatory = request.extensionMandatory();
        return mandatory != null && mandatory.get(OTP_EXTENSION) instanceof JsonObject otp && otp.has("link")
            ? string(otp.get("link")) : null;
    }

    // the virtual link the previous KME named, checked before anything is kept
    private static @Nullable String via(final Peer peer, final ExtKeys request) throws Etsi020Problem {
        final var mandatory = request.extensionMandatory();
        if (!peer.otp() || mandatory == null || !(mandatory.get(OTP_EXTENSION) instanceof JsonObject otp)
                || !otp.has("path")) {
            return null;
        }
        final var path = string(otp.get("path"));
        if (path == null || path.isEmpty() || path.length() > 64) {
            throw Etsi020Problem.badRequest("invalid_extension", OTP_EXTENSION + " path shall name a virtual link");
        }
        return path;
    }

    private static @Nullable String string(final JsonElement element) {
        return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString() ? element.getAsString() : null;
    }

    private Decrypted decrypt(final Peer peer, final ExtKeys request, final Map<UUID, List<UUID>> blocks) {
        final var keys = new ArrayList<RelayedKey>();
        final var failed = new ArrayList<KeyOutcome>();
        for (var key : request.keys()) {
            if (!peer.otp()) {
                keys.add(key);
                continue;
            }
            try {
                final var pad = requireNonNull(peer.link()).claim(kmeId, blocks.get(key.id()));
                try {
                    if (pad.length() < key.value().length) {
                        throw new KeyUnavailableException("link " + peer.linkId() + " blocks give " + pad.length()
                            + " bytes for a key of " + key.value().length);
                    }
                    pad.xorInto(key.value());
                    keys.add(key);
                } finally {
                    pad.destroy();
                }
            } catch (KeyUnavailableException e) {
                key.destroy();
                failed.add(new KeyOutcome(key.id(), AckStatus.FAILED, e.getMessage()));
            }
        }
        return new Decrypted(keys, failed);
    }

    private void checkCallback(final Peer peer, final @Nullable URI callback) throws Etsi020Problem {
        if (callback != null && !Etsi020Client.isAckResourceOf(peer.url(), callback)) {
            throw Etsi020Problem.badRequest("invalid_ack_callback_url", "acknowledgements go to KME "
                + peer.kmeId() + " itself: " + peer.url().resolve(Etsi020Handler.ACK));
        }
    }

    private void sendAcks(final Peer peer, final URI callback, final List<Ack> acks, final int attempt) {
        final Etsi020Client client;
        try {
            client = client(peer);
        } catch (Etsi020Problem e) {
            LOG.warn("KME {}: cannot acknowledge to KME {}: {}", kmeId, peer.kmeId(), e.getMessage());
            return;
        }
        client.ack(callback, acks).whenComplete((done, failure) -> {
            if (failure == null) {
                return;
            }
            if (attempt >= ACK_ATTEMPTS) {
                LOG.warn("KME {}: KME {} took no acknowledgement after {} attempts: {}", kmeId, peer.kmeId(),
                    attempt, reason(failure));
                return;
            }
            CompletableFuture.delayedExecutor(100L << attempt, TimeUnit.MILLISECONDS, executor)
                .execute(() -> sendAcks(peer, callback, acks, attempt + 1));
        });
    }

    private Etsi020Client client(final Peer peer) throws Etsi020Problem {
        final var known = clients.get(peer.kmeId());
        if (known != null && known.base().equals(peer.url())) {
            return known;
        }
        final Etsi020Client client;
        try {
            client = clientFactory.of(peer);
        } catch (GeneralSecurityException e) {
            throw Etsi020Problem.unavailable("peer_unreachable", "no client for KME " + peer.kmeId() + ": "
                + e.getMessage(), e);
        }
        final var replaced = clients.put(peer.kmeId(), client);
        if (replaced != null) {
            replaced.close();
        }
        return client;
    }

    private static String reason(final Throwable failure) {
        final var cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        return cause instanceof Etsi020Problem problem ? "HTTP " + problem.status() + " " + problem.details()
            : String.valueOf(cause.getMessage());
    }

    private static List<Ack> acks(final List<KeyOutcome> outcomes, final String initiator,
            final List<String> targets) {
        final var groups = new LinkedHashMap<List<Object>, List<UUID>>();
        for (var outcome : outcomes) {
            groups.computeIfAbsent(Arrays.asList(outcome.status(), outcome.message()),
                unused -> new ArrayList<>()).add(outcome.id());
        }
        final var acks = new ArrayList<Ack>();
        groups.forEach((key, ids) -> {
            for (int from = 0; from < ids.size(); from += Etsi020Json.MAX_ITEMS) {
                acks.add(new Ack(ids.subList(from, Math.min(ids.size(), from + Etsi020Json.MAX_ITEMS)),
                    (AckStatus) key.get(0), initiator, targets, (String) key.get(1)));
            }
        });
        return acks;
    }

    @Override
    public void close() {
        clients.values().forEach(Etsi020Client::close);
        clients.clear();
    }

    @Override
    public String toString() {
        return "RelayKme{" + kmeId + "}";
    }
}
