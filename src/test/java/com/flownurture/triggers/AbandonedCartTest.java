package com.flownurture.triggers;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.Events;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The abandoned-cart flow end to end, with the engine running: {@code cart_updated} triggers the workflow, which
 * waits for {@code order_completed} of the same cart; the order ends it COMPLETED, the timeout sends a reminder
 * that names the cart (the triggering event's property).
 */
class AbandonedCartTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));
    private Http http;
    private String key;
    private String orgId;
    private String workflow;

    @BeforeEach
    void abandonedCart() {
        TestApp.Tenant tenant = server.tenant();
        http = server.http();
        key = tenant.key();
        orgId = tenant.orgId();
        workflow = http.post("/api/v1/workflows", key, obj("name", "Abandoned cart", "status", "ACTIVE",
                "trigger", obj("type", "EVENT", "eventName", "cart_updated"), "reentry", "AFTER_EXIT",
                "steps", arr(
                        obj("type", "WAIT_FOR_EVENT", "eventName", "order_completed", "timeoutAmount", 1,
                                "timeoutUnit", "HOURS", "matchProperty", "cartId", "onEvent", "COMPLETE",
                                "onTimeout", "CONTINUE"),
                        obj("type", "SEND_EMAIL", "subject", "Your cart {{event.properties.cartId}} is waiting",
                                "body", "Hi {{firstName|there}}, you left {{event.name}} behind."))))
                .expect(201).obj().getString("id");
    }

    private String contact(String email) {
        return http.post("/api/v1/contacts", key, obj("email", email, "firstName", "Ann")).expect(201)
                .obj().getString("id");
    }

    private JsonObject enrollment(String contactId) {
        JsonArray list = http.get("/api/v1/enrollments?workflowId=" + workflow + "&contactId=" + contactId, key)
                .expect(200).arr();
        assertEquals(1, list.size());
        return http.get("/api/v1/enrollments/" + list.getJsonObject(0).getString("id"), key).expect(200).obj();
    }

    private String lastOutcome(String contactId) {
        JsonArray history = enrollment(contactId).getJsonArray("history");
        return history.isEmpty() ? "" : history.getJsonObject(history.size() - 1).getString("outcome");
    }

    @Test
    void theOrderOfTheSameCartCompletesIt() {
        String c = contact("buyer@example.com");
        Events.receive(server, orgId, c, "cart_updated", "{\"cartId\":\"c1\"}");
        Await.until(Duration.ofSeconds(10), "waiting", () -> lastOutcome(c).equals("WAITING"));
        Events.receive(server, orgId, c, "order_completed", "{\"cartId\":\"another\"}");
        Events.receive(server, orgId, c, "order_completed", "{\"cartId\":\"c1\"}");
        Await.until(Duration.ofSeconds(10), "completed", () -> enrollment(c).getString("status").equals("COMPLETED"));
        assertEquals("EVENT_RECEIVED", lastOutcome(c));
        assertEquals(0, http.get("/api/v1/messages?contactId=" + c, key).expect(200).arr().size());
    }

    @Test
    void noOrderBeforeTheTimeoutSendsTheReminder() {
        String c = contact("browser@example.com");
        Events.receive(server, orgId, c, "cart_updated", "{\"cartId\":\"c9\"}");
        Await.until(Duration.ofSeconds(10), "waiting", () -> lastOutcome(c).equals("WAITING"));
        Events.receive(server, orgId, c, "order_completed", "{\"cartId\":\"c8\"}");
        server.clock().advance(Duration.ofMinutes(61));
        server.app().components().engineWakeup().wake();
        Await.until(Duration.ofSeconds(10), "completed", () -> enrollment(c).getString("status").equals("COMPLETED"));
        JsonArray history = enrollment(c).getJsonArray("history");
        assertEquals("TIMED_OUT", history.getJsonObject(1).getString("outcome"));
        JsonObject message = http.get("/api/v1/messages?contactId=" + c, key).expect(200).arr().getJsonObject(0);
        assertEquals("Your cart c9 is waiting", message.getString("subject"));
        assertEquals("Hi Ann, you left cart_updated behind.", message.getString("body"));
    }
}
