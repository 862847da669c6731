/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.emulator.device.EtsiNodeView;
import org.opendaylight.qkd.emulator.device.VirtualLink;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;
import org.opendaylight.qkd.keys.etsi014.SaeCertificates;
import org.opendaylight.qkd.keys.plane.KeyDelivery;
import org.opendaylight.qkd.keys.plane.Provenance;
import org.opendaylight.qkd.keys.site.SiteKme;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.types.rev220130.VIRT;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.device.ext.rev261125.QkdApp1;

/**
 * What a node's ETSI GS QKD 015 configuration asks of its key manager: the applications (key services' ends) and
 * the virtual links along which their keys are relayed, checked against the node's own QKD links. A configuration
 * that names an unknown link, an invalid SAE, or a virtual link that loops is refused as a whole with the reason.
 *
 * @param applications the applications, by application ID
 * @param virtualLinks the virtual links, by ID
 */
record NodeConfiguration(Map<String, Application> applications, Map<UUID, VirtualLink> virtualLinks) {
    static final NodeConfiguration EMPTY = new NodeConfiguration(Map.of(), Map.of());
    private static final long DEFAULT_MAX_STORED_KEYS = 10_000;
    private static final int DEFAULT_KEY_SIZE = 256;

    /**
     * An application and the link its keys travel over.
     *
     * @param spec the key manager's view of it
     * @param backingLink the virtual or physical link (ETSI {@code backing_qkdl_id}); null for PQC keys
     * @param virtual whether that link is virtual
     * @param pqc the ML-KEM parameter set of PQC keys, which go from the master's KME to the slave's under ML-KEM
     *        pads; null for relayed QKD keys
     */
    record Application(SiteKme.Application spec, @Nullable UUID backingLink, boolean virtual,
            @Nullable MlKemParameterSet pqc) {
        /**
         * The ML-KEM parameter set of the epochs this node shares with the application's other end: for PQC keys
         * (their pads) and hybrid keys (mixed into each relayed key).
         *
         * @return the set, null for relayed QKD keys
         */
        @Nullable MlKemParameterSet mlKemWithOtherEnd() {
            return pqc != null ? pqc : spec.provenance() == Provenance.HYBRID ? spec.mlKem() : null;
        }
    }

    /**
     * A configuration that is refused, with the reason.
     */
    static final class InvalidConfigurationException extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        InvalidConfigurationException(final String message) {
            super(message);
        }

        InvalidConfigurationException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    NodeConfiguration {
        applications = Map.copyOf(applications);
        virtualLinks = Map.copyOf(virtualLinks);
    }

    /**
     * Reads and checks a node's configuration.
     *
     * @param config the node's configuration (null when it has none)
     * @param self the node's qkdn_id
     * @param physicalLinks the node's QKD links: qkdl_id to the node at the other end
     * @param kmeOf the key manager ID of each node of the network, by qkdn_id
     * @return what it asks
     * @throws InvalidConfigurationException when it cannot be applied; the reason names the application or link
     */
    static NodeConfiguration of(final QkdNode config, final UUID self, final Map<UUID, UUID> physicalLinks,
            final Map<UUID, String> kmeOf) throws InvalidConfigurationException {
        if (config == null) {
            return EMPTY;
        }
        final var virtualLinks = new LinkedHashMap<UUID, VirtualLink>();
        if (config.getQkdLinks() != null) {
            for (var link : config.getQkdLinks().nonnullQkdLink().values()) {
                if (!VIRT.VALUE.equals(link.getQkdlType())) {
                    continue;
                }
                final VirtualLink virtual;
                try {
                    virtual = EtsiNodeView.virtualLinkFrom(link);
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException(e.getMessage(), e);
                }
                checkVirtualLink(virtual, self, physicalLinks);
                virtualLinks.put(virtual.qkdlId(), virtual);
            }
        }
        final var applications = new LinkedHashMap<String, Application>();
        final var pairs = new HashMap<List<String>, String>();
        if (config.getQkdApplications() != null) {
            for (var app : config.getQkdApplications().nonnullQkdApp().values()) {
                final var application = application(app, self, physicalLinks, virtualLinks, kmeOf);
                final var id = application.spec().id();
                for (var slave : application.spec().slaves()) {
                    final var other = pairs.put(List.of(application.spec().masterSae(), slave), id);
                    if (other != null) {
                        throw new InvalidConfigurationException("applications " + other + " and " + id
                            + " both serve " + application.spec().masterSae() + " -> " + slave);
                    }
                }
                applications.put(id, application);
            }
        }
        return new NodeConfiguration(applications, virtualLinks);
    }

