/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.security.SecurityEvent;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every request to the controller's web server (RESTCONF, the OpenAPI explorer, the operator view) around
 * AAA's authentication and authorization, as the outermost filter of every web context:
 * <ul>
 *   <li>a login refused (credentials given, AAA's challenge answered) is a {@code login-refused} security event
 *       naming the user and the client's address;</li>
 *   <li>an authenticated user refused an action by its roles is an {@code action-refused} security event, and
 *       the answer is {@code 403 Forbidden}: AAA's Shiro filter answers such a refusal {@code 401} without a
 *       challenge, which is told apart from a failed login by that;</li>
 *   <li>every change that succeeds (a method other than GET, HEAD and OPTIONS, answered 2xx) is audited on the
 *       {@code org.opendaylight.qkd.audit} logger with its user.</li>
 * </ul>
 * Nothing else changes: no password, body or header value besides the user name is written anywhere.
 */
@Component(service = Filter.class, property = {
    "osgi.http.whiteboard.filter.name=qkd-access-events",
    "osgi.http.whiteboard.filter.pattern=/*",
    "osgi.http.whiteboard.filter.asyncSupported=true",
    "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)",
    "service.ranking:Integer=2147483647"
})
public final class AccessEvents implements Filter {
    private static final Logger AUDIT = LoggerFactory.getLogger("org.opendaylight.qkd.audit");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BASIC = "basic ";

    @Override
    public void init(final FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing held
    }

    @Override
    public void doFilter(final ServletRequest request, final ServletResponse response, final FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
            chain.doFilter(request, response);
            return;
        }
        final var watched = new Watched(answer);
        chain.doFilter(request, watched);
        if (http.isAsyncStarted()) {
            // RESTCONF answers asynchronously: the answer is known when the request completes
            http.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(final AsyncEvent event) {
                    report(http, watched);
                }

                @Override
                public void onTimeout(final AsyncEvent event) {
                    // reported on completion
                }

                @Override
                public void onError(final AsyncEvent event) {
                    // reported on completion
                }

                @Override
                public void onStartAsync(final AsyncEvent event) {
                    // the same request
                }
            });
        } else {
            report(http, watched);
        }
    }

    private static void report(final HttpServletRequest http, final Watched watched) {
        final var user = user(http.getHeader("Authorization"));
        final var path = http.getRequestURI();
        if (watched.refused) {
            SecurityEvent.of(SecurityEvent.Type.ACTION_REFUSED, (user == null ? "a user without a name"
                : "user " + user) + " refused " + http.getMethod()
                + " " + path + " by its roles").with("user", user).with("method", http.getMethod())
                .with("path", path).with("address", http.getRemoteAddr()).emit();
        } else if (watched.getStatus() == HttpServletResponse.SC_UNAUTHORIZED && user != null) {
            SecurityEvent.of(SecurityEvent.Type.LOGIN_REFUSED, "web login of user " + user + " refused from "
                + http.getRemoteAddr()).with("user", user).with("address", http.getRemoteAddr())
                .with("service", "restconf").emit();
        } else if (!READS.contains(http.getMethod()) && watched.getStatus() / 100 == 2) {
            AUDIT.info("user {} {} {} -> {}", user, http.getMethod(), path, watched.getStatus());
        }
    }

    /**
     * The user a Basic authorization names, or null.
     *
     * @param authorization the header
     * @return the user name
     */
    static @Nullable String user(final @Nullable String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BASIC)) {
            return null;
        }
        try {
            final var decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length())
                .trim()), StandardCharsets.UTF_8);
            final int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // an answer that tells a refusal by roles (401 without a challenge) from a failed login, and makes it a 403
    private static final class Watched extends HttpServletResponseWrapper {
        private boolean challenged;
        private boolean refused;

        Watched(final HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(final String name, final String value) {
            challenged |= "WWW-Authenticate".equalsIgnoreCase(name);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(final String name, final String value) {
            challenged |= "WWW-Authenticate".equalsIgnoreCase(name);
            super.addHeader(name, value);
        }

        @Override
        public void sendError(final int status) throws IOException {
            super.sendError(forbidden(status));
        }

        @Override
        public void sendError(final int status, final String message) throws IOException {
            super.sendError(forbidden(status), message);
        }

        private int forbidden(final int status) {
            if (status == SC_UNAUTHORIZED && !challenged) {
                refused = true;
                return SC_FORBIDDEN;
            }
            return status;
        }
    }
}
