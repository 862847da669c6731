/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.CvQkd;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol.FiniteKey;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.physics.MdiQkd;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.emulator.physics.TwinFieldQkd;

/**
 * Topology files: what a valid file yields, and that every kind of mistake is reported with its line and field.
 */
class TopologyFileTest {
    private static final String VALID_NODES = """
          "nodes": [
            { "id": "a", "netconf-port": 17831 },
            { "id": "b", "netconf-port": 17832 }
          ],
        """;

    @Test
    void sixNodeTopology() throws Exception {
        // the example shipped for operators (emulator/topologies)
        final var topology = TopologyFile.read(Path.of(System.getProperty("qkd.topologies", "../topologies"))
            .resolve("six-nodes.json"));
        assertEquals(OptionalLong.empty(), topology.seed(), "no seed: its link keys come from the DRBG");
        assertEquals(6, topology.nodes().size());
        assertEquals(7, topology.links().size());
        assertEquals(17835, topology.netconfPorts().get("carol"));
        assertEquals(UUID.fromString("6b1a3c4e-0d8f-4a57-9e21-3f0c5d7b9a11"), topology.nodes().get(4).qkdnId());
        assertEquals("Potsdam", topology.nodes().get(2).location());

        final var relay = topology.links().get(1);
        assertEquals(42, relay.physics().fiberLengthKm());
        assertEquals(1.5, relay.physics().extraLossDb());
        assertEquals(0.2, relay.physics().attenuationDbPerKm(), "metro preset");
        assertEquals(DecoyProtocol.vacuumWeak(0.1), relay.protocol());
        assertEquals(1_048_576, relay.poolCapacityBits());
        assertEquals(DecoyProtocol.INFINITE, topology.links().get(5).protocol());
        assertEquals(0.2, topology.links().get(4).physics().detectorEfficiency());
        final var gys = topology.links().get(6).physics();
        assertEquals(0.21, gys.attenuationDbPerKm());
        assertEquals(1e9, gys.sourceRateHz());

        final var network = topology.createNetwork(new ManualClock(Instant.EPOCH));
        assertEquals(List.of("alice", "relay-1", "relay-2", "bob", "carol", "dave"),
            network.nodes().stream().map(node -> node.id()).toList());
        assertEquals(3, network.node("relay-1").links().size());
        assertTrue(network.link("alice-relay-1").snapshot().generating());
    }

    @Test
    void aPlannedLinkPredictsWhatTheSameLinkInATopologyFileReports() throws Exception {
        // the what-if's planned link and the emulated link of the same description: one rate, one QBER
        final var topology = TopologyFile.parse("t", "{" + VALID_NODES + """
              "links": [
                { "id": "a-b", "a": "a", "b": "b", "fiber-length-km": 60, "protocol": "mdi",
                  "middle-position": 0.4, "detector-efficiency": 0.2, "dark-count-probability": 2e-7 }
              ] }
            """);
        final var emulated = topology.createNetwork(new ManualClock(Instant.EPOCH)).link("a-b").snapshot();
        final var planned = PlannedLink.of(null, "mdi", null, 60, Map.of("middle-position", 0.4,
            "detector-efficiency", 0.2, "dark-count-probability", 2e-7));
        final var estimate = planned.evaluate();
        assertTrue(emulated.effectiveKeyRateBps() > 0);
        assertEquals(emulated.effectiveKeyRateBps(), planned.effectiveKeyRateBps(estimate), 1e-9);
        assertEquals(emulated.qber(), estimate.qber(), 1e-12);
        assertEquals(topology.links().getFirst().protocol(), planned.protocol());
        assertEquals(topology.links().getFirst().physics(), planned.physics());
    }

