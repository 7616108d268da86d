package com.flownurture.http;

import java.util.function.Consumer;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.JsonOutput;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;

/** Writes JSON responses. */
public final class Responses {

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
        res.send(JsonOutput.bytes(body));
    }

    /** 204 without a body. */
    public static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Any status with a JSON body. */
    public static void json(ServerResponse res, Status status, JsonValue body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(JsonOutput.bytes(body));
    }
}
