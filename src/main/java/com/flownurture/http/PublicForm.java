package com.flownurture.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/**
 * The one parser of the public pages' form posts ({@code application/x-www-form-urlencoded}, whatever the request
 * says its type is: RFC 8058 mail clients vary). A body over the page's limit or with a malformed {@code %}-escape
 * is {@link Unreadable}, never half-read: each page decides what that means (the subscription form answers 400 or
 * 413; the unsubscribe button unsubscribes anyway). A repeated field keeps its first value. Immutable.
 */
public final class PublicForm {

    private final Map<String, String> fields;

    private PublicForm(Map<String, String> fields) {
        this.fields = Map.copyOf(fields);
    }

    /** Why a body could not be read, and the status that says so. */
    public static final class Unreadable extends Exception {

        private final Status status;

        Unreadable(Status status, String message) {
            super(message);
            this.status = status;
        }

        /** 400 for a malformed body, 413 for one over the limit. */
        public Status status() {
            return status;
        }
    }

    /**
     * Reads and parses the request's body, reading at most {@code maxBytes} (plus one, to know it was longer).
     *
     * @throws Unreadable for a longer body or a malformed escape
     */
    public static PublicForm read(ServerRequest req, int maxBytes) throws Unreadable {
        if (!req.content().hasEntity()) {
            return new PublicForm(Map.of());
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                // Drain the rest, so the connection can serve its next request.
                in.transferTo(java.io.OutputStream.nullOutputStream());
                throw new Unreadable(Status.REQUEST_ENTITY_TOO_LARGE_413, "The form is too long.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    /** Parses a form-encoded body. */
    static PublicForm parse(String body) throws Unreadable {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                fields.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Unreadable(Status.BAD_REQUEST_400, "The form is malformed.");
            }
        }
        return new PublicForm(fields);
    }

    /** A field's value, if the form has the field. */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** A field's value, or {@code ""}. */
    public String value(String name) {
        return fields.getOrDefault(name, "");
    }
}
