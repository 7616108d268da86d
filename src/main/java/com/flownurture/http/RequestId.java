package com.flownurture.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.helidon.webserver.http.ServerRequest;

/**
 * The id of one request: put into the request's context and the {@code X-Request-Id} response header by the request
 * observer, written on its log line, and quoted by {@link ErrorMapper} on a 500, so an operator finds the line and
 * the stack trace of a failure a client reports. 64 random bits in hex: unique enough to find a line, and cheap on
 * every request (no {@code SecureRandom}).
 */
public record RequestId(String value) {

    /** The response header that carries it. */
    public static final String HEADER = "X-Request-Id";

    /** A new id. */
    public static RequestId create() {
        return new RequestId(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    }

    /** The id the observer gave this request, or a new one when it ran without (it always runs in the server). */
    public static RequestId of(ServerRequest req) {
        return req.context().get(RequestId.class).orElseGet(RequestId::create);
    }

    @Override
    public String toString() {
        return value;
    }
}
