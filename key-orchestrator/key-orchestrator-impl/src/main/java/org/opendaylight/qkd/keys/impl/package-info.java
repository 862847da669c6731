/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The key orchestrator in OpenDaylight: key services from the configuration datastore are placed by path
 * computation, served by the key plane and published with their mode, paths and counts in the operational datastore;
 * topology changes reroute them or apply their policy's fallback; SAEs fetch keys over ETSI GS QKD 014.
 */
package org.opendaylight.qkd.keys.impl;
