/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Emulated QKD nodes and the network they form: each node holds its ends of its links' key pools, reports itself
 * in the ETSI GS QKD 015 structure, and goes down or comes back as faults dictate.
 */
package org.opendaylight.qkd.emulator.device;
