package com.flownurture.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;

/**
 * {@code GET /openapi}: the OpenAPI 3.1 document of the whole API, without authentication. A test keeps it and the
 * route table in step.
 */
public final class OpenApi {

    private OpenApi() {
    }

    /** Adds the public route; the document is read once. {@code curl localhost:8080/openapi} */
    public static void register(ApiRoutes routes) {
        byte[] document = load();
        routes.publicGet("/openapi", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
            res.send(document);
        });
    }

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
