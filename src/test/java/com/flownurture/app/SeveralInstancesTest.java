package com.flownurture.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.MutableClock;
import com.flownurture.support.PostgresOnly;
import com.flownurture.support.Api;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two server instances on one PostgreSQL database behave as one server to a client. */
@PostgresOnly("several instances share one database only on PostgreSQL; SQLite is one process's file")
class SeveralInstancesTest {

    @Test
    void theRateLimitIsSharedAcrossInstances() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-instances");
        Map<String, String> config = Map.of("rate-limit.requests-per-minute", "10");
        // The shared buckets keep each instance's clock; instances agree on the time, as NTP makes them.
        MutableClock clock = MutableClock.now();
        try (TestApp a = TestApp.start(config, dir, clock);
             TestApp b = TestApp.start(config, dir, clock)) {
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
            a.app().components().keys().revoke(tenant.keyId());
            // The key cache keeps each instance's clock: a second later on it, every instance has looked again.
            for (TestApp server : List.of(a, b)) {
                server.clock().advance(Duration.ofSeconds(1));
                server.http().get("/api/v1/contacts", tenant.key()).expectError(401);
            }
            // What one instance writes, the other reads: a contact made on A is on B.
            TestApp.Tenant other = a.tenant();
            String id = a.http().post("/api/v1/contacts", other.key(), "{\"email\":\"shared@example.com\"}")
                    .expect(201).obj().getString("id");
            assertEquals("shared@example.com", b.http().get("/api/v1/contacts/" + id, other.key()).expect(200).obj()
                    .getString("email"));
        }
    }

    @Test
    void enginesOnTwoInstancesRunEveryStepOnce() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-instances");
        Map<String, String> config = Map.of("engine.enabled", "true", "engine.tick-ms", "20",
                "engine.batch-size", "8");
        try (TestApp a = TestApp.start(config, dir, MutableClock.now());
             TestApp b = TestApp.start(config, dir, MutableClock.now())) {
            TestApp.Tenant tenant = a.tenant();
            String workflow = a.http().post("/api/v1/workflows", tenant.key(), """
                    {"name":"Two emails","status":"ACTIVE","steps":[
                     {"type":"SEND_EMAIL","subject":"One","body":"1"},
                     {"type":"SEND_EMAIL","subject":"Two","body":"2"}]}""").expect(201).obj().getString("id");
            int enrollments = 80;
            for (int i = 0; i < enrollments; i++) {
                TestApp server = i % 2 == 0 ? a : b;
                Api api = server.api(tenant);
                api.enroll(api.createContact("c" + i + "@example.com"), workflow);
            }
            Await.until(Duration.ofSeconds(30), "every enrollment completed", () -> count(a,
                    "SELECT COUNT(*) FROM enrollments WHERE status = 'COMPLETED'") == enrollments);
            assertEquals(2L * enrollments, count(a, "SELECT COUNT(*) FROM messages"), "one email per step");
            assertEquals(0, count(a, "SELECT COUNT(*) FROM (SELECT enrollment_id, step_order FROM enrollment_history "
                    + "GROUP BY enrollment_id, step_order, outcome HAVING COUNT(*) > 1) AS twice"), "no step ran twice");
        }
    }

    private static long count(TestApp server, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
