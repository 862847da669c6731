/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.qkd.security.SecurityEvent;

/**
 * Where the sites' security events go: Log4j 2, configured here, sends the {@link SecurityEvent} logger to the
 * process's standard error as RFC 5424 lines and, when {@code --syslog} names a collector, to it as RFC 5424 syslog
 * (UDP, or TCP with a line feed after each message). The rest of the program logs as before.
 */
final class SecurityLog {
    /**
     * The APP-NAME of the sites' events.
     */
    static final String APP_NAME = "qkd-sites";

    /**
     * A syslog collector.
     *
     * @param protocol UDP or TCP
     * @param host its host
     * @param port its port
     */
    record Collector(String protocol, String host, int port) {
        /**
         * Reads {@code udp://host:port} or {@code tcp://host:port}.
         *
         * @param value the option's value
         * @return the collector
         * @throws UsageException when it is not one
         */
        static Collector parse(final String value) throws UsageException {
            final URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new UsageException("--syslog needs udp://HOST:PORT or tcp://HOST:PORT, got '" + value + "'", e);
            }
            final var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("udp") && !scheme.equals("tcp") || uri.getHost() == null || uri.getPort() < 1
                    || uri.getPath() != null && !uri.getPath().isEmpty()) {
                throw new UsageException("--syslog needs udp://HOST:PORT or tcp://HOST:PORT, got '" + value + "'");
            }
            return new Collector(scheme.toUpperCase(Locale.ROOT), uri.getHost(), uri.getPort());
        }
    }

    private SecurityLog() {
        // static functions only
    }

    /**
     * Configures Log4j 2 for the security events; called once, at the start.
     *
     * @param collector the syslog collector, or null for standard error only
     */
    static void configure(final @Nullable Collector collector) {
        final var builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setConfigurationName("qkd-sites-security-events").setStatusLevel(Level.WARN);
        builder.add(builder.newAppender("stderr", "Console").addAttribute("target", "SYSTEM_ERR")
            .add(rfc5424(builder.newLayout("Rfc5424Layout"))));
        final var logger = builder.newLogger(SecurityEvent.LOGGER, Level.INFO).addAttribute("additivity", false)
            .add(builder.newAppenderRef("stderr"));
        if (collector != null) {
            builder.add(builder.newAppender("syslog", "Syslog").addAttribute("format", "RFC5424")
                .addAttribute("host", collector.host()).addAttribute("port", collector.port())
                .addAttribute("protocol", collector.protocol()).addAttribute("appName", APP_NAME)
                .addAttribute("facility", "AUTH").addAttribute("newLine", true).addAttribute("includeMDC", false)
                .addAttribute("id", SecurityEvent.SD_ID).addAttribute("connectTimeoutMillis", 5_000)
                .addAttribute("reconnectionDelayMillis", 2_000).addAttribute("immediateFail", false));
            logger.add(builder.newAppenderRef("syslog"));
        }
        builder.add(logger);
        builder.add(builder.newRootLogger(Level.OFF));
        // before anything logs through Log4j: its context starts with this configuration, not a default one
        Configurator.initialize(builder.build());
    }

    private static LayoutComponentBuilder rfc5424(final LayoutComponentBuilder layout) {
        return layout.addAttribute("appName", APP_NAME).addAttribute("facility", "AUTH").addAttribute("includeNL", true)
            .addAttribute("includeMDC", false);
    }
}
