package com.flownurture.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses, with 400 and before any other filter looks at it, a path that routing would only match after tidying it
 * up: an empty segment ({@code //x}, {@code /x/}), a {@code .} or {@code ..} segment, a {@code ;} matrix parameter,
 * a backslash, or a percent-encoded letter, digit, {@code -._~} or {@code /}. The filters after this one decide on
 * the raw path while routing matches the tidied one; with only canonical paths let through, both see the same
 * path, and no route can be reached around its gate. Thread-safe.
 */
public final class CanonicalPath implements Filter {

    private static final byte[] PAGE = ("<!doctype html><title>Bad request</title><h1>Bad request</h1>"
            + "<p>This address is not in its plain form.</p>").getBytes(StandardCharsets.UTF_8);

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> problem = problem(req.path().rawPath());
        if (problem.isEmpty()) {
            chain.proceed();
            return;
        }
        // Which route was meant is exactly what cannot be told here, so the client's Accept decides: a browser
        // gets a page, any other client (the API's) the JSON error body.
        if (req.headers().values(HeaderNames.ACCEPT).stream().anyMatch(accept -> accept.contains("text/html"))) {
            res.status(Status.BAD_REQUEST_400);
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
            res.send(PAGE);
        } else {
            ErrorMapper.send(res, Status.BAD_REQUEST_400, problem.get());
        }
    }

    /** What makes a raw path non-canonical, or empty when it is canonical. */
    static Optional<String> problem(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return Optional.of("The path must start with /");
        }
        // No allocation: this runs on every request. Segments first (each ends at a '/' or at the end), then
        // characters, as the messages rank them.
        int segmentStart = 1;
        for (int i = 1; raw.length() > 1 && i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == '/') {
                if (isEmptyOrDots(raw, segmentStart, i)) {
                    return Optional.of("The path must not have empty, . or .. segments");
                }
                segmentStart = i + 1;
            }
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ';' || c == '\\') {
                return Optional.of("The path must not contain ; or \\");
            }
            if (c == '%' && encodesPlainCharacter(raw, i)) {
                return Optional.of("The path must not percent-encode letters, digits, -._~ or /");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code raw[from, to)} is an empty, {@code .} or {@code ..} segment. */
    private static boolean isEmptyOrDots(String raw, int from, int to) {
        int length = to - from;
        return length == 0 || length <= 2 && raw.charAt(from) == '.' && raw.charAt(to - 1) == '.';
    }

    /** Whether the escape at {@code i} stands for a character that needs none, or for a {@code /} or {@code \}. */
    private static boolean encodesPlainCharacter(String raw, int i) {
        if (i + 2 >= raw.length()) {
            return false;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
            return false;
        }
        char c = (char) (high * 16 + low);
        return Character.isLetterOrDigit(c) && c < 128 || "-._~/\\;".indexOf(c) >= 0;
    }
}
