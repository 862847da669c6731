/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.model;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.opendaylight.yangtools.binding.DataObject;
import org.opendaylight.yangtools.binding.data.codec.impl.BindingCodecContext;
import org.opendaylight.yangtools.binding.runtime.api.BindingRuntimeContext;
import org.opendaylight.yangtools.binding.runtime.spi.BindingRuntimeHelpers;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactory;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactorySupplier;
import org.opendaylight.yangtools.yang.data.codec.gson.JsonParserStream;
import org.opendaylight.yangtools.yang.data.impl.schema.ImmutableNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.impl.schema.NormalizationResultHolder;

/**
 * The suite's YANG models as RESTCONF and NETCONF see them: the schema of every module on the class path, the
 * RFC 7951 JSON codec and the binding codec.
 */
final class ModelFixtures {
    static final BindingRuntimeContext RUNTIME = BindingRuntimeHelpers.createRuntimeContext();
    static final BindingCodecContext CODEC = new BindingCodecContext(RUNTIME);
    static final JSONCodecFactory JSON = JSONCodecFactorySupplier.RFC7951.getShared(RUNTIME.modelContext());

    private ModelFixtures() {
        // utility class
    }

    /**
     * Parses a JSON document from {@code /fixtures} against the schema.
     *
     * @param name file name under {@code /fixtures}
     * @return the top-level data node
     * @throws IllegalArgumentException or another runtime exception when the document violates the schema
     */
    static NormalizedNode parseJson(final String name) {
        final var holder = new NormalizationResultHolder();
        try (InputStream in = ModelFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing fixture " + name);
            }
            try (var parser = JsonParserStream.create(ImmutableNormalizedNodeStreamWriter.from(holder), JSON);
                 var reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                parser.parse(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return holder.getResult().data();
    }

    /**
     * Converts a top-level data node into its binding object.
     *
     * @param type expected binding class
     * @param node top-level node, as returned by {@link #parseJson(String)}
     * @return the binding object
     */
    static <T extends DataObject> T toBinding(final Class<T> type, final NormalizedNode node) {
        final var entry = CODEC.fromNormalizedNode(YangInstanceIdentifier.of(node.name()), node);
        return type.cast(entry.getValue());
    }
}
