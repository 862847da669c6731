/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.opendaylight.qkd.keys.crypto.MlKemParameterSet;

/**
 * What an ETSI GS QKD 020 server asks of its KME. Each call names the calling KME as its TLS certificate proves it;
 * a call that is refused throws the problem to answer, and the KME keeps nothing of it.
 */
public interface KmeEndpoint {
    /**
     * Whether a KME may call this one at all.
     *
     * @param kmeId the caller's KME ID, from its certificate
     * @return true for a configured peer
     */
    boolean isPeer(String kmeId);

    /**
     * Takes keys from a peer ({@code ext_keys}). With an {@code ack_callback_url} the KME sends the outcome there
     * itself (asynchronous mode) and the server answers 202 at once; without, the server answers the outcome
     * (synchronous mode).
     *
     * @param peer the caller
     * @param request the keys; the KME takes them over and destroys them
     * @return the outcome of every key once known
     * @throws Etsi020Problem when the request is refused as a whole
     */
    CompletionStage<List<Ack>> extKeys(String peer, ExtKeys request) throws Etsi020Problem;

    /**
     * Takes the outcome of keys this KME passed to a peer ({@code ext_keys/ack}).
     *
     * @param peer the caller
     * @param acks the outcomes
     * @throws Etsi020Problem when an outcome names keys this KME did not pass to the caller; none is applied then
     */
    void acknowledge(String peer, List<Ack> acks) throws Etsi020Problem;

    /**
     * Voids keys a peer passed earlier ({@code ext_keys/void}), in the same two modes as {@link #extKeys}.
     *
     * @param peer the caller
     * @param request the keys
     * @return the outcome of every key once known
     * @throws Etsi020Problem when the request is refused as a whole
     */
    CompletionStage<List<Ack>> voidKeys(String peer, VoidRequest request) throws Etsi020Problem;

    /**
     * This KME's ML-KEM encapsulation key, for a peer that sends it keys under ML-KEM pads ({@link MlKemEpochs}).
     * Not part of ETSI GS QKD 020: {@code GET /kmapi/v1/x_e32473_ml_kem/{parameter set}}.
     *
     * @param peer the caller
     * @param parameterSet the parameter set
     * @return the encoded key
     * @throws Etsi020Problem when this KME makes no ML-KEM epochs
     */
    default byte[] mlKemEncapsulationKey(final String peer, final MlKemParameterSet parameterSet)
            throws Etsi020Problem {
        throw Etsi020Problem.unavailable("unsupported_ml_kem", "this KME makes no ML-KEM epochs");
    }

    /**
     * Takes an ML-KEM epoch a peer made ({@code POST /kmapi/v1/x_e32473_ml_kem/{parameter set}}).
     *
     * @param peer the caller
     * @param parameterSet the parameter set
     * @param epoch the epoch's ID
     * @param ciphertext the ciphertext to this KME's encapsulation key
     * @return the confirmation for the caller
     * @throws Etsi020Problem when it is refused
     */
    default byte[] mlKemEpoch(final String peer, final MlKemParameterSet parameterSet, final UUID epoch,
            final byte[] ciphertext) throws Etsi020Problem {
        throw Etsi020Problem.unavailable("unsupported_ml_kem", "this KME makes no ML-KEM epochs");
    }
}
