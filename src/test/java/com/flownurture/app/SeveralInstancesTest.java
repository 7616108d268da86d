package com.flownurture.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.MutableClock;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two server instances on one PostgreSQL database behave as one server to a client. */
@EnabledIfEnvironmentVariable(named = "FLOWNURTURE_TEST_DATABASE_URL", matches = ".+",
        disabledReason = "several instances share one database only on PostgreSQL; SQLite is one process's file")
class SeveralInstancesTest {

    @Test
    void theRateLimitIsSharedAcrossInstances() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-instances");
        Map<String, String> config = Map.of("rate-limit.requests-per-minute", "10");
        try (TestApp a = TestApp.start(config, dir, MutableClock.now());
             TestApp b = TestApp.start(config, dir, MutableClock.now())) {
            TestApp.Tenant tenant = a.tenant();
            for (int i = 0; i < 10; i++) {
                TestApp server = i % 2 == 0 ? a : b;
                var ok = server.http().get("/api/v1/contacts", tenant.key()).expect(200);
                assertEquals("10", ok.header("RateLimit-Limit"));
                assertEquals(Integer.toString(9 - i), ok.header("RateLimit-Remaining"), "request " + i);
            }
            for (TestApp server : List.of(a, b)) {
                var limited = server.http().get("/api/v1/contacts", tenant.key()).expectError(429);
                long retryAfter = Long.parseLong(limited.header("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 6, "a token every 6 s: " + retryAfter);
                assertEquals("0", limited.header("RateLimit-Remaining"));
            }
            // Another key's budget is its own.
            b.http().get("/api/v1/contacts", b.tenant().key()).expect(200);
        }
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByEveryInstanceWithinASecond() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-instances");
        try (TestApp a = TestApp.start(Map.of(), dir, MutableClock.now());
             TestApp b = TestApp.start(Map.of(), dir, MutableClock.now())) {
            TestApp.Tenant tenant = a.tenant();
            a.http().get("/api/v1/contacts", tenant.key()).expect(200);
            b.http().get("/api/v1/contacts", tenant.key()).expect(200);
            long revokedAt = System.nanoTime();
            a.app().components().keys().revoke(tenant.keyId());
            for (TestApp server : List.of(a, b)) {
                Await.until(Duration.ofMillis(1200), "the revoked key refused",
                        () -> server.http().get("/api/v1/contacts", tenant.key()).status() == 401);
            }
            assertTrue(System.nanoTime() - revokedAt < Duration.ofMillis(1200).toNanos(), "within the key cache's TTL");
            // What one instance writes, the other reads: a contact made on A is on B.
            TestApp.Tenant other = a.tenant();
            String id = a.http().post("/api/v1/contacts", other.key(), "{\"email\":\"shared@example.com\"}")
                    .expect(201).obj().getString("id");
            assertEquals("shared@example.com", b.http().get("/api/v1/contacts/" + id, other.key()).expect(200).obj()
                    .getString("email"));
        }
    }
}
