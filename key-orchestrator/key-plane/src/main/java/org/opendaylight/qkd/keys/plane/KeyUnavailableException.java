/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.io.Serial;

/**
 * Not enough key where it was needed: a link's key pool cannot give the bytes a hop needs, or the blocks a peer
 * drew are not (or no longer) at this end. The message names links, nodes and counts, never key material.
 */
public final class KeyUnavailableException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what was missing where
     */
    public KeyUnavailableException(final String message) {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what was missing where
     * @param cause the cause
     */
    public KeyUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