    private static void checkVirtualLink(final VirtualLink link, final UUID self, final Map<UUID, UUID> physical)
            throws InvalidConfigurationException {
        final var name = "virtual link " + link.qkdlId();
        if (physical.containsKey(link.qkdlId())) {
            throw new InvalidConfigurationException(name + " has the ID of a QKD link of this node");
        }
        if (link.remote().equals(self)) {
            throw new InvalidConfigurationException(name + " loops: its remote end is this node");
        }
        final var neighbours = new HashSet<>(physical.values());
        final var hops = new ArrayList<UUID>(link.nextHops());
        if (link.previousHop() != null) {
            hops.add(link.previousHop());
        }
        if (link.nextHops().size() > 1) {
            throw new InvalidConfigurationException(name + " names " + link.nextHops().size() + " next hops; this "
                + "node relays to one");
        }
        if (new HashSet<>(hops).size() != hops.size()) {
            throw new InvalidConfigurationException(name + " loops: its previous and next hop are both "
                + link.previousHop());
        }
        for (var hop : hops) {
            if (hop.equals(self)) {
                throw new InvalidConfigurationException(name + " loops: it names this node as a hop");
            }
            if (!neighbours.contains(hop)) {
                throw new InvalidConfigurationException(name + " names hop " + hop + ", which no QKD link of this "
                    + "node reaches");
            }
        }
        if (link.previousHop() == null && link.nextHops().isEmpty()) {
            throw new InvalidConfigurationException(name + " names neither a previous nor a next hop");
        }
    }

    private static Application application(final QkdApp app, final UUID self, final Map<UUID, UUID> physical,
            final Map<UUID, VirtualLink> virtualLinks, final Map<UUID, String> kmeOf)
            throws InvalidConfigurationException {
        final var id = app.getAppId().getValue();
        final var name = "application " + id;
        final var extension = app.augmentation(QkdApp1.class);
        if (extension == null || extension.getSaeRole() == null) {
            throw new InvalidConfigurationException(name + ": sae-role (master or slave) is required");
        }
        final boolean master = extension.getSaeRole() == QkdApp1.SaeRole.Master;
        final boolean pqc = extension.getKeyMode() == QkdApp1.KeyMode.Pqc;
        final var provenance = pqc ? Provenance.PQC
            : extension.getKeyMode() == QkdApp1.KeyMode.Hybrid ? Provenance.HYBRID : Provenance.QKD;
        final var mlKem = extension.getMlKemParameterSet() == null ? MlKemParameterSet.ML_KEM_768
            : MlKemParameterSet.ofYangName(extension.getMlKemParameterSet().getName());
        final var masterSae = masterSae(app, name);
        final var slaves = slaveSaes(app, name, masterSae);
        final var slaveSae = slaves.getFirst();
        final var remote = app.getRemoteQkdnId();
        if (remote == null) {
            throw new InvalidConfigurationException(name + ": remote_qkdn_id (the other end's node) is required");
        }
        final var remoteNode = UUID.fromString(remote.getValue());
        final var otherKme = kmeOf.get(remoteNode);
        if (otherKme == null || remoteNode.equals(self)) {
            throw new InvalidConfigurationException(name + ": remote_qkdn_id " + remoteNode + " is not another node "
                + "of the network");
        }
        final var backing = app.getBackingQkdlId();
        final long keyBits = extension.getKeySize() == null ? DEFAULT_KEY_SIZE
            : extension.getKeySize().getValue().longValue();
        if (keyBits % Byte.SIZE != 0 || keyBits < KeyDelivery.MIN_KEY_BITS || keyBits > KeyDelivery.MAX_KEY_BITS) {
            throw new InvalidConfigurationException(name + ": key-size shall be a multiple of 8 from "
                + KeyDelivery.MIN_KEY_BITS + " to " + KeyDelivery.MAX_KEY_BITS + ", was " + keyBits);
        }
        final long rate = app.getAppQos() == null || app.getAppQos().getMaxBandwidth() == null ? 0
            : app.getAppQos().getMaxBandwidth().longValue();
        final long maxStock = extension.getMaxStoredKeys() == null ? DEFAULT_MAX_STORED_KEYS
            : extension.getMaxStoredKeys().longValue();
        final var spec = new SiteKme.Application(id, masterSae, slaveSae, master, otherKme, (int) keyBits, rate,
            (int) Math.min(Integer.MAX_VALUE, maxStock), provenance,
            path(name, extension.getPath(), master ? self : remoteNode, master ? remoteNode : self), mlKem,
            extension.getService() == null ? id : extension.getService(), slaves.subList(1, slaves.size()));
        if (pqc) {
            if (backing != null && !backing.isEmpty()) {
                throw new InvalidConfigurationException(name + ": PQC keys travel over no link; backing_qkdl_id "
                    + "shall be empty");
            }
            return new Application(spec, null, false, mlKem);
        }
        if (backing == null || backing.size() != 1) {
            throw new InvalidConfigurationException(name + ": exactly one backing_qkdl_id is required");
        }
        final var link = UUID.fromString(backing.iterator().next().getValue());
        return new Application(spec, link, isVirtual(name, link, master, remoteNode, physical, virtualLinks), null);
    }

