/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.topology;

/**
 * A topology file that cannot be used, with where and why.
 */
public final class TopologyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;

    TopologyException(final String source, final int line, final String field, final String problem,
            final Throwable cause) {
        super(source + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    /**
     * The file (or other source) name.
     *
     * @return the name
     */
    public String source() {
        return source;
    }

    /**
     * Line of the offending value, from 1.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * Path of the offending field, e.g. {@code links[2].fiber-length-km}; empty for syntax errors.
     *
     * @return the path
     */
    public String field() {
        return field;
    }
}
