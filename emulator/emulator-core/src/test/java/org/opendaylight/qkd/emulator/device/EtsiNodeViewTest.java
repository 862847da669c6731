/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork.NodeSpec;
import org.opendaylight.qkd.emulator.link.KeyMaterial;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.physics.CvQkd;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.ACTIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.DOWN;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.OFF;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.OPERATING;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.PASSIVE;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.RECEIVER;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.TRANSMITTER;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.data.codec.impl.BindingCodecContext;
import org.opendaylight.yangtools.binding.runtime.spi.BindingRuntimeHelpers;
import org.opendaylight.yangtools.yang.data.api.schema.stream.NormalizedNodeWriter;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactorySupplier;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONNormalizedNodeStreamWriter;

/**
 * The ETSI GS QKD 015 view of emulated nodes: what it reports, and that it validates against the reference
 * ETSI YANG (with yanglint, where installed; required in CI).
 */
class EtsiNodeViewTest {
    private static final BindingCodecContext CODEC =
        new BindingCodecContext(BindingRuntimeHelpers.createRuntimeContext());

    private ManualClock clock;
    private EmulatedNetwork network;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        final var decoy = DecoyProtocol.vacuumWeak(0.1);
        network = EmulatedNetwork.create(
            List.of(node("alice"), node("relay"), node("bob")),
            List.of(new LinkSpec("alice-relay", "alice", "relay", LinkPhysics.metro(20), decoy, 256, 1 << 20, 0.01),
                new LinkSpec("relay-bob", "relay", "bob", LinkPhysics.metro(60), decoy, 256, 1 << 20, 0.01)),
            id -> KeyMaterial.seeded(id.hashCode()), clock);
        clock.advance(Duration.ofSeconds(3));
    }

    private static NodeSpec node(final String id) {
        return new NodeSpec(id, UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)), id + " site");
    }

    @Test
    void relayReportsBothLinksWithMatchingEnds() {
        final var relay = EtsiNodeView.of(network, network.node("relay"));
        assertEquals(network.node("relay").qkdnId().toString(), relay.getQkdnId().getValue());
        assertEquals(OPERATING.VALUE, relay.getQkdnStatus());
        assertEquals(2, relay.getQkdInterfaces().nonnullQkdInterface().size());
        final var links = new ArrayList<>(relay.getQkdLinks().nonnullQkdLink().values());
        assertEquals(2, links.size());

        final var fromAlice = links.get(0);
        final var emulated = network.link("alice-relay");
        assertEquals(emulated.qkdlId().toString(), fromAlice.getQkdlId().getValue());
        assertEquals(ACTIVE.VALUE, fromAlice.getQkdlStatus());
        assertEquals(RECEIVER.VALUE, fromAlice.getPhysQkdRole());
        final var snapshot = emulated.snapshot();
        assertEquals(Math.round(snapshot.secretKeyRateBps()), fromAlice.getQkdlPerformance().getSkr().longValue());
        assertEquals(Math.round(snapshot.effectiveKeyRateBps()), fromAlice.getQkdlPerformance().getEskr().longValue());
        final var ext = fromAlice.getQkdlPerformance().augmentation(QkdlPerformance1.class);
        assertEquals(snapshot.qber(), ext.getQber().getValue().doubleValue(), 1e-6);
        assertEquals(snapshot.poolBitsB(), ext.getKeyPoolFill().longValue());
        assertTrue(ext.getKeyPoolFill().longValue() > 0);

        // Alice sees the same link from the other side
        final var alice = EtsiNodeView.of(network, network.node("alice"));
        final var seenByAlice = alice.getQkdLinks().nonnullQkdLink().values().iterator().next();
        assertEquals(fromAlice.getQkdlId(), seenByAlice.getQkdlId());
        assertEquals(TRANSMITTER.VALUE, seenByAlice.getPhysQkdRole());
        assertEquals(fromAlice.getQkdlLocal().getQkdiId(), seenByAlice.getQkdlRemote().getQkdiId());
        assertEquals(fromAlice.getQkdlRemote().getQkdnId(), alice.getQkdnId());
    }

    @Test
    void aContinuousVariableLinkReportsItsExcessNoise() {
        // BB84 links report a QBER and no excess noise
        final var relay = EtsiNodeView.of(network, network.node("relay"));
        assertNull(relay.getQkdLinks().nonnullQkdLink().values().iterator().next().getQkdlPerformance()
            .augmentation(QkdlPerformance1.class).getExcessNoise());
        final var cv = EmulatedNetwork.create(List.of(node("alice"), node("bob")),
            List.of(new LinkSpec("cv", "alice", "bob", LinkPhysics.cvMetro(20), CvQkd.DEFAULT, 256, 1 << 20, 0.01)),
            id -> KeyMaterial.seeded(id.hashCode()), clock);
        clock.advance(Duration.ofSeconds(1));
        final var ext = EtsiNodeView.of(cv, cv.node("alice")).getQkdLinks().nonnullQkdLink().values().iterator()
            .next().getQkdlPerformance().augmentation(QkdlPerformance1.class);
        assertEquals(cv.link("cv").snapshot().physics().excessNoise(), ext.getExcessNoise().doubleValue(), 1e-6);
        assertTrue(ext.getExcessNoise().doubleValue() > 0, ext::toString);
        assertEquals(0, ext.getQber().getValue().doubleValue(), 1e-9);
    }

    @Test
    void configurationViewHasNoState() {
        final var config = EtsiNodeView.configurationOf(EtsiNodeView.of(network, network.node("relay")));
        assertEquals(null, config.getQkdnStatus());
        assertEquals(network.node("relay").qkdnId().toString(), config.getQkdnId().getValue());
        config.getQkdInterfaces().nonnullQkdInterface().values()
            .forEach(iface -> assertEquals(null, iface.getQkdiStatus()));
        config.getQkdLinks().nonnullQkdLink().values().forEach(link -> {
            assertEquals(null, link.getQkdlPerformance());
            assertTrue(link.getQkdlId() != null && link.getQkdlRemote() != null);
        });
    }

    @Test
    void faultsShowInTheView() {
        network.link("relay-bob").cut();
        network.link("alice-relay").eavesdrop(1);
        final var relay = new ArrayList<>(EtsiNodeView.of(network, network.node("relay")).getQkdLinks()
            .nonnullQkdLink().values());
        assertEquals(PASSIVE.VALUE, relay.get(0).getQkdlStatus(), "aborted by the eavesdropper");
        assertTrue(relay.get(0).getQkdlPerformance().augmentation(QkdlPerformance1.class).getQber().getValue()
            .doubleValue() > 0.25);
        assertEquals(OFF.VALUE, relay.get(1).getQkdlStatus(), "cut");
        assertEquals(0, relay.get(1).getQkdlPerformance().getSkr().longValue());

        network.setNodeUp("bob", false);
        assertEquals(DOWN.VALUE, EtsiNodeView.of(network, network.node("bob")).getQkdnStatus());
    }

    @Test
    void viewValidatesAgainstTheReferenceYang(@TempDir final Path dir) throws Exception {
        final var reference = Path.of(System.getProperty("qkd.etsi.reference", "missing"));
        final var suiteYang = Path.of(System.getProperty("qkd.suite.yang", "missing"));
        final boolean required = Boolean.getBoolean("qkd.yanglint.required");
        final boolean available = Files.isDirectory(reference) && yanglintRuns();
        assumeTrue(available || required, "yanglint or the ETSI reference YANG is not available");
        assertTrue(available, "yanglint and " + reference + " are required for the ETSI conformance check");

        for (var node : network.nodes()) {
            final var json = dir.resolve(node.id() + ".json");
            Files.writeString(json, toJson(EtsiNodeView.of(network, node)));
            final var result = yanglint("get", reference, suiteYang, json);
            assertEquals(0, result.status(), () -> node.id() + ": " + result.output());
        }
        // the configuration part is valid as <get-config> data (no state), and the full view is not
        final var config = dir.resolve("config.json");
        final var relayConfig = EtsiNodeView.configurationOf(EtsiNodeView.of(network, network.node("relay")));
        Files.writeString(config, toJson(relayConfig));
        final var configResult = yanglint("getconfig", reference, suiteYang, config);
        assertEquals(0, configResult.status(), configResult::output);
        assertNotEquals(0, yanglint("getconfig", reference, suiteYang, dir.resolve("relay.json")).status());

        // negative control: the validation really checks values
        final var bad = dir.resolve("bad.json");
        Files.writeString(bad, toJson(EtsiNodeView.of(network, network.node("relay")))
            .replaceFirst("\"qkd-device-ext:qber\":\\s*\"?[0-9.]+\"?", "\"qkd-device-ext:qber\": \"1.5\""));
        assertNotEquals(0, yanglint("get", reference, suiteYang, bad).status());
    }

    private static String toJson(final QkdNode node) throws IOException {
        final var normalized = CODEC.toNormalizedDataObject(DataObjectIdentifier.builder(QkdNode.class).build(), node)
            .node();
        final var text = new StringWriter();
        try (var json = new JsonWriter(text)) {
            json.setIndent("  ");
            json.beginObject();
            final var writer = NormalizedNodeWriter.forStreamWriter(JSONNormalizedNodeStreamWriter.createNestedWriter(
                JSONCodecFactorySupplier.RFC7951.getShared(CODEC.runtimeContext().modelContext()), json));
            writer.write(normalized);
            writer.flush();
            json.endObject();
        }
        return text.toString();
    }

    private static boolean yanglintRuns() {
        try {
            final var process = new ProcessBuilder("yanglint", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Outcome yanglint(final String type, final Path reference, final Path suiteYang, final Path data)
            throws IOException, InterruptedException {
        final var process = new ProcessBuilder("yanglint", "-t", type, "-p", reference.toString(),
            "-p", suiteYang.toString(),
            reference.resolve("etsi-qkd-sdn-node.yang").toString(),
            reference.resolve("etsi-qkd-node-types.yang").toString(),
            suiteYang.resolve("qkd-device-ext@2026-11-25.yang").toString(), data.toString())
            .redirectErrorStream(true).start();
        final var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "yanglint did not finish");
        return new Outcome(process.exitValue(), output);
    }

    private record Outcome(int status, String output) {
    }
}
