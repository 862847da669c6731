/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

/**
 * Twin-field QKD, the sending-or-not-sending variant (Wang, Yu, Hu, PRA 98, 062323 (2018)), by
 * {@link TwinFieldQkdModel}: Alice and Bob send phase-randomized weak coherent pulses to an untrusted middle
 * station, Charlie, halfway along the fiber, whose single-photon interference they need not trust; he learns no
 * key and relays none. Its key rate falls with the square root of the fiber's transmittance, so that beyond a
 * crossing distance it exceeds what any link without a repeater can make (the PLOB bound). The link's fiber is
 * the whole Alice-Charlie-Bob span; its detector efficiency, dark counts and misalignment (the error of the
 * single-photon interference) are Charlie's.
 */
public record TwinFieldQkd() implements QkdProtocol {
    /** The protocol. */
    public static final TwinFieldQkd SENDING_OR_NOT_SENDING = new TwinFieldQkd();

    @Override
    public String toString() {
        return "twin-field QKD, sending or not sending, middle station half way";
    }
}
