package com.flownurture.http;

import java.util.List;
import java.util.Map;

import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code server.trusted-proxies} over the real server: the API's failed-authentication limit is per client behind
 * a trusted proxy, and a malformed block stops start-up. The sign-in throttle's side: SignInLockoutTest.
 */
class ForwardedClientTest {

    private static final List<String> WRONG_KEY = List.of("Bearer fn_" + "B".repeat(40));

    private static Http.Response wrongKeyFrom(TestApp server, String forwardedFor) {
        return server.http().sendWithHeader(Method.GET, "/api/v1/contacts", WRONG_KEY, "X-Forwarded-For",
                forwardedFor, null);
    }

    @Test
    void failedAuthenticationsAreCountedPerClientBehindATrustedProxy() {
        try (TestApp proxied = TestApp.start(Map.of("rate-limit.failed-auth-per-minute", "3",
                "server.trusted-proxies", "127.0.0.1/32"))) {
            for (int i = 0; i < 3; i++) {
                wrongKeyFrom(proxied, "203.0.113.50").expectError(401);
            }
            wrongKeyFrom(proxied, "203.0.113.50").expectError(429);
            wrongKeyFrom(proxied, "198.51.100.50").expectError(401);
        }
    }

    @Test
    void withoutATrustedProxyTheHeaderChangesNothing() {
        try (TestApp direct = TestApp.start(Map.of("rate-limit.failed-auth-per-minute", "3"))) {
            for (int i = 0; i < 3; i++) {
                wrongKeyFrom(direct, "203.0.113.51").expectError(401);
            }
            wrongKeyFrom(direct, "198.51.100.51").expectError(429);
        }
    }

    @Test
    void aMalformedTrustedProxyStopsStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestApp.start(Map.of("server.trusted-proxies", "10.0.0.0/8, 10.0.0.0/33")));
        assertTrue(e.getMessage().contains("server.trusted-proxies") && e.getMessage().contains("10.0.0.0/33"),
                e.getMessage());
    }
}
