/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

/**
 * The QKD protocol a link runs, with the parameters its key-rate model needs beside the link's physics
 * ({@link LinkPhysics}): decoy-state BB84 ({@link DecoyProtocol}), continuous-variable QKD ({@link CvQkd}),
 * measurement-device-independent QKD ({@link MdiQkd}) or twin-field QKD ({@link TwinFieldQkd}).
 */
public sealed interface QkdProtocol permits DecoyProtocol, CvQkd, MdiQkd, TwinFieldQkd {
    // the protocols are records
}