    @Test
    void nodesGetStableIdsFromTheirNames() throws Exception {
        final var one = TopologyFile.parse("t", "{" + VALID_NODES.replace("],", "]") + "}");
        final var two = TopologyFile.parse("t", "{" + VALID_NODES.replace("],", "]") + "}");
        assertEquals(one.nodes().get(0).qkdnId(), two.nodes().get(0).qkdnId());
        assertTrue(one.seed().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // body after the nodes | line | field | fragment of the message
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": -3 } ] | 6 | "
            + "links[0].fiber-length-km | fiber length",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"x\", \"fiber-length-km\": 3 } ] | 6 | links[0].b"
            + " | no node named 'x'",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"a\", \"fiber-length-km\": 3 } ] | 6 | links[0].b"
            + " | two different nodes",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\" } ] | 6 | links[0].fiber-length-km | required",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-lenght-km\": 3 } ] | 6 | "
            + "links[0].fiber-lenght-km | unknown field",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": \"far\" } ] | 6 | "
            + "links[0].fiber-length-km | expected a number",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, "
            + "\"misalignment-error\": 0.7 } ] | 6 | links[0].misalignment-error | misalignment",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"decoy\": \"magic\" } ]"
            + " | 6 | links[0].decoy | unknown decoy",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"block-bits\": 12 } ]"
            + " | 6 | links[0] | multiple of 8",
        "\"defaults\": { \"preset\": \"lab\" }, \"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", "
            + "\"fiber-length-km\": 3 } ] | 6 | defaults.preset | unknown preset",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3 }, "
            + "{ \"id\": \"l\", \"a\": \"b\", \"b\": \"a\", \"fiber-length-km\": 4 } ] | 6 | links[1].id | duplicate",
        "\"links\": [ { \"id\": \"../l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3 } ] | 6 | links[0].id"
            + " | not a valid name",
        "\"seed\": 1.5 | 6 | seed | expected an integer",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"decoy\": \"infinite\", "
            + "\"decoy-intensity\": 0.1 } ] | 6 | links[0].decoy-intensity | no intensity",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"decoy\": \"finite\", "
            + "\"block-size\": 100 } ] | 6 | links[0].block-size | block size n_X",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"decoy\": \"finite\", "
            + "\"epsilon-sec\": 0 } ] | 6 | links[0].epsilon-sec | epsilon_sec",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"decoy\": \"infinite\", "
            + "\"block-size\": 1e6 } ] | 6 | links[0].block-size | only a finite decoy",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"decoy\": \"finite\", "
            + "\"decoy-intensity\": 0.1 } ] | 6 | links[0].decoy-intensity | chooses its intensities",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"protocol\": \"e91\" } ]"
            + " | 6 | links[0].protocol | unknown protocol",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"protocol\": \"cv-gg02\", "
            + "\"decoy\": \"finite\" } ] | 6 | links[0].decoy | a decoy method applies to bb84 only",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, "
            + "\"excess-noise\": 0.01 } ] | 6 | links[0].excess-noise | only a cv-gg02 link",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"protocol\": \"cv-gg02\", "
            + "\"reconciliation-efficiency\": 1.2 } ] | 6 | links[0].reconciliation-efficiency | beta must be in",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"protocol\": \"mdi\", "
            + "\"middle-position\": 1 } ] | 6 | links[0].middle-position | position must be in",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, "
            + "\"middle-position\": 0.4 } ] | 6 | links[0].middle-position | only an mdi link",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"protocol\": \"tf\", "
            + "\"middle-position\": 0.4 } ] | 6 | links[0].middle-position | half way",
        // what does not fit the protocol (or decoy method) a link has from the defaults: an error in the link itself
        "\"defaults\": { \"protocol\": \"cv-gg02\" }, \"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", "
            + "\"fiber-length-km\": 3, \"middle-position\": 0.4 } ] | 6 | links[0].middle-position | only an mdi link",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"block-size\": 1e6 } ]"
            + " | 6 | links[0].block-size | only a finite decoy",
        // and in the defaults beside the choice it contradicts
        "\"defaults\": { \"protocol\": \"tf\", \"excess-noise\": 0.01 }, \"links\": [ { \"id\": \"l\", \"a\": "
            + "\"a\", \"b\": \"b\", \"fiber-length-km\": 3 } ] | 6 | defaults.excess-noise | only a cv-gg02 link",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"protocol\": \"cv-gg02\", "
            + "\"excess-noise\": 0.01, \"modulation-variance\": -1 } ] | 6 | links[0].modulation-variance "
            + "| modulation variance",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, } ] | 6 | | invalid JSON",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"key-delivery\": "
            + "{ \"a\": { \"url\": \"http://qkd-a\", \"sae-id\": \"kme-a\" }, \"b\": { \"url\": \"https://qkd-b\", "
            + "\"sae-id\": \"kme-b\" } } } ] | 6 | links[0].key-delivery.a.url | not an https URL",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"key-delivery\": "
            + "{ \"a\": { \"url\": \"https://qkd-a\", \"sae-id\": \"kme-a\" } } } ] | 6 | links[0].key-delivery.b "
            + "| required",
        "\"links\": [ { \"id\": \"l\", \"a\": \"a\", \"b\": \"b\", \"fiber-length-km\": 3, \"key-delivery\": "
            + "{ \"key-size\": 100, \"a\": { \"url\": \"https://qkd-a\", \"sae-id\": \"kme-a\" }, \"b\": { \"url\": "
            + "\"https://qkd-b\", \"sae-id\": \"kme-b\" } } } ] | 6 | links[0].key-delivery.key-size | multiple of 8"
    })
    void mistakesNameTheirLineAndField(final String body, final int line, final String field, final String message) {
        final var text = "{\n" + VALID_NODES + "  " + body + "\n}\n";
        final var error = assertThrows(TopologyException.class, () -> TopologyFile.parse("bad.json", text));
        assertEquals(line, error.line(), error::getMessage);
        assertEquals(field == null ? "" : field, error.field(), error::getMessage);
        assertTrue(error.getMessage().startsWith("bad.json:" + line + ": "), error::getMessage);
        assertTrue(error.getMessage().contains(message), error::getMessage);
    }

    @Test
    void aLinkMayUseFiniteKeyBlocks() throws Exception {
        final var topology = TopologyFile.parse("t", "{" + VALID_NODES + """
              "defaults": { "decoy": "finite", "epsilon-cor": 1e-12 },
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 3, "block-size": 1e6,
                           "afterpulse-probability": 0.04 },
                         { "id": "m", "a": "a", "b": "b", "fiber-length-km": 5 } ]
            }""");
        assertEquals(DecoyProtocol.finiteKey(1e6, FiniteKey.DEFAULT_EPSILON_SEC, 1e-12),
            topology.links().get(0).protocol());
        assertEquals(0.04, topology.links().get(0).physics().afterpulseProbability());
        assertEquals(DecoyProtocol.finiteKey(FiniteKey.DEFAULT_BLOCK_SIZE, FiniteKey.DEFAULT_EPSILON_SEC, 1e-12),
            topology.links().get(1).protocol());
    }

    @Test
    void aLinkMayRunContinuousVariableQkd() throws Exception {
        final var topology = TopologyFile.parse("t", "{" + VALID_NODES + """
              "defaults": { "excess-noise": 0.02 },
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 3, "preset": "cv-metro",
                           "protocol": "cv-gg02", "reconciliation-efficiency": 0.9 },
                         { "id": "m", "a": "a", "b": "b", "fiber-length-km": 5 } ]
            }""");
        assertEquals(new CvQkd(0.02, CvQkd.DEFAULT_ELECTRONIC_NOISE, 0.9, Double.NaN,
            CvQkd.DEFAULT_EXCESS_NOISE_ABORT_THRESHOLD), topology.links().get(0).protocol());
        assertEquals(LinkPhysics.cvMetro(3), topology.links().get(0).physics());
        assertEquals(DecoyProtocol.vacuumWeak(0.1), topology.links().get(1).protocol());
        // without a preset, a CV link starts from cv-metro (a 100 Mbaud homodyne link), as a planned one does,
        // not from metro (a 1 GHz BB84 source and single-photon detectors); one given in the defaults is kept
        final var unset = TopologyFile.parse("t", "{" + VALID_NODES + """
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 7, "protocol": "cv-gg02" } ]
            }""");
        assertEquals(LinkPhysics.cvMetro(7), unset.links().get(0).physics());
        assertEquals(PlannedLink.of(null, "cv-gg02", null, 7, Map.of()).physics(), unset.links().get(0).physics());
        final var inherited = TopologyFile.parse("t", "{" + VALID_NODES + """
              "defaults": { "preset": "metro" },
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 7, "protocol": "cv-gg02" } ]
            }""");
        assertEquals(LinkPhysics.metro(7), inherited.links().get(0).physics());
        // the defaults' decoy method and its block size are for the BB84 links: a CV link takes neither
        final var mixed = TopologyFile.parse("t", "{" + VALID_NODES + """
              "defaults": { "decoy": "finite", "block-size": 1e8 },
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 7, "protocol": "cv-gg02" },
                         { "id": "m", "a": "a", "b": "b", "fiber-length-km": 7 } ]
            }""");
        assertEquals(CvQkd.DEFAULT, mixed.links().get(0).protocol());
        assertEquals(DecoyProtocol.finiteKey(1e8, DecoyProtocol.FiniteKey.DEFAULT_EPSILON_SEC,
            DecoyProtocol.FiniteKey.DEFAULT_EPSILON_COR), mixed.links().get(1).protocol());
        final var mdi = TopologyFile.parse("t", "{" + VALID_NODES + """
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 30, "protocol": "mdi",
                           "middle-position": 0.4 } ]
            }""");
        assertEquals(new MdiQkd(0.4), mdi.links().get(0).protocol());
        final var twinField = TopologyFile.parse("t", "{" + VALID_NODES + """
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 200, "protocol": "tf" } ]
            }""");
        assertEquals(TwinFieldQkd.SENDING_OR_NOT_SENDING, twinField.links().get(0).protocol());
        assertTrue(twinField.createNetwork(new ManualClock(Instant.EPOCH)).link("l").snapshot().generating(),
            "200 km of metro fiber make key with twin-field QKD");
    }

    @Test
    void aLinkMayTakeItsKeyFromItsDevicesOverEtsi014() throws Exception {
        final var topology = TopologyFile.parse("t", "{" + VALID_NODES + """
              "links": [ { "id": "l", "a": "a", "b": "b", "fiber-length-km": 3,
                "key-delivery": { "a": { "url": "https://qkd-a.example:443", "sae-id": "kme-a" },
                                  "b": { "url": "https://qkd-b.example", "sae-id": "kme-b" } } } ]
            }""");
        final var delivery = topology.keyDeliveries().get("l");
        assertEquals(256, delivery.keyBits());
        assertEquals(new Topology.Device(java.net.URI.create("https://qkd-a.example:443"), "kme-a"), delivery.endA());
        assertEquals("kme-b", delivery.endB().saeId());
        assertTrue(TopologyFile.parse("t", "{" + VALID_NODES.replace("],", "]") + "}").keyDeliveries().isEmpty());
    }

    @Test
    void nodeMistakes() {
        assertNodeError("{ \"nodes\": [] }", 1, "nodes", "at least one");
        assertNodeError("{ \"nodes\": [ { \"id\": \"a\" }, { \"id\": \"a\" } ] }", 1, "nodes[1].id", "duplicate");
        assertNodeError("{\n \"nodes\": [\n { \"id\": \"a\", \"netconf-port\": 830 },\n { \"id\": \"b\", "
            + "\"netconf-port\": 830 } ] }", 4, "nodes[1].netconf-port", "already used by node 'a'");
        assertNodeError("{ \"nodes\": [ { \"id\": \"a\", \"netconf-port\": 70000 } ] }", 1, "nodes[0].netconf-port",
            "must be in [1, 65535]");
        assertNodeError("{ \"nodes\": [ { \"id\": \"a\", \"qkdn-id\": \"nope\" } ] }", 1, "nodes[0].qkdn-id",
            "not a UUID");
        assertNodeError("{ \"links\": [] }", 1, "nodes", "required");
        assertNodeError("[]", 1, "", "expected an object");
        assertNodeError("{ \"nodes\": [ { \"id\": \"a\" } ], \"nodes\": [] }", 1, "", "appears twice");
        assertNodeError("", 1, "", "unexpected end of file");
    }

    private static void assertNodeError(final String text, final int line, final String field, final String message) {
        final var error = assertThrows(TopologyException.class, () -> TopologyFile.parse("n.json", text));
        assertEquals(line, error.line(), error::getMessage);
        assertEquals(field, error.field(), error::getMessage);
        assertTrue(error.getMessage().contains(message), error::getMessage);
    }

    @Test
    void unreadableFileIsReported() {
        final var error = assertThrows(TopologyException.class,
            () -> TopologyFile.read(Path.of("/nonexistent/topology.json")));
        assertTrue(error.getMessage().contains("cannot read"), error::getMessage);
    }
}
