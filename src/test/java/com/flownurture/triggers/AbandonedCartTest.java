package com.flownurture.triggers;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.Api;
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
    private Api api;
    private String workflow;

    @BeforeEach
    void abandonedCart() {
        api = server.api(server.tenant());
        workflow = api.createWorkflow(obj("name", "Abandoned cart", "status", "ACTIVE",
                "trigger", obj("type", "EVENT", "eventName", "cart_updated"), "reentry", "AFTER_EXIT",
                "steps", arr(
                        obj("type", "WAIT_FOR_EVENT", "eventName", "order_completed", "timeoutAmount", 1,
                                "timeoutUnit", "HOURS", "matchProperty", "cartId", "onEvent", "COMPLETE",
                                "onTimeout", "CONTINUE"),
                        obj("type", "SEND_EMAIL", "subject", "Your cart {{event.properties.cartId}} is waiting",
                                "body", "Hi {{firstName|there}}, you left {{event.name}} behind."))));
    }

    private JsonObject enrollment(String contactId) {
        JsonArray list = api.get("/api/v1/enrollments?workflowId=" + workflow + "&contactId=" + contactId)
                .expect(200).arr();
        assertEquals(1, list.size());
        return api.enrollment(list.getJsonObject(0).getString("id"));
    }

    private String lastOutcome(String contactId) {
        JsonArray history = enrollment(contactId).getJsonArray("history");
        return history.isEmpty() ? "" : history.getJsonObject(history.size() - 1).getString("outcome");
    }

    @Test
    void theOrderOfTheSameCartCompletesIt() {
        String c = api.createContact(obj("email", "buyer@example.com", "firstName", "Ann")).getString("id");
        api.event(c, "cart_updated", obj("cartId", "c1"));
        Await.until(Duration.ofSeconds(10), "waiting", () -> lastOutcome(c).equals("WAITING"));
        api.event(c, "order_completed", obj("cartId", "another"));
        api.event(c, "order_completed", obj("cartId", "c1"));
        Await.until(Duration.ofSeconds(10), "completed", () -> enrollment(c).getString("status").equals("COMPLETED"));
        assertEquals("EVENT_RECEIVED", lastOutcome(c));
        assertEquals(0, api.messages(c).size());
    }

    @Test
    void noOrderBeforeTheTimeoutSendsTheReminder() {
        String c = api.createContact(obj("email", "browser@example.com", "firstName", "Ann")).getString("id");
        api.event(c, "cart_updated", obj("cartId", "c9"));
        Await.until(Duration.ofSeconds(10), "waiting", () -> lastOutcome(c).equals("WAITING"));
        api.event(c, "order_completed", obj("cartId", "c8"));
        server.clock().advance(Duration.ofMinutes(61));
        server.app().components().engineWakeup().wake();
        Await.until(Duration.ofSeconds(10), "completed", () -> enrollment(c).getString("status").equals("COMPLETED"));
        JsonArray history = enrollment(c).getJsonArray("history");
        assertEquals("TIMED_OUT", history.getJsonObject(1).getString("outcome"));
        JsonObject message = api.messages(c).getJsonObject(0);
        assertEquals("Your cart c9 is waiting", message.getString("subject"));
        assertEquals("Hi Ann, you left cart_updated behind.", message.getString("body"));
    }
}
