/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.impl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.qkd.model.testing.QkdTopology.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractConcurrentDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.model.testing.QkdTopology;
import org.opendaylight.qkd.pathcompute.algo.KeyGraph;
import org.opendaylight.qkd.pathcompute.api.LinkChange;
import org.opendaylight.qkd.pathcompute.api.PathComputeException;
import org.opendaylight.qkd.pathcompute.api.Placement;
import org.opendaylight.qkd.pathcompute.api.PlacementRequest;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NetworkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.Networks;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.Network;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.Node;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.networks.network.NodeKey;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.LinkId;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.topology.rev180226.networks.network.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.SaeABuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.SaeBBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.StateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ComputeKeyPathOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.ReleaseKeyPathInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.WhatIfOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.compute.key.path.output.Path;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.Change;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.AddLink;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.AddLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.CutLinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.ExtraLossBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.NodeDownBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.RateBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.Physics.Decoy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.Physics.Protocol;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.PhysicsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.add.link.planning.physics.physics.ParameterBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.AffectedService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.output.PlannedLink.NoKeyReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyMode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPoliciesBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.policy.MetricBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.DecisionReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.Jurisdiction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.MlKemParameterSet;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.SaeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.ServiceMode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcError;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The topology mirror and the RPCs against a real (in-memory) data broker.
 *
 * <pre>
 *      r1 ---- r2
 *     /          \
 *   a              b       every link 10 kbit/s (effective), QBER 0.02; r3 in jurisdiction XX
 *     \          /
 *      r3 ---- r4
 * </pre>
 */
class PathComputeDatastoreTest extends AbstractConcurrentDataBrokerTest {
    private static final String NETWORK = "qkd-net";
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-07T08:00:00Z"));
    private static final DataObjectIdentifier<Network> NETWORK_ID = QkdTopology.networkId(NETWORK);
    private static final List<String> LINKS = List.of("a-r1", "r1-r2", "r2-b", "a-r3", "r3-r4", "r4-b");

    private TopologyMirror mirror;
    private KeyPathRpcs rpcs;
    private Registration registration;

