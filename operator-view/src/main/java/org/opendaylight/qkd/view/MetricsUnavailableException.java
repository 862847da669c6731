/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.view;

/**
 * The metrics cannot be read now: the datastore failed or did not answer in time.
 */
public final class MetricsUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    MetricsUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
