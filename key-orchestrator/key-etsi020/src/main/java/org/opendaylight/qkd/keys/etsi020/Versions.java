/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import java.util.List;

/**
 * A {@code version_container}: the API versions and capabilities a KME supports.
 *
 * @param versions versions, such as {@code v1}
 * @param capabilities capabilities, such as {@code synchronous_mode}
 */
public record Versions(List<String> versions, List<String> capabilities) {
    /** What this suite's KMEs support: version 1, and the optional synchronous mode. */
    public static final Versions SUPPORTED = new Versions(List.of("v1"), List.of("synchronous_mode"));

    /**
     * Copies the lists.
     */
    public Versions {
        versions = List.copyOf(versions);
        capabilities = List.copyOf(capabilities);
    }
}
