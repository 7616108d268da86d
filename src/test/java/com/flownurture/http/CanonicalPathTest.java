package com.flownurture.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which raw paths are canonical: refused ones are in {@link PathFuzzTest}; these must stay valid. */
class CanonicalPathTest {

    @Test
    void plainPathsAndEscapesOfOtherCharactersAreCanonical() {
        for (String path : List.of("/", "/login", "/api/v1/contacts", "/api/v1/contacts/c0a1b2", "/u/abc.def-ghi_~",
                "/contacts/a%40b.example", "/tags/caf%C3%A9", "/x%20y", "/t/c/m1.aHR0cHM6Ly9leGFtcGxlLmNvbQ.sig",
                "/assets/htmx/2.0.10/htmx.min.js", "/x/...", "/x/.well", "/%")) {
            assertTrue(CanonicalPath.problem(path).isEmpty(), path + ": " + CanonicalPath.problem(path));
        }
    }

    @Test
    void everyTidiedFormIsRefused() {
        for (String path : List.of("", "x", "//", "//x", "/x/", "/x//y", "/.", "/./x", "/x/..", "/x/../y", "/x;y",
                "/x;", "/x\\y", "/%78", "/%2e", "/%2E%2E/x", "/x%2Fy", "/x%2fy", "/x%5Cy", "/x%3By", "/%7E", "/%2D")) {
            assertTrue(CanonicalPath.problem(path).isPresent(), path);
        }
    }
}