    private static String masterSae(final QkdApp app, final String name) throws InvalidConfigurationException {
        if (app.getServerAppId() == null) {
            throw new InvalidConfigurationException(name + ": server_app_id (the master SAE) is required");
        }
        final var masterSae = app.getServerAppId().getValue();
        checkSae(name, masterSae);
        return masterSae;
    }

    // the slave SAEs in the order both ends give them: keys name them by their places
    private static List<String> slaveSaes(final QkdApp app, final String name, final String masterSae)
            throws InvalidConfigurationException {
        final var clients = app.getClientAppId();
        final int most = SiteKme.MAX_SLAVE_SAES;
        if (clients == null || clients.isEmpty() || clients.size() > most) {
            throw new InvalidConfigurationException(name + ": 1 to " + most + " client_app_id (the slave "
                + "SAEs, served by the same node) are required");
        }
        final var slaves = clients.stream().map(Uri::getValue).sorted().toList();
        for (var sae : slaves) {
            checkSae(name, sae);
        }
        if (slaves.contains(masterSae)) {
            throw new InvalidConfigurationException(name + ": the master and a slave SAE are the same");
        }
        return slaves;
    }

    private static void checkSae(final String name, final String sae) throws InvalidConfigurationException {
        if (!SaeCertificates.isValid(sae)) {
            throw new InvalidConfigurationException(name + ": unknown SAE '" + sae + "': an SAE ID is 1 to 64 of "
                + "A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
    }

    // whether the link an application's keys come over is one of this node's virtual links (else a QKD link),
    // checking that it leads to the other end, from the master's node to the slave's
    private static boolean isVirtual(final String name, final UUID link, final boolean master, final UUID remoteNode,
            final Map<UUID, UUID> physical, final Map<UUID, VirtualLink> virtualLinks)
            throws InvalidConfigurationException {
        final var vlink = virtualLinks.get(link);
        if (vlink != null) {
            if (!vlink.remote().equals(remoteNode)) {
                throw new InvalidConfigurationException(name + ": virtual link " + link + " leads to "
                    + vlink.remote() + ", not to " + remoteNode);
            }
            if (master == vlink.nextHops().isEmpty()) {
                throw new InvalidConfigurationException(name + ": virtual link " + link + " does not lead from the "
                    + "master's node to the slave's");
            }
            return true;
        }
        final var end = physical.get(link);
        if (end == null) {
            throw new InvalidConfigurationException(name + ": unknown link " + link + " in backing_qkdl_id");
        }
        if (!end.equals(remoteNode)) {
            throw new InvalidConfigurationException(name + ": QKD link " + link + " does not lead to " + remoteNode);
        }
        return false;
    }

    // the nodes the keys travel through, if the controller said: from the master's node to the slave's, no loop
    private static List<UUID> path(final String name, final @Nullable List<Uuid> configured, final UUID masterNode,
            final UUID slaveNode) throws InvalidConfigurationException {
        if (configured == null || configured.isEmpty()) {
            return List.of();
        }
        final var path = configured.stream().map(node -> UUID.fromString(node.getValue())).toList();
        if (path.size() < 2 || !path.getFirst().equals(masterNode) || !path.getLast().equals(slaveNode)) {
            throw new InvalidConfigurationException(name + ": path shall lead from the master's node " + masterNode
                + " to the slave's " + slaveNode);
        }
        if (new HashSet<>(path).size() != path.size()) {
            throw new InvalidConfigurationException(name + ": path loops: it names a node twice");
        }
        return path;
    }

    /**
     * The next node towards the slave, for keys of an application that this node serves as master, or that come
     * over a virtual link this node relays.
     *
     * @param link the virtual or physical link
     * @param physicalLinks the node's QKD links
     * @return the next node's qkdn_id, null when this node is the last one
     */
    UUID nextHop(final UUID link, final Map<UUID, UUID> physicalLinks) {
        final var virtual = virtualLinks.get(requireNonNull(link));
        if (virtual != null) {
            return virtual.nextHops().isEmpty() ? null : virtual.nextHops().getFirst();
        }
        return physicalLinks.get(link);
    }
}
