/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.qkd.emulator.topology.TopologyFile;

/**
 * A third-party NETCONF client, Debian's python3-ncclient, configures an SD-QKD node as a controller would (a
 * virtual link and an application, with the suite's augmentation) and reads it back; yanglint validates what it
 * read, configuration and state, against the ETSI GS QKD 015 reference YANG and the suite's device augmentation.
 * A configuration the node cannot apply is refused with an rpc-error.
 *
 * <p>Without ncclient or yanglint the test is skipped, unless {@code qkd.ncclient.required} and
 * {@code qkd.yanglint.required} are true (CI): then it fails.
 */
@Timeout(300)
class NcclientConfiguresApplicationsTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 60;

    private record Outcome(int status, String output) {
    }

    private static Outcome run(final List<String> command, final Path log) throws IOException, InterruptedException {
        final var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean runs(final String... command) {
        try {
            final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Outcome yanglint(final String type, final Path data, final Path log) throws Exception {
        final var reference = Path.of(System.getProperty("qkd.etsi.reference", "missing"));
        final var suite = Path.of(System.getProperty("qkd.suite.yang", "missing"));
        return run(List.of("yanglint", "-t", type, "-p", reference.toString(), "-p", suite.toString(),
            reference.resolve("etsi-qkd-sdn-node.yang").toString(),
            reference.resolve("etsi-qkd-node-types.yang").toString(),
            suite.resolve("qkd-device-ext@2026-11-25.yang").toString(), data.toString()), log);
    }

    @Test
    void ncclientConfiguresAnApplicationAndYanglintValidatesWhatItReads(@TempDir final Path dir) throws Exception {
        final boolean required = Boolean.getBoolean("qkd.ncclient.required")
            || Boolean.getBoolean("qkd.yanglint.required");
        final boolean available = runs(PYTHON, "-c", "import ncclient") && runs("yanglint", "--version")
            && Files.isDirectory(Path.of(System.getProperty("qkd.etsi.reference", "missing")));
        assumeTrue(available || required, "python3-ncclient, yanglint or the ETSI reference YANG is missing");
        assertTrue(available, "python3-ncclient, yanglint and the ETSI reference YANG are required");
        final var script = Path.of(System.getProperty("qkd.ncclient.configure",
            "src/test/python/configure_applications.py"));

        final var ports = NetconfEmulator.freePorts(6);
        final var topology = TopologyFile.parse("ncclient-apps", """
            {
              "seed": 3,
              "nodes": [
                { "id": "alice", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d },
                { "id": "bob", "netconf-port": %d, "etsi014-port": %d, "etsi020-port": %d }
              ],
              "links": [ { "id": "alice-bob", "a": "alice", "b": "bob", "fiber-length-km": 15 } ]
            }
            """.formatted(ports.toArray()));
        final var network = topology.createNetwork(InstantSource.system());
        final var alice = network.node("alice").qkdnId();
        final var bob = network.node("bob").qkdnId();
        final var virtual = UUID.randomUUID();
        final var app = UUID.randomUUID();
        try (var emulator = NetconfEmulator.start(topology, network, new Credentials("admin", "s3cret"),
                Duration.ofMillis(100), new NetconfEmulator.KeyManagerOptions(dir.resolve("state"), "changeit"))) {
            final var config = dir.resolve("alice.xml");
            Files.writeString(config, """
                <qkd_node xmlns="urn:etsi:qkd:yang:etsi-qkd-node">
                  <qkdn_id>%s</qkdn_id>
                  <qkd_applications>
                    <qkd_app>
                      <app_id>%s</app_id>
                      <server_app_id>gw-alice</server_app_id>
                      <client_app_id>gw-bob</client_app_id>
                      <app_qos><max_bandwidth>5120</max_bandwidth></app_qos>
                      <backing_qkdl_id>%s</backing_qkdl_id>
                      <remote_qkdn_id>%s</remote_qkdn_id>
                      <sae-role xmlns="urn:opendaylight:qkd:device-ext">master</sae-role>
                      <key-mode xmlns="urn:opendaylight:qkd:device-ext">qkd</key-mode>
                      <key-size xmlns="urn:opendaylight:qkd:device-ext">512</key-size>
                    </qkd_app>
                  </qkd_applications>
                  <qkd_links>
                    <qkd_link>
                      <qkdl_id>%s</qkdl_id>
                      <qkdl_type xmlns:t="urn:etsi:qkd:yang:etsi-qkd-node-types">t:VIRT</qkdl_type>
                      <qkdl_remote><qkdn_id>%s</qkdn_id></qkdl_remote>
                      <virt_next_hop>%s</virt_next_hop>
                    </qkd_link>
                  </qkd_links>
                </qkd_node>
                """.formatted(alice, app, virtual, bob, virtual, bob, bob));
            final var readConfig = dir.resolve("read-config.xml");
            final var readState = dir.resolve("read-state.xml");
            final var configured = run(List.of(PYTHON, script.toString(), NetconfEmulator.HOST,
                String.valueOf(ports.get(0)), "admin", "s3cret", config.toString(), readConfig.toString(),
                readState.toString()), dir.resolve("ncclient.log"));
            assertEquals(0, configured.status(), configured.output());

            final var read = Files.readString(readConfig);
            assertTrue(read.contains(app.toString()) && read.contains("gw-bob") && read.contains("master"), read);
            assertTrue(read.contains("<virt_next_hop>" + bob + "</virt_next_hop>"), read);
            final var state = Files.readString(readState);
            assertTrue(state.contains("key-counters"), state);
            final var configValid = yanglint("getconfig", readConfig, dir.resolve("yanglint-config.log"));
            assertEquals(0, configValid.status(), configValid.output());
            final var stateValid = yanglint("get", readState, dir.resolve("yanglint-state.log"));
            assertEquals(0, stateValid.status(), stateValid.output());
            // negative control: the validation checks values
            final var bad = dir.resolve("bad.xml");
            Files.writeString(bad, read.replace(">master<", ">boss<"));
            assertTrue(yanglint("getconfig", bad, dir.resolve("yanglint-bad.log")).status() != 0);

            // refused: an application over a link the node does not have
            final var wrong = dir.resolve("wrong.xml");
            Files.writeString(wrong, Files.readString(config).replace("<backing_qkdl_id>" + virtual,
                "<backing_qkdl_id>" + UUID.randomUUID()).replace("<app_id>" + app, "<app_id>" + UUID.randomUUID()));
            final var refused = run(new ArrayList<>(List.of(PYTHON, script.toString(), NetconfEmulator.HOST,
                String.valueOf(ports.get(0)), "admin", "s3cret", wrong.toString(), dir.resolve("x.xml").toString(),
                dir.resolve("y.xml").toString())), dir.resolve("refused.log"));
            assertEquals(4, refused.status(), refused.output());
            assertTrue(refused.output().contains("unknown link"), refused.output());
        }
    }
}
