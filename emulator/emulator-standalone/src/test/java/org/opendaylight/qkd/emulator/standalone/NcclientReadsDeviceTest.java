/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.emulator.device.EtsiNodeView;
import org.opendaylight.qkd.emulator.link.ManualClock;
import org.opendaylight.qkd.emulator.topology.TopologyFile;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdlPerformance1;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.data.codec.api.BindingDataCodec;
import org.opendaylight.yangtools.binding.data.codec.impl.di.DefaultBindingDOMCodecFactory;
import org.opendaylight.yangtools.binding.generator.impl.DefaultBindingRuntimeGenerator;
import org.opendaylight.yangtools.binding.runtime.spi.BindingRuntimeHelpers;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier.NodeIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.ContainerNode;
import org.opendaylight.yangtools.yang.data.api.schema.DataContainerNode;
import org.opendaylight.yangtools.yang.data.api.schema.MapNode;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.parser.impl.DefaultYangParserFactory;

/**
 * A third-party NETCONF client, Debian's python3-ncclient, reads an emulated device's ETSI GS QKD 015 state and
 * gets exactly what the emulator itself reports for the node ({@link EtsiNodeView}). Emulated time is a manual
 * clock, so the device's data and the Java view are taken at the same instant and must be equal, key pool included.
 *
 * <p>Without ncclient the test is skipped, unless {@code qkd.ncclient.required} is true (CI): then it fails.
 */
