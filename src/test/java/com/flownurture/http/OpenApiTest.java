package com.flownurture.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document as served: it parses without a message, its operations are exactly the registered routes,
 * each has a unique operationId and the errors every API route can give, and no schema holds a key that is not a
 * JSON Schema keyword (a YAML flow mapping with a comma in a value splits into such stray keys, and the parser
 * accepts them in OpenAPI 3.1 schemas). {@code OpenApiLintTest} runs the full linter.
 */
class OpenApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    /** The keywords of JSON Schema 2020-12 and OpenAPI 3.1's additions that this document may use. */
    private static final Set<String> SCHEMA_KEYWORDS = Set.of("$ref", "$comment", "type", "enum", "const", "format",
            "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "properties",
            "required", "additionalProperties", "propertyNames", "minProperties", "maxProperties", "items",
            "prefixItems", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf", "not",
            "discriminator", "externalDocs");

    /** What the API filter answers on any route, before the handler runs, and what a database fault gives. */
    private static final Set<String> EVERY_ROUTE_ERRORS = Set.of("401", "403", "429", "503");

    private static String document;
    private static OpenAPI openApi;

    @BeforeAll
    static void fetch() {
        Http.Response response = server.http().get("/openapi", null).expect(200);
        assertTrue(response.header("Content-Type").startsWith("application/yaml"));
        document = response.body();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertNotNull(parsed.getOpenAPI(), () -> "parses: " + parsed.getMessages());
        assertEquals(List.of(), parsed.getMessages() == null ? List.of() : parsed.getMessages());
        openApi = parsed.getOpenAPI();
        assertEquals("3.1.0", openApi.getOpenapi());
    }

    @Test
    void documentMatchesTheRouteTable() {
        Set<String> documented = new TreeSet<>(operations().keySet());
        Set<String> registered = new TreeSet<>();
        server.app().routes().forEach(route -> registered.add(route.toString()));
        assertEquals(registered, documented);
    }

    @Test
    void everyOperationHasAUniqueSpeakingOperationId() {
        Set<String> seen = new TreeSet<>();
        operations().forEach((route, operation) -> {
            String id = operation.getOperationId();
            assertNotNull(id, route + " has no operationId");
            assertTrue(id.matches("[a-z][A-Za-z]{5,}"), route + ": operationId '" + id + "' is not a camelCase name");
            assertTrue(seen.add(id), route + ": operationId '" + id + "' is used twice");
        });
    }

    @Test
    void everyOperationDocumentsTheErrorsOfEveryRoute() {
        operations().forEach((route, operation) -> {
            Set<String> codes = operation.getResponses().keySet();
            assertTrue(codes.containsAll(EVERY_ROUTE_ERRORS), route + " documents " + codes);
            assertTrue(codes.stream().noneMatch("default"::equals), route + " has a bare default response");
        });
    }

    @Test
    void schemasHoldOnlySchemaKeywords() throws Exception {
        JsonNode root = Yaml.mapper().readTree(document);
        List<String> stray = new ArrayList<>();
        root.path("components").path("schemas").properties()
                .forEach(e -> checkSchema(e.getValue(), "#/components/schemas/" + e.getKey(), stray));
        findSchemas(root.path("paths"), "#/paths", stray);
        findSchemas(root.path("components"), "#/components", stray);
        assertEquals(List.of(), stray);
    }

    /** Every operation by "METHOD /path". */
    private static Map<String, Operation> operations() {
        Map<String, Operation> operations = new TreeMap<>();
        openApi.getPaths().forEach((path, item) ->
                item.readOperationsMap().forEach((method, op) -> operations.put(method + " " + path, op)));
        return operations;
    }

    /** Checks the value of every {@code schema} key below a node (parameters, media types, headers). */
    private static void findSchemas(JsonNode node, String where, List<String> stray) {
        node.properties().forEach(e -> {
            String at = where + "/" + e.getKey();
            if (e.getKey().equals("schema")) {
                checkSchema(e.getValue(), at, stray);
            } else if (!at.equals("#/components/schemas")) {
                findSchemas(e.getValue(), at, stray);
            }
        });
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            findSchemas(node.get(i), where + "/" + i, stray);
        }
    }

    private static void checkSchema(JsonNode schema, String where, List<String> stray) {
        if (!schema.isObject()) {
            return;
        }
        schema.properties().forEach(e -> {
            String key = e.getKey();
            JsonNode value = e.getValue();
            String at = where + "/" + key;
            if (!SCHEMA_KEYWORDS.contains(key) && !key.startsWith("x-")) {
                stray.add(at);
            }
            switch (key) {
                case "properties" -> value.properties().forEach(p -> checkSchema(p.getValue(), at + "/" + p.getKey(), stray));
                case "items", "additionalProperties", "propertyNames", "not" -> checkSchema(value, at, stray);
                case "allOf", "anyOf", "oneOf", "prefixItems" -> {
                    for (int i = 0; i < value.size(); i++) {
                        checkSchema(value.get(i), at + "/" + i, stray);
                    }
                }
                default -> {
                }
            }
        });
    }
}
