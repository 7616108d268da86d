package com.flownurture.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deliveries over real HTTP to a real second server, with the sender running. */
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));
    private Http http;
    private String key;
    private Api api;
    private Receiver receiver;

    @BeforeEach
    void newTenantAndReceiver() {
        http = server.http();
        key = server.tenant().key();
        api = server.api(key);
        receiver = new Receiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** Subscribes the receiver and gives it the secret; returns the subscription id. */
    private String subscribe(String... events) {
        JsonObject created = http.post("/api/v1/webhooks", key, obj("url", receiver.url(), "events", arr(events)))
                .expect(201).obj();
        receiver.secret(created.getString("secret"));
        return created.getString("id");
    }

    private JsonArray deliveries(String subscription) {
        return http.get("/api/v1/webhooks/" + subscription + "/deliveries?limit=100", key).expect(200).arr();
    }

    @Test
    void deliveriesAreSignedAndCarryTheResource() {
        String subscription = subscribe("contact.created");
        String id = api.createContact("signed@example.com");
        Await.until(WAIT, "the delivery", () -> receiver.calls.size() == 1);
        Receiver.Call call = receiver.calls.getFirst();
        assertTrue(call.signatureValid(), "the receiver verifies the signature with the secret");
        assertEquals("contact.created", call.event());
        JsonObject body = call.json();
        assertEquals(Set.of("id", "type", "createdAt", "data"), body.keySet());
        assertEquals("contact.created", body.getString("type"));
        assertEquals(id, body.getJsonObject("data").getString("id"));
        assertEquals("signed@example.com", body.getJsonObject("data").getString("email"));
        Await.until(WAIT, "DELIVERED", () -> deliveries(subscription).getJsonObject(0).getString("status")
                .equals("DELIVERED"));
        JsonObject delivery = deliveries(subscription).getJsonObject(0);
        assertEquals(call.delivery(), delivery.getString("id"));
        assertEquals(1, delivery.getInt("attempts"));
        assertEquals(204, delivery.getInt("lastResponseCode"));

        String rotated = http.post("/api/v1/webhooks/" + subscription + "/rotate-secret", key).expect(200)
                .obj().getString("secret");
        api.createContact("rotated@example.com");
        Await.until(WAIT, "the second delivery", () -> receiver.calls.size() == 2);
        assertTrue(!receiver.calls.get(1).signatureValid(), "signed with the new secret, not the old one");
        receiver.secret(rotated);
        api.createContact("third@example.com");
        Await.until(WAIT, "the third delivery", () -> receiver.calls.size() == 3);
        assertTrue(receiver.calls.get(2).signatureValid());
    }

    @Test
    void aSubscriptionGetsItsDeliveriesInOrder() {
        subscribe("event.received");
        String id = api.createContact("order@example.com");
        List<JsonObject> items = IntStream.range(0, 60)
                .mapToObj(i -> obj("contactId", id, "name", "step", "properties", obj("n", i))).toList();
        http.post("/api/v1/events/batch", key, obj("events", items)).expect(200);
        for (int i = 60; i < 70; i++) {
            api.event(id, "step", obj("n", i));
        }
        Await.until(WAIT, "70 deliveries", () -> receiver.calls.size() == 70);
        List<Integer> order = receiver.calls.stream()
                .map(c -> c.json().getJsonObject("data").getJsonObject("properties").getInt("n")).toList();
        assertEquals(IntStream.range(0, 70).boxed().toList(), order);
    }

    @Test
    void aReceiverDownThenUpLosesNothing() {
        String subscription = subscribe("contact.created");
        receiver.stop();
        for (int i = 0; i < 5; i++) {
            api.createContact("down" + i + "@example.com");
        }
        Await.until(WAIT, "a failed attempt", () -> deliveries(subscription).stream()
                .anyMatch(d -> d.asJsonObject().getInt("attempts") == 1));
        JsonObject failed = deliveries(subscription).getJsonObject(4);
        assertEquals("PENDING", failed.getString("status"));
        assertTrue(failed.isNull("lastResponseCode"));
        assertTrue(!failed.isNull("lastError"), failed.toString());

        receiver.restart();
        server.clock().advance(Duration.ofMinutes(1));
        Await.until(WAIT, "five deliveries", () -> receiver.calls.size() == 5);
        assertEquals(IntStream.range(0, 5).mapToObj(i -> "down" + i + "@example.com").toList(),
                receiver.calls.stream().map(c -> c.json().getJsonObject("data").getString("email")).toList());
        Await.until(WAIT, "all DELIVERED", () -> deliveries(subscription).stream()
                .allMatch(d -> d.asJsonObject().getString("status").equals("DELIVERED")));
    }

    @Test
    void aDeliveryNotMadeIn24HoursFailsAndTheNextGoes() {
        String subscription = subscribe("contact.created");
        receiver.status.set(500);
        api.createContact("first@example.com");
        api.createContact("second@example.com");
        Await.until(WAIT, "a failed attempt", () -> deliveries(subscription).stream()
                .anyMatch(d -> d.asJsonObject().getInt("attempts") == 1));
        assertEquals(1, receiver.calls.size(), "the second waits behind the first");
        server.clock().advance(Duration.ofMinutes(1));
        Await.until(WAIT, "a retry", () -> receiver.calls.size() == 2);
        Await.until(WAIT, "the retry recorded", () -> deliveries(subscription).stream()
                .anyMatch(d -> d.asJsonObject().getInt("attempts") == 2));

        server.clock().advance(Duration.ofHours(25));
        Await.until(WAIT, "both FAILED", () -> deliveries(subscription).stream()
                .allMatch(d -> d.asJsonObject().getString("status").equals("FAILED")));
        JsonObject first = deliveries(subscription).getJsonObject(1);
        assertEquals(2, first.getInt("attempts"));
        assertEquals(500, first.getInt("lastResponseCode"));
        assertTrue(first.getString("lastError").contains("24 hours"), first.toString());

        receiver.status.set(200);
        api.createContact("third@example.com");
        Await.until(WAIT, "the next delivery goes", () -> receiver.calls.stream()
                .anyMatch(c -> c.json().getJsonObject("data").getString("email").equals("third@example.com")));
    }

    @Test
    void subscriptionsInBackoffDoNotHoldUpAnother() {
        try (TestApp one = TestApp.start(Map.of("engine.enabled", "true", "engine.tick-ms", "20",
                "webhooks.concurrency", "1")); Receiver down = new Receiver()) {
            String tenantKey = one.tenant().key();
            down.status.set(503);
            for (int i = 0; i < 3; i++) {
                one.http().post("/api/v1/webhooks", tenantKey, obj("url", down.url(), "events", arr("contact.created")))
                        .expect(201);
            }
            JsonObject healthy = one.http().post("/api/v1/webhooks", tenantKey, obj("url", receiver.url(),
                    "events", arr("tag.added"))).expect(201).obj();
            receiver.secret(healthy.getString("secret"));
            String id = one.http().post("/api/v1/contacts", tenantKey, obj("email", "b@example.com")).expect(201)
                    .obj().getString("id");
            Await.until(WAIT, "three failed attempts", () -> down.calls.size() == 3);
            String tag = one.http().post("/api/v1/tags", tenantKey, obj("name", "T")).expect(201).obj()
                    .getString("id");
            one.http().post("/api/v1/contacts/" + id + "/tags/add", tenantKey, obj("tagId", tag))
                    .expect(200);
            Await.until(WAIT, "the healthy subscription's delivery", () -> receiver.calls.size() == 1);
            assertTrue(receiver.calls.getFirst().signatureValid());
        }
    }

    @Test
    void aReplaySendsThePayloadAgainAsANewDelivery() {
        String subscription = subscribe("contact.created");
        api.createContact("replay@example.com");
        Await.until(WAIT, "the delivery", () -> receiver.calls.size() == 1);
        Await.until(WAIT, "DELIVERED", () -> deliveries(subscription).getJsonObject(0).getString("status")
                .equals("DELIVERED"));
        String original = deliveries(subscription).getJsonObject(0).getString("id");
        String replayed = http.post("/api/v1/webhooks/" + subscription + "/deliveries/" + original + "/replay", key)
                .expect(202).obj().getString("id");
        Await.until(WAIT, "the replay", () -> receiver.calls.size() == 2);
        Receiver.Call first = receiver.calls.get(0);
        Receiver.Call again = receiver.calls.get(1);
        assertEquals(first.body(), again.body(), "the same payload, event id included");
        assertEquals(replayed, again.delivery());
        assertNotEquals(first.delivery(), again.delivery());
        assertTrue(again.signatureValid());
    }
}
