/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.initial;

import java.io.Serial;

/**
 * Initial configuration that cannot be read, parsed or stored; the message names the file and what is wrong.
 */
public final class InitialConfigException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An error without an underlying cause.
     *
     * @param message what is wrong, with the file
     */
    public InitialConfigException(final String message) {
        super(message);
    }

    /**
     * An error with its cause.
     *
     * @param message what is wrong, with the file
     * @param cause the underlying error
     */
    public InitialConfigException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
