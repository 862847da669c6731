/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ETSI GS QKD 020 request that is refused, as the RFC 9457 problem details the answer carries: the HTTP status,
 * a problem type, a title and named details. The messages never hold key material.
 */
public final class Etsi020Problem extends Exception {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Prefix of the problem types this suite answers. */
    static final String TYPE_PREFIX = "https://qkd.etsi.org/gs020-interop-kms/";

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> details;

    /**
     * A problem.
     *
     * @param status HTTP status: 400, 401, 408 or 503
     * @param type the problem type's last segment (appended to the ETSI prefix) or an absolute URI
     * @param title a short summary
     * @param details named details, at least one
     */
    public Etsi020Problem(final int status, final String type, final String title, final Map<String, String> details) {
        super(title + " " + details);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        this.status = status;
        this.type = type.contains(":") ? type : TYPE_PREFIX + type;
        this.title = requireNonNull(title);
        this.details = Map.copyOf(new LinkedHashMap<>(requireNonNull(details)));
    }

    /**
     * 400 (Bad request format): the request is invalid, and nothing of it is kept.
     *
     * @param detail the detail's name, for example {@code malformed_property}
     * @param text what is wrong
     * @return the problem
     */
    public static Etsi020Problem badRequest(final String detail, final String text) {
        return new Etsi020Problem(400, "invalid-parameter", "Bad request format", Map.of(detail, text));
    }

    /**
     * 400 (Bad request format) with the exception that found it.
     *
     * @param detail the detail's name
     * @param text what is wrong
     * @param cause the exception
     * @return the problem
     */
    public static Etsi020Problem badRequest(final String detail, final String text, final Throwable cause) {
        final var problem = badRequest(detail, text);
        problem.initCause(cause);
        return problem;
    }

    /**
     * 401 (Unauthorised): the caller is not a KME this one exchanges keys with.
     *
     * @param text why
     * @return the problem
     */
    public static Etsi020Problem unauthorized(final String text) {
        return new Etsi020Problem(401, "unauthorized", "Unauthorized", Map.of("unauthorized", text));
    }

    /**
     * 401 (Unauthorised) with the exception that found it.
     *
     * @param text why
     * @param cause the exception
     * @return the problem
     */
    public static Etsi020Problem unauthorized(final String text, final Throwable cause) {
        final var problem = unauthorized(text);
        problem.initCause(cause);
        return problem;
    }

    /**
     * 503 (Error of server side) with the exception that caused it.
     *
     * @param detail the detail's name
     * @param text what failed
     * @param cause the exception
     * @return the problem
     */
    public static Etsi020Problem unavailable(final String detail, final String text, final Throwable cause) {
        final var problem = unavailable(detail, text);
        problem.initCause(cause);
        return problem;
    }

    /**
     * 503 (Error of server side).
     *
     * @param detail the detail's name, for example {@code unsupported_mandatory_extension}
     * @param text what failed
     * @return the problem
     */
    public static Etsi020Problem unavailable(final String detail, final String text) {
        return new Etsi020Problem(503, "server-error", "Error of server side", Map.of(detail, text));
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, String> details() {
        return details;
    }
}