    @BeforeEach
    void setUp() throws Exception {
        setup();
        mirror = new TopologyMirror(CLOCK);
        registration = getDataBroker().registerTreeChangeListener(LogicalDatastoreType.OPERATIONAL,
            DataObjectReference.builder(Networks.class).child(Network.class).build(), mirror);
        rpcs = new KeyPathRpcs(getDataBroker(), new PathComputation(mirror));

        final var nodes = new ArrayList<Node>();
        for (var node : List.of("a", "b", "r1", "r2", "r3", "r4")) {
            nodes.add(node(node, node.equals("r3") ? "XX" : "DE"));
        }
        final var links = new ArrayList<Link>();
        for (var link : LINKS) {
            links.add(link(link, LinkState.Up, 10_000, "0.02", null));
        }
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, NETWORK_ID, QkdTopology.network(NETWORK, nodes, links));
        tx.commit().get(10, TimeUnit.SECONDS);
        final var config = getDataBroker().newWriteOnlyTransaction();
        config.put(LogicalDatastoreType.CONFIGURATION, DataObjectIdentifier.builder(QkdPolicies.class).build(),
            new QkdPoliciesBuilder().setPolicy(BindingMap.of(
                policy("strict", PolicyMode.QkdOnly).build(),
                policy("fallback", PolicyMode.QkdPreferredPqcFallback).build(),
                policy("mixed", PolicyMode.Hybrid).setMlKemParameterSet(MlKemParameterSet.MlKem1024).build(),
                policy("pqc", PolicyMode.PqcOnly).build(),
                policy("not-xx", PolicyMode.QkdOnly).setExcludedJurisdiction(Set.of(new Jurisdiction("XX")))
                    .build(),
                policy("zero-metric", PolicyMode.QkdOnly).setMetric(new MetricBuilder()
                    .setHopWeight(Decimal64.valueOf("0")).build()).build())).build());
        config.commit().get(10, TimeUnit.SECONDS);
        await(() -> graph().linkCount() == 6 && graph().nodeCount() == 6);
    }

    @AfterEach
    void tearDown() {
        registration.close();
    }

    private KeyGraph graph() {
        return mirror.graph(NETWORK).orElseGet(KeyGraph::new);
    }

    // a trusted node of operator OpA
    private static Node node(final String id, final String jurisdiction) {
        return QkdTopology.node(id).trusted(true).operator("OpA").jurisdiction(jurisdiction).build();
    }

    // a link named after its ends ("r1-r2"); its devices report twice the effective secret key rate
    private static Link link(final String id, final LinkState state, final long eskr, final String qber,
            final Long pool) {
        final var ends = id.split("-");
        final var link = QkdTopology.link(id, ends[0], ends[1]).status(state).secretKeyRate(eskr * 2)
            .effectiveSecretKeyRate(eskr).qber(qber);
        return (pool == null ? link : link.keyPoolFill(pool)).build();
    }

    private void putLink(final Link link) throws Exception {
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, QkdTopology.linkId(NETWORK_ID, link), link);
        tx.commit().get(10, TimeUnit.SECONDS);
    }

    private static void await(final BooleanSupplier condition) {
        Awaitility.await("the topology mirror catching up").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    private static ComputeKeyPathInputBuilder demand(final String from, final String to, final long rate,
            final String policy) {
        return new ComputeKeyPathInputBuilder().setSourceNode(new NodeId(from)).setDestinationNode(new NodeId(to))
            .setRate(rate).setPolicy(new PolicyName(policy));
    }

    private RpcResult<ComputeKeyPathOutput> call(final ComputeKeyPathInputBuilder input) throws Exception {
        return rpcs.computeKeyPath().invoke(input.build()).get(10, TimeUnit.SECONDS);
    }

    private ComputeKeyPathOutput ok(final ComputeKeyPathInputBuilder input) throws Exception {
        final var result = call(input);
        assertTrue(result.isSuccessful(), () -> "errors: " + result.getErrors());
        return result.getResult();
    }

    private static RpcError onlyError(final RpcResult<?> result) {
        assertFalse(result.isSuccessful());
        assertEquals(1, result.getErrors().size(), () -> "errors: " + result.getErrors());
        final var error = result.getErrors().iterator().next();
        assertEquals(ErrorType.APPLICATION, error.getErrorType());
        assertEquals(ErrorTag.INVALID_VALUE, error.getTag());
        return error;
    }

    private static List<String> hops(final Path path) {
        return path.getHop().stream().map(NodeId::getValue).toList();
    }

    // a service placed as the orchestrator places it (reserving), its configuration and state in the datastore
    private ComputeKeyPathOutput service(final String name, final String policy, final long rate) throws Exception {
        final var placed = ok(demand("a", "b", rate, policy).setReserve(true));
        final var key = new KeyServiceKey(name);
        final var config = new KeyServiceBuilder().withKey(key)
            .setSaeA(new SaeABuilder().setSaeId(new SaeId(name + "-a")).setNode(new NodeId("a")).build())
            .setSaeB(new SaeBBuilder().setSaeId(new SaeId(name + "-b")).setNode(new NodeId("b")).build())
            .setRequiredRate(new BitRate(Uint64.valueOf(rate))).setPolicy(new PolicyName(policy)).build();
        final var paths = new ArrayList<org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125
            .key.services.key.service.state.Path>();
        for (var path : placed.nonnullPath().values()) {
            paths.add(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key
                .service.state.PathBuilder().setIndex(path.getIndex()).setHop(path.getHop()).setLink(path.getLink())
                .setRate(path.getRate()).build());
        }
        final var state = new StateBuilder().setMode(placed.getMode()).setReason(placed.getReason());
        if (!paths.isEmpty()) {
            state.setPath(BindingMap.ordered(paths));
        }
        final var id = DataObjectIdentifier.builder(KeyServices.class).child(KeyService.class, key).build();
        final var configTx = getDataBroker().newWriteOnlyTransaction();
        configTx.put(LogicalDatastoreType.CONFIGURATION, id, config);
        configTx.commit().get(10, TimeUnit.SECONDS);
        final var stateTx = getDataBroker().newWriteOnlyTransaction();
        // the orchestrator's operational entry: the configuration with the state
        stateTx.put(LogicalDatastoreType.OPERATIONAL, id, new KeyServiceBuilder(config).setState(state.build())
            .build());
        stateTx.commit().get(10, TimeUnit.SECONDS);
        return placed;
    }

    private RpcResult<WhatIfOutput> whatIf(final Change change) throws Exception {
        return new WhatIfRpc(getDataBroker(), rpcs.paths()).whatIf().invoke(new WhatIfInputBuilder()
            .setChange(change).build()).get(10, TimeUnit.SECONDS);
    }

    private Map<String, AffectedService> affected(final Change change) throws Exception {
        final var spares = LINKS.stream().map(link -> graph().spareBps(link)).toList();
        final var result = whatIf(change);
        assertTrue(result.isSuccessful(), () -> "errors: " + result.getErrors());
        assertEquals(spares, LINKS.stream().map(link -> graph().spareBps(link)).toList(), "nothing reserved");
        final var byName = new TreeMap<String, AffectedService>();
        result.getResult().nonnullAffectedService().values().forEach(one -> byName.put(one.getServiceId(), one));
        return byName;
    }

    @Test
    void whatIfPredictsFromTheServicesInTheDatastoreAndChangesNothing() throws Exception {
        // 6,000 of each route's 10,000: the two services take the two routes
        final var first = service("s1", "fallback", 6_000);
        final var second = service("s2", "strict", 6_000);
        final var firstLinks = first.nonnullPath().values().iterator().next().getLink();
        final var secondLinks = second.nonnullPath().values().iterator().next().getLink();
        assertNotEquals(firstLinks, secondLinks);

        // a cut on the first's route: the other has 4,000 spare, the first falls back to PQC for the rate
        final var cut = affected(new CutLinkBuilder().setCutLink(firstLinks.get(1)).build());
        assertEquals(Set.of("s1"), cut.keySet());
        assertEquals(ServiceMode.Qkd, cut.get("s1").getMode());
        assertEquals(ServiceMode.Pqc, cut.get("s1").getPredictedMode());
        assertEquals(DecisionReason.InsufficientRate, cut.get("s1").getPredictedReason());
        assertTrue(cut.get("s1").getMoved());

        // 3 dB more on the second's route: 10,000 becomes 5,012, below its 6,000; qkd-only, it is refused
        final var loss = whatIf(new ExtraLossBuilder().setExtraLoss(new org.opendaylight.yang.gen.v1.urn
            .opendaylight.qkd.path.computation.rev261125.what._if.input.change.extra.loss.ExtraLossBuilder()
            .setLink(secondLinks.get(0)).setLoss(Decimal64.valueOf("3")).build()).build()).getResult();
        assertEquals(Uint64.valueOf(5_012), loss.getKeyRate().getValue());
        final var squeezed = loss.nonnullAffectedService().values().iterator().next();
        assertEquals("s2", squeezed.getServiceId());
        assertEquals(ServiceMode.Refused, squeezed.getPredictedMode());

        // a direct a-b link of 20,000: both would take it
        final var direct = affected(new AddLinkBuilder().setAddLink(new org.opendaylight.yang.gen.v1.urn
            .opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.AddLinkBuilder()
            .setLink(new LinkId("a-b")).setNodeA(new NodeId("a")).setNodeB(new NodeId("b"))
            .setPlanning(new RateBuilder().setKeyRate(new BitRate(Uint64.valueOf(20_000))).build()).build()).build());
        assertEquals(Set.of("s1", "s2"), direct.keySet());
        assertEquals(List.of(new LinkId("a-b")),
            direct.get("s1").nonnullPredictedPath().values().iterator().next().getLink());

        // a node down on nobody's path but an end: both
        assertEquals(Set.of("s1", "s2"), affected(new NodeDownBuilder().setNodeDown(new NodeId("b")).build())
            .keySet());

        // names the network does not have
        assertEquals("unknown-link", onlyError(whatIf(new CutLinkBuilder().setCutLink(new LinkId("x-y")).build()))
            .getApplicationTag());
        assertEquals("unknown-node", onlyError(whatIf(new NodeDownBuilder().setNodeDown(new NodeId("x")).build()))
            .getApplicationTag());
        assertEquals("link-exists", onlyError(whatIf(new AddLinkBuilder().setAddLink(new org.opendaylight.yang.gen
            .v1.urn.opendaylight.qkd.path.computation.rev261125.what._if.input.change.add.link.AddLinkBuilder()
            .setLink(new LinkId("a-r1")).setNodeA(new NodeId("a")).setNodeB(new NodeId("b"))
            .setPlanning(new RateBuilder().setKeyRate(new BitRate(Uint64.valueOf(1))).build()).build()).build()))
            .getApplicationTag());
        // questions that cannot be asked: a planned link from a node to itself, or with neither rate nor physics,
        // and no change at all
        final var plannedLink = new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125
            .what._if.input.change.add.link.AddLinkBuilder().setLink(new LinkId("a-a2")).setNodeA(new NodeId("a"));
        assertEquals(KeyPathRpcs.SAME_NODE, onlyError(whatIf(new AddLinkBuilder().setAddLink(plannedLink
            .setNodeB(new NodeId("a")).setPlanning(new RateBuilder().setKeyRate(new BitRate(Uint64.valueOf(1)))
                .build()).build()).build())).getApplicationTag());
        assertEquals("missing-planning", onlyError(whatIf(new AddLinkBuilder().setAddLink(plannedLink
            .setNodeB(new NodeId("b")).setPlanning(null).build()).build())).getApplicationTag());
        assertEquals("unknown-change", onlyError(whatIf(null)).getApplicationTag());
    }

    @Test
    void plannedLinkFromItsPhysics() throws Exception {
        service("s1", "strict", 4_000);

        // 20 km of metro fiber: the rate the model predicts, less 1 % for authentication, and the service takes it
        final var output = whatIf(planned(20, "bb84", null, Map.of()));
        assertTrue(output.isSuccessful(), () -> output.getErrors().toString());
        final var answer = output.getResult();
        final var link = PlannedLink.of(null, null, null, 20, Map.of());
        final var estimate = link.evaluate();
        assertEquals(Uint64.valueOf(Math.round(estimate.secretKeyRateBps() * 0.99)),
            answer.getKeyRate().getValue());
        assertTrue(answer.getKeyRate().getValue().longValue() > 100_000, answer::toString);
        final var predicted = answer.getPlannedLink();
        assertEquals(NoKeyReason.None, predicted.getNoKeyReason());
        assertEquals(estimate.qber(), predicted.getQber().doubleValue(), 1e-4);
        assertTrue(predicted.getRepeaterlessBound().doubleValue() > estimate.secretKeyRateBps(), answer::toString);
        assertEquals(List.of(new LinkId("a-b")), answer.nonnullAffectedService().values().iterator().next()
            .nonnullPredictedPath().values().iterator().next().getLink());

        // 400 km: dark counts make most clicks, the QBER is above the threshold, no key and nothing moves
        final var far = whatIf(planned(400, "bb84", null, Map.of())).getResult();
        assertEquals(Uint64.ZERO, far.getKeyRate().getValue());
        assertEquals(NoKeyReason.QberAboveThreshold, far.getPlannedLink().getNoKeyReason());
        assertTrue(far.nonnullAffectedService().isEmpty(), far::toString);

        // no fiber at all: a rate, and no bound (the repeaterless bound of a lossless channel is infinite)
        final var lossless = whatIf(planned(0, "bb84", null, Map.of())).getResult();
        assertTrue(lossless.getKeyRate().getValue().longValue() > answer.getKeyRate().getValue().longValue());
        assertNull(lossless.getPlannedLink().getRepeaterlessBound());

        // the protocol's own parameters, and the refusals of those that do not fit
        final var mdi = whatIf(planned(100, "mdi", null, Map.of("middle-position", "0.5", "detector-efficiency",
            "0.2"))).getResult();
        assertEquals(Math.round(PlannedLink.of(null, "mdi", null, 100, Map.of("middle-position", 0.5,
            "detector-efficiency", 0.2)).evaluate().secretKeyRateBps() * 0.99), mdi.getKeyRate().getValue()
            .longValue());
        for (var wrong : List.of(Map.of("middle-position", "0.5"), Map.of("detector-efficiency", "2"),
                Map.of("no-such-thing", "1"))) {
            final var error = onlyError(whatIf(planned(20, "bb84", null, wrong)));
            assertEquals("invalid-physics", error.getApplicationTag());
            assertTrue(error.getMessage().contains(wrong.keySet().iterator().next()), error::getMessage);
        }
        assertEquals("invalid-physics", onlyError(whatIf(planned(20, "cv-gg02", Decoy.Finite, Map.of())))
            .getApplicationTag());
    }

    private static AddLink planned(final double km, final String protocol, final Decoy decoy,
            final Map<String, String> parameters) {
        final var physics = new PhysicsBuilder().setFiberLengthKm(Decimal64.valueOf(BigDecimal.valueOf(km)
            .setScale(3))).setProtocol(Protocol.ofName(protocol)).setDecoy(decoy)
            .setParameter(parameters.entrySet().stream().map(entry -> new ParameterBuilder().setName(entry.getKey())
                .setValue(entry.getValue()).build()).collect(BindingMap.toMap()));
        return new AddLinkBuilder().setAddLink(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation
            .rev261125.what._if.input.change.add.link.AddLinkBuilder().setLink(new LinkId("a-b"))
            .setNodeA(new NodeId("a")).setNodeB(new NodeId("b"))
            .setPlanning(new org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.path.computation.rev261125.what._if
                .input.change.add.link.add.link.planning.PhysicsBuilder().setPhysics(physics.build()).build())
            .build()).build();
    }

    @Test
    void pathThroughTrustedRelaysWithItsRate() throws Exception {
        final var output = ok(demand("a", "b", 4_000, "strict"));
        assertEquals(ServiceMode.Qkd, output.getMode());
        assertEquals(DecisionReason.None, output.getReason());
        assertNull(output.getMlKemParameterSet());
        final var path = output.nonnullPath().values().iterator().next();
        assertEquals(3, path.getLink().size());
        assertTrue(List.of(List.of("a", "r1", "r2", "b"), List.of("a", "r3", "r4", "b")).contains(hops(path)));
        assertEquals(Uint64.valueOf(4_000), path.getRate().getValue());
        assertEquals(Decimal64.valueOf("3.000000"), path.getCost());
        assertNull(output.getReservationId());
    }

    @Test
    void inputErrorsAreApplicationErrorsNamingTheValue() throws Exception {
        for (long rate : new long[] {0, -5}) {
            final var error = onlyError(call(demand("a", "b", rate, "strict")));
            assertEquals(KeyPathRpcs.NON_POSITIVE_RATE, error.getApplicationTag());
            assertTrue(error.getMessage().contains(Long.toString(rate)), error.getMessage());
        }
        final var unknownNode = onlyError(call(demand("a", "zz", 1, "strict")));
        assertEquals(KeyPathRpcs.UNKNOWN_NODE, unknownNode.getApplicationTag());
        assertTrue(unknownNode.getMessage().contains("'zz'"), unknownNode.getMessage());
        final var unknownPolicy = onlyError(call(demand("a", "b", 1, "nope")));
        assertEquals(KeyPathRpcs.UNKNOWN_POLICY, unknownPolicy.getApplicationTag());
        assertTrue(unknownPolicy.getMessage().contains("'nope'"), unknownPolicy.getMessage());
        final var badPolicy = onlyError(call(demand("a", "b", 1, "zero-metric")));
        assertEquals(KeyPathRpcs.INVALID_POLICY, badPolicy.getApplicationTag());
        assertEquals(KeyPathRpcs.SAME_NODE, onlyError(call(demand("a", "a", 1, "strict"))).getApplicationTag());
        assertEquals(KeyPathRpcs.UNKNOWN_NETWORK, onlyError(call(demand("a", "b", 1, "strict")
            .setNetworkId(new NetworkId("other")))).getApplicationTag());
        assertEquals(KeyPathRpcs.UNKNOWN_RESERVATION, onlyError(rpcs.releaseKeyPath().invoke(
            new ReleaseKeyPathInputBuilder().setReservationId(Uint64.valueOf(12345)).build())
            .get(10, TimeUnit.SECONDS)).getApplicationTag());
        // the explicit network works as well as the implicit one
        assertEquals(ServiceMode.Qkd, ok(demand("a", "b", 1, "strict").setNetworkId(new NetworkId(NETWORK)))
            .getMode());
    }

    @Test
    void policyModesAndTheirReasons() throws Exception {
        assertEquals(ServiceMode.Hybrid, ok(demand("a", "b", 1_000, "mixed")).getMode());
        assertEquals(MlKemParameterSet.MlKem1024, ok(demand("a", "b", 1_000, "mixed")).getMlKemParameterSet());
        final var pqcOnly = ok(demand("a", "b", 1_000, "pqc"));
        assertEquals(ServiceMode.Pqc, pqcOnly.getMode());
        assertEquals(DecisionReason.PolicyPqcOnly, pqcOnly.getReason());
        assertEquals(MlKemParameterSet.MlKem768, pqcOnly.getMlKemParameterSet());
        final var tooMuch = ok(demand("a", "b", 12_000, "strict"));
        assertEquals(ServiceMode.Refused, tooMuch.getMode());
        assertEquals(DecisionReason.InsufficientRate, tooMuch.getReason());
        assertEquals(ServiceMode.Pqc, ok(demand("a", "b", 12_000, "fallback")).getMode());
        final var notXx = ok(demand("a", "b", 1_000, "not-xx"));
        assertEquals(List.of("a", "r1", "r2", "b"), hops(notXx.nonnullPath().values().iterator().next()));
    }

    @Test
    void linkStateChangesReachTheGraphIncrementally() throws Exception {
        putLink(link("r1-r2", LinkState.Aborted, 10_000, "0.3", null));
        await(() -> graph().link("r1-r2").map(link -> link.qber() > 0.25).orElse(false));
        assertEquals(List.of("a", "r3", "r4", "b"),
            hops(ok(demand("a", "b", 1_000, "strict")).nonnullPath().values().iterator().next()));
        // r3's jurisdiction and the aborted link each block one branch; the link is what changed, and is named
        final var refused = ok(demand("a", "b", 1_000, "not-xx"));
        assertEquals(ServiceMode.Refused, refused.getMode());
        assertEquals(DecisionReason.LinkCompromised, refused.getReason());
        putLink(link("r4-b", LinkState.Down, 10_000, "0.02", null));
        await(() -> graph().link("r4-b").map(link -> link.state() != org.opendaylight.qkd.pathcompute.algo
            .LinkState.UP).orElse(false));
        final var hybrid = ok(demand("a", "b", 1_000, "mixed"));
        assertEquals(ServiceMode.Pqc, hybrid.getMode());
        assertEquals(DecisionReason.LinkCompromised, hybrid.getReason());
    }

    private record Reported(List<LinkChange> changes, long version, boolean graphHadIt) {
    }

    @Test
    void linkChangesAreReportedOnceTheGraphHasThemAndPlacementsSayTheirTopologyVersion() throws Exception {
        await(() -> graph().linkCount() == LINKS.size());
        final var paths = new PathComputation(mirror);
        final var strict = policy("strict", PolicyMode.QkdOnly).build();
        final var reported = new CopyOnWriteArrayList<Reported>();
        final Reported first;
        try (var watch = paths.watchLinks((changes, version) -> reported.add(new Reported(changes, version,
                graph().link("r1-r2").map(link -> link.state() == org.opendaylight.qkd.pathcompute.algo.LinkState
                    .ABORTED).orElse(false))))) {
            final long before = mirror.version();
            putLink(link("r1-r2", LinkState.Aborted, 10_000, "0.3", null));
            await(() -> !reported.isEmpty());
            first = reported.getFirst();
            assertEquals(1, first.changes().size(), first::toString);
            final var change = first.changes().getFirst();
            assertEquals("r1-r2", change.id());
            assertEquals(LinkState.Up, change.before().status());
            assertTrue(change.after().compromised());
            // the datastore does not date the change: the mirror dates it when it reads it
            assertEquals(CLOCK.instant(), change.after().lastChange());
            assertEquals(List.of("r1", "r2"), List.of(change.after().source(), change.after().destination()));
            assertTrue(first.graphHadIt(), "reported before the key graph took the change");
            assertTrue(first.version() > before, "the version did not grow");

            // a placement asked for after the report is computed on a topology that has the change
            final var placement = paths.place(PlacementRequest.reserving("a", "b", 1_000, 256), strict);
            assertTrue(placement.topologyVersion() >= first.version());
            assertEquals(ServiceMode.Qkd, placement.mode());
            assertEquals(List.of("a", "r3", "r4", "b"), placement.decision().paths().getFirst().path().nodes());
            assertTrue(placement.reservation().isPresent());
            assertTrue(paths.release(placement.reservation().getAsLong()));
            assertFalse(paths.release(placement.reservation().getAsLong()), "released twice");

            // a QBER move within the noise is no change; the moves add up until they are one
            putLink(link("r2-b", LinkState.Up, 10_000, "0.022", null));
            putLink(link("r2-b", LinkState.Up, 10_000, "0.026", null));
            await(() -> reported.size() >= 2);
            assertEquals(2, reported.size(), reported::toString);
            final var drift = reported.get(1).changes().getFirst();
            assertEquals("r2-b", drift.id());
            assertEquals(0.02, drift.before().qber(), 1e-9);
            assertEquals(0.026, drift.after().qber(), 1e-9);
        }
        putLink(link("r2-b", LinkState.Down, 10_000, "0.02", null));
        await(() -> graph().link("r2-b").map(link -> link.state() != org.opendaylight.qkd.pathcompute.algo
            .LinkState.UP).orElse(false));
        assertEquals(2, reported.size(), "reported after the registration was closed");

        final var unknown = assertThrows(PathComputeException.class,
            () -> paths.place(PlacementRequest.reserving("a", "zz", 1_000, 256), strict));
        assertEquals(PathComputeException.Problem.UNKNOWN_NODE, unknown.problem());
        assertTrue(unknown.unknownEndpoint());
        assertTrue(unknown.getMessage().contains("'zz'"), unknown.getMessage());
        // the RPC answers with the version too
        assertTrue(ok(demand("a", "b", 1_000, "fallback")).getTopologyVersion().longValue() > first.version());
    }

    @Test
    void removedNodeTakesItsLinksAndTheyReturnWithIt() throws Exception {
        final var nodeId = NETWORK_ID.toBuilder().child(Node.class, new NodeKey(new NodeId("r1"))).build();
        var tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, nodeId);
        tx.commit().get(10, TimeUnit.SECONDS);
        await(() -> graph().nodeCount() == 5 && graph().linkCount() == 4);
        assertEquals(List.of("a", "r3", "r4", "b"),
            hops(ok(demand("a", "b", 1_000, "strict")).nonnullPath().values().iterator().next()));
        tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, nodeId, node("r1", "DE"));
        tx.commit().get(10, TimeUnit.SECONDS);
        await(() -> graph().nodeCount() == 6 && graph().linkCount() == 6);
        // the network leaving the topology takes its graph
        tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, NETWORK_ID);
        tx.commit().get(10, TimeUnit.SECONDS);
        await(() -> mirror.networkIds().isEmpty());
        assertEquals(KeyPathRpcs.UNKNOWN_NETWORK, onlyError(call(demand("a", "b", 1, "strict"))).getApplicationTag());
    }

    @Test
    void reservationHoldsRateUntilReleased() throws Exception {
        final var first = ok(demand("a", "b", 6_000, "strict").setReserve(true));
        assertNotNull(first.getReservationId());
        final var second = ok(demand("a", "b", 6_000, "strict").setReserve(true));
        assertNotNull(second.getReservationId());
        assertEquals(4_000, graph().spareBps("a-r1"));
        assertEquals(4_000, graph().spareBps("a-r3"));
        final var third = ok(demand("a", "b", 6_000, "fallback").setReserve(true));
        assertEquals(ServiceMode.Pqc, third.getMode());
        assertEquals(DecisionReason.InsufficientRate, third.getReason());
        assertNull(third.getReservationId());
        // a link update keeps the reservation
        putLink(link("a-r1", LinkState.Up, 9_000, "0.02", null));
        await(() -> graph().link("a-r1").map(link -> link.keyRateBps() == 9_000).orElse(false));
        assertTrue(graph().spareBps("a-r1") == 3_000 || graph().spareBps("a-r3") == 4_000);
        for (var reservation : List.of(first, second)) {
            assertTrue(rpcs.releaseKeyPath().invoke(new ReleaseKeyPathInputBuilder()
                .setReservationId(reservation.getReservationId()).build()).get(10, TimeUnit.SECONDS).isSuccessful());
        }
        assertEquals(9_000, graph().spareBps("a-r1"));
        assertEquals(10_000, graph().spareBps("a-r3"));
        assertEquals(KeyPathRpcs.UNKNOWN_RESERVATION, onlyError(rpcs.releaseKeyPath().invoke(
            new ReleaseKeyPathInputBuilder().setReservationId(first.getReservationId()).build())
            .get(10, TimeUnit.SECONDS)).getApplicationTag());
    }

    @Test
    void backupSplitAlternativesAndStoredKey() throws Exception {
        final var withBackup = ok(demand("a", "b", 1_000, "strict").setBackup(true).setAlternatives(Uint8.ONE));
        assertNotNull(withBackup.getBackupPath());
        assertEquals(DecisionReason.None, withBackup.getBackupReason());
        assertEquals(3, withBackup.getBackupPath().getLink().size());
        assertEquals(1, withBackup.nonnullAlternative().size());
        final var noBackup = ok(demand("a", "b", 1_000, "not-xx").setBackup(true));
        assertNull(noBackup.getBackupPath());
        assertEquals(DecisionReason.ExcludedJurisdiction, noBackup.getBackupReason());
        final var split = ok(demand("a", "b", 15_000, "strict").setMaxPaths(Uint8.TWO));
        assertEquals(ServiceMode.Qkd, split.getMode());
        assertEquals(2, split.nonnullPath().size());
        assertEquals(15_000, split.nonnullPath().values().stream()
            .mapToLong(path -> path.getRate().getValue().longValue()).sum());
        // key pools: 300 bits on r2-b and r4-b hold one 256-bit key but not one of 512 bits
        putLink(link("r2-b", LinkState.Up, 10_000, "0.02", 300L));
        putLink(link("r4-b", LinkState.Up, 10_000, "0.02", 300L));
        await(() -> graph().link("r4-b").map(link -> link.poolBits() == 300).orElse(false)
            && graph().link("r2-b").map(link -> link.poolBits() == 300).orElse(false));
        assertEquals(ServiceMode.Qkd, ok(demand("a", "b", 1_000, "strict")).getMode());
        final var bigKeys = ok(demand("a", "b", 1_000, "strict").setKeySize(new KeySize(Uint32.valueOf(512))));
        assertEquals(ServiceMode.Refused, bigKeys.getMode());
        assertEquals(DecisionReason.InsufficientStoredKey, bigKeys.getReason());
    }

    @Test
    void everyDecisionHasItsYangEnum() {
        for (var reason : org.opendaylight.qkd.pathcompute.algo.DecisionReason.values()) {
            assertDoesNotThrow(() -> DecisionReason.ofName(Placement.yangName(reason)), reason.name());
        }
        for (var mode : org.opendaylight.qkd.pathcompute.algo.ServiceMode.values()) {
            assertDoesNotThrow(() -> ServiceMode.ofName(Placement.yangName(mode)), mode.name());
        }
        assertEquals(DecisionReason.values().length,
            org.opendaylight.qkd.pathcompute.algo.DecisionReason.values().length, "one for one with the YANG");
        for (var mode : PolicyMode.values()) {
            final Policy policy = new PolicyBuilder().setName(new PolicyName("p")).setMode(mode).build();
            assertDoesNotThrow(() -> PathComputation.toKeyPolicy(policy));
        }
    }
}
