/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.ipsec;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * Reads the members of a KME's JSON answers.
 */
final class Members {
    private Members() {
        // static functions only
    }

    /**
     * A string member.
     *
     * @param object the answer
     * @param name the member
     * @return its value
     * @throws IOException when it is missing or not a value
     */
    static String text(final JsonObject object, final String name) throws IOException {
        final var value = object.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IOException("the KME's answer has no " + name);
        }
        return value.getAsString();
    }
}
