/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The emulator embedded in OpenDaylight's Karaf: a component that runs a configured topology in real time and
 * publishes the {@link org.opendaylight.qkd.emulator.device.EmulatedNetwork} as an OSGi service, the entry point of
 * the in-process device adapter.
 */
package org.opendaylight.qkd.emulator.impl;
