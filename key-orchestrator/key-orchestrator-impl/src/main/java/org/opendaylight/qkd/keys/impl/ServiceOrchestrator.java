/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.impl;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.FluentFuture;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataTreeChangeListener;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.api.TransactionChain;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.pathcompute.api.KeyPaths;
import org.opendaylight.qkd.pathcompute.api.LinkChange;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.pathcompute.api.PlacementRequest;
import org.opendaylight.qkd.security.SecurityEvent;
import org.opendaylight.qkd.southbound.api.ProgrammingException;
import org.opendaylight.qkd.southbound.api.SiteKeyServices;
import org.opendaylight.qkd.southbound.api.SitePlan;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServiceModeChangedBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServicesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.Path;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.PathBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.state.PathKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.SaeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Empty;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every configured key service placed: asks path computation (reserving the rate), programs the decision on the
 * SD-QKD nodes, whose key managers make, relay and deliver the keys (the controller holds none), and publishes mode,
 * reason, path and the nodes' counters in the operational datastore, with a notification and an audit line on every
 * mode change. Link changes reroute the services that use the link, or apply their fallback; a link that recovers
 * brings back the services that had fallen back; a compromised link is reported to the nodes, which discard the keys
 * that crossed it. Deleting a service releases its reservation and removes it from the nodes, which erase its keys.
 *
 * <p>Every decision runs on one thread, in the order events arrive.
 */
