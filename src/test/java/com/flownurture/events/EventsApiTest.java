package com.flownurture.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.flownurture.changes.Change;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static com.flownurture.support.Json.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    /** The ids of the events whose EventReceived change was published, from every test. */
    private static final Set<String> published = ConcurrentHashMap.newKeySet();
    private Http http;
    private String key;
    private String contactId;

    @BeforeAll
    static void listen() {
        server.app().components().changes().subscribe((tx, change) -> {
            if (change instanceof Change.EventReceived received) {
                published.add(received.eventId());
            }
        });
    }

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
        contactId = http.post("/api/v1/contacts", key, obj("email", "jane@example.com")).expect(201).obj()
                .getString("id");
    }

    @Test
    void anEventIsStoredAnsweredAndPublished() {
        JsonObject event = http.post("/api/v1/events", key, obj("contactId", contactId, "name", "cart_updated",
                "properties", obj("cartId", "c1", "total", 42.5), "occurredAt", "2026-03-15T10:00:00+02:00"))
                .expect(202).obj();
        assertEquals(Set.of("id", "contactId", "name", "properties", "occurredAt", "receivedAt"), event.keySet());
        assertEquals(contactId, event.getString("contactId"));
        assertEquals("cart_updated", event.getString("name"));
        assertEquals("c1", event.getJsonObject("properties").getString("cartId"));
        assertEquals("2026-03-15T08:00:00.000Z", event.getString("occurredAt"));
        assertTrue(published.contains(event.getString("id")));
        assertEquals(event, http.get("/api/v1/events?name=cart_updated", key).arr().getJsonObject(0),
                "listed as it was answered, properties included");

        JsonObject byEmail = http.post("/api/v1/events", key, obj("email", "JANE@example.com", "name", "a.b:c-d"))
                .expect(202).obj();
        assertEquals(contactId, byEmail.getString("contactId"));
        assertEquals(byEmail.getString("receivedAt"), byEmail.getString("occurredAt"), "occurredAt defaults to now");
        assertEquals(0, byEmail.getJsonObject("properties").size());
    }

    @Test
    void anUnknownContactIs404UnlessTheEmailIsUpserted() {
        String otherKey = server.tenant().key();
        String before = DbSnapshot.of(server);
        http.post("/api/v1/events", key, obj("email", "new@example.com", "name", "signup")).expectError(404);
        http.post("/api/v1/events", key, obj("contactId", "nope", "name", "signup")).expectError(404);
        http.post("/api/v1/events", otherKey, obj("contactId", contactId, "name", "x"))
                .expectError(404);
        assertEquals(before, DbSnapshot.of(server));

        JsonObject event = http.post("/api/v1/events", key,
                obj("email", "new@example.com", "name", "signup", "upsertContact", true)).expect(202).obj();
        JsonObject contact = http.get("/api/v1/contacts/" + event.getString("contactId"), key).expect(200).obj();
        assertEquals("new@example.com", contact.getString("email"));
    }

    @Test
    void badEventsAre400AndChangeNothing() {
        String before = DbSnapshot.of(server);
        JsonObject named = obj("contactId", contactId, "name", "x");
        for (JsonObject body : List.of(
                obj("name", "x"),
                with(named, "email", "jane@example.com"),
                obj("contactId", contactId),
                with(named, "name", "has space"),
                with(named, "name", "n".repeat(101)),
                with(named, "properties", arr(1)),
                with(named, "properties", obj("big", "x".repeat(16 * 1024))),
                with(named, "occurredAt", "yesterday"),
                with(named, "occurredAt", "2026-03-15T10:00:00"),
                with(named, "id", "with space"),
                with(named, "id", "i".repeat(256)),
                with(named, "upsertContact", true),
                obj("email", "not-an-email", "name", "x", "upsertContact", true),
                obj("email", "a@b.co", "name", "x", "upsertContact", "yes"),
                with(named, "extra", 1))) {
            String message = http.post("/api/v1/events", key, body).expectError(400).obj().getString("message");
            assertFalse(message.isBlank(), body.toString());
        }
        assertEquals(before, DbSnapshot.of(server));
    }

    @Test
    void theClientsIdMakesSendingAgainANoOp() {
        JsonObject body = obj("contactId", contactId, "name", "order_completed", "id", "order-1");
        JsonObject first = http.post("/api/v1/events", key, body).expect(202).obj();
        JsonObject again = http.post("/api/v1/events", key, with(body, "name", "other")).expect(200).obj();
        assertEquals(first, again, "the stored event, unchanged");
        // Another organization's id space is its own.
        String otherKey = server.tenant().key();
        String otherContact = http.post("/api/v1/contacts", otherKey, obj("email", "o@example.com")).expect(201)
                .obj().getString("id");
        http.post("/api/v1/events", otherKey, with(body, "contactId", otherContact)).expect(202);
        assertEquals(1, http.get("/api/v1/events", key).arr().size());
    }

    @Test
    void twentyConcurrentRetriesOfOneIdStoreAndFireOnce() throws Exception {
        JsonObject body = obj("contactId", contactId, "name", "paid", "id", "retry-me");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return http.post("/api/v1/events", key, body);
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Future<Http.Response> call : calls) {
            statuses.add(call.get().status());
            ids.add(call.get().obj().getString("id"));
        }
        assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, ids.size());
        assertEquals(1, http.get("/api/v1/events", key).arr().size());
        assertTrue(published.containsAll(ids));
    }

    @Test
    void aBatchAnswersEachItemInOrderAndStoresOnlyTheGoodOnes() {
        String seen = http.post("/api/v1/events", key,
                obj("contactId", contactId, "name", "seen", "id", "dup")).expect(202).obj()
                .getString("id");
        server.clock().advance(java.time.Duration.ofSeconds(1));
        JsonArray results = http.post("/api/v1/events/batch", key, obj("events", arr(
                obj("contactId", contactId, "name", "one"),
                obj("contactId", contactId, "name", "bad name"),
                obj("contactId", "unknown", "name", "two"),
                obj("contactId", contactId, "name", "three", "id", "dup"),
                "not an object",
                obj("email", "fresh@example.com", "name", "four", "upsertContact", true),
                obj("email", "fresh@example.com", "name", "five")))).expect(200).obj().getJsonArray("results");
        assertEquals(7, results.size());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            assertEquals(i, result.getInt("index"));
            statuses.add(result.getInt("status"));
            assertTrue(result.containsKey(result.getInt("status") >= 400 ? "message" : "id"), result.toString());
        }
        assertEquals(List.of(202, 400, 404, 200, 400, 202, 202), statuses);
        assertEquals("name may hold only letters, digits and _ . : -",
                results.getJsonObject(1).getString("message"));
        JsonArray stored = http.get("/api/v1/events", key).arr();
        assertEquals(4, stored.size(), "seen, one, four, five");
        assertEquals(seen, stored.getJsonObject(3).getString("id"), "newest first");

        http.post("/api/v1/events/batch", key, obj("events", arr())).expectError(400);
        List<JsonObject> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(obj("contactId", contactId, "name", "n"));
        }
        http.post("/api/v1/events/batch", key, obj("events", tooMany)).expectError(400);
        assertEquals(4, http.get("/api/v1/events", key).arr().size());
    }

    @Test
    void theListFiltersAndPages() {
        String other = http.post("/api/v1/contacts", key, obj("email", "other@example.com")).expect(201).obj()
                .getString("id");
        List<JsonObject> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(obj("contactId", i % 3 == 0 ? other : contactId, "name", i % 2 == 0 ? "even" : "odd"));
        }
        http.post("/api/v1/events/batch", key, obj("events", batch)).expect(200);
        Http.Response page = http.get("/api/v1/events?limit=25", key).expect(200);
        assertEquals(25, page.arr().size());
        assertEquals("30", page.header("X-Total-Count"));
        assertTrue(page.header("Link").contains("page=2"));
        assertEquals(5, http.get("/api/v1/events?limit=25&page=2", key).arr().size());
        assertEquals(10, http.get("/api/v1/events?contactId=" + other, key).arr().size());
        assertEquals(15, http.get("/api/v1/events?name=even", key).arr().size());
        Http.Response both = http.get("/api/v1/events?name=even&contactId=" + other + "&limit=2", key).expect(200);
        assertEquals("5", both.header("X-Total-Count"));
        for (var value : both.arr()) {
            assertEquals(other, value.asJsonObject().getString("contactId"));
            assertEquals("even", value.asJsonObject().getString("name"));
        }
        http.get("/api/v1/events?limit=0", key).expectError(400);
    }
}
