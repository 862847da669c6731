/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * Key services carried out by the SD-QKD nodes themselves: the controller decides a service's path and mode, and
 * programs the nodes over their management interface (ETSI GS QKD 015): a virtual link at every node of the path and
 * an application ({@code qkd_app}) at both ends; the nodes' key managers relay and deliver the keys. Only configuration
 * and counters pass through here, never a key.
 *
 * <p>Calls block while the nodes answer; one caller at a time per service.
 */
public interface SiteKeyServices {
    /**
     * Whether a declared device is an SD-QKD node whose key manager takes applications, so that a key service that
     * ends there is programmed on the nodes.
     *
     * @param device the device's name (its node in the QKD topology)
     * @return true when it is declared and takes applications
     */
    boolean takesApplications(String device);

    /**
     * Makes the nodes carry out a service as given, or nothing of it: writes what is new or changed (virtual links
     * along the path, first hop first; then the slave's application, then the master's) and removes what is no
     * longer wanted (applications first, then virtual links, last hop first). When a node refuses, what this call
     * did is undone in reverse order and the nodes keep what they had.
     *
     * @param serviceId the key service
     * @param plan what the nodes should do, or null to remove the service from them (its keys are erased there)
     * @throws ProgrammingException naming the node that refused, and why
     */
    void program(String serviceId, @Nullable SitePlan plan) throws ProgrammingException;

    /**
     * Removes from the connected nodes the applications and virtual links that the controller once wrote (their IDs
     * are name-based UUIDs) and that no programmed service has now: what a service deleted or moved while the
     * controller was stopped, or while a node did not answer, left behind. The application of a configured service
     * stays even when the service is not programmed now (its keys stay at the sites while it is placed again), and so
     * do the virtual links such an application stands on; what others configured on the nodes is not touched. Call
     * it once every service that should be on the nodes has been programmed since the controller started, so that
     * nothing still wanted is taken for left behind.
     *
     * @param configured the IDs of the configured key services
     * @return how many applications and virtual links were removed
     */
    int reconcile(Set<String> configured);

    /**
     * The compromise rule: tells every connected node with a key manager that the QKD link between two nodes is
     * compromised since an instant, so that each discards the keys it holds that crossed the link since then (the
     * nodes at the link's ends learn it from their own devices as well; the ends of a key's path may be elsewhere).
     * Returns at once; the nodes answer in the background.
     *
     * @param nodeA one end of the link (a device's name)
     * @param nodeB its other end
     * @param since when the compromise began
     * @return how many keys the nodes discarded, all together, once every node answered or gave up
     */
    CompletableFuture<Integer> linkCompromised(String nodeA, String nodeB, Instant since);

    /**
     * Asks to be told when a node becomes connected (a new session, or a member that took the nodes over and read
     * them), so that what a node could not take while it was not connected is programmed at once.
     *
     * @param connected called on a southbound thread; it must not block
     * @return what stops the calls
     */
    Registration watchConnections(Runnable connected);

    /**
     * The nodes' counters of a programmed service, as last read from its two ends.
     *
     * @param serviceId the key service
     * @return the counters, empty when the service is not programmed or its ends were not read since
     */
    Optional<SiteCounters> counters(String serviceId);
}
