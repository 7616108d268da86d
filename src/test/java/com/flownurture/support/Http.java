package com.flownurture.support;

import java.io.EOFException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real HTTP against the server under test, through Helidon's WebClient: the one client tests send requests with.
 * A connection that fails (refused, reset, timed out, closed mid-response) is an {@link UncheckedIOException}.
 * {@link Api} speaks the API with a key and {@link DashboardClient} the dashboard with a session on top of it; used directly,
 * it sends what neither would (malformed bodies, several Authorization headers, raw bytes).
 */
public final class Http {

    private final WebClient client;
    private final String base;

    public Http(int port) {
        this("http://127.0.0.1:" + port);
    }

    /** A client for a server started elsewhere (a separate process), by its base URL. */
    public Http(String base) {
        this(base, WebClient.builder());
    }

    /**
     * A client that gives up on connecting after {@code connect} and on an answer after {@code read}: for a server a
     * test kills while clients are asking it, where a request must fail rather than hang.
     */
    public Http(String base, Duration connect, Duration read) {
        this(base, WebClient.builder().connectTimeout(connect).readTimeout(read));
    }

    private Http(String base, WebClientConfig.Builder client) {
        this.base = base;
        this.client = client.followRedirects(false).build();
    }

    /** The API of this server as this key sees it. */
    public Api api(String key) {
        return new Api(this, key);
    }

    /** A response, read whole. */
    public record Response(int status, io.helidon.http.ClientResponseHeaders headers, String body) {

        public JsonValue json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readValue();
            }
        }

        public JsonObject obj() {
            return json().asJsonObject();
        }

        public JsonArray arr() {
            return json().asJsonArray();
        }

        public String header(String name) {
            return headers.first(HeaderNames.create(name)).orElse(null);
        }

        /** Every value of a header sent more than once ({@code Set-Cookie}). */
        public List<String> headers(String name) {
            return headers.all(HeaderNames.create(name), List::of);
        }

        /** Asserts the status, showing the body when it differs. */
        public Response expect(int expected) {
            assertEquals(expected, status, () -> "status of response " + body);
            return this;
        }

        /** Asserts the status and that the body is the public error JSON. */
        public Response expectError(int expected) {
            expect(expected);
            assertTrue(header("Content-Type").startsWith("application/json"), "error content type");
            JsonObject error = obj();
            assertEquals(expected, error.getInt("statusCode"));
            assertTrue(error.getString("message").length() > 0);
            assertTrue(error.getString("error").length() > 0);
            assertEquals(3, error.size(), "error body has exactly statusCode, message, error: " + body);
            return this;
        }
    }

    public Response get(String path, String key) {
        return send(Method.GET, path, key, null);
    }

    public Response delete(String path, String key) {
        return send(Method.DELETE, path, key, null);
    }

    /** A POST without a body. */
    public Response post(String path, String key) {
        return send(Method.POST, path, key, null);
    }

    public Response post(String path, String key, String json) {
        return send(Method.POST, path, key, json);
    }

    public Response patch(String path, String key, String json) {
        return send(Method.PATCH, path, key, json);
    }

    public Response put(String path, String key, String json) {
        return send(Method.PUT, path, key, json);
    }

    /** A POST of a body built with {@link Json}. */
    public Response post(String path, String key, JsonValue json) {
        return post(path, key, json.toString());
    }

    public Response patch(String path, String key, JsonValue json) {
        return patch(path, key, json.toString());
    }

    public Response put(String path, String key, JsonValue json) {
        return put(path, key, json.toString());
    }

    /** Any request; a null body sends none, a non-null one as application/json. */
    public Response send(Method method, String path, String key, String json) {
        return send(method, path, key == null ? List.of() : List.of("Bearer " + key), "application/json", json);
    }

    /** Full control over Authorization values and content type. */
    public Response send(Method method, String path, List<String> authorization, String contentType, String body) {
        return sendBytes(method, path, authorization, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON request with one extra header. */
    public Response sendWithHeader(Method method, String path, List<String> authorization, String header, String value,
                                   String json) {
        return sendBytes(method, path, authorization, "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), Map.of(header, value));
    }

    /** A request whose body is raw bytes (for invalid UTF-8 and the like). */
    public Response sendBytes(Method method, String path, List<String> authorization, String contentType,
                              byte[] body) {
        return sendBytes(method, path, authorization, contentType, body, Map.of());
    }

    /** A request with the given headers (a browser's cookie, a proxy's address, ...) and no Authorization. */
    public Response send(Method method, String path, Map<String, String> headers, String contentType, String body) {
        return sendBytes(method, path, List.of(), contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private Response sendBytes(Method method, String path, List<String> authorization, String contentType,
                               byte[] body, Map<String, String> headers) {
        HttpClientRequest request = client.method(method).uri(URI.create(base + path));
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        if (!authorization.isEmpty()) {
            request.header(HeaderNames.AUTHORIZATION, authorization.toArray(String[]::new));
        }
        if (body != null && contentType != null) {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
        }
        try (HttpClientResponse response = body == null ? request.request() : request.submit(body)) {
            String text = response.entity().hasEntity() ? response.as(String.class) : "";
            return new Response(response.status().code(), response.headers(), text);
        } catch (DataReader.InsufficientDataAvailableException e) {
            // A server killed mid-answer: reported as the client reports a refused or reset connection, so a test
            // that kills servers has one exception to expect.
            throw new UncheckedIOException(new EOFException("the connection closed before the whole response"));
        }
    }
}
