/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.api;

import java.io.Serial;

/**
 * Nodes that did not take a key service's programming: the message names the node and its reason, and what was
 * undone.
 */
public final class ProgrammingException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception with its message.
     *
     * @param message what happened
     * @param cause the node's refusal, or null
     */
    public ProgrammingException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
