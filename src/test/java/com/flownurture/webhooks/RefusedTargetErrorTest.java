package com.flownurture.webhooks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18, item 8: when a stored target turns out to be private when called (DNS changed since it was saved), the
 * recorded error says "refused private target" and does not repeat what the name resolved to.
 */
class RefusedTargetErrorTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("webhooks.allow-private-targets", "false",
            "engine.enabled", "true", "engine.tick-ms", "20"));

    @Test
    void aSubscriptionsLastErrorSaysRefusedPrivateTarget() throws Exception {
        Http http = server.http();
        String key = server.tenant().key();
        String id = http.post("/api/v1/webhooks", key, obj("url", "https://93.184.216.34/hook",
                "events", arr("contact.created"))).expect(201).obj().getString("id");
        // As if the name had resolved to a public address when it was saved.
        update("UPDATE webhook_subscriptions SET url = ? WHERE id = ?", "http://localhost:9/hook", id);
        http.post("/api/v1/contacts", key, obj("email", "r@example.com")).expect(201);
        Await.until(Duration.ofSeconds(10), "a failed attempt", () -> http.get("/api/v1/webhooks/" + id
                + "/deliveries", key).expect(200).arr().stream().anyMatch(d -> d.asJsonObject()
                .getInt("attempts") > 0));
        JsonObject delivery = http.get("/api/v1/webhooks/" + id + "/deliveries", key).arr().getJsonObject(0);
        String error = delivery.getString("lastError");
        assertEquals("refused private target", error, delivery.toString());
    }

    @Test
    void aWebhookStepsLastErrorSaysRefusedPrivateTarget() throws Exception {
        Http http = server.http();
        String key = server.tenant().key();
        String workflow = http.post("/api/v1/workflows", key, obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "WEBHOOK", "url", "https://93.184.216.34/hook")))).expect(201).obj()
                .getString("id");
        update("UPDATE workflow_steps SET config = ? WHERE workflow_id = ?", "{\"url\":\"http://localhost:9/hook\"}",
                workflow);
        String contact = http.post("/api/v1/contacts", key, obj("email", "s@example.com")).expect(201).obj()
                .getString("id");
        String enrollment = http.post("/api/v1/enrollments", key, obj("contactId", contact, "workflowId", workflow))
                .expect(201).obj().getString("id");
        Await.until(Duration.ofSeconds(10), "a failed attempt", () -> !http.get("/api/v1/enrollments/" + enrollment,
                key).obj().isNull("lastError"));
        String error = http.get("/api/v1/enrollments/" + enrollment, key).obj().getString("lastError");
        assertTrue(error.endsWith("failed: refused private target"), error);
        assertFalse(error.contains("127.0.0.1") || error.contains("::1") || error.contains("Exception"), error);
    }

    private static void update(String sql, String value, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            s.setString(2, id);
            assertEquals(1, s.executeUpdate());
        }
    }
}
