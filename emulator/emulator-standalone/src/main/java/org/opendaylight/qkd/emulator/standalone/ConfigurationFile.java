/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static java.util.Objects.requireNonNull;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.opendaylight.yang.gen.v1.urn.etsi.qkd.yang.etsi.qkd.node.rev220130.QkdNode;
import org.opendaylight.yangtools.binding.DataObjectReference;
import org.opendaylight.yangtools.binding.data.codec.api.BindingDataCodec;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.stream.NormalizedNodeWriter;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactory;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactorySupplier;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.codec.gson.JsonParserStream;
import org.opendaylight.yangtools.yang.data.impl.schema.ImmutableNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.impl.schema.NormalizationResultHolder;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;

/**
 * A node's configuration as a controller last committed it, kept in a file (RFC 7951 JSON of
 * {@code etsi-qkd-sdn-node:qkd_node}) so that a restarted node goes on with the applications and virtual links it
 * had, as a real device keeps its running configuration. Written whole to a temporary file and moved into place.
 */
final class ConfigurationFile {
    private static final DataObjectReference<QkdNode> QKD_NODE = DataObjectReference.builder(QkdNode.class).build();

    private final BindingDataCodec codec;
    private final JSONCodecFactory json;

    ConfigurationFile(final BindingDataCodec codec, final EffectiveModelContext modelContext) {
        this.codec = requireNonNull(codec);
        json = JSONCodecFactorySupplier.RFC7951.getShared(modelContext);
    }

    /**
     * Writes a configuration.
     *
     * @param file the file
     * @param config the configuration
     * @throws IOException when it cannot be written
     */
    void write(final Path file, final QkdNode config) throws IOException {
        final var normalized = codec.nodeSerializer().toNormalizedDataObject(QKD_NODE, config).node();
        final var text = new StringWriter();
        try (var writer = new JsonWriter(text)) {
            writer.setIndent("  ");
            writer.beginObject();
            final var nodes = NormalizedNodeWriter.forStreamWriter(JSONNormalizedNodeStreamWriter.createNestedWriter(
                json, writer));
            nodes.write(normalized);
            nodes.flush();
            writer.endObject();
        }
        final var temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(),
            ".tmp");
        try {
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads a configuration.
     *
     * @param file the file
     * @return the configuration
     * @throws IOException when it cannot be read or does not match the model
     */
    QkdNode read(final Path file) throws IOException {
        final var holder = new NormalizationResultHolder();
        try (var parser = JsonParserStream.create(ImmutableNormalizedNodeStreamWriter.from(holder), json);
             var reader = new JsonReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            parser.parse(reader);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + " does not hold a qkd_node configuration: " + e.getMessage(), e);
        }
        final var data = holder.getResult().data();
        if (!(codec.nodeSerializer().fromNormalizedNode(YangInstanceIdentifier.of(data.name()), data).getValue()
                instanceof QkdNode node)) {
            throw new IOException(file + " does not hold a qkd_node configuration");
        }
        return node;
    }
}
