/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The emulator as a command-line program: {@code keyrate} tables for link planning, and {@code run}, which serves an
 * emulated topology's nodes as NETCONF devices on loopback. {@link NetconfEmulator} is the same device server for
 * embedding, e.g. in tests that inject faults into the emulated network.
 */
package org.opendaylight.qkd.emulator.standalone;
