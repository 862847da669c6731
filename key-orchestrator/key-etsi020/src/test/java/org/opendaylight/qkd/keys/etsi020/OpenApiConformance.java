/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.etsi020;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Checks requests and answers against the ETSI GS QKD 020 V1.1.1 OpenAPI 3.1 description in
 * {@code ../shared/reference}: swagger-parser reads the document (and must find it valid) and names the schema of
 * each operation's request and of each answer status; networknt's JSON Schema 2020-12 validator checks the body
 * against that schema, with the formats (uuid, uri) asserted.
 */
final class OpenApiConformance {
    static final Path DOCUMENT = locate();

    private final OpenAPI api;
    private final JsonNode components;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
        .build();
    private final ObjectMapper json = new ObjectMapper();
    final AtomicInteger checked = new AtomicInteger();

    OpenApiConformance() throws IOException {
        final var result = new OpenAPIParser().readContents(Files.readString(DOCUMENT), null, null);
        api = result.getOpenAPI();
        assertNotNull(api, "the OpenAPI document does not parse: " + result.getMessages());
        assertEquals(java.util.List.of(), result.getMessages(), "the OpenAPI document is not valid");
        final var yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        components = yaml.readTree(DOCUMENT.toFile()).get("components");
    }

    private static Path locate() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            final var candidate = dir.resolveSibling("shared").resolve("reference/etsi-gs-qkd-020-v1.1.1/"
                + "interop-kms_ExtraMarkup.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("../shared/reference/etsi-gs-qkd-020-v1.1.1 not found above "
            + Path.of("").toAbsolutePath());
    }

    private Operation operation(final String path, final String method) {
        final var item = api.getPaths().get(path);
        assertNotNull(item, "the document has no path " + path);
        final var operation = "get".equals(method) ? item.getGet() : item.getPost();
        assertNotNull(operation, "the document has no " + method + " " + path);
        return operation;
    }

    /**
     * Checks a request body.
     *
     * @param path the resource
     * @param body the body
     */
    void request(final String path, final byte[] body) {
        final var schema = operation(path, "post").getRequestBody().getContent().get("application/json").getSchema();
        validate(schema, body, "POST " + path + " request");
    }

    /**
     * Checks an answer: its status must be one the operation lists, and its body must match that answer's schema
     * (or be empty where the answer has none).
     *
     * @param path the resource
     * @param method get or post
     * @param status the HTTP status
     * @param body the body
     */
    void answer(final String path, final String method, final int status, final byte @Nullable [] body) {
        var response = operation(path, method).getResponses().get(String.valueOf(status));
        assertNotNull(response, method + " " + path + " may not answer " + status);
        response = resolve(response);
        final var what = method.toUpperCase(java.util.Locale.ROOT) + " " + path + " answer " + status;
        if (response.getContent() == null) {
            assertEquals(0, body == null ? 0 : body.length, what + " has no body in the specification");
            checked.incrementAndGet();
            return;
        }
        final var media = response.getContent().get("application/json");
        assertNotNull(media, what + " is not JSON in the specification");
        validate(media.getSchema(), body == null ? new byte[0] : body, what);
    }

    private ApiResponse resolve(final ApiResponse response) {
        final var ref = response.get$ref();
        if (ref == null) {
            return response;
        }
        return api.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private void validate(final Schema<?> schema, final byte[] body, final String what) {
        final var ref = schema.get$ref();
        assertNotNull(ref, what + ": the specification names its schema by reference");
        final var name = ref.substring(ref.lastIndexOf('/') + 1);
        final var validator = schemas.computeIfAbsent(name, this::schema);
        final JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + " is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
        final var errors = validator.validate(node);
        assertEquals(java.util.Set.of(), errors, what + " does not match schema " + name + ": "
            + new String(body, StandardCharsets.UTF_8));
        checked.incrementAndGet();
    }

    private JsonSchema schema(final String name) {
        // the components travel with the reference, so that every $ref inside them resolves
        final ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + name);
        root.set("components", components);
        return factory.getSchema(root, config);
    }
}
