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
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.opendaylight.qkd.emulator.device.EmulatedNetwork.NodeSpec;
import org.opendaylight.qkd.emulator.link.LinkSpec;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol.FiniteKey;
import org.opendaylight.qkd.emulator.physics.LinkParameters;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.physics.MdiQkd;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.emulator.physics.QkdProtocol;
import org.opendaylight.qkd.emulator.physics.TwinFieldQkd;
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
 * <p>The whole file is validated before anything is built; the first problem is reported with its line and field.
 */
public final class TopologyFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern UUID_TEXT =
        Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> LINK_SETTINGS = Set.of("preset", "protocol", "middle-position", "decoy",
        "decoy-intensity", "block-size", "epsilon-sec", "epsilon-cor", "block-bits", "pool-bits",
        "authentication-overhead");
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
        checkFields(defaults, "defaults", union(union(LINK_SETTINGS, LinkParameters.BY_NAME.keySet()),
            Set.copyOf(LinkParameters.CV_NAMES)));

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
        checkFields(link, path, union(union(union(union(LINK_IDENTITY, LINK_SETTINGS), LinkParameters.BY_NAME.keySet()),
            Set.copyOf(LinkParameters.CV_NAMES)), Set.of(KEY_DELIVERY)));
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

        final var preset = merged.get("preset");
        final var fiberValue = required(link, "fiber-length-km", path);
        final double fiber = number(fiberValue, path + ".fiber-length-km");
        // none given: the protocol's (cv-metro for cv-gg02), as a planned link's
        final var protocolGiven = merged.get("protocol");
        final var presetName = preset != null ? string(preset.value, preset.path) : LinkParameters.defaultPreset(
            protocolGiven == null ? "bb84" : string(protocolGiven.value, protocolGiven.path));
        final var base = LinkParameters.PRESETS.get(presetName);
        if (base == null) {
            final var known = LinkParameters.PRESETS.keySet().stream().sorted().map(name -> '"' + name + '"');
            throw error(preset.value, preset.path, "unknown preset (use " + String.join(" or ", known.toList()) + ")");
        }
        final var physics = base.toBuilder();
        apply(physics, fiberValue, path + ".fiber-length-km", builder -> builder.fiberLengthKm(fiber));
        for (var entry : merged.entrySet()) {
            final var setter = LinkParameters.BY_NAME.get(entry.getKey());
            if (setter != null) {
                final var located = entry.getValue();
                final double number = number(located.value, located.path);
                apply(physics, located.value, located.path, builder -> setter.accept(builder, number));
            }
        }

        final var protocol = protocol(merged);

        final int blockBits = merged.containsKey("block-bits")
            ? (int) integer(merged.get("block-bits").value, merged.get("block-bits").path, 8, 1 << 20)
            : LinkSpec.DEFAULT_BLOCK_BITS;
        final long poolBits = merged.containsKey("pool-bits")
            ? integer(merged.get("pool-bits").value, merged.get("pool-bits").path, 8, 1L << 40)
            : LinkSpec.DEFAULT_POOL_BITS;
        final double overhead = merged.containsKey("authentication-overhead")
            ? number(merged.get("authentication-overhead").value, merged.get("authentication-overhead").path)
            : LinkSpec.DEFAULT_AUTHENTICATION_OVERHEAD;
        try {
            return new LinkSpec(id, ends[0], ends[1], physics.build(), protocol, blockBits, poolBits, overhead);
        } catch (IllegalArgumentException e) {
            throw error(link, path, e.getMessage(), e);
        }
    }

    private void apply(final LinkPhysics.Builder physics, final Value value, final String path,
            final Consumer<LinkPhysics.Builder> change) throws TopologyException {
        change.accept(physics);
        try {
            physics.build();
        } catch (IllegalArgumentException e) {
            throw error(value, path, e.getMessage(), e);
        }
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

    private static String parentOf(final String path) {
        return path.substring(0, path.lastIndexOf('.') + 1);
    }

    private static Set<String> union(final Set<String> first, final Set<String> second) {
        final var all = new HashSet<>(first);
        all.addAll(second);
        return all;
    }

    private record Located(Value value, String path) {
    }

    // the protocol and its parameters; each parameter only beside the protocol it belongs to
    private QkdProtocol protocol(final Map<String, Located> merged) throws TopologyException {
        final var protocol = merged.get("protocol");
        final var name = protocol == null ? "bb84" : string(protocol.value, protocol.path);
        final var decoyNames = new ArrayList<>(List.of("decoy", PlannedLink.DECOY_INTENSITY));
        decoyNames.addAll(PlannedLink.FINITE_PARAMETERS);
        switch (name) {
            case "bb84" -> {
                rejectBeside(merged, protocol, LinkParameters.CV_NAMES, "only a cv-gg02 link has ");
                rejectBeside(merged, protocol, List.of(PlannedLink.MIDDLE_POSITION), "only an mdi link has a ");
                return decoy(merged);
            }
            case "cv-gg02" -> {
                rejectBeside(merged, protocol, decoyNames, "a cv-gg02 link has no ");
                rejectBeside(merged, protocol, List.of(PlannedLink.MIDDLE_POSITION), "only an mdi link has a ");
                final var given = new HashMap<String, Double>();
                for (var parameter : LinkParameters.CV_NAMES) {
                    final var located = merged.get(parameter);
                    if (located != null) {
                        final double number = number(located.value, located.path);
                        try {
                            LinkParameters.cv(Map.of(parameter, number));
                        } catch (IllegalArgumentException e) {
                            throw error(located.value, located.path, e.getMessage(), e);
                        }
                        given.put(parameter, number);
                    }
                }
                return LinkParameters.cv(given);
            }
            case "mdi" -> {
                rejectBeside(merged, protocol, decoyNames, "an mdi link has no ");
                rejectBeside(merged, protocol, LinkParameters.CV_NAMES, "only a cv-gg02 link has ");
                final var position = merged.get(PlannedLink.MIDDLE_POSITION);
                if (position == null) {
                    return MdiQkd.MIDDLE;
                }
                final double share = number(position.value, position.path);
                try {
                    return new MdiQkd(share);
                } catch (IllegalArgumentException e) {
                    throw error(position.value, position.path, e.getMessage(), e);
                }
            }
            case "tf" -> {
                rejectBeside(merged, protocol, decoyNames, "a tf link has no ");
                rejectBeside(merged, protocol, LinkParameters.CV_NAMES, "only a cv-gg02 link has ");
                rejectBeside(merged, protocol, List.of(PlannedLink.MIDDLE_POSITION),
                    "a tf link's middle station is half way: no ");
                return TwinFieldQkd.SENDING_OR_NOT_SENDING;
            }
            default -> throw error(protocol.value, protocol.path,
                "unknown protocol (use \"bb84\", \"cv-gg02\", \"mdi\" or \"tf\")");
        }
    }

    // parameters of another protocol, given in the same object as the protocol (null: the default one, and then in
    // the link), contradict it; inherited ones from the defaults do not apply
    private void rejectBeside(final Map<String, Located> merged, final Located protocol,
            final List<String> names, final String message) throws TopologyException {
        for (var parameter : names) {
            final var given = merged.get(parameter);
            if (given != null && (protocol == null ? !given.path.startsWith("defaults.")
                    : given.path.startsWith(parentOf(protocol.path)))) {
                throw error(given.value, given.path, message + parameter);
            }
        }
    }

    // the decoy protocol and its parameters; each parameter only beside the protocol it belongs to
    private DecoyProtocol decoy(final Map<String, Located> merged) throws TopologyException {
        final var decoy = merged.get("decoy");
        final var intensity = merged.get(PlannedLink.DECOY_INTENSITY);
        final var decoyName = decoy == null ? "vacuum-weak" : string(decoy.value, decoy.path);
        final var finiteNames = PlannedLink.FINITE_PARAMETERS;
        if (!"finite".equals(decoyName)) {
            for (var name : finiteNames) {
                final var given = merged.get(name);
                if (given != null && decoy != null && given.path.startsWith(parentOf(decoy.path))) {
                    throw error(given.value, given.path, "only a finite decoy has a " + name);
                }
            }
        }
        switch (decoyName) {
            case "infinite" -> {
                // an intensity inherited from the defaults does not apply; one given beside "infinite" contradicts it
                if (intensity != null && decoy != null && intensity.path.startsWith(parentOf(decoy.path))) {
                    throw error(intensity.value, intensity.path, "an infinite decoy has no intensity");
                }
                return DecoyProtocol.INFINITE;
            }
            case "vacuum-weak" -> {
                if (intensity == null) {
                    return DecoyProtocol.vacuumWeak(DecoyProtocol.VacuumWeak.DEFAULT_NU);
                }
                final double nu = number(intensity.value, intensity.path);
                try {
                    return DecoyProtocol.vacuumWeak(nu);
                } catch (IllegalArgumentException e) {
                    throw error(intensity.value, intensity.path, e.getMessage(), e);
                }
            }
            case "finite" -> {
                if (intensity != null && intensity.path.startsWith(parentOf(decoy.path))) {
                    throw error(intensity.value, intensity.path, "a finite decoy chooses its intensities itself");
                }
                final var values = new double[] { FiniteKey.DEFAULT_BLOCK_SIZE, FiniteKey.DEFAULT_EPSILON_SEC,
                    FiniteKey.DEFAULT_EPSILON_COR };
                for (int i = 0; i < values.length; i++) {
                    final var given = merged.get(finiteNames.get(i));
                    if (given != null) {
                        values[i] = number(given.value, given.path);
                        try {
                            DecoyProtocol.finiteKey(i == 0 ? values[0] : FiniteKey.DEFAULT_BLOCK_SIZE,
                                i == 1 ? values[1] : FiniteKey.DEFAULT_EPSILON_SEC,
                                i == 2 ? values[2] : FiniteKey.DEFAULT_EPSILON_COR);
                        } catch (IllegalArgumentException e) {
                            throw error(given.value, given.path, e.getMessage(), e);
                        }
                    }
                }
                return DecoyProtocol.finiteKey(values[0], values[1], values[2]);
            }
            default -> throw error(decoy.value, decoy.path,
                "unknown decoy protocol (use \"vacuum-weak\", \"infinite\" or \"finite\")");
        }
    }
}
