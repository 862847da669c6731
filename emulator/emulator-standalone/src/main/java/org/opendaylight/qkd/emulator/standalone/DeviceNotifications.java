/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.dom.DOMResult;
import org.opendaylight.netconf.api.DocumentedException;
import org.opendaylight.netconf.api.NetconfSession;
import org.opendaylight.netconf.api.messages.NotificationMessage;
import org.opendaylight.netconf.api.xml.XMLSupport;
import org.opendaylight.netconf.api.xml.XmlElement;
import org.opendaylight.netconf.api.xml.XmlNetconfConstants;
import org.opendaylight.netconf.api.xml.XmlUtil;
import org.opendaylight.netconf.server.api.operations.AbstractSingletonNetconfOperation;
import org.opendaylight.netconf.server.api.operations.NetconfOperation;
import org.opendaylight.netconf.server.api.operations.SessionAwareNetconfOperation;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yangtools.yang.common.ErrorSeverity;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.data.api.schema.ContainerNode;
import org.opendaylight.yangtools.yang.data.api.schema.stream.NormalizedNodeWriter;
import org.opendaylight.yangtools.yang.data.codec.xml.XMLStreamNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.stmt.SchemaNodeIdentifier.Absolute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * RFC 5277 event notifications of one device: {@code <create-subscription>} on the default stream {@code NETCONF}
 * (no filter, no replay), and the notifications the device sends every session that subscribed, until the session
 * ends.
 */
final class DeviceNotifications extends SessionOperationFactory {
    /** RFC 5277's namespace of create-subscription. */
    static final String NAMESPACE = "urn:ietf:params:xml:ns:netconf:notification:1.0";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceNotifications.class);
    private static final String CREATE_SUBSCRIPTION = "create-subscription";
    private static final String DEFAULT_STREAM = "NETCONF";

    private final String device;
    private final EffectiveModelContext modelContext;
    private final Set<NetconfSession> subscribers = ConcurrentHashMap.newKeySet();

    DeviceNotifications(final String device, final EffectiveModelContext modelContext) {
        this.device = requireNonNull(device);
        this.modelContext = requireNonNull(modelContext);
    }

    /**
     * Whether a session listens: without one, nothing needs building.
     *
     * @return true when at least one session subscribed
     */
    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /**
     * Sends a notification to every subscribed session.
     *
     * @param body the notification's content, as the YANG notification statement names it
     * @param eventTime when it happened
     */
    void send(final ContainerNode body, final Instant eventTime) {
        for (var session : subscribers) {
            // each session gets its own document: the message takes the document over
            session.sendMessage(NotificationMessage.ofNotificationContent(toXml(body), eventTime));
        }
    }

    private Document toXml(final ContainerNode body) {
        final var result = new DOMResult(XmlUtil.newDocument());
        try {
            final var xml = XMLSupport.newStreamWriter(result);
            try (var writer = NormalizedNodeWriter.forStreamWriter(XMLStreamNormalizedNodeStreamWriter.create(xml,
                    modelContext, Absolute.of(body.name().getNodeType())))) {
                writer.write(body);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException | IOException e) {
            throw new IllegalStateException("device " + device + ": notification " + body.name().getNodeType()
                + " cannot be written as XML", e);
        }
        return (Document) result.getNode();
    }

    @Override
    NetconfOperation operation(final SessionIdType sessionId) {
        return new CreateSubscription(sessionId);
    }

    @Override
    void sessionEnded(final NetconfOperation operation) {
        ((CreateSubscription) operation).end();
    }

    /**
     * {@code <create-subscription>} of one session.
     */
    private final class CreateSubscription extends AbstractSingletonNetconfOperation
            implements SessionAwareNetconfOperation {
        private volatile NetconfSession session;

        CreateSubscription(final SessionIdType sessionId) {
            super(sessionId);
        }

        @Override
        protected String getOperationName() {
            return CREATE_SUBSCRIPTION;
        }

        @Override
        protected String getOperationNamespace() {
            return NAMESPACE;
        }

        @Override
        public void setSession(final NetconfSession newSession) {
            session = newSession;
        }

        @Override
        protected Element handleWithNoSubsequentOperations(final Document document,
                final XmlElement operationElement) throws DocumentedException {
            final var stream = operationElement.getOnlyChildElementWithSameNamespaceOptionally("stream");
            if (stream.isPresent() && !DEFAULT_STREAM.equals(stream.orElseThrow().getTextContent().strip())) {
                throw new DocumentedException("no stream " + stream.orElseThrow().getTextContent().strip()
                    + " on this device; its one stream is " + DEFAULT_STREAM, ErrorType.APPLICATION,
                    ErrorTag.INVALID_VALUE, ErrorSeverity.ERROR);
            }
            for (var unsupported : new String[] {"filter", "startTime", "stopTime"}) {
                if (operationElement.getOnlyChildElementWithSameNamespaceOptionally(unsupported).isPresent()) {
                    throw new DocumentedException(unsupported + " is not supported by this device",
                        ErrorType.PROTOCOL, ErrorTag.OPERATION_NOT_SUPPORTED, ErrorSeverity.ERROR);
                }
            }
            final var current = session;
            if (current == null) {
                throw new DocumentedException("no session to send notifications to", ErrorType.APPLICATION,
                    ErrorTag.OPERATION_FAILED, ErrorSeverity.ERROR);
            }
            if (!subscribers.add(current)) {
                // RFC 5277 2.1.1: a session has at most one subscription
                throw new DocumentedException("this session already has a subscription", ErrorType.PROTOCOL,
                    ErrorTag.IN_USE, ErrorSeverity.ERROR);
            }
            LOG.debug("Device {}: session {} subscribed to notifications", device, sessionId().getValue());
            return document.createElement(XmlNetconfConstants.OK);
        }

        void end() {
            final var current = session;
            if (current != null) {
                subscribers.remove(current);
            }
            session = null;
        }
    }
}
