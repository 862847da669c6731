/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import static java.util.Objects.requireNonNull;

/**
 * A demand path computation cannot place at all, with the problem and a message that names the value.
 */
public final class PathComputeException extends Exception {
    /**
     * What is wrong; the RPC's error-app-tag.
     */
    public enum Problem {
        /** The rate is not a positive number of bit/s. */
        NON_POSITIVE_RATE("non-positive-rate"),
        /** Both ends are the same node. */
        SAME_NODE("same-node"),
        /** The network is not a QKD network of the operational topology, or none or several are. */
        UNKNOWN_NETWORK("unknown-network"),
        /** An end is not a node of the network. */
        UNKNOWN_NODE("unknown-node"),
        /** The policy's constraints contradict each other. */
        INVALID_POLICY("invalid-policy"),
        /** A link is not in the network. */
        UNKNOWN_LINK("unknown-link"),
        /** A planned link has the name of one the network has. */
        LINK_EXISTS("link-exists");

        private final String appTag;

        Problem(final String appTag) {
            this.appTag = appTag;
        }

        /**
         * The problem's name in RPC errors.
         *
         * @return the error-app-tag
         */
        public String appTag() {
            return appTag;
        }
    }

    private static final long serialVersionUID = 1L;

    private final Problem problem;

    /**
     * A problem with its message.
     *
     * @param problem what is wrong
     * @param message the message, naming the value
     */
    public PathComputeException(final Problem problem, final String message) {
        super(message);
        this.problem = requireNonNull(problem);
    }

    /**
     * A problem with its message and its cause.
     *
     * @param problem what is wrong
     * @param message the message, naming the value
     * @param cause what found it
     */
    public PathComputeException(final Problem problem, final String message, final Throwable cause) {
        super(message, cause);
        this.problem = requireNonNull(problem);
    }

    /**
     * What is wrong.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }

    /**
     * Whether an end of the demand is not (or not yet) in the topology: a node or the network itself.
     *
     * @return true for an unknown node or network
     */
    public boolean unknownEndpoint() {
        return problem == Problem.UNKNOWN_NODE || problem == Problem.UNKNOWN_NETWORK;
    }
}
