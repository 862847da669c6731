/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.opendaylight.qkd.emulator.topology.Topology;
import org.opendaylight.qkd.emulator.topology.TopologyException;
import org.opendaylight.qkd.emulator.topology.TopologyFile;

/**
 * A generated emulator topology: {@code n} nodes in a ring (a chain below three nodes), each served over NETCONF on
 * its own free loopback port, neighbours joined by a metro link of 10 to 50 km. Key pools are small and key material
 * seeded, so that the emulated links cost the benchmark's JVM little memory and CPU.
 */
final class RingTopology {
    // 8 KiB per end: enough for the devices to report a filling pool, small for 500 links
    private static final int POOL_BITS = 65_536;

    private RingTopology() {
        // static functions only
    }

    /**
     * The name of the i-th node.
     *
     * @param index from 0
     * @return its name
     */
    static String nodeName(final int index) {
        return String.format(Locale.ROOT, "sb%04d", index + 1);
    }

    /**
     * Builds the topology of {@code n} nodes on the given ports.
     *
     * @param nodes number of nodes, at least 2
     * @param ports one NETCONF port per node
     * @return the validated topology
     * @throws TopologyException when the generated file is not valid (a bug of this class)
     */
    static Topology of(final int nodes, final List<Integer> ports) throws TopologyException {
        if (nodes < 2 || ports.size() != nodes) {
            throw new IllegalArgumentException("need at least 2 nodes and one port each, got " + nodes + " nodes, "
                + ports.size() + " ports");
        }
        // the same fibers for the same size, run after run
        final var random = new Random(nodes);
        final var json = new StringBuilder(256 * nodes)
            .append("{\n  \"seed\": ").append(nodes)
            .append(",\n  \"defaults\": { \"preset\": \"metro\", \"pool-bits\": ").append(POOL_BITS)
            .append(" },\n  \"nodes\": [\n");
        for (int i = 0; i < nodes; i++) {
            json.append(String.format(Locale.ROOT, "    { \"id\": \"%s\", \"netconf-port\": %d }%s%n", nodeName(i),
                ports.get(i), i + 1 < nodes ? "," : ""));
        }
        json.append("  ],\n  \"links\": [\n");
        final int links = nodes < 3 ? nodes - 1 : nodes;
        for (int i = 0; i < links; i++) {
            final var a = nodeName(i);
            final var b = nodeName((i + 1) % nodes);
            final double km = 10 + Math.round(random.nextDouble() * 400) / 10.0;
            json.append(String.format(Locale.ROOT,
                "    { \"id\": \"%s-%s\", \"a\": \"%s\", \"b\": \"%s\", \"fiber-length-km\": %.1f }%s%n",
                a, b, a, b, km, i + 1 < links ? "," : ""));
        }
        json.append("  ]\n}\n");
        return TopologyFile.parse("ring-of-" + nodes, json.toString());
    }
}
