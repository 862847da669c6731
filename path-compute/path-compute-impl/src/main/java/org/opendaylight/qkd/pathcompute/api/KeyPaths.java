/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.policy.rev261125.qkd.policies.Policy;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * Path computation over the QKD networks of the operational topology.
 */
public interface KeyPaths {
    /**
     * Decides how a demand is served under a policy, on the key graph as it is now, and reserves the rate of the
     * paths when asked to.
     *
     * @param request the demand
     * @param policy the configured policy the demand is under, as the caller read it
     * @return the decision, with its reservation and the topology version it was computed on
     * @throws PathComputeException when the demand or the policy cannot be placed at all (see its problem)
     */
    Placement place(PlacementRequest request, Policy policy) throws PathComputeException;

    /**
     * Releases a reservation.
     *
     * @param reservationId the reservation
     * @return whether it was held (false when unknown or already released)
     */
    boolean release(long reservationId);

    /**
     * Reports the changes of QKD links (status, QBER, appearance, disappearance), each once the key graph has taken
     * it: a placement asked for after a change was reported is computed on a graph that has it.
     *
     * @param listener told on the topology reader's thread; it must not block
     * @return closing it stops the reports
     */
    Registration watchLinks(LinkListener listener);
}