final class ServiceOrchestrator implements DataTreeChangeListener<KeyService> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceOrchestrator.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.opendaylight.qkd.audit");
    private static final long READ_TIMEOUT_SECONDS = 5;
    // how long a new owner tries to read what the services had before it places them anew
    private static final long TAKE_OVER_READ_SECONDS = 60;
    private static final long RECOVERY_RECHECK_MILLIS = 500;
    // a node that refused a service's programming is asked again after this long
    private static final long NODE_RETRY_SECONDS = 5;
    // how often the nodes are cleared of what no service has, once every service is programmed
    private static final long RECONCILE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DataBroker dataBroker;
    private final KeyPaths keyPaths;
    private final NotificationPublishService notifications;
    private final SiteKeyServices sites;
    private final ScheduledExecutorService executor;
    private final int maxStock;
    // dates mode changes and the delivery samples of the exhaustion estimate
    private final InstantSource clock;
    // touched on the executor only
    private final Map<String, Managed> services = new HashMap<>();
    // touched on the executor only: the services as the operational datastore had them when this orchestrator started
    // (placed by this member before a restart, or by the cluster member that owned the controller before), until each
    // is placed again
    private final Map<String, Taken> takenOver = new HashMap<>();
    // touched on the executor only: the paths taken over that are still good, reserved, until their service is placed
    private final Map<String, Placement> kept = new HashMap<>();
    // touched on the executor only: whether the configured services were read, and when the nodes were reconciled
    private boolean configurationRead;
    private @Nullable Long reconciled;
    // touched on the executor only: the chain the services' operational state is written through, so that each write
    // builds on the one before it instead of conflicting with it while that one commits; null until the first write
    // and after a failure
    private @Nullable TransactionChain stateChain;

    ServiceOrchestrator(final DataBroker dataBroker, final KeyPaths keyPaths,
            final NotificationPublishService notifications, final SiteKeyServices sites,
            final ScheduledExecutorService executor, final int maxStock, final InstantSource clock) {
        this.dataBroker = requireNonNull(dataBroker);
        this.keyPaths = requireNonNull(keyPaths);
        this.notifications = requireNonNull(notifications);
        this.sites = requireNonNull(sites);
        this.executor = requireNonNull(executor);
        this.maxStock = maxStock;
        this.clock = requireNonNull(clock);
    }

    @Override
    public void onInitialData() {
        executor.execute(() -> configurationRead = true);
    }

    @Override
    public void onDataTreeChanged(final List<DataTreeModification<KeyService>> changes) {
        final var removed = new ArrayList<String>();
        final var configured = new ArrayList<KeyService>();
        for (var change : changes) {
            final var after = change.getRootNode().dataAfter();
            if (after == null) {
                removed.add(change.path().getFirstKeyOf(KeyService.class).getServiceId());
            } else {
                configured.add(after);
            }
        }
        executor.execute(() -> {
            configurationRead = true;
            // rate released before it is asked for; and the paths taken over that are still good are reserved
            // before any other placement could take their rate
            removed.forEach(this::remove);
            final var others = new ArrayList<KeyService>(configured.size());
            for (var config : configured) {
                if (reserveKept(config)) {
                    configure(config);
                } else {
                    others.add(config);
                }
            }
            others.forEach(this::configure);
        });
    }

    /**
     * Reads the services' operational state as it is when this orchestrator starts, before it hears of their
     * configuration: each service placed before (by this member before a restart, or by the cluster member that
     * owned the controller) keeps its mode, its last change and, while it is still good, its path, with the same
     * programming on the nodes. Runs on the orchestrator's executor, before anything else.
     */
    void takeOver() {
        final var state = readState();
        if (state.isEmpty()) {
            return;
        }
        for (var service : state.orElseThrow().nonnullKeyService().values()) {
            final var taken = Taken.of(service);
            if (taken != null) {
                takenOver.put(service.getServiceId(), taken);
            }
        }
        if (!takenOver.isEmpty()) {
            LOG.info("Key orchestrator: taking over {} placed key services", takenOver.size());
        }
    }

    // the services' operational state; right after a member died the datastore may still be electing the leader of
    // its shard, so it is read again for a while; empty when there is none or it cannot be read
    private Optional<KeyServices> readState() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TAKE_OVER_READ_SECONDS);
        while (true) {
            try (var tx = dataBroker.newReadOnlyTransaction()) {
                return tx.read(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(KeyServices.class)
                    .build()).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("Key orchestrator: the services' state cannot be read within {} s; every service is "
                        + "placed anew", TAKE_OVER_READ_SECONDS, e);
                    return Optional.empty();
                }
                LOG.info("Key orchestrator: the services' state cannot be read yet ({}); reading again",
                    e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    // reserves the path a service taken over had, if it is still good under its policy, for its placement to use
    private boolean reserveKept(final KeyService config) {
        final var taken = takenOver.get(config.getServiceId());
        if (taken == null || taken.links().isEmpty() || services.containsKey(config.getServiceId())) {
            return false;
        }
        final ServiceSpec spec;
        final Optional<Policy> policy;
        try {
            spec = spec(config);
            policy = readPolicy(config.getPolicy());
        } catch (IllegalArgumentException | ExecutionException | TimeoutException e) {
            LOG.debug("Key service {}: its path is not kept", config.getServiceId(), e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (policy.isEmpty() || !taken.nodes().getFirst().equals(spec.nodeA())
                || !taken.nodes().getLast().equals(spec.nodeB())) {
            return false;
        }
        final Placement placement;
        try {
            placement = keyPaths.place(PlacementRequest.reserving(spec.nodeA(), spec.nodeB(), spec.rateBps(),
                spec.keyBits()).keeping(taken.links()), policy.orElseThrow());
        } catch (PathComputeException e) {
            LOG.debug("Key service {}: its path is not kept", config.getServiceId(), e);
            return false;
        }
        final var paths = placement.decision().paths();
        if (paths.size() == 1 && paths.getFirst().path().links().equals(taken.links())) {
            kept.put(config.getServiceId(), placement);
            return true;
        }
        // no longer good: placed after the paths that are kept
        placement.reservation().ifPresent(keyPaths::release);
        return false;
    }

    /**
     * Policies changed: services under them are placed again. A policy that appears (also each policy when the
     * listener starts) places again only the services that were waiting for it: the others were placed under it
     * already, and keep their paths.
     *
     * @return the listener
     */
    DataTreeChangeListener<Policy> policyListener() {
        return changes -> {
            final var changed = new HashSet<String>();
            final var created = new HashSet<String>();
            for (var change : changes) {
                final var name = change.path().getFirstKeyOf(Policy.class).getName().getValue();
                final var node = change.getRootNode();
                if (node.dataBefore() == null) {
                    created.add(name);
                } else if (!node.dataBefore().equals(node.dataAfter())) {
                    changed.add(name);
                }
            }
            executor.execute(() -> {
                for (var managed : List.copyOf(services.values())) {
                    final var policy = managed.config.getPolicy().getValue();
                    if (changed.contains(policy) || created.contains(policy) && managed.policyMode == null) {
                        place(managed, "policy " + policy + (changed.contains(policy) ? " changed" : " created"));
                    }
                }
            });
        };
    }

    /**
     * Links changed, as path computation reports them once its key graph has them: the nodes hear of compromised links,
     * services on failing links are placed again, and services that fell back are placed again when a link recovers.
     *
     * @param changes the changes
     * @param topologyVersion the version of the topology that has them
     */
    void linksChanged(final List<LinkChange> changes, final long topologyVersion) {
        LOG.debug("Links changed (topology version {}): {}", topologyVersion, changes);
        executor.execute(() -> {
            final var failing = new HashSet<String>();
            boolean recovered = false;
            for (var change : changes) {
                final var before = change.before();
                final var after = change.after();
                if (after != null && after.compromised() && (before == null || !before.compromised())) {
                    // the nodes' key managers hold the keys: they discard those that crossed it since then
                    sites.linkCompromised(after.source(), after.destination(), after.lastChange())
                        .whenComplete((discarded, failure) -> {
                            AUDIT.info("link {} aborted at {}: keys relayed over it since then discarded at the nodes: "
                                + "{}", change.id(), after.lastChange(),
                                failure == null ? discarded : "not known (" + failure.getMessage() + ")");
                            SecurityEvent.of(SecurityEvent.Type.KEYS_DISCARDED, "link " + change.id()
                                + " compromised at " + after.lastChange() + ": keys relayed over it since then "
                                + "discarded at the nodes").with("link", change.id())
                                .with("since", after.lastChange()).with("discarded", failure == null ? discarded : null)
                                .with("failure", failure == null ? null : failure.getMessage()).emit();
                        });
                }
                if (after == null || !after.usable() || before != null && after.qber() > before.qber()) {
                    failing.add(change.id());
                }
                if (after != null && after.usable() && (before == null || !before.usable()
                        || after.qber() < before.qber())) {
                    recovered = true;
                }
            }
            for (var managed : List.copyOf(services.values())) {
                final var used = managed.links();
                final var hit = failing.stream().filter(used::contains).findFirst();
                if (hit.isPresent()) {
                    place(managed, "link " + hit.orElseThrow() + " changed");
                }
            }
            if (recovered) {
                placeFallenBack("links recovered");
                executor.schedule(() -> placeFallenBack("links recovered"), RECOVERY_RECHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * A node became connected: the services its nodes could not take are placed and programmed again now, not at
     * their next retry (a new cluster owner, say, that had not read its nodes yet when it placed them).
     */
    void nodeConnected() {
        executor.execute(() -> {
            for (var managed : List.copyOf(services.values())) {
                if (!managed.programmed && managed.retry != null) {
                    place(managed, "a node connected");
                }
            }
        });
    }

    private void placeFallenBack(final String trigger) {
        for (var managed : List.copyOf(services.values())) {
            if (managed.fellBack()) {
                place(managed, trigger);
            }
        }
    }

    private void configure(final KeyService config) {
        final var id = config.getServiceId();
        final var existing = services.get(id);
        final var managed = existing != null ? existing : new Managed(config);
        if (existing == null) {
            final var taken = takenOver.get(id);
            if (taken != null) {
                managed.mode = taken.mode();
                managed.reason = taken.reason();
                managed.lastChange = taken.lastChange();
            }
        }
        managed.config = config;
        services.put(id, managed);
        try {
            final var spec = spec(config);
            for (var slave : spec.slaves()) {
                final var twin = services.values().stream().filter(other -> other != managed && other.spec != null
                    && other.spec.masterSae().equals(spec.masterSae()) && other.spec.slaves().contains(slave))
                    .findFirst();
                if (twin.isPresent()) {
                    throw new IllegalArgumentException("SAE pair " + spec.masterSae() + " -> " + slave
                        + " is already served by key service " + twin.orElseThrow().config.getServiceId());
                }
            }
            managed.spec = spec;
        } catch (IllegalArgumentException e) {
            managed.spec = null;
            releaseReservation(managed);
            dropKept(id);
            // removed from the nodes, and placed again only once its configuration changes
            managed.refusedByConfig = true;
            decide(managed, ServiceMode.Refused, DecisionReason.None, e.getMessage(), Optional.empty(),
                "configured");
            return;
        }
        // a configuration that was refused may have been mended
        managed.refusedByConfig = false;
        place(managed, existing == null ? "created" : "changed");
    }

    private ServiceSpec spec(final KeyService config) {
        final var saeA = config.getSaeA();
        final var saeB = config.getSaeB();
        if (saeA == null || saeB == null || saeA.getSaeId() == null || saeB.getSaeId() == null
                || saeA.getNode() == null || saeB.getNode() == null || config.getRequiredRate() == null
                || config.getPolicy() == null) {
            throw new IllegalArgumentException("sae-a, sae-b (sae-id and node), required-rate and policy are "
                + "required");
        }
        final long bits = config.getKeySize() == null ? 256 : config.getKeySize().getValue().longValue();
        if (bits % Byte.SIZE != 0 || bits > ServiceSpec.MAX_KEY_BITS) {
            throw new IllegalArgumentException("key-size must be a multiple of 8 bits (ETSI GS QKD 014) between "
                + ServiceSpec.MIN_KEY_BITS + " and " + ServiceSpec.MAX_KEY_BITS + ", was " + bits);
        }
        final var additional = saeB.getAdditionalSaeId() == null ? List.<String>of()
            : saeB.getAdditionalSaeId().stream().map(SaeId::getValue).sorted().toList();
        return new ServiceSpec(config.getServiceId(), saeA.getSaeId().getValue(), saeB.getSaeId().getValue(),
            saeA.getNode().getValue(), saeB.getNode().getValue(), (int) bits,
            config.getRequiredRate().getValue().longValue(), maxStock, additional);
    }

    private void remove(final String id) {
        takenOver.remove(id);
        dropKept(id);
        final var managed = services.remove(id);
        if (managed == null) {
            return;
        }
        if (managed.retry != null) {
            managed.retry.cancel(false);
        }
        releaseReservation(managed);
        try {
            sites.program(id, null);
        } catch (ProgrammingException e) {
            LOG.warn("Key service {}: not removed from every node: {}", id, e.getMessage());
        }
        final var tx = stateTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, serviceId(id));
        commit(tx.commit(), "removing the state of key service " + id);
        AUDIT.info("key service {} deleted: reservation released, removed from the nodes, which erase its keys", id);
    }

    private void place(final Managed managed, final String trigger) {
        if (managed.retry != null) {
            managed.retry.cancel(false);
            managed.retry = null;
        }
        if (!services.containsKey(managed.config.getServiceId()) || managed.mode == ServiceMode.Refused
                && managed.refusedByConfig) {
            return;
        }
        releaseReservation(managed);
        final var config = managed.config;
        final Optional<Policy> policy;
        try {
            policy = readPolicy(config.getPolicy());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Key service {}: policy {} cannot be read", config.getServiceId(), config.getPolicy(), e);
            retryLater(managed, trigger);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (policy.isEmpty()) {
            // placed again when the policy is created
            managed.policyMode = null;
            apply(managed, Outcome.noPolicy(config.getPolicy()), trigger);
            return;
        }
        managed.policyMode = policy.orElseThrow().getMode();
        // the nodes' key managers relay each service over one path
        final var spec = requireNonNull(managed.spec);
        final Placement placement;
        final var reserved = kept.remove(config.getServiceId());
        try {
            placement = reserved != null ? reserved : keyPaths.place(PlacementRequest.reserving(spec.nodeA(),
                spec.nodeB(), spec.rateBps(), spec.keyBits()), policy.orElseThrow());
        } catch (PathComputeException e) {
            apply(managed, Outcome.notPlaced(spec, policy.orElseThrow(), e), trigger);
            return;
        }
        // taken over once placed: from now on it is placed as any other
        takenOver.remove(config.getServiceId());
        managed.reservation = placement.reservation().isPresent() ? placement.reservation().getAsLong() : null;
        managed.topologyVersion = placement.topologyVersion();
        apply(managed, Outcome.placed(spec, policy.orElseThrow(), placement), trigger);
    }

    private void apply(final Managed managed, final Outcome outcome, final String trigger) {
        if (outcome.paths() != null) {
            managed.paths = outcome.paths();
        }
        decide(managed, outcome.mode(), outcome.reason(), outcome.detail(), outcome.plan(), trigger);
    }

    private void retryLater(final Managed managed, final String trigger) {
        managed.retry = executor.schedule(() -> place(managed, trigger), 1, TimeUnit.SECONDS);
    }

    private void decide(final Managed managed, final ServiceMode mode, final DecisionReason reason,
            final @Nullable String detail, final Optional<SitePlan> plan, final String trigger) {
        final var id = managed.config.getServiceId();
        var shownDetail = detail;
        // a service refused for now (no path, not enough rate) keeps what its nodes hold, paused: the keys they stored
        // stay deliverable, and nothing is erased because a link flapped or the controller started before its devices
        // answered; only a deletion, or a configuration that is refused, removes it from the nodes
        final var refusal = plan.isEmpty() && !managed.refusedByConfig ? pauseOnNodes(managed)
            : programSites(managed, plan);
        if (refusal != null) {
            shownDetail = detail == null ? refusal : detail + "; " + refusal;
            managed.retry = executor.schedule(() -> place(managed, trigger), NODE_RETRY_SECONDS, TimeUnit.SECONDS);
        }
        final var old = managed.mode;
        final var now = clock.instant();
        final boolean changed = old != mode || managed.lastChange == null;
        managed.mode = mode;
        managed.reason = reason;
        managed.detail = shownDetail;
        if (changed) {
            managed.lastChange = now;
            AUDIT.info("key service {}: mode {} -> {} (reason {}{}) on {}", id, old.getName(), mode.getName(),
                reason.getName(), shownDetail == null ? "" : ": " + shownDetail, trigger);
            SecurityEvent.of(SecurityEvent.Type.MODE_CHANGE, "key service " + id + ": mode " + old.getName() + " -> "
                + mode.getName() + " (reason " + reason.getName() + ")").with("service", id)
                .with("old-mode", old.getName()).with("new-mode", mode.getName()).with("reason", reason.getName())
                .with("trigger", trigger).emit();
            final var notification = new KeyServiceModeChangedBuilder()
                .setServiceId(id)
                .setOldMode(old)
                .setNewMode(mode)
                .setReason(reason)
                .setTimestamp(new DateAndTime(now.toString()))
                .build();
            if (notifications.offerNotification(notification) == NotificationPublishService.REJECTED) {
                LOG.warn("Key service {}: mode-change notification dropped, listeners are too slow", id);
            }
        } else {
            LOG.debug("Key service {}: placed again on {} (topology version {}), still {} via {}", id, trigger,
                managed.topologyVersion, mode.getName(), managed.paths.stream().map(Route::nodes).toList());
        }
        writeState(List.of(managed));
    }

    /**
     * Publishes the counters of every service whose counts changed. Runs on the orchestrator's executor.
     */
    void refreshCounters() {
        final var changed = new ArrayList<Managed>();
        for (var managed : services.values()) {
            if (managed.lastChange == null) {
                // not placed yet: its state is written once it is
                continue;
            }
            final var counters = counts(managed);
            if (counters.isPresent() && !counters.orElseThrow().equals(managed.published)) {
                changed.add(managed);
            }
        }
        if (!changed.isEmpty()) {
            writeState(changed);
        }
        reconcileSites();
    }

    // once every service at the sites is programmed, and from then on every interval: the nodes lose what no
    // service has (left by services deleted or moved while the controller was stopped)
    private void reconcileSites() {
        final long now = System.nanoTime();
        if (!configurationRead || reconciled != null && now - reconciled < RECONCILE_INTERVAL_NANOS
                || services.values().stream().anyMatch(managed -> atSites(managed) && !managed.programmed)) {
            return;
        }
        reconciled = now;
        final int removed = sites.reconcile(Set.copyOf(services.keySet()));
        if (removed > 0) {
            AUDIT.info("reconciliation: {} applications and virtual links no key service has removed from the nodes",
                removed);
        }
    }

    private void writeState(final List<Managed> managedServices) {
        final var tx = stateTransaction();
        for (var managed : managedServices) {
            tx.put(LogicalDatastoreType.OPERATIONAL, serviceId(managed.config.getServiceId()), withState(managed));
        }
        commit(tx.commit(), "writing key service state");
    }

    // a write of the services' operational state, on the chain that orders them
    private WriteTransaction stateTransaction() {
        var chain = stateChain;
        if (chain == null) {
            final var created = dataBroker.createTransactionChain();
            created.addCallback(new FutureCallback<Empty>() {
                @Override
                public void onSuccess(final Empty result) {
                    // closed
                }

                @Override
                public void onFailure(final Throwable cause) {
                    LOG.warn("Key orchestrator: writing key service state failed; it is written again whole", cause);
                    try {
                        executor.execute(() -> stateChainFailed(created));
                    } catch (RejectedExecutionException e) {
                        LOG.debug("Key orchestrator stopped: state not written again", e);
                    }
                }
            });
            stateChain = created;
            chain = created;
        }
        return chain.newWriteOnlyTransaction();
    }

    // a write failed, and with it the chain: the operational key services are written again as a whole, which also
    // drops the state of a service whose removal was lost
    private void stateChainFailed(final TransactionChain failed) {
        if (stateChain != failed) {
            return;
        }
        failed.close();
        stateChain = null;
        final var placed = services.values().stream().filter(managed -> managed.lastChange != null)
            .map(this::withState).toList();
        final var tx = stateTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, DataObjectIdentifier.builder(KeyServices.class).build(),
            new KeyServicesBuilder().setKeyService(BindingMap.of(placed)).build());
        commit(tx.commit(), "writing the state of every key service again");
    }

    /**
     * Stops writing state: closes the chain it is written through. Runs on the orchestrator's executor, or once that
     * executor has stopped.
     */
    void close() {
        final var chain = stateChain;
        stateChain = null;
        if (chain != null) {
            chain.close();
        }
    }

    // the operational entry of a service: its configuration with its state
    private KeyService withState(final Managed managed) {
        final var counters = counts(managed);
        managed.published = counters.orElse(null);
        final var state = new StateBuilder()
            .setMode(managed.mode)
            .setReason(managed.reason)
            .setLastChange(new DateAndTime(managed.lastChange.toString()));
        var detail = managed.detail;
        if (detail == null && counters.isPresent() && managed.mode != ServiceMode.Refused) {
            detail = counters.orElseThrow().lastFailure().map(failure -> "last key production failure: "
                + failure).orElse(null);
        }
        state.setDetail(detail);
        final var paths = new ArrayList<Path>();
        for (var path : managed.paths) {
            paths.add(new PathBuilder().setIndex(Uint8.valueOf(paths.size())).setHop(nodes(path))
                .setLink(path.links().stream().map(LinkId::new).toList())
                .setRate(managed.config.getRequiredRate()).build());
        }
        state.setPath(paths.stream().collect(BindingMap.toOrderedMap()));
        counters.ifPresent(count -> {
            state.setKeysStored(Uint32.valueOf(Math.min(count.stored(), Uint32.MAX_VALUE.longValue())))
                .setKeysDelivered(new Counter64(Uint64.valueOf(count.delivered())))
                .setKeysDiscarded(new Counter64(Uint64.valueOf(count.discarded())));
            managed.exhaustion.sample(clock.instant(), count.delivered());
            managed.exhaustion.secondsLeft(count.stored(), production(managed))
                .ifPresent(seconds -> state.setExhaustionTime(Uint64.valueOf(seconds)));
        });
        return new KeyServiceBuilder(managed.config).setState(state.build()).build();
    }

    // keys a service makes per second in its mode: QKD and hybrid keys at the required rate, PQC keys on demand
    private static double production(final Managed managed) {
        return switch (managed.mode) {
            case Qkd, Hybrid -> {
                final var rate = managed.config.getRequiredRate();
                final long bits = managed.config.getKeySize() == null ? 256
                    : managed.config.getKeySize().getValue().longValue();
                yield rate == null ? 0 : rate.getValue().doubleValue() / bits;
            }
            case Pqc -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
    }

    /**
     * A service's counters, from its nodes: counts only.
     */
    private record Counts(long stored, long delivered, long discarded, Optional<String> lastFailure) {
    }

    private Optional<Counts> counts(final Managed managed) {
        return sites.counters(managed.config.getServiceId()).map(site -> new Counts(site.stored(), site.delivered(),
            site.discarded(), site.lastFailure()));
    }

    // whether both ends of the service are nodes whose key managers take applications
    private boolean atSites(final Managed managed) {
        final var spec = managed.spec;
        return spec != null && sites.takesApplications(spec.nodeA()) && sites.takesApplications(spec.nodeB());
    }

    // stops the nodes making keys for a service and keeps those they hold; says why they did not take it, null when
    // they did. A service not programmed since the controller started is left as its nodes have it
    private @Nullable String pauseOnNodes(final Managed managed) {
        final var last = managed.lastPlan;
        if (last == null || last.rateBps() == 0) {
            managed.programmed = true;
            return null;
        }
        return programSites(managed, Optional.of(last.paused()));
    }

    // programs the nodes with a decision; says why they did not take it, null when they did
    private @Nullable String programSites(final Managed managed, final Optional<SitePlan> plan) {
        final var id = managed.config.getServiceId();
        try {
            sites.program(id, plan.orElse(null));
            managed.programmed = true;
            managed.lastPlan = plan.orElse(null);
            return null;
        } catch (ProgrammingException e) {
            managed.programmed = false;
            LOG.warn("Key service {}: {}", id, e.getMessage());
            return "the nodes did not take it: " + e.getMessage();
        }
    }

    private static List<NodeId> nodes(final Route path) {
        return path.nodes().stream().map(NodeId::new).toList();
    }

    private void releaseReservation(final Managed managed) {
        final var reservation = managed.reservation;
        managed.reservation = null;
        if (reservation == null) {
            return;
        }
        if (!keyPaths.release(reservation)) {
            LOG.debug("Key service {}: reservation {} was not held", managed.config.getServiceId(), reservation);
        }
    }

    // releases the path reserved for a service taken over that is not placed after all
    private void dropKept(final String id) {
        final var placement = kept.remove(id);
        if (placement != null) {
            placement.reservation().ifPresent(keyPaths::release);
        }
    }

    private Optional<Policy> readPolicy(final PolicyName name) throws InterruptedException, ExecutionException,
            TimeoutException {
        try (var tx = dataBroker.newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class)
                .child(Policy.class, new PolicyKey(name)).build()).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static DataObjectIdentifier.WithKey<KeyService, KeyServiceKey> serviceId(final String id) {
        return DataObjectIdentifier.builder(KeyServices.class).child(KeyService.class, new KeyServiceKey(id)).build();
    }

    private static void commit(final FluentFuture<? extends CommitInfo> future, final String what) {
        future.addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                // nothing to do
            }

            @Override
            public void onFailure(final Throwable cause) {
                // the chain fails with it, and says so
                LOG.debug("Key orchestrator: failed {}", what, cause);
            }
        }, MoreExecutors.directExecutor());
    }

    /**
     * A service as the operational datastore had it when this orchestrator started.
     *
     * @param mode its mode
     * @param reason its reason
     * @param lastChange when its mode last changed
     * @param nodes the nodes of its path, empty when it had none
     * @param links the links of its path
     */
    private record Taken(ServiceMode mode, DecisionReason reason, Instant lastChange, List<String> nodes,
            List<String> links) {
        static @Nullable Taken of(final KeyService service) {
            final var state = service.getState();
            if (state == null || state.getMode() == null || state.getLastChange() == null) {
                return null;
            }
            final Instant lastChange;
            try {
                lastChange = Instant.parse(state.getLastChange().getValue());
            } catch (DateTimeParseException e) {
                return null;
            }
            final var path = state.nonnullPath().get(new PathKey(Uint8.ZERO));
            List<String> nodes = List.of();
            List<String> links = List.of();
            if (path != null && path.getHop() != null && path.getLink() != null
                    && path.getLink().size() == path.getHop().size() - 1) {
                nodes = path.getHop().stream().map(NodeId::getValue).toList();
                links = path.getLink().stream().map(LinkId::getValue).toList();
            }
            return new Taken(state.getMode(), state.getReason() == null ? DecisionReason.None : state.getReason(),
                lastChange, nodes, links);
        }
    }

    /**
     * One service as the orchestrator keeps it.
     */
    private static final class Managed {
        KeyService config;
        ServiceMode mode = ServiceMode.Pending;
        DecisionReason reason = DecisionReason.None;
        @Nullable String detail;
        @Nullable PolicyMode policyMode;
        @Nullable Long reservation;
        // the version of the topology its last placement was computed on
        long topologyVersion;
        List<Route> paths = List.of();
        @Nullable Instant lastChange;
        boolean refusedByConfig;
        @Nullable ScheduledFuture<?> retry;
        @Nullable Counts published;
        // the service as checked, null while its configuration is refused
        @Nullable ServiceSpec spec;
        // whether the nodes took its last programming
        boolean programmed;
        // what the nodes took last, null when nothing or a removal
        @Nullable SitePlan lastPlan;
        // when its stock runs out
        final Exhaustion exhaustion = new Exhaustion();

        Managed(final KeyService config) {
            this.config = config;
        }

        Set<String> links() {
            final var out = new HashSet<String>();
            for (var path : paths) {
                out.addAll(path.links());
            }
            return out;
        }

        /**
         * Whether the service is below what its policy asks for.
         *
         * @return true for a fallback to PQC, or a refusal, under a policy that wants QKD
         */
        boolean fellBack() {
            if (policyMode == null || refusedByConfig) {
                return false;
            }
            return switch (policyMode) {
                case QkdOnly, QkdPreferredPqcFallback -> mode != ServiceMode.Qkd;
                case Hybrid -> mode != ServiceMode.Hybrid;
                case PqcOnly -> false;
            };
        }
    }

}
