/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

/**
 * A console request that cannot be done, with the reason in words for the operator; nothing was changed.
 */
public final class ConsoleException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message what is wrong, in words
     */
    public ConsoleException(final String message) {
        super(message);
    }

    /**
     * A failure with its cause.
     *
     * @param message what failed, in words
     * @param cause why
     */
    public ConsoleException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
