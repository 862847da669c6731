/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.security.SecurityEvent;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Refused logins to the Karaf console (SSH, the console's own realm {@code karaf}) as {@code login-refused}
 * security events, with the user and the client's address: Karaf's JAAS realm reports each login's failure on the
 * OSGi Event Admin ({@code org/apache/karaf/login/FAILURE}, its {@code EventAdminAuditLoginModule}), which the
 * console's feature installs. The password is not in the event, nor here.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + ConsoleLogins.FAILURE)
public final class ConsoleLogins implements EventHandler {
    static final String FAILURE = "org/apache/karaf/login/FAILURE";

    @Override
    public void handleEvent(final Event event) {
        final var user = event.getProperty("username");
        final var client = client(event.getProperty("subject"));
        final var address = client == null ? "unknown" : address(client.getAddress());
        // the realm also checks JMX's logins
        final var service = client == null || "ssh".equals(client.getMethod()) ? "console" : client.getMethod();
        SecurityEvent.of(SecurityEvent.Type.LOGIN_REFUSED, service + " login of user " + user + " refused from "
            + address).with("user", user).with("address", address).with("service", service).emit();
    }

    // the client of a login or a console session: its address and how it connected
    static @Nullable ClientPrincipal client(final @Nullable Object subject) {
        if (subject instanceof Subject jaas) {
            for (var client : jaas.getPrincipals(ClientPrincipal.class)) {
                return client;
            }
        }
        return null;
    }

    // the host part of the address Karaf's SSH server puts into the login's subject: "/127.0.0.1:40112",
    // "/[0:0:0:0:0:0:0:1]:40112"
    static String address(final String remote) {
        if (remote == null) {
            return "unknown";
        }
        var text = remote.startsWith("/") ? remote.substring(1) : remote;
        final int port = text.lastIndexOf(':');
        if (port > 0 && text.lastIndexOf(']') < port && (text.startsWith("[") || text.indexOf(':') == port)) {
            text = text.substring(0, port);
        }
        return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    }
}
