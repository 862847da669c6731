/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.opendaylight.netconf.api.DocumentedException;
import org.opendaylight.netconf.api.xml.XmlElement;
import org.opendaylight.netconf.server.api.operations.AbstractSingletonNetconfOperation;
import org.opendaylight.netconf.server.api.operations.HandlingPriority;
import org.opendaylight.netconf.server.api.operations.NetconfOperationChainedExecution;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.base._1._0.rev110601.SessionIdType;
import org.opendaylight.yangtools.yang.common.ErrorSeverity;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A YANG RPC a device implements itself: it reads its input leaves from the request, and answers with its output
 * leaves straight in the {@code rpc-reply}, or with an {@code rpc-error} that says what is wrong with the input.
 */
abstract class DeviceRpc extends AbstractSingletonNetconfOperation {
    // wraps the output leaves until they are moved into the rpc-reply
    private static final String OUTPUT = "output";

    private final String name;
    private final String namespace;

    DeviceRpc(final SessionIdType sessionId, final String name, final String namespace) {
        super(sessionId);
        this.name = name;
        this.namespace = namespace;
    }

    @Override
    protected final String getOperationName() {
        return name;
    }

    @Override
    protected final String getOperationNamespace() {
        return namespace;
    }

    @Override
    protected final HandlingPriority getHandlingPriority() {
        // before the generic RPC handler, which knows the RPC from the device's YANG but has no implementation
        return HandlingPriority.HANDLE_WITH_DEFAULT_PRIORITY.increasePriority(1);
    }

    @Override
    protected final Element handleWithNoSubsequentOperations(final Document document,
            final XmlElement operationElement) throws DocumentedException {
        final var output = document.createElementNS(namespace, OUTPUT);
        invoke(operationElement).forEach((leaf, value) -> {
            final var element = document.createElementNS(namespace, leaf);
            element.setTextContent(value);
            output.appendChild(element);
        });
        return output;
    }

    @Override
    public final Document handle(final Document requestMessage, final NetconfOperationChainedExecution subsequent)
            throws DocumentedException {
        final var reply = super.handle(requestMessage, subsequent);
        // the output's leaves go straight into the rpc-reply
        final var root = reply.getDocumentElement();
        for (var child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element wrapper && namespace.equals(wrapper.getNamespaceURI())
                    && OUTPUT.equals(wrapper.getLocalName())) {
                while (wrapper.getFirstChild() != null) {
                    root.insertBefore(wrapper.getFirstChild(), wrapper);
                }
                root.removeChild(wrapper);
                break;
            }
        }
        return reply;
    }

    /**
     * Runs the RPC.
     *
     * @param input the request's operation element
     * @return the output leaves and their values, in order
     * @throws DocumentedException when the input is wrong: nothing was changed then
     */
    abstract Map<String, String> invoke(XmlElement input) throws DocumentedException;

    /**
     * An input leaf's text.
     *
     * @param input the operation element
     * @param leaf the leaf
     * @return its text, stripped; empty when the request has no such leaf
     * @throws DocumentedException when the leaf is given twice
     */
    static Optional<String> text(final XmlElement input, final String leaf) throws DocumentedException {
        final var child = input.getOnlyChildElementWithSameNamespaceOptionally(leaf);
        return child.isPresent() ? Optional.of(child.orElseThrow().getTextContent().strip()) : Optional.empty();
    }

    /**
     * A mandatory input leaf's text.
     *
     * @param input the operation element
     * @param leaf the leaf
     * @return its text, stripped
     * @throws DocumentedException when it is missing
     */
    static String required(final XmlElement input, final String leaf) throws DocumentedException {
        return text(input, leaf).orElseThrow(() -> refused(leaf + " is required", ErrorTag.MISSING_ELEMENT, null));
    }

    /**
     * An optional numeric input leaf, between 0 and a maximum.
     *
     * @param <T> the number's type
     * @param input the operation element
     * @param leaf the leaf
     * @param fallback its value when the request has no such leaf
     * @param max its largest value
     * @param parse reads the text, throwing {@link NumberFormatException} when it is not such a number
     * @param kind what the text must be, for the error: "a number", "a whole number"
     * @return its value
     * @throws DocumentedException when it is not such a number or out of bounds
     */
    static <T extends Number> T number(final XmlElement input, final String leaf, final T fallback, final T max,
            final Function<String, T> parse, final String kind) throws DocumentedException {
        final var text = text(input, leaf);
        if (text.isEmpty()) {
            return fallback;
        }
        final T value;
        try {
            value = parse.apply(text.orElseThrow());
        } catch (NumberFormatException e) {
            throw refused(leaf + " '" + text.orElseThrow() + "' is not " + kind, ErrorTag.INVALID_VALUE, e);
        }
        if (!(value.doubleValue() >= 0 && value.doubleValue() <= max.doubleValue())) {
            throw refused(leaf + " must be between 0 and " + max + ", was " + text.orElseThrow(),
                ErrorTag.INVALID_VALUE, null);
        }
        return value;
    }

    /**
     * An {@code rpc-error} about the input.
     *
     * @param message what is wrong
     * @param tag the error tag
     * @param cause what found it, or null
     * @return the error
     */
    static DocumentedException refused(final String message, final ErrorTag tag, final Exception cause) {
        return cause == null ? new DocumentedException(message, ErrorType.APPLICATION, tag, ErrorSeverity.ERROR)
            : new DocumentedException(message, cause, ErrorType.APPLICATION, tag, ErrorSeverity.ERROR);
    }
}
