/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Benchmark of the southbound in the running distribution with emulated NETCONF devices: devices mounted and synced
 * per second, time from a fault in the emulator to its alarm in the datastore, memory of the controller.
 */
package org.opendaylight.qkd.southbound.benchmark;
