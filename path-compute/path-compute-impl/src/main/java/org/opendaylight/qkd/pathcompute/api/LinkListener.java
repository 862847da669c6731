/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.pathcompute.api;

import java.util.List;

/**
 * Told of QKD link changes once the key graph has taken them.
 */
@FunctionalInterface
public interface LinkListener {
    /**
     * Links changed.
     *
     * @param changes the changes, in the order they were taken
     * @param topologyVersion the version of the key graph that has them
     */
    void linksChanged(List<LinkChange> changes, long topologyVersion);
}
