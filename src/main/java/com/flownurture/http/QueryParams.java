package com.flownurture.http;

import java.util.List;

import com.flownurture.common.InvalidInputException;
import io.helidon.webserver.http.ServerRequest;

/** Validated query parameters: a malformed value is a 400 naming the parameter, never silently ignored. */
public final class QueryParams {

    private QueryParams() {
    }

    /** An integer parameter within bounds, or the default when absent. */
    public static int integer(ServerRequest req, String name, int fallback, int min, int max) {
        String raw = single(req, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(name + " must be an integer between " + min + " and " + max);
    }

    /** A string parameter of at most {@code max} characters, or null when absent or empty. */
    public static String string(ServerRequest req, String name, int max) {
        String raw = single(req, name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > max) {
            throw new InvalidInputException(name + " must be at most " + max + " characters");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new InvalidInputException(name + " must not contain NUL characters");
        }
        return raw;
    }

    /** One of the allowed values, or null when absent. */
    public static String oneOf(ServerRequest req, String name, List<String> allowed) {
        String raw = string(req, name, 64);
        if (raw != null && !allowed.contains(raw)) {
            throw new InvalidInputException(name + " must be one of " + String.join(", ", allowed));
        }
        return raw;
    }

    private static String single(ServerRequest req, String name) {
        if (!req.query().contains(name)) {
            return null;
        }
        List<String> values = req.query().all(name);
        if (values.size() > 1) {
            throw new InvalidInputException(name + " must be given once");
        }
        return values.getFirst();
    }
}
