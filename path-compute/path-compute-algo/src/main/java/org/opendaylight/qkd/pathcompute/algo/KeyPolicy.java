/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.algo;

import static java.util.Objects.requireNonNull;

/**
 * A policy as path computation applies it.
 *
 * @param name policy name
 * @param mode what the policy allows
 * @param constraints what paths must satisfy; their rate is replaced by each demand's
 */
public record KeyPolicy(String name, PolicyMode mode, PathConstraints constraints) {
    public KeyPolicy {
        requireNonNull(name, "name");
        requireNonNull(mode, "mode");
        requireNonNull(constraints, "constraints");
    }
}
