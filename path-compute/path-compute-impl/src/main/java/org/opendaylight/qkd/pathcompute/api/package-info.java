/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The Java contract of path computation, as the key orchestrator uses it in the controller: placements with typed
 * decisions, reasons and errors and the topology version they were computed on, reservations, and the changes of the
 * QKD links, reported by the one reader of the operational topology after the key graph has taken them. The
 * {@code qkd-path-computation} RPCs are a thin layer over it.
 */
package org.opendaylight.qkd.pathcompute.api;
