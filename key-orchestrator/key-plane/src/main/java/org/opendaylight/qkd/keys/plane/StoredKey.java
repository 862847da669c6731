/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One end's copy of a key, held by a key manager until its SAE takes it. {@link #toString()} never shows the bits.
 */
public final class StoredKey {
    private final UUID id;
    private final String serviceId;
    private final Provenance provenance;
    private final Instant madeAt;
    private final Set<String> links;
    private final List<List<String>> paths;
    private final byte[] bits;

    StoredKey(final UUID id, final String serviceId, final Provenance provenance, final Instant madeAt,
            final Route route, final byte[] bits) {
        this.id = requireNonNull(id);
        this.serviceId = requireNonNull(serviceId);
        this.provenance = requireNonNull(provenance);
        this.madeAt = requireNonNull(madeAt);
        this.links = route.links();
        this.paths = route.paths();
        this.bits = requireNonNull(bits);
    }

    /**
     * A key as a site's key manager holds it.
     *
     * @param id key ID
     * @param serviceId what it serves: the key service, or the application at the site
     * @param provenance how it was made
     * @param madeAt when it was made
     * @param paths the nodes of each path it took, as far as the site knows them
     * @param bits the key, taken over
     * @return the key
     */
    public static StoredKey of(final UUID id, final String serviceId, final Provenance provenance,
            final Instant madeAt, final List<List<String>> paths, final byte[] bits) {
        return new StoredKey(id, serviceId, provenance, madeAt, new Route(Set.of(), List.copyOf(paths)), bits);
    }

    /**
     * The paths a key took, as the keys made over them share it.
     *
     * @param links every link of the paths
     * @param paths the nodes of each path
     */
    record Route(Set<String> links, List<List<String>> paths) {
        static final Route NONE = new Route(Set.of(), List.of());

        static Route of(final List<RelayPath> paths) {
            return new Route(paths.stream().flatMap(path -> path.links().stream())
                .collect(Collectors.toUnmodifiableSet()), paths.stream().map(RelayPath::nodes).toList());
        }
    }

    public UUID id() {
        return id;
    }

    public String serviceId() {
        return serviceId;
    }

    public Provenance provenance() {
        return provenance;
    }

    /**
     * When the key was relayed (or derived).
     *
     * @return the instant
     */
    public Instant madeAt() {
        return madeAt;
    }

    /**
     * The nodes of each path the key (or a share of it) was relayed over; empty for PQC keys.
     *
     * @return the paths
     */
    public List<List<String>> paths() {
        return paths;
    }

    /**
     * Whether the key, or a share of it, crossed a link.
     *
     * @param linkId the link
     * @return true when it did
     */
    public boolean crossed(final String linkId) {
        return links.contains(linkId);
    }

    /**
     * Length of the key.
     *
     * @return bytes
     */
    public int length() {
        return bits.length;
    }

    /**
     * Hands the bits to a consumer, which must not keep the array.
     *
     * @param consumer what encodes or compares the bits
     * @param <T> what the consumer makes of them
     * @return the consumer's result
     */
    public <T> T withBits(final Function<byte[], T> consumer) {
        return consumer.apply(bits);
    }

    /**
     * Overwrites the bits with zeros.
     */
    public void destroy() {
        Arrays.fill(bits, (byte) 0);
    }

    @Override
    public String toString() {
        return "StoredKey{id=" + id + ", service=" + serviceId + ", provenance=" + provenance.label() + ", bytes="
            + bits.length + "}";
    }
}
