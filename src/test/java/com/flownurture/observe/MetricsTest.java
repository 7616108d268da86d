package com.flownurture.observe;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.support.TestDatabases;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics}: Prometheus text without a key, requests labelled by route template (never a raw path), the
 * engine's, the outbox's and the database's meters, JVM meters; on the API's port, on its own, or off.
 */
class MetricsTest {

    /** The value of the sample whose name and labels match; fails when there is none. */
    static double sample(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean all = true;
                for (String label : labels) {
                    all &= line.contains(label);
                }
                if (all) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        throw new AssertionError("no sample " + name + " " + String.join(",", labels) + " in\n" + text);
    }

    @Test
    void requestsAreCountedByRouteTemplateMethodAndStatus() {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            String id = server.http().post("/api/v1/contacts", tenant.key(), obj("email", "m@example.com"))
                    .expect(201).obj().getString("id");
            server.http().get("/api/v1/contacts/" + id, tenant.key()).expect(200);
            server.http().get("/api/v1/contacts/" + id, tenant.key()).expect(200);
            server.http().get("/api/v1/contacts/cnotthere0000000000000000", tenant.key()).expect(404);
            server.http().get("/no/such/path/" + id, null).expect(404);

            // A request is measured once its response is on its way: the last one may lag the client's read.
            Await.until(Duration.ofSeconds(5), "the last request measured", () -> server.http().get("/metrics", null)
                    .body().contains("route=\"unmatched\""));
            Http.Response metrics = server.http().get("/metrics", null).expect(200);
            assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
            String text = metrics.body();
            String route = "route=\"/api/v1/contacts/{id}\"";
            assertEquals(2.0, sample(text, "flownurture_http_requests_seconds_count", route, "method=\"GET\"",
                    "status=\"200\""));
            assertEquals(1.0, sample(text, "flownurture_http_requests_seconds_count", route, "status=\"404\""));
            assertEquals(1.0, sample(text, "flownurture_http_requests_seconds_count", "route=\"/api/v1/contacts\"",
                    "method=\"POST\"", "status=\"201\""));
            assertEquals(1.0, sample(text, "flownurture_http_requests_seconds_count", "route=\"unmatched\"",
                    "status=\"404\""));
            assertEquals(2.0, sample(text, "flownurture_http_requests_seconds_bucket", route, "status=\"200\"",
                    "le=\"+Inf\""), "a duration histogram");
            assertFalse(text.contains(id), "no raw path or id in a label");
            assertFalse(text.contains(tenant.key()), "no key anywhere");
            assertTrue(sample(text, "memory_usedHeap_bytes") > 0, "JVM meters");
            assertTrue(sample(text, "thread_count") > 0);
            assertTrue(sample(text, "flownurture_db_writer_commit_seconds_count") >= 1, "the commits, on both");
            assertTrue(sample(text, "flownurture_db_writer_commit_seconds_sum") > 0);
            double max = sample(text, "flownurture_db_pool_max");
            assertEquals(TestDatabases.postgres() ? 4.0 : 8.0, max, "the configured pool size");
            double active = sample(text, "flownurture_db_pool_active");
            double idle = sample(text, "flownurture_db_pool_idle");
            assertTrue(idle >= 1 && active >= 0 && active + idle <= max, active + " active, " + idle + " idle");
            assertEquals(0.0, sample(text, "flownurture_db_pool_waiting"));
            assertEquals(0.0, sample(text, "flownurture_db_reads_queued"));
            if (TestDatabases.postgres()) {
                assertFalse(text.contains("flownurture_db_writer_queue"), "no single writer on PostgreSQL");
            } else {
                assertEquals(0.0, sample(text, "flownurture_db_writer_queue"));
            }
        }
    }

    @Test
    void theWebhookBacklogCountsDeliveriesStillToMake() {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            assertEquals(0.0, sample(server.http().get("/metrics", null).body(),
                    "flownurture_webhook_deliveries_pending"));
            // The sender is off in tests (engine.enabled: false): the deliveries wait.
            server.http().post("/api/v1/webhooks", tenant.key(),
                    obj("url", "http://127.0.0.1:9/hook", "events", arr("contact.created"))).expect(201);
            for (int i = 0; i < 3; i++) {
                server.http().post("/api/v1/contacts", tenant.key(), obj("email", "w" + i + "@example.com"))
                        .expect(201);
            }
            String text = server.http().get("/metrics", null).body();
            assertEquals(3.0, sample(text, "flownurture_webhook_deliveries_pending"));
            assertEquals(3.0, sample(text, "flownurture_webhook_deliveries_due"), "due at once");
        }
    }

    @Test
    void rateLimitRefusalsAreCounted() {
        try (TestApp server = TestApp.start(Map.of("rate-limit.requests-per-minute", "1"))) {
            TestApp.Tenant tenant = server.tenant();
            server.http().get("/api/v1/tags", tenant.key()).expect(200);
            server.http().get("/api/v1/tags", tenant.key()).expect(429);
            server.http().get("/api/v1/tags", tenant.key()).expect(429);
            Await.until(Duration.ofSeconds(5), "both refusals counted", () -> sample(server.http().get("/metrics",
                    null).body(), "flownurture_rate_limit_refusals_total") == 2.0);
        }
    }

    @Test
    void engineAndOutboxMetersFollowTheWork() {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            String flow = server.http().post("/api/v1/workflows", tenant.key(), obj("name", "W", "status", "ACTIVE",
                    "steps", arr(obj("type", "SEND_EMAIL", "subject", "Hi", "body", "b"),
                            obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")))).expect(201).obj()
                            .getString("id");
            for (int i = 0; i < 3; i++) {
                String contact = server.http().post("/api/v1/contacts", tenant.key(),
                        obj("email", "e" + i + "@example.com")).expect(201).obj().getString("id");
                server.http().post("/api/v1/enrollments", tenant.key(),
                        obj("contactId", contact, "workflowId", flow)).expect(201);
            }
            server.clock().advance(Duration.ofSeconds(3));
            String before = server.http().get("/metrics", null).body();
            assertEquals(3.0, sample(before, "flownurture_engine_due_oldest_seconds"), 0.5, "due work waiting");

            server.app().engine().tick();
            server.app().engine().tick();
            String after = server.http().get("/metrics", null).body();
            assertEquals(3.0, sample(after, "flownurture_engine_steps_total", "type=\"SEND_EMAIL\""));
            assertEquals(3.0, sample(after, "flownurture_engine_steps_total", "type=\"DELAY\""));
            assertEquals(3.0, sample(after, "flownurture_engine_claimed_total"));
            assertEquals(3.0, sample(after, "flownurture_engine_lag_seconds_count"));
            assertEquals(0.0, sample(after, "flownurture_engine_due_oldest_seconds"), "nothing due: all delayed");
            assertEquals(3.0, sample(after, "flownurture_outbox_pending"));

            server.app().outbox().deliverDue();
            String sent = server.http().get("/metrics", null).body();
            assertEquals(0.0, sample(sent, "flownurture_outbox_pending"));
            assertEquals(3.0, sample(sent, "flownurture_outbox_sent_total"));
        }
    }

    @Test
    void metricsCanHaveAPortOfTheirOwnOrBeTurnedOff() {
        try (TestApp server = TestApp.start(Map.of("metrics.port", "0"))) {
            int own = server.app().metricsPort();
            assertTrue(own != server.app().port());
            server.http().get("/metrics", null).expect(404);
            new Http(own).get("/metrics", null).expect(200);
            // A request is measured once its response is written: the 404's histogram may come a scrape later.
            Await.until(Duration.ofSeconds(5), "the 404 measured on the metrics port", () -> new Http(own)
                    .get("/metrics", null).expect(200).body().contains("flownurture_http_requests_seconds"));
        }
        try (TestApp server = TestApp.start(Map.of("metrics.enabled", "false"))) {
            server.http().get("/metrics", null).expect(404);
        }
    }

    @Test
    void everyResponseCarriesARequestId() {
        try (TestApp server = TestApp.start()) {
            Http.Response health = server.http().get("/health", null).expect(200);
            Http.Response unauthorized = server.http().get("/api/v1/contacts", null).expect(401);
            Matcher id = Pattern.compile("[0-9a-f]{16}").matcher(health.header("X-Request-Id"));
            assertTrue(id.matches(), health.header("X-Request-Id"));
            assertFalse(health.header("X-Request-Id").equals(unauthorized.header("X-Request-Id")), "one per request");
        }
    }
}
