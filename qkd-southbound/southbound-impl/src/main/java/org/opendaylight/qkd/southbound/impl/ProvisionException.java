/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.southbound.impl;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import org.opendaylight.yangtools.yang.common.ErrorTag;

/**
 * A relay link operation that did not happen: the error-tag and error-app-tag of the RPC error, and a message naming
 * what was wrong.
 */
final class ProvisionException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ErrorTag tag;
    private final String appTag;

    ProvisionException(final ErrorTag tag, final String appTag, final String message) {
        this(tag, appTag, message, null);
    }

    ProvisionException(final ErrorTag tag, final String appTag, final String message, final Throwable cause) {
        super(message, cause);
        this.tag = requireNonNull(tag);
        this.appTag = requireNonNull(appTag);
    }

    ErrorTag tag() {
        return tag;
    }

    String appTag() {
        return appTag;
    }
}
