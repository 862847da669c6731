/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.network.rev180226.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.KeyServices;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.KeyServiceKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.SaeABuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.SaeBBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.key.service.rev261125.key.services.key.service.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.PolicyName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.QkdPolicies;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.PolicyKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.BitRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.KeySize;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.types.rev261125.SaeId;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * The key services of the configuration datastore with their operational state, for the console: create, list and
 * delete. Only the key orchestrator writes state; the console writes intent.
 */
public final class ServiceCatalog {
    private static final DataObjectIdentifier<KeyServices> SERVICES =
        DataObjectIdentifier.builder(KeyServices.class).build();

    private static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final DataBroker broker;

    /**
     * The catalog of a datastore.
     *
     * @param broker the controller's data broker
     */
    public ServiceCatalog(final DataBroker broker) {
        this.broker = requireNonNull(broker);
    }

    /**
     * One service as listed.
     *
     * @param id its ID
     * @param ends master and slave SAE with their nodes
     * @param rate the rate it asks for, bit/s
     * @param policy its policy
     * @param mode how it is served, {@code pending} before the orchestrator has placed it
     * @param reason why
     * @param paths its paths, nodes joined by {@code -}, paths by {@code ; }
     * @param stored keys ready for the master
     * @param delivered keys delivered to both sides
     * @param discarded keys discarded
     * @param detail the orchestrator's words, empty when none
     */
    public record Row(String id, String ends, String rate, String policy, String mode, String reason, String paths,
            String stored, String delivered, String discarded, String detail) {
    }

    /**
     * A key service.
     *
     * @param id its ID
     * @param master the master SAE and its node, {@code sae@node}
     * @param slave the slave SAE and its node, {@code sae@node}
     * @param rate the key rate, bit/s
     * @param keySize the key size, bits
     * @param policy the policy
     * @param otherSlaves other slave SAEs at the slave's node that may take the same keys (key multicast)
     * @return the service
     * @throws ConsoleException naming the value the model does not allow
     */
    public static KeyService service(final String id, final String master, final String slave, final long rate,
            final long keySize, final String policy, final List<String> otherSlaves) throws ConsoleException {
        if (rate <= 0) {
            throw new ConsoleException("rate must be a positive number of bit/s, not " + rate);
        }
        if (keySize % Byte.SIZE != 0) {
            throw new ConsoleException("key size must be a multiple of 8 bits (ETSI GS QKD 014), not " + keySize);
        }
        final var masterEnd = end("master", master);
        final var slaveEnd = end("slave", slave);
        return new KeyServiceBuilder()
            .setServiceId(serviceId(id))
            .setSaeA(new SaeABuilder().setSaeId(Datastore.value("master SAE", () -> new SaeId(masterEnd.get(0))))
                .setNode(Datastore.value("master node", () -> new NodeId(masterEnd.get(1)))).build())
            .setSaeB(new SaeBBuilder().setSaeId(Datastore.value("slave SAE", () -> new SaeId(slaveEnd.get(0))))
                .setNode(Datastore.value("slave node", () -> new NodeId(slaveEnd.get(1))))
                .setAdditionalSaeId(otherSlaves.isEmpty() ? null : saeIds(otherSlaves)).build())
            .setRequiredRate(new BitRate(Uint64.valueOf(rate)))
            .setKeySize(Datastore.value("key size", () -> new KeySize(Uint32.valueOf(keySize))))
            .setPolicy(Datastore.value("policy", () -> new PolicyName(policy)))
            .build();
    }

    private static Set<SaeId> saeIds(final List<String> saes) throws ConsoleException {
        final var ids = new LinkedHashSet<SaeId>();
        for (var sae : saes) {
            ids.add(Datastore.value("other slave SAE", () -> new SaeId(sae)));
        }
        return ids;
    }

    // the model's pattern and length, which the binding does not check for a leaf's own type
    private static String serviceId(final String id) throws ConsoleException {
        if (id == null || !SERVICE_ID.matcher(id).matches()) {
            throw new ConsoleException("invalid service ID " + id + ": 1 to 64 of A-Z a-z 0-9 . _ -, starting with "
                + "a letter or digit");
        }
        return id;
    }

