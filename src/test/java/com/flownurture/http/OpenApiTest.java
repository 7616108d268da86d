package com.flownurture.http;

import java.util.Set;
import java.util.TreeSet;

import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document parses, and its operations are exactly the registered routes. */
class OpenApiTest {

    @Test
    void documentMatchesTheRouteTable() {
        try (TestApp server = TestApp.start()) {
            Http.Response response = server.http().get("/openapi", null).expect(200);
            assertTrue(response.header("Content-Type").startsWith("application/yaml"));
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
            assertNotNull(parsed.getOpenAPI(), () -> "parses: " + parsed.getMessages());
            assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), () -> "" + parsed.getMessages());
            assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());

            Set<String> documented = new TreeSet<>();
            parsed.getOpenAPI().getPaths().forEach((path, item) ->
                    item.readOperationsMap().keySet().forEach(method -> documented.add(method + " " + path)));
            Set<String> registered = new TreeSet<>();
            server.app().routes().forEach(route -> registered.add(route.toString()));
            assertEquals(registered, documented);
        }
    }
}