@Timeout(300)
class NcclientReadsDeviceTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PACKAGE = "python3-ncclient";
    private static final Credentials ADMIN = new Credentials("admin", "s3cret");
    private static final long SCRIPT_TIMEOUT_SECONDS = 60;
    private static final DataObjectReference<QkdNode> QKD_NODE = DataObjectReference.builder(QkdNode.class).build();

    @Test
    void ncclientReadsWhatTheEmulatorReports(@TempDir final Path dir) throws Exception {
        final boolean required = Boolean.getBoolean("qkd.ncclient.required");
        final boolean available = ncclientImports();
        assumeTrue(available || required, PYTHON + " cannot import ncclient: install Debian's " + PACKAGE
            + " (apt-get install " + PACKAGE + ") to run this test");
        assertTrue(available, PYTHON + " with ncclient (Debian's " + PACKAGE + ") is required: "
            + "qkd.ncclient.required is true");
        final var script = Path.of(System.getProperty("qkd.ncclient.script", "src/test/python/read_qkd_node.py"));
        assertTrue(Files.isRegularFile(script), () -> "no script at " + script.toAbsolutePath());

        final var ports = NetconfEmulator.freePorts(4);
        final var topology = TopologyFile.parse("ncclient", """
            {
              "seed": 7,
              "nodes": [
                { "id": "alice", "location": "Berlin", "netconf-port": %d },
                { "id": "relay", "netconf-port": %d },
                { "id": "bob", "netconf-port": %d },
                { "id": "carol", "netconf-port": %d }
              ],
              "links": [
                { "id": "alice-relay", "a": "alice", "b": "relay", "fiber-length-km": 20 },
                { "id": "relay-bob", "a": "relay", "b": "bob", "fiber-length-km": 40 },
                { "id": "relay-carol", "a": "relay", "b": "carol", "fiber-length-km": 30 }
              ]
            }
            """.formatted(ports.get(0), ports.get(1), ports.get(2), ports.get(3)));
        final var codec = new DefaultBindingDOMCodecFactory().newBindingDataCodec(BindingRuntimeHelpers
            .createRuntimeContext(new DefaultYangParserFactory(), new DefaultBindingRuntimeGenerator(),
                QkdNode.class, QkdlPerformance1.class));
        final var clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        final var network = topology.createNetwork(clock);
        // the periodic refresh cannot move anything (time stands still): the test publishes explicitly
        try (var emulator = NetconfEmulator.start(topology, network, ADMIN, Duration.ofHours(1))) {
            // put key in the pools (less than they hold), then give the relay's links three different states:
            // ACTIVE, OFF (cut, with the key stored before the cut still in its pools) and PASSIVE (aborted by an
            // eavesdropper)
            clock.advance(Duration.ofSeconds(2));
            network.link("relay-bob").cut();
            network.link("relay-carol").eavesdrop(1);
            clock.advance(Duration.ofSeconds(1));
            emulator.refresh();

            final var statuses = new HashSet<String>();
            int partlyFilledPools = 0;
            for (var device : emulator.devices()) {
                final var node = network.node(device.name());
                final var read = read(dir, script, device);
                final var expected = normalized(codec, EtsiNodeView.of(network, node));
                partlyFilledPools += assertSameNode(device.name(), expected, read);
                for (var link : read.getAsJsonArray("links")) {
                    statuses.add(link.getAsJsonObject().get("qkdl_status").getAsString());
                }
            }
            // the comparison covered every link state, and pool fills that are neither empty nor full
            assertEquals(3, statuses.size(), statuses::toString);
            assertTrue(partlyFilledPools > 0, "every key pool is empty or full");
        }
    }

    /**
     * The node as its device publishes it: {@link EtsiNodeView}'s binding object in normalized form, leaf values as
     * YANG sees them (a uuid is its text, an identity its QName).
     */
    private static ContainerNode normalized(final BindingDataCodec codec, final QkdNode node) {
        return (ContainerNode) codec.nodeSerializer().toNormalizedDataObject(QKD_NODE, node).node();
    }

    /**
     * Asserts that the device's data as ncclient read it is the node's.
     *
     * @return how many of the node's key pools hold key but are not full
     */
    private static int assertSameNode(final String name, final ContainerNode expected, final JsonObject read) {
        assertEquals(leaf(expected, "qkdn_id"), read.get("qkdn_id").getAsString(), name + ": qkdn_id");
        assertEquals(clark(leaf(expected, "qkdn_status")), read.get("qkdn_status").getAsString(),
            name + ": qkdn_status");

        final var expectedLinks = new HashMap<String, DataContainerNode>();
        final var links = assertInstanceOf(ContainerNode.class, child(expected, etsi("qkd_links")));
        for (var link : assertInstanceOf(MapNode.class, child(links, etsi("qkd_link"))).body()) {
            expectedLinks.put((String) leaf(link, "qkdl_id"), link);
        }
        final var readLinks = new HashMap<String, JsonObject>();
        for (var link : read.getAsJsonArray("links")) {
            final var object = link.getAsJsonObject();
            assertNull(readLinks.put(object.get("qkdl_id").getAsString(), object), name + ": duplicate link");
        }
        assertEquals(expectedLinks.keySet(), readLinks.keySet(), name + ": link set");

        int partlyFilled = 0;
        for (var entry : expectedLinks.entrySet()) {
            final var id = name + " link " + entry.getKey();
            final var link = entry.getValue();
            final var got = readLinks.get(entry.getKey());
            final var performance = assertInstanceOf(ContainerNode.class, child(link, etsi("qkdl_performance")));
            assertEquals(clark(leaf(link, "qkdl_status")), got.get("qkdl_status").getAsString(),
                id + ": qkdl_status");
            assertEquals(number(performance, etsi("skr")), got.get("skr").getAsLong(), id + ": skr");
            assertEquals(number(performance, etsi("eskr")), got.get("eskr").getAsLong(), id + ": eskr");
            final var qber = assertInstanceOf(Decimal64.class, child(performance, ext("qber")).body());
            final var readQber = new BigDecimal(got.get("qber").getAsString());
            assertEquals(0, qber.decimalValue().compareTo(readQber),
                () -> id + ": qber " + qber + " expected, " + readQber + " read");
            final long fill = number(performance, ext("key-pool-fill"));
            assertEquals(fill, got.get("key-pool-fill").getAsLong(), id + ": key-pool-fill");
            if (fill > 0 && fill < number(performance, ext("key-pool-capacity"))) {
                partlyFilled++;
            }
        }
        return partlyFilled;
    }

    private static NormalizedNode child(final DataContainerNode parent, final QName name) {
        final var child = parent.childByArg(new NodeIdentifier(name));
        assertNotNull(child, () -> "no " + name.getLocalName() + " in " + parent.name().getNodeType());
        return child;
    }

    private static Object leaf(final DataContainerNode parent, final String etsiName) {
        return child(parent, etsi(etsiName)).body();
    }

    private static QName etsi(final String name) {
        return org.opendaylight.yang.svc.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.YangModuleInfoImpl
            .qnameOf(name);
    }

    private static QName ext(final String name) {
        return org.opendaylight.yang.svc.v1.urn.opendaylight.qkd.device.ext.rev261125.YangModuleInfoImpl
            .qnameOf(name);
    }

    private static long number(final DataContainerNode parent, final QName name) {
        return assertInstanceOf(Number.class, child(parent, name).body()).longValue();
    }

    /**
     * An identity in the Clark notation the script prints: {namespace}name.
     */
    private static String clark(final Object identity) {
        final var qname = assertInstanceOf(QName.class, identity);
        return "{" + qname.getNamespace() + "}" + qname.getLocalName();
    }

    private static JsonObject read(final Path dir, final Path script, final DeviceEndpoint device)
            throws IOException, InterruptedException {
        final var out = dir.resolve(device.name() + ".json");
        final var err = dir.resolve(device.name() + ".err");
        final var process = new ProcessBuilder(PYTHON, script.toString(), device.host(),
                String.valueOf(device.port()), ADMIN.user(), ADMIN.password())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail(device.name() + ": ncclient did not answer within " + SCRIPT_TIMEOUT_SECONDS + " s: "
                + Files.readString(err, StandardCharsets.UTF_8));
        }
        final var stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> device.name() + ": " + script + " failed: "
            + readQuietly(err) + stdout);
        return JsonParser.parseString(stdout).getAsJsonObject();
    }

    private static String readQuietly(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean ncclientImports() {
        try {
            final var process = new ProcessBuilder(PYTHON, "-c", "import ncclient").redirectErrorStream(true)
                .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
