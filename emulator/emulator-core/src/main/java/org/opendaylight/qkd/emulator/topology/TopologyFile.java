/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.topology;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork.NodeSpec;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.emulator.topology.LocatedJson.Arr;
import org.opendaylight.qkd.emulator.topology.LocatedJson.Num;
import org.opendaylight.qkd.emulator.topology.LocatedJson.Obj;
import org.opendaylight.qkd.emulator.topology.LocatedJson.Str;
import org.opendaylight.qkd.emulator.topology.LocatedJson.Value;

/**
 * Reads emulator topology files. A file is one JSON object:
 * <pre>
 * {
 *   "seed": 42,                               optional: reproducible key material (tests, demos)
 *   "defaults": { ... link fields ... },      optional: apply to every link
 *   "nodes": [
 *     { "id": "alice", "location": "Berlin", "netconf-port": 17831, "qkdn-id": "uuid (optional)",
 *       "etsi014-port": 18441, "etsi020-port": 18451,   key manager ports: both or neither
 *       "skip-port": 18551 }                            optional, with a key manager: SKIP for encryptors
 *   ],
 *   "links": [
 *     { "id": "alice-bob", "a": "alice", "b": "bob", "fiber-length-km": 25, ... link fields ... }
 *   ]
 * }
 * </pre>
 * A link may also say that the key managers at its ends take its key from the QKD devices' own ETSI GS QKD 014
 * endpoints instead of the emulated link: {@code "key-delivery": {"key-size": 256, "a": {"url": "https://qkd-a:443",
 * "sae-id": "kme-alice"}, "b": {"url": "https://qkd-b:443", "sae-id": "kme-bob"}}} ({@code key-size} 256 by default;
 * each {@code sae-id} is the SAE ID under which that end's device knows its key manager).
 * Link fields: {@code preset} ({@code metro}, {@code gys} or {@code cv-metro}; by default {@code cv-metro} for
 * {@code cv-gg02}, else {@code metro}), {@code protocol} ({@code bb84}, the
 * default; {@code cv-gg02} with {@code excess-noise}, {@code electronic-noise}, {@code reconciliation-efficiency},
 * {@code modulation-variance} and {@code excess-noise-abort}; {@code mdi} with {@code middle-position}, the
 * untrusted middle station's share of the span from {@code a}; or {@code tf}, twin-field QKD with its untrusted
 * station half way), {@code decoy} ({@code vacuum-weak}, {@code infinite}
 * or {@code finite}), {@code decoy-intensity} (vacuum-weak), {@code block-size}, {@code epsilon-sec},
 * {@code epsilon-cor} (finite: the post-processing block n_X and the security parameters), {@code block-bits},
 * {@code pool-bits},
 * {@code authentication-overhead}, and the physical parameters {@code attenuation-db-per-km}, {@code extra-loss-db},
 * {@code bob-transmittance}, {@code detector-efficiency}, {@code dark-count-probability},
 * {@code misalignment-error}, {@code error-correction-efficiency}, {@code sifting-factor}, {@code mu},
 * {@code source-rate-hz}, {@code detector-dead-time-s}, {@code afterpulse-probability},
 * {@code qber-abort-threshold}.
 *
 * <p>A link's physics and protocol are those of a {@link PlannedLink} of the same description (the what-if's): one set
 * of rules. A field the link's protocol or decoy method does not take is an error in the link itself, and in the
 * defaults beside the protocol (decoy method) it does not fit; in the defaults otherwise it is for other links.
 *
 * <p>The whole file is validated before anything is built; the first problem is reported with its line and field.
 */
