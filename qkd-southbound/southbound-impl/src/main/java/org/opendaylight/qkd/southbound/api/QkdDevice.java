/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import java.time.Duration;
import java.time.Instant;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_applications.qkd_applications.QkdApp;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.qkd_links.qkd_links.QkdLink;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Uuid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.InjectLinkFaultOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManagerInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.qkd.emulator.rev261125.RestartKeyManagerOutput;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * One QKD device as the southbound sees it, whatever reaches it (today NETCONF):
 * its ETSI GS QKD 015 node, read on demand.
 */
public interface QkdDevice extends AutoCloseable {
    /**
     * Reads the device's {@code qkd_node}: its identity, interfaces and key association links with their status and
     * performance.
     *
     * @param timeout how long the device may take to answer; a device that takes longer is unreachable
     * @return the node as the device reports it, unchecked
     * @throws DeviceException when the device cannot be read; {@link DeviceException#kind()} tells why
     */
    QkdNode read(Duration timeout) throws DeviceException;

    /**
     * Writes a key association link into the device's configuration ({@code qkd_node/qkd_links}), replacing one with
     * the same qkdl_id.
     *
     * @param link the link
     * @param timeout how long the device may take
     * @throws DeviceException when the device refuses the link (failed) or does not answer (unreachable)
     */
    void putLink(QkdLink link, Duration timeout) throws DeviceException;

    /**
     * Removes a key association link from the device's configuration. Removing one that is not there succeeds.
     *
     * @param qkdlId the link's identifier
     * @param timeout how long the device may take
     * @throws DeviceException when the device refuses (failed) or does not answer (unreachable)
     */
    void deleteLink(Uuid qkdlId, Duration timeout) throws DeviceException;

    /**
     * Whether the device is an SD-QKD node with a key manager that takes applications ({@code qkd_app}): keys of a
     * key service are then made and delivered by the nodes, which the controller programs.
     *
     * @return true when {@link #putApplication(QkdApp, Duration)} can be used
     */
    default boolean takesApplications() {
        return false;
    }

    /**
     * Writes an application (one end of a key service) into the device's configuration
     * ({@code qkd_node/qkd_applications}), replacing one with the same app_id.
     *
     * @param application the application
     * @param timeout how long the device may take
     * @throws DeviceException when the device refuses it (failed, with its reason) or does not answer (unreachable)
     */
    default void putApplication(final QkdApp application, final Duration timeout) throws DeviceException {
        throw DeviceException.failed("the device has no key manager: it takes no applications", null);
    }

    /**
     * Removes an application from the device's configuration; its keys are erased by the node. Removing one that is
     * not there succeeds.
     *
     * @param appId the application's identifier
     * @param timeout how long the device may take
     * @throws DeviceException when the device refuses (failed) or does not answer (unreachable)
     */
    default void deleteApplication(final Uuid appId, final Duration timeout) throws DeviceException {
        throw DeviceException.failed("the device has no key manager: it takes no applications", null);
    }

    /**
     * Injects a fault into an emulated link the device terminates ({@code qkd-emulator:inject-link-fault}); only
     * emulated nodes take faults.
     *
     * @param fault the fault, the link by its qkdl_id or label
     * @param timeout how long the device may take
     * @return the link's key rate and QBER after the change, as the device answers
     * @throws DeviceException when the device refuses (failed, with its reason: no such link, not emulated) or does
     *         not answer (unreachable)
     */
    default InjectLinkFaultOutput injectLinkFault(final InjectLinkFaultInput fault, final Duration timeout)
            throws DeviceException {
        throw DeviceException.failed("the device emulates no link: it takes no faults", null);
    }

    /**
     * Stops the emulated node's key manager at once and starts it again from its key store after a while
     * ({@code qkd-emulator:restart-key-manager}); only emulated nodes take it.
     *
     * @param restart the node's name and how long its key manager stays down
     * @param timeout how long the device may take
     * @return when the key manager starts again, as the device answers
     * @throws DeviceException when the device refuses (failed, with its reason: not emulated, no key manager, down
     *         already) or does not answer (unreachable)
     */
    default RestartKeyManagerOutput restartKeyManager(final RestartKeyManagerInput restart, final Duration timeout)
            throws DeviceException {
        throw DeviceException.failed("the device is not an emulated node: its key manager cannot be restarted", null);
    }

    /**
     * Tells the device's key manager that the QKD link between two nodes is compromised since an instant: it discards
     * the keys it holds that crossed the link since then ({@code qkd-device-ext:link-compromised}).
     *
     * @param endA one end of the link
     * @param endB its other end
     * @param since when the compromise began
     * @param timeout how long the device may take
     * @return how many keys the device discarded
     * @throws DeviceException when the device refuses (failed, with its reason) or does not answer (unreachable)
     */
    default int linkCompromised(final Uuid endA, final Uuid endB, final Instant since, final Duration timeout)
            throws DeviceException {
        throw DeviceException.failed("the device has no key manager", null);
    }

    /**
     * Asks to be told when the adapter learns that the device may have changed (its session came up or went down,
     * it sent a notification), so that it is read at once; the polling stays the fallback. Adapters that learn
     * nothing by themselves never call back.
     *
     * @param changed called, on any thread, after such an event
     * @return what stops the calls
     */
    default Registration watch(final Runnable changed) {
        return () -> { };
    }

    /**
     * Releases what the adapter holds for the device (sessions, mount points). Idempotent.
     */
    @Override
    void close();
}
