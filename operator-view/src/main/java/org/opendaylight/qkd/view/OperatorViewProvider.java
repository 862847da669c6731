/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.view;

import java.time.Duration;
import javax.servlet.ServletException;
import org.opendaylight.aaa.web.ResourceDetails;
import org.opendaylight.aaa.web.ServletDetails;
import org.opendaylight.aaa.web.WebContext;
import org.opendaylight.aaa.web.WebContextSecurer;
import org.opendaylight.aaa.web.WebServer;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the operator view under {@code /qkd} on the controller's web server (the one RESTCONF answers on), every
 * path behind the same authentication as RESTCONF (OpenDaylight AAA): the network map at {@code /qkd/map/index.html}
 * (static files that read RESTCONF) and {@code /qkd/metrics} for Prometheus.
 */
@Component(service = {}, immediate = true)
public final class OperatorViewProvider implements AutoCloseable {
    /**
     * The context path of the operator view.
     */
    public static final String CONTEXT_PATH = "/qkd";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorViewProvider.class);
    private static final Duration DATASTORE_TIMEOUT = Duration.ofSeconds(5);

    private final Registration registration;

    /**
     * Registers the operator view's web context.
     *
     * @param webServer the controller's web server
     * @param securer AAA's authentication for web contexts
     * @param broker the datastore the metrics are read from
     * @throws ServletException when the web server refuses the context
     */
    @Activate
    public OperatorViewProvider(@Reference final WebServer webServer, @Reference final WebContextSecurer securer,
            @Reference final DataBroker broker) throws ServletException {
        final var context = WebContext.builder().name("qkd-operator-view").contextPath(CONTEXT_PATH)
            .supportsSessions(false)
            .addServlet(ServletDetails.builder().name("qkd-metrics")
                .servlet(new MetricsServlet(new ControllerMetrics(broker, DATASTORE_TIMEOUT)))
                .addUrlPattern("/metrics").build())
            .addResource(ResourceDetails.builder().name("/map").alias("/map").build());
        securer.requireAuthentication(context, "/*");
        registration = webServer.registerWebContext(context.build());
        LOG.info("Operator view: map {}{}/map/index.html, metrics {}{}/metrics", webServer.getBaseURL(), CONTEXT_PATH,
            webServer.getBaseURL(), CONTEXT_PATH);
    }

    @Deactivate
    @Override
    public void close() {
        registration.close();
    }
}