public final class TopologyFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern UUID_TEXT =
        Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // a link's settings besides its parameters (PlannedLink.PARAMETERS)
    private static final Set<String> LINK_SETTINGS = Set.of("preset", "protocol", "decoy", "block-bits",
        "pool-bits");
    private static final Set<String> LINK_IDENTITY = Set.of("id", "a", "b", "fiber-length-km");
    private static final Set<String> NODE_FIELDS = Set.of("id", "location", "netconf-port", "etsi014-port",
        "etsi020-port", "skip-port", "qkdn-id");
    private static final Set<String> TOP_FIELDS = Set.of("seed", "defaults", "nodes", "links");
    private static final String KEY_DELIVERY = "key-delivery";
    private static final Set<String> KEY_DELIVERY_FIELDS = Set.of("key-size", "a", "b");
    private static final Set<String> DEVICE_FIELDS = Set.of("url", "sae-id");

    private final String source;

    private TopologyFile(final String source) {
        this.source = source;
    }

    /**
     * Reads and validates a topology file.
     *
     * @param file the file
     * @return the topology
     * @throws TopologyException when the file cannot be read or is not a valid topology
     */
    public static Topology read(final Path file) throws TopologyException {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TopologyException(file.toString(), 0, "", "cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses and validates a topology.
     *
     * @param source name of the source, for messages
     * @param text its content
     * @return the topology
     * @throws TopologyException naming the line and field of the first problem
     */
    public static Topology parse(final String source, final String text) throws TopologyException {
        final Value root;
        try {
            root = LocatedJson.parse(text);
        } catch (LocatedJson.SyntaxException e) {
            throw new TopologyException(source, e.line(), "", "invalid JSON: " + e.getMessage(), e);
        }
        return new TopologyFile(source).topology(root);
    }

    private int port(final Obj node, final String field, final String path, final String id,
            final Map<Integer, String> owners) throws TopologyException {
        final var value = node.members().get(field);
        final int port = (int) integer(value, path + "." + field, 1, 65_535);
        final var owner = owners.putIfAbsent(port, id);
        if (owner != null) {
            throw error(value, path + "." + field, "port " + port + " already used by node '" + owner + "'");
        }
        return port;
    }

    private Topology topology(final Value root) throws TopologyException {
        final var top = object(root, "");
        checkFields(top, "", TOP_FIELDS);
        OptionalLong seed = OptionalLong.empty();
        if (top.members().containsKey("seed")) {
            seed = OptionalLong.of(integer(top.members().get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE));
        }
        final var defaults = top.members().containsKey("defaults")
            ? object(top.members().get("defaults"), "defaults") : new Obj(root.line(), Map.of());
        checkFields(defaults, "defaults", union(LINK_SETTINGS, PlannedLink.PARAMETERS));

        final var nodesValue = required(top, "nodes", "");
        final var nodeList = array(nodesValue, "nodes");
        if (nodeList.elements().isEmpty()) {
            throw error(nodesValue, "nodes", "at least one node is required");
        }
        final var nodes = new ArrayList<NodeSpec>();
        final var ports = new LinkedHashMap<String, Integer>();
        final var keyPorts = new LinkedHashMap<String, Topology.KeyPorts>();
        final var portOwners = new HashMap<Integer, String>();
        for (int i = 0; i < nodeList.elements().size(); i++) {
            final var path = "nodes[" + i + "]";
            final var node = object(nodeList.elements().get(i), path);
            checkFields(node, path, NODE_FIELDS);
            final var id = name(required(node, "id", path), path + ".id");
            if (nodes.stream().anyMatch(other -> other.id().equals(id))) {
                throw error(node.members().get("id"), path + ".id", "duplicate node '" + id + "'");
            }
            final var location = node.members().containsKey("location")
                ? string(node.members().get("location"), path + ".location") : "";
            final var qkdnId = node.members().containsKey("qkdn-id")
                ? uuid(node.members().get("qkdn-id"), path + ".qkdn-id")
                : UUID.nameUUIDFromBytes(("qkd-node:" + id).getBytes(StandardCharsets.UTF_8));
            if (node.members().containsKey("netconf-port")) {
                ports.put(id, port(node, "netconf-port", path, id, portOwners));
            }
            final boolean has014 = node.members().containsKey("etsi014-port");
            if (has014 != node.members().containsKey("etsi020-port")) {
                throw error(node.members().get(has014 ? "etsi014-port" : "etsi020-port"), path,
                    "a key manager needs both etsi014-port and etsi020-port");
            }
            if (node.members().containsKey("skip-port") && !has014) {
                throw error(node.members().get("skip-port"), path, "skip-port needs a key manager: etsi014-port and "
                    + "etsi020-port");
            }
            if (has014) {
                keyPorts.put(id, new Topology.KeyPorts(port(node, "etsi014-port", path, id, portOwners),
                    port(node, "etsi020-port", path, id, portOwners), node.members().containsKey("skip-port")
                        ? port(node, "skip-port", path, id, portOwners) : 0));
            }
            nodes.add(new NodeSpec(id, qkdnId, location));
        }

        final var links = new ArrayList<LinkSpec>();
        final var keyDeliveries = new LinkedHashMap<String, Topology.KeyDelivery>();
        if (top.members().containsKey("links")) {
            final var linkList = array(top.members().get("links"), "links");
            for (int i = 0; i < linkList.elements().size(); i++) {
                final var path = "links[" + i + "]";
                final var link = link(linkList.elements().get(i), path, defaults, nodes, links);
                links.add(link);
                final var delivery = object(linkList.elements().get(i), path).members().get(KEY_DELIVERY);
                if (delivery != null) {
                    keyDeliveries.put(link.id(), keyDelivery(delivery, path + "." + KEY_DELIVERY));
                }
            }
        }
        return new Topology(seed, nodes, links, ports, keyPorts, keyDeliveries);
    }

    private Topology.KeyDelivery keyDelivery(final Value value, final String path) throws TopologyException {
        final var delivery = object(value, path);
        checkFields(delivery, path, KEY_DELIVERY_FIELDS);
        final var sizeValue = delivery.members().get("key-size");
        final int bits = sizeValue == null ? 256 : (int) integer(sizeValue, path + ".key-size", 8, 65_536);
        if (bits % Byte.SIZE != 0) {
            throw error(sizeValue, path + ".key-size", "a key size is a multiple of 8 bits, was " + bits);
        }
        return new Topology.KeyDelivery(bits, device(required(delivery, "a", path), path + ".a"),
            device(required(delivery, "b", path), path + ".b"));
    }

    private Topology.Device device(final Value value, final String path) throws TopologyException {
        final var device = object(value, path);
        checkFields(device, path, DEVICE_FIELDS);
        final var urlValue = required(device, "url", path);
        final var url = string(urlValue, path + ".url");
        final var saeValue = required(device, "sae-id", path);
        final var saeId = name(saeValue, path + ".sae-id");
        try {
            return new Topology.Device(new URI(url), saeId);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw error(urlValue, path + ".url", "not an https URL: " + url, e);
        }
    }

    private LinkSpec link(final Value value, final String path, final Obj defaults, final List<NodeSpec> nodes,
            final List<LinkSpec> before) throws TopologyException {
        final var link = object(value, path);
        checkFields(link, path, union(union(union(LINK_IDENTITY, LINK_SETTINGS), PlannedLink.PARAMETERS),
            Set.of(KEY_DELIVERY)));
        final var id = name(required(link, "id", path), path + ".id");
        if (before.stream().anyMatch(other -> other.id().equals(id))) {
            throw error(link.members().get("id"), path + ".id", "duplicate link '" + id + "'");
        }
        final var ends = new String[2];
        for (int end = 0; end < 2; end++) {
            final var field = end == 0 ? "a" : "b";
            final var endValue = required(link, field, path);
            final var node = name(endValue, path + "." + field);
            if (nodes.stream().noneMatch(spec -> spec.id().equals(node))) {
                throw error(endValue, path + "." + field, "no node named '" + node + "'");
            }
            ends[end] = node;
        }
        if (ends[0].equals(ends[1])) {
            throw error(link.members().get("b"), path + ".b", "a link must join two different nodes");
        }

        // settings: the link's own, else the defaults'
        final var merged = new LinkedHashMap<String, Located>();
        defaults.members().forEach((key, val) -> merged.put(key, new Located(val, "defaults." + key)));
        link.members().forEach((key, val) -> merged.put(key, new Located(val, path + "." + key)));

        final var fiberValue = required(link, "fiber-length-km", path);
        final double fiber = number(fiberValue, path + ".fiber-length-km");
        final var planned = planned(link, path, merged, fiber);

        final int blockBits = merged.containsKey("block-bits")
            ? (int) integer(merged.get("block-bits").value, merged.get("block-bits").path, 8, 1 << 20)
            : LinkSpec.DEFAULT_BLOCK_BITS;
        final long poolBits = merged.containsKey("pool-bits")
            ? integer(merged.get("pool-bits").value, merged.get("pool-bits").path, 8, 1L << 40)
            : LinkSpec.DEFAULT_POOL_BITS;
        try {
            return new LinkSpec(id, ends[0], ends[1], planned.physics(), planned.protocol(), blockBits, poolBits,
                planned.authenticationOverhead());
        } catch (IllegalArgumentException e) {
            throw error(link, path, e.getMessage(), e);
        }
    }

    // the link's physics and protocol, as a planned link of the same description has them: preset, protocol, decoy
    // method and parameters, the link's own or else the defaults'. A parameter that does not apply to the link's
    // protocol (or decoy method) is an error where it is given beside what it contradicts: in the link itself, or in
    // the defaults with the protocol (decoy) it does not fit; one inherited from the defaults is for other links
    private PlannedLink planned(final Obj link, final String path, final Map<String, Located> merged,
            final double fiber) throws TopologyException {
        final var protocol = merged.get("protocol");
        final var protocolName = protocol == null ? null : string(protocol.value, protocol.path);
        final var decoy = merged.get("decoy");
        var decoyName = decoy == null ? null : string(decoy.value, decoy.path);
        if (decoyName != null && protocolName != null && !"bb84".equals(protocolName)
                && !contradicts(decoy, protocol)) {
            // the defaults' decoy method, for their BB84 links
            decoyName = null;
        }
        final var parameters = new HashMap<String, Double>();
        try {
            for (var entry : merged.entrySet()) {
                final var name = entry.getKey();
                final var located = entry.getValue();
                if (!PlannedLink.PARAMETERS.contains(name)) {
                    continue;
                }
                final var misplaced = PlannedLink.misplaced(protocolName, decoyName, name);
                if (misplaced == null) {
                    parameters.put(name, number(located.value, located.path));
                } else if (contradicts(located, PlannedLink.isDecoyParameter(name) && (protocolName == null
                        || "bb84".equals(protocolName)) ? decoy : protocol)) {
                    throw error(located.value, located.path, misplaced);
                }
            }
            return PlannedLink.of(merged.containsKey("preset") ? string(merged.get("preset").value,
                merged.get("preset").path) : null, protocolName, decoyName, fiber, parameters);
        } catch (PlannedLink.InvalidField e) {
            final var at = "parameters".equals(e.field()) ? null : merged.get(e.field());
            throw at == null ? error(link, path, e.reason(), e) : error(at.value, at.path, e.reason(), e);
        }
    }

    // whether a field that does not apply contradicts what chose that (the protocol or decoy method; null when the
    // link takes the default one): given in the link itself, or in the defaults beside that choice
    private static boolean contradicts(final Located field, final Located choice) {
        return !field.path.startsWith("defaults.") || choice != null && choice.path.startsWith("defaults.");
    }

    private void checkFields(final Obj obj, final String path, final Set<String> allowed) throws TopologyException {
        for (var entry : obj.members().entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw error(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(),
                    "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private Value required(final Obj obj, final String field, final String path) throws TopologyException {
        final var value = obj.members().get(field);
        if (value == null) {
            throw error(obj, path.isEmpty() ? field : path + "." + field, "required field missing");
        }
        return value;
    }

    private Obj object(final Value value, final String path) throws TopologyException {
        if (value instanceof Obj obj) {
            return obj;
        }
        throw error(value, path, "expected an object");
    }

    private Arr array(final Value value, final String path) throws TopologyException {
        if (value instanceof Arr arr) {
            return arr;
        }
        throw error(value, path, "expected an array");
    }

    private String string(final Value value, final String path) throws TopologyException {
        if (value instanceof Str str) {
            return str.value();
        }
        throw error(value, path, "expected a string");
    }

    private String name(final Value value, final String path) throws TopologyException {
        final var name = string(value, path);
        if (!NAME.matcher(name).matches()) {
            throw error(value, path, "'" + name + "' is not a valid name (letters, digits, '.', '_', '-'; "
                + "at most 64; starting with a letter or digit)");
        }
        return name;
    }

    private UUID uuid(final Value value, final String path) throws TopologyException {
        final var text = string(value, path);
        if (UUID_TEXT.matcher(text).matches()) {
            return UUID.fromString(text);
        }
        throw error(value, path, "'" + text + "' is not a UUID");
    }

    private double number(final Value value, final String path) throws TopologyException {
        if (value instanceof Num num && Double.isFinite(num.value())) {
            return num.value();
        }
        throw error(value, path, "expected a number");
    }

    private long integer(final Value value, final String path, final long min, final long max)
            throws TopologyException {
        if (value instanceof Num num && num.text().matches("-?\\d{1,18}")) {
            final long parsed = Long.parseLong(num.text());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
            throw error(value, path, "must be in [" + min + ", " + max + "], was " + num.text());
        }
        if (value instanceof Num num && num.text().matches("-?\\d+")) {
            throw error(value, path, "must be in [" + min + ", " + max + "], was " + num.text());
        }
        throw error(value, path, "expected an integer");
    }

    private TopologyException error(final Value value, final String path, final String problem) {
        return error(value, path, problem, null);
    }

    private TopologyException error(final Value value, final String path, final String problem,
            final Throwable cause) {
        return new TopologyException(source, value.line(), path, problem, cause);
    }

    private static Set<String> union(final Set<String> first, final Set<String> second) {
        final var all = new HashSet<>(first);
        all.addAll(second);
        return all;
    }

    private record Located(Value value, String path) {
    }
}
