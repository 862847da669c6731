/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

import java.util.List;
import java.util.UUID;

/**
 * The key of one QKD link, as its two devices hold it: identical blocks with identical IDs in a pool at each end.
 * One end draws blocks (the oldest first) and tells the other end their IDs over the classical channel; the other
 * end claims the same blocks by ID. A block is handed out once per end.
 */
public interface LinkKeySource {
    /**
     * Draws the oldest blocks at one end, enough for {@code bytes} bytes.
     *
     * @param node the end that draws
     * @param bytes how many bytes are needed, at least one
     * @return the blocks; the caller destroys them
     * @throws KeyUnavailableException when the pool holds fewer; nothing is drawn then
     */
    LinkPad draw(String node, int bytes) throws KeyUnavailableException;

    /**
     * Claims, at one end, the blocks the other end drew.
     *
     * @param node the end that claims
     * @param ids the IDs the other end drew, in its order
     * @return the blocks; the caller destroys them
     * @throws KeyUnavailableException when a block is not (or no longer) at this end; nothing is claimed then
     */
    LinkPad claim(String node, List<UUID> ids) throws KeyUnavailableException;
}
