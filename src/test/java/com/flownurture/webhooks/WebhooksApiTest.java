package com.flownurture.webhooks;

import java.util.List;
import java.util.Set;

import com.flownurture.support.DbSnapshot;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscriptions API, and the deliveries written with each change (nothing sends them here: no engine). */
class WebhooksApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private Http http;
    private String key;

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
    }

    private JsonObject subscribe(String... events) {
        return http.post("/api/v1/webhooks", key, obj("url", "http://127.0.0.1:9/hook", "events", arr(events),
                "description", "CRM")).expect(201).obj();
    }

    @Test
    void theSecretIsShownOnceAndRotated() {
        JsonObject created = subscribe("contact.created", "tag.added");
        assertEquals(Set.of("id", "url", "events", "description", "secret", "createdAt", "updatedAt"),
                created.keySet());
        String secret = created.getString("secret");
        assertTrue(secret.startsWith("whsec_") && secret.length() > 40, secret);
        String id = created.getString("id");
        JsonObject shown = http.get("/api/v1/webhooks/" + id, key).expect(200).obj();
        assertFalse(shown.containsKey("secret"));
        assertEquals(secret.substring(0, 10), shown.getString("secretPrefix"));
        assertFalse(http.get("/api/v1/webhooks", key).body().contains(secret), "the list hides it too");
        assertEquals(List.of("contact.created", "tag.added"), shown.getJsonArray("events").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());

        String rotated = http.post("/api/v1/webhooks/" + id + "/rotate-secret", key).expect(200).obj()
                .getString("secret");
        assertNotEquals(secret, rotated);
        assertEquals(rotated.substring(0, 10), http.get("/api/v1/webhooks/" + id, key).obj()
                .getString("secretPrefix"));
    }

    @Test
    void anIdempotencyKeyMakesARetriedCreateOneSubscription() {
        JsonObject body = obj("url", "http://127.0.0.1:9/hook", "events", arr("contact.created"));
        Http.Response first = http.sendWithHeader(io.helidon.http.Method.POST, "/api/v1/webhooks",
                List.of("Bearer " + key), "Idempotency-Key", "create-1", body.toString()).expect(201);
        Http.Response again = http.sendWithHeader(io.helidon.http.Method.POST, "/api/v1/webhooks",
                List.of("Bearer " + key), "Idempotency-Key", "create-1", body.toString()).expect(201);
        assertEquals(first.obj(), again.obj(), "the same subscription and secret");
        assertEquals(1, http.get("/api/v1/webhooks", key).arr().size());
    }

    @Test
    void listPatchAndDelete() {
        String id = subscribe("contact.created").getString("id");
        subscribe("tag.removed");
        Http.Response list = http.get("/api/v1/webhooks", key).expect(200);
        assertEquals(2, list.arr().size());
        assertEquals("2", list.header("X-Total-Count"));
        JsonObject patched = http.patch("/api/v1/webhooks/" + id, key,
                obj("events", arr("event.received"), "description", null)).expect(200).obj();
        assertEquals("event.received", patched.getJsonArray("events").getString(0));
        assertTrue(patched.isNull("description"));
        assertEquals("http://127.0.0.1:9/hook", patched.getString("url"));
        http.delete("/api/v1/webhooks/" + id, key).expect(204);
        http.get("/api/v1/webhooks/" + id, key).expectError(404);
        http.delete("/api/v1/webhooks/" + id, key).expectError(404);
        http.patch("/api/v1/webhooks/" + id, key, obj("description", "x")).expectError(404);
    }

    @Test
    void badSubscriptionsAre400AndChangeNothing() {
        String id = subscribe("contact.created").getString("id");
        String before = DbSnapshot.of(server);
        for (String body : List.of(
                "{\"events\":[\"contact.created\"]}",
                "{\"url\":\"ftp://example.com/x\",\"events\":[\"contact.created\"]}",
                "{\"url\":\"http://user:pw@example.com/x\",\"events\":[\"contact.created\"]}",
                "{\"url\":\"not a url\",\"events\":[\"contact.created\"]}",
                "{\"url\":\"https://example.com/x\"}",
                "{\"url\":\"https://example.com/x\",\"events\":[]}",
                "{\"url\":\"https://example.com/x\",\"events\":[\"contact.exploded\"]}",
                "{\"url\":\"https://example.com/x\",\"events\":[1]}",
                "{\"url\":\"https://example.com/x\",\"events\":[\"contact.created\"],\"secret\":\"mine\"}")) {
            http.post("/api/v1/webhooks", key, body).expectError(400);
        }
        http.patch("/api/v1/webhooks/" + id, key, obj()).expectError(400);
        http.patch("/api/v1/webhooks/" + id, key, obj("events", arr("nope"))).expectError(400);
        assertEquals(before, DbSnapshot.of(server));
    }

    @Test
    void eachChangeWritesADeliveryPerSubscriptionThatWantsIt() {
        long before = DbSnapshot.count(server, "webhook_deliveries");
        String contact = http.post("/api/v1/contacts", key, obj("email", "none@example.com")).expect(201).obj()
                .getString("id");
        assertEquals(before, DbSnapshot.count(server, "webhook_deliveries"), "no subscription, no row");

        String created = subscribe("contact.created").getString("id");
        String tags = subscribe("tag.added", "tag.removed").getString("id");
        http.post("/api/v1/contacts", key, obj("email", "one@example.com")).expect(201);
        String tag = http.post("/api/v1/tags", key, obj("name", "VIP")).expect(201).obj().getString("id");
        http.post("/api/v1/contacts/" + contact + "/tags/add", key, obj("tagId", tag)).expect(200);
        http.post("/api/v1/contacts/" + contact + "/tags/add", key, obj("tagId", tag)).expect(200);

        JsonArray one = http.get("/api/v1/webhooks/" + created + "/deliveries", key).expect(200).arr();
        assertEquals(1, one.size());
        JsonObject delivery = one.getJsonObject(0);
        assertEquals("contact.created", delivery.getString("eventType"));
        assertEquals("PENDING", delivery.getString("status"));
        assertEquals(0, delivery.getInt("attempts"));
        assertTrue(delivery.isNull("lastResponseCode"));
        JsonArray tagged = http.get("/api/v1/webhooks/" + tags + "/deliveries", key).expect(200).arr();
        assertEquals(1, tagged.size(), "a tag already on the contact is no change");
        assertEquals("tag.added", tagged.getJsonObject(0).getString("eventType"));

        JsonObject replayed = http.post("/api/v1/webhooks/" + created + "/deliveries/" + delivery.getString("id")
                + "/replay", key).expect(202).obj();
        assertNotEquals(delivery.getString("id"), replayed.getString("id"));
        assertEquals(2, http.get("/api/v1/webhooks/" + created + "/deliveries", key).arr().size());
        http.post("/api/v1/webhooks/" + created + "/deliveries/nope/replay", key).expectError(404);
        http.post("/api/v1/webhooks/" + tags + "/deliveries/" + delivery.getString("id") + "/replay", key)
                .expectError(404);

        http.delete("/api/v1/webhooks/" + created, key).expect(204);
        assertEquals(before + 1, DbSnapshot.count(server, "webhook_deliveries"), "deleted with it");
        http.post("/api/v1/contacts", key, obj("email", "two@example.com")).expect(201);
        assertEquals(before + 1, DbSnapshot.count(server, "webhook_deliveries"), "the cache forgot it");
    }
}
