package com.flownurture.http;

import java.io.StringWriter;
import java.util.function.Consumer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.Json;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

/** Writes JSON responses. */
public final class Responses {

    private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());
    private static final String JSON = "application/json";

    private Responses() {
    }

    /** 200 with a JSON body. */
    public static void ok(ServerResponse res, JsonValue body) {
        json(res, Status.OK_200, body);
    }

    /**
     * 200 with a JSON body written straight to a generator, without building JSON-P objects first: for the
     * responses that carry many contacts.
     */
    public static void ok(ServerResponse res, Consumer<JsonGenerator> body) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(toBytes(body));
    }

    /** 201 with a JSON body. */
    public static void created(ServerResponse res, JsonValue body) {
        json(res, Status.CREATED_201, body);
    }

    /** 204 without a body. */
    public static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Any status with a JSON body. */
    public static void json(ServerResponse res, Status status, JsonValue body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(toBytes(body));
    }

    /** The UTF-8 bytes of what a generator wrote. */
    public static byte[] toBytes(Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
            body.accept(generator);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of a JSON value. */
    public static byte[] toBytes(JsonValue value) {
        // Into a String, then encoded at once: writing to a byte stream encodes every small write separately,
        // which took a fifth of the time of a page of contacts.
        StringWriter out = new StringWriter(512);
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.write(value);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
