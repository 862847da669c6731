/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Emulated QKD links: both ends' key pools, filled with identical key blocks under synchronized key IDs at the
 * rate the physics model gives, with faults injected at run time. Time comes from an injectable
 * {@link java.time.InstantSource} and key material from a {@link org.opendaylight.qkd.emulator.link.KeyMaterial}
 * source, so that tests run hours of emulated time in milliseconds, exactly.
 */
package org.opendaylight.qkd.emulator.link;
