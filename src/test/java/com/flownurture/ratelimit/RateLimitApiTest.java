package com.flownurture.ratelimit;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitApiTest {

    @Test
    void burstThen429WithRetryAfterKeysIndependentAndRefill() {
        try (TestApp server = TestApp.start(Map.of("rate-limit.requests-per-minute", "60"))) {
            TestApp.Tenant a = server.tenant();
            TestApp.Tenant b = server.tenant();
            for (int i = 0; i < 60; i++) {
                Http.Response ok = server.http().get("/api/v1/contacts", a.key()).expect(200);
                assertEquals("60", ok.header("RateLimit-Limit"));
                assertEquals(Integer.toString(59 - i), ok.header("RateLimit-Remaining"));
            }
            Http.Response limited = server.http().get("/api/v1/contacts", a.key()).expectError(429);
            long retryAfter = Long.parseLong(limited.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 2, "one token a second: " + retryAfter);
            assertEquals("0", limited.header("RateLimit-Remaining"));
            server.http().get("/api/v1/contacts", b.key()).expect(200);
            // The buckets keep the server's clock: while it stands still nothing refills, once moved on it has.
            server.http().get("/api/v1/contacts", a.key()).expectError(429);
            server.clock().advance(Duration.ofSeconds(retryAfter).plusMillis(100));
            server.http().get("/api/v1/contacts", a.key()).expect(200);
            server.http().get("/api/v1/contacts", a.key()).expectError(429);
        }
    }
}
