package com.flownurture.http;

import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Errors Helidon answers before routing (a malformed request line, oversized headers or body) in the same JSON
 * error body as everything else. Helidon's own message is not echoed: it can quote the request.
 */
public final class JsonDirectHandler implements DirectHandler {

    private JsonDirectHandler() {
    }

    /** The handlers for every kind of early error, for the web server's {@code directHandlers}. */
    public static DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, new JsonDirectHandler());
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        byte[] body = JsonOutput.bytes(Json.createObjectBuilder()
                .add("statusCode", status.code())
                .add("message", ErrorMapper.publicMessage(status))
                .add("error", status.reasonPhrase())
                .build());
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        SecurityHeaders.addMissing(headers);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body)
                .keepAlive(eventType.keepAlive())
                .build();
    }
}
