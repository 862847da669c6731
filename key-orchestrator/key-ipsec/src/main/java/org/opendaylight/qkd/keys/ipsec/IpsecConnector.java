/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.ipsec;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys an IPsec tunnel between two strongSwan gateways with the QKD network's keys, as post-quantum preshared keys
 * (RFC 8784). Each gateway is the SAE of a key service at its own site. On every rotation the connector takes a new
 * key for the initiator, the same key by its ID for the responder, loads it into each charon over vici as a PPK
 * whose ID is the key ID (never a file), points the initiator's connection at that PPK ID and reauthenticates: a new
 * IKE SA with its CHILD SA, made before the old one is deleted (RFC 8784 applies a PPK to the initial IKE SA only,
 * so a fresh key needs a fresh IKE SA). The old IKE SA and the old PPK then go from both charons.
 */
public final class IpsecConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpsecConnector.class);
    private static final String SHARED_PREFIX = "qkd-ppk-";
    private static final String IKE_SECRET = "qkd-ike-auth";
    private static final String INITIATE_TIMEOUT_MS = "20000";
    private static final String TERMINATE_TIMEOUT_MS = "10000";

    /**
     * One gateway.
     *
     * @param sae its SAE ID at its site's KME
     * @param keys its site's KME
     * @param vici its charon
     * @param address its address on the outer network
     * @param identity its IKE identity
     * @param subnet the traffic it protects (a traffic selector, e.g. {@code 10.1.0.0/16})
     */
    public record Gateway(String sae, KeyEndpoint keys, Vici vici, String address, String identity, String subnet) {
        /**
         * Checks the parts.
         */
        public Gateway {
            requireNonNull(sae);
            requireNonNull(keys);
            requireNonNull(vici);
            requireNonNull(address);
            requireNonNull(identity);
            requireNonNull(subnet);
        }
    }

    /**
     * One rotation: the key that keys the new IKE SA, and the IKE SAs at both ends.
     *
     * @param at when the new IKE SA was up
     * @param keyId the key's ETSI ID, the PPK ID
     * @param initiatorSa the IKE SA's unique ID at the initiator
     * @param responderSa the IKE SA's unique ID at the responder
     */
    public record Rotation(Instant at, String keyId, String initiatorSa, String responderSa) {
    }

    private final Gateway initiator;
    private final Gateway responder;
    private final String connection;
    private final String child;
    private final int keyBits;
    private final InstantSource clock;
    private @Nullable String currentKey;

    /**
     * A connector for one tunnel; {@link #configure} loads the connection at both gateways.
     *
     * @param connection the connection's name at both charons
     * @param child its CHILD SA's name
     * @param initiator the gateway that initiates
     * @param responder the other
     * @param keyBits the size of each PPK (the key service's key size, or another that the KMEs serve)
     * @param clock for the rotations' times
     */
    public IpsecConnector(final String connection, final String child, final Gateway initiator,
            final Gateway responder, final int keyBits, final InstantSource clock) {
        this.connection = requireNonNull(connection);
        this.child = requireNonNull(child);
        this.initiator = requireNonNull(initiator);
        this.responder = requireNonNull(responder);
        this.keyBits = keyBits;
        this.clock = requireNonNull(clock);
    }

    /**
     * Loads the IKE authentication secret and the connection at both gateways; the responder requires a PPK.
     *
     * @param ikePsk the secret that authenticates the gateways to each other (IKEv2 PSK); left unchanged
     * @throws IOException when a charon refuses
     */
    public void configure(final byte[] ikePsk) throws IOException {
        for (var gateway : List.of(initiator, responder)) {
            check(gateway, "load-shared", gateway.vici().request("load-shared", new Vici.Message()
                .put("id", IKE_SECRET).put("type", "IKE").put("data", ikePsk)
                .list("owners", List.of(initiator.identity(), responder.identity()))));
        }
        check(responder, "load-conn", responder.vici().request("load-conn", connection(responder, initiator,
            null)));
    }

    /**
     * Takes a new key and reauthenticates the tunnel with it.
     *
     * @return what was done
     * @throws IOException when a KME gives no key or a charon refuses (the responder's PPK is not the initiator's:
     *         authentication fails); the tunnel then stays on the IKE SA it had
     */
    public Rotation rotate() throws IOException {
        final var key = initiator.keys().newKey(responder.sae(), keyBits);
        final KeyEndpoint.Key copy;
        try {
            copy = responder.keys().keyById(initiator.sae(), key.id());
        } catch (IOException e) {
            key.destroy();
            throw e;
        }
        final var id = key.id();
        // the connector does not compare the two: IKE authentication does, as between gateways at two sites
        try {
            check(responder, "load-shared", responder.vici().request("load-shared", ppk(id, copy.bits())));
            check(initiator, "load-shared", initiator.vici().request("load-shared", ppk(id, key.bits())));
        } finally {
            key.destroy();
            copy.destroy();
        }
        final List<Vici.Message> sas;
        try {
            check(initiator, "load-conn", initiator.vici().request("load-conn", connection(initiator, responder,
                id)));
            check(initiator, "initiate", initiator.vici().request("initiate", new Vici.Message().put("ike",
                connection).put("child", child).put("timeout", INITIATE_TIMEOUT_MS).put("init-limits", "no")));
            sas = ikeSas(initiator);
        } catch (IOException e) {
            unload(id);
            throw e;
        }
        final var sa = newest(sas).orElseThrow(() -> new IOException("no IKE SA of " + connection + " at "
            + initiator.identity() + " after it was initiated"));
        final var previous = currentKey;
        currentKey = id;
        // the old IKE SAs go (their delete reaches the responder), then the old PPK at both ends
        final var old = sas.stream().map(other -> other.text("uniqueid")).filter(other -> !other.equals(sa)).toList();
        for (var other : old) {
            initiator.vici().request("terminate", new Vici.Message().put("ike-id", other)
                .put("timeout", TERMINATE_TIMEOUT_MS));
        }
        if (previous != null) {
            unload(previous);
        }
        final var responderSa = newest(ikeSas(responder)).orElse("?");
        LOG.info("Tunnel {}: IKE SA {} (responder {}) keyed with PPK {}; IKE SAs {} deleted", connection, sa,
            responderSa, id, old);
        return new Rotation(clock.instant(), id, sa, responderSa);
    }

    private static Vici.Message ppk(final String id, final byte[] bits) {
        return new Vici.Message().put("id", SHARED_PREFIX + id).put("type", "PPK").put("data", bits)
            .list("owners", List.of(id));
    }

    private void unload(final String id) {
        for (var gateway : List.of(initiator, responder)) {
            try {
                gateway.vici().request("unload-shared", new Vici.Message().put("id", SHARED_PREFIX + id));
            } catch (IOException e) {
                LOG.warn("Tunnel {}: PPK {} not unloaded at {}", connection, id, gateway.identity(), e);
            }
        }
    }

    // the connection as one gateway has it; the initiator's names the PPK ID, the responder takes the initiator's
    private Vici.Message connection(final Gateway local, final Gateway remote, final @Nullable String ppkId) {
        final var conn = new Vici.Message()
            .put("version", "2")
            .list("local_addrs", List.of(local.address()))
            .list("remote_addrs", List.of(remote.address()))
            .list("proposals", List.of("aes256gcm16-prfsha384-x25519"))
            .put("ppk_required", "yes")
            // the connector reauthenticates on its own period, with a fresh PPK each time
            .put("reauth_time", "0");
        if (ppkId != null) {
            conn.put("ppk_id", ppkId);
        }
        conn.section("local", new Vici.Message().put("auth", "psk").put("id", local.identity()))
            .section("remote", new Vici.Message().put("auth", "psk").put("id", remote.identity()))
            .section("children", new Vici.Message().section(child, new Vici.Message()
                .list("local_ts", List.of(local.subnet()))
                .list("remote_ts", List.of(remote.subnet()))
                .list("esp_proposals", List.of("aes256gcm16"))));
        return new Vici.Message().section(connection, conn);
    }

    /**
     * The IKE SAs of the connection at a gateway, oldest first, with whether each is established and used a PPK.
     *
     * @param gateway the gateway
     * @return its IKE SAs
     * @throws IOException when its charon does not answer
     */
    public List<Vici.Message> ikeSas(final Gateway gateway) throws IOException {
        final var sas = new ArrayList<Vici.Message>();
        for (var event : gateway.vici().stream("list-sas", "list-sa", new Vici.Message().put("ike", connection))) {
            final var sa = event.sectionOf(connection);
            if (sa != null) {
                sas.add(sa);
            }
        }
        sas.sort((a, b) -> Long.compare(Long.parseLong(a.text("uniqueid")), Long.parseLong(b.text("uniqueid"))));
        return sas;
    }

    // the unique ID of the newest established IKE SA of those listed, oldest first
    private static Optional<String> newest(final List<Vici.Message> sas) {
        return sas.stream().filter(sa -> "ESTABLISHED".equals(sa.text("state"))).reduce((first, second) -> second)
            .map(sa -> sa.text("uniqueid"));
    }

    private static void check(final Gateway gateway, final String command, final Vici.Message answer)
            throws IOException {
        if (!answer.succeeded()) {
            throw new IOException("charon of " + gateway.identity() + " refused " + command + ": "
                + answer.text("errmsg"));
        }
    }

    /**
     * The key ID of the current IKE SA.
     *
     * @return it, null before the first rotation
     */
    public @Nullable String currentKey() {
        return currentKey;
    }

    @Override
    public void close() throws IOException {
        try {
            initiator.keys().close();
        } finally {
            responder.keys().close();
        }
    }
}
