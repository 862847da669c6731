/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import java.util.Locale;

/**
 * Measurement-device-independent QKD with decoy states ({@link MdiQkdModel}): Alice and Bob send weak coherent
 * pulses to an untrusted middle station, Charlie, whose Bell-state measurement they need not trust; he learns no
 * key and relays none. The link's fiber is the whole Alice-Charlie-Bob span; its detector efficiency, dark counts
 * and misalignment are Charlie's.
 *
 * @param middlePosition where Charlie sits, as the share of the fiber (and of its extra loss) on Alice's side, in
 *        (0, 1); 0.5 in the middle
 */
public record MdiQkd(double middlePosition) implements QkdProtocol {
    /** Charlie half way. */
    public static final MdiQkd MIDDLE = new MdiQkd(0.5);

    /**
     * Validates the position.
     *
     * @throws IllegalArgumentException when it is out of range
     */
    public MdiQkd {
        if (!(middlePosition > 0 && middlePosition < 1)) {
            throw new IllegalArgumentException("the middle station's position must be in (0, 1), was "
                + middlePosition);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MDI-QKD, decoy states, middle station at %.3g of the span",
            middlePosition);
    }
}
