/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi014;

/**
 * Hears every answer an endpoint gives, for metrics; called on the connection's network thread, so it must be quick.
 */
@FunctionalInterface
public interface RequestObserver {
    /**
     * Hears nothing.
     */
    RequestObserver NONE = (operation, status, nanos) -> { };

    /**
     * A request was answered.
     *
     * @param operation what was asked, from a small fixed set (ETSI GS QKD 014: status, enc_keys, dec_keys, other)
     * @param status the HTTP status of the answer
     * @param nanos how long the answer took, from the request read to the answer ready
     */
    void answered(String operation, int status, long nanos);
}