    private static List<String> end(final String what, final String text) throws ConsoleException {
        final int at = text == null ? -1 : text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new ConsoleException("the " + what + " is given as sae@node, not " + text);
        }
        return List.of(text.substring(0, at), text.substring(at + 1));
    }

    /**
     * Creates a service that does not exist yet, under a policy that does.
     *
     * @param service the service
     * @throws ConsoleException when the ID is taken, the policy unknown, or the datastore refuses; nothing is written
     */
    public void add(final KeyService service) throws ConsoleException {
        final var id = service.getServiceId();
        final var path = path(id);
        final var tx = broker.newReadWriteTransaction();
        if (Datastore.exists(tx, path)) {
            tx.cancel();
            throw new ConsoleException("a key service named " + id + " exists already; remove it first");
        }
        final var policy = DataObjectIdentifier.builder(QkdPolicies.class)
            .child(Policy.class, new PolicyKey(service.getPolicy())).build();
        if (!Datastore.exists(tx, policy)) {
            tx.cancel();
            throw new ConsoleException("no policy named " + service.getPolicy().getValue());
        }
        tx.mergeParentStructurePut(LogicalDatastoreType.CONFIGURATION, path, service);
        Datastore.commit(tx.commit(), "creating " + id);
    }

    /**
     * Deletes a service; the orchestrator releases its rate and erases its keys.
     *
     * @param id the service
     * @throws ConsoleException when there is no such service
     */
    public void remove(final String id) throws ConsoleException {
        Datastore.deleteExisting(broker, path(serviceId(id)),
            () -> "no key service named " + id + "; services: " + String.join(", ", ids()), "removing " + id);
    }

    /**
     * The services with their state, by ID.
     *
     * @return one row per service
     * @throws ConsoleException when the datastore does not answer
     */
    public List<Row> list() throws ConsoleException {
        final Map<KeyServiceKey, KeyService> states = Datastore.read(broker, LogicalDatastoreType.OPERATIONAL,
            SERVICES).map(KeyServices::nonnullKeyService).orElse(Map.of());
        final var rows = new ArrayList<Row>();
        for (var service : Datastore.read(broker, LogicalDatastoreType.CONFIGURATION, SERVICES)
                .map(KeyServices::nonnullKeyService).orElse(Map.of()).values()) {
            final var known = states.get(service.key());
            final State state = known == null ? null : known.getState();
            rows.add(new Row(service.getServiceId(), ends(service),
                service.getRequiredRate() == null ? "-" : service.getRequiredRate().getValue().toString(),
                service.getPolicy() == null ? "-" : service.getPolicy().getValue(),
                state == null || state.getMode() == null ? "pending" : state.getMode().getName(),
                state == null || state.getReason() == null ? "-" : state.getReason().getName(),
                state == null ? "" : paths(state),
                state == null || state.getKeysStored() == null ? "-" : state.getKeysStored().toString(),
                state == null || state.getKeysDelivered() == null ? "-"
                    : state.getKeysDelivered().getValue().toString(),
                state == null || state.getKeysDiscarded() == null ? "-"
                    : state.getKeysDiscarded().getValue().toString(),
                state == null || state.getDetail() == null ? "" : state.getDetail()));
        }
        rows.sort((left, right) -> left.id().compareTo(right.id()));
        return rows;
    }

    /**
     * The services' IDs, for completion.
     *
     * @return them, sorted
     * @throws ConsoleException when the datastore does not answer
     */
    public List<String> ids() throws ConsoleException {
        return Datastore.read(broker, LogicalDatastoreType.CONFIGURATION, SERVICES)
            .map(KeyServices::nonnullKeyService).orElse(Map.of()).keySet()
            .stream().map(KeyServiceKey::getServiceId).sorted().toList();
    }

    private static String ends(final KeyService service) {
        final var master = service.getSaeA();
        final var slave = service.getSaeB();
        return (master == null ? "-" : master.getSaeId().getValue() + "@" + master.getNode().getValue()) + " -> "
            + (slave == null ? "-" : slave.getSaeId().getValue() + "@" + slave.getNode().getValue()
                + (slave.getAdditionalSaeId() == null || slave.getAdditionalSaeId().isEmpty() ? ""
                    : " (also " + slave.getAdditionalSaeId().stream().map(SaeId::getValue).sorted()
                        .collect(Collectors.joining(", ")) + ")"));
    }

    private static String paths(final State state) {
        final var out = new ArrayList<String>();
        for (var path : state.nonnullPath().values()) {
            out.add(path.getHop() == null ? "" : path.getHop().stream().map(NodeId::getValue)
                .collect(Collectors.joining(PathCommand.HOP)));
        }
        for (var path : state.nonnullBackupPath().values()) {
            out.add("xor " + (path.getHop() == null ? "" : path.getHop().stream().map(NodeId::getValue)
                .collect(Collectors.joining(PathCommand.HOP))));
        }
        return String.join("; ", out);
    }

    private static DataObjectIdentifier<KeyService> path(final String id) {
        return SERVICES.toBuilder().child(KeyService.class, new KeyServiceKey(id)).build();
    }
}
