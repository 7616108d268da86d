package com.flownurture.suppressions;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.MutableClock;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suppression list through the real server: the API, the safe unsubscribe page, the check at delivery time
 * (GreenMail receives nothing for a suppressed address), the bounce rules with the clock moved, and a restart.
 */
class SuppressionsTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private Http http;
    private TestApp.Tenant tenant;
    private String key;
    private Api api;

    @BeforeEach
    void newTenant() {
        http = server.http();
        tenant = server.tenant();
        key = tenant.key();
        api = server.api(key);
    }

    @Test
    void getShowsTheButtonAndChangesNothingPostUnsubscribesAndOffersToResubscribe() throws Exception {
        String contact = api.createContact("Jane.Doe@Example.com");
        api.enroll(contact,
                api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "Hi", "body", "<p>Hello</p>"))));
        Await.until(Duration.ofSeconds(5), "the email", () -> smtp.mailTo("Jane.Doe@Example.com").size() == 1);
        String link = smtp.mailTo("Jane.Doe@Example.com").getFirst().getHeader("List-Unsubscribe")[0];
        String path = link.substring(link.indexOf("/u/"), link.length() - 1);

        for (int i = 0; i < 3; i++) {
            Http.Response page = http.get(path, null);
            assertEquals(200, page.status());
            assertTrue(page.body().contains("J***@E***.com"), page.body());
            assertFalse(page.body().contains("Jane.Doe"), "the address is masked");
            assertTrue(page.body().contains("<form method=\"post\">") && page.body().contains(">Unsubscribe<"));
        }
        assertFalse(api.contact(contact).getBoolean("unsubscribed"), "a scanner's GET unsubscribes nobody");
        assertEquals(0, list("").size());

        Http.Response done = form(path, "action=unsubscribe");
        assertEquals(200, done.status());
        assertTrue(done.body().contains("You are unsubscribed") && done.body().contains(">Re-subscribe<"));
        assertTrue(api.contact(contact).getBoolean("unsubscribed"));
        JsonObject entry = list("?reason=UNSUBSCRIBED").getJsonObject(0);
        assertEquals("jane.doe@example.com", entry.getString("email"));
        assertEquals("unsubscribe page", entry.getString("source"));
        assertTrue(http.get(path, null).body().contains(">Re-subscribe<"), "the page now offers to re-subscribe");

        assertTrue(form(path, "action=resubscribe").body().contains("You are subscribed again"));
        assertFalse(api.contact(contact).getBoolean("unsubscribed"));
        assertEquals(0, list("").size());

        assertEquals(200, form(path, "List-Unsubscribe=One-Click").status());
        entry = list("").getJsonObject(0);
        assertEquals("one-click header", entry.getString("source"));
        http.delete("/api/v1/suppressions/" + entry.getString("id"), key).expect(204);
        assertFalse(api.contact(contact).getBoolean("unsubscribed"), "deleting the entry re-subscribes");

        assertEquals(404, http.get("/u/" + "0".repeat(48), null).status());
        assertEquals(404, form("/u/" + "0".repeat(48), "action=unsubscribe").status());
        assertEquals(404, http.get("/u/not-a-token", null).status());
    }

    @Test
    void theApiAddsListsFiltersAndDeletesEntries() {
        JsonObject added = http.post("/api/v1/suppressions", key,
                obj("email", "Manual@Example.com", "reason", "MANUAL", "note", "asked by phone"))
                .expect(201).obj();
        assertEquals("manual@example.com", added.getString("email"));
        assertEquals("MANUAL", added.getString("reason"));
        assertEquals("asked by phone", added.getString("note"));
        assertEquals("api key " + tenant.keyId(), added.getString("source"));
        assertTrue(added.isNull("expiresAt") && added.isNull("detail"));
        http.post("/api/v1/suppressions", key, obj("email", "manual@example.com", "reason", "MANUAL"))
                .expectError(409);
        http.post("/api/v1/suppressions", key, obj("email", "x@example.com", "reason", "HARD_BOUNCE"))
                .expectError(400);
        http.post("/api/v1/suppressions", key, obj("email", "not an address", "reason", "MANUAL"))
                .expectError(400);
        http.post("/api/v1/suppressions", key, obj("reason", "MANUAL")).expectError(400);
        http.post("/api/v1/suppressions", key, obj("email", "x@example.com", "reason", "MANUAL", "y", 1))
                .expectError(400);
        http.post("/api/v1/suppressions", key, obj("email", "b@example.com", "reason", "MANUAL")).expect(201);

        assertEquals(2, list("").size());
        assertEquals("2", http.get("/api/v1/suppressions", key).header("X-Total-Count"));
        assertEquals(1, list("?email=MANUAL@example.com").size());
        assertEquals(2, list("?reason=MANUAL").size());
        assertEquals(0, list("?reason=COMPLAINT").size());
        http.get("/api/v1/suppressions?reason=SPAM", key).expectError(400);

        TestApp.Tenant other = server.tenant();
        assertEquals(0, http.get("/api/v1/suppressions", other.key()).expect(200).arr().size());
        http.delete("/api/v1/suppressions/" + added.getString("id"), other.key()).expectError(404);
        http.delete("/api/v1/suppressions/" + added.getString("id"), key).expect(204);
        http.delete("/api/v1/suppressions/" + added.getString("id"), key).expectError(404);
        assertEquals(1, list("").size());
    }

    @Test
    void aSuppressedAddressGetsNoEmailAndTheEnrollmentMovesOn() {
        http.post("/api/v1/suppressions", key, obj("email", "quiet@example.com", "reason", "MANUAL")).expect(201);
        String contact = api.createContact("quiet@example.com");
        String tag = http.post("/api/v1/tags", key, obj("name", "after")).expect(201).obj().getString("id");
        String enrollment = api.enroll(contact, api.createWorkflow(arr(
                obj("type", "SEND_EMAIL", "subject", "S", "body", "b"),
                obj("type", "ADD_TAG", "tagId", tag))));
        JsonObject message = awaitMessage(contact, "SUPPRESSED");
        assertEquals("MANUAL", message.getString("suppressionReason"));
        Await.until(Duration.ofSeconds(5), "the enrollment completes", () -> http.get("/api/v1/enrollments/"
                + enrollment, key).obj().getString("status").equals("COMPLETED"));
        assertEquals(1, api.contact(contact).getJsonArray("tags").size(), "the step after the email ran");
        assertTrue(smtp.mailTo("quiet@example.com").isEmpty());
    }

    @Test
    void softBouncesSuppressForAWhileAndHardBouncesAndComplaintsAtOnce() {
        String soft = api.createContact("soft@example.com");
        String workflow = api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "S", "body", "b")));
        bounce("soft@example.com", SuppressionReason.SOFT_BOUNCE);
        server.clock().advance(Duration.ofDays(8));
        bounce("soft@example.com", SuppressionReason.SOFT_BOUNCE);
        bounce("soft@example.com", SuppressionReason.SOFT_BOUNCE);
        assertEquals(0, list("").size(), "two soft bounces in the window: not yet");
        bounce("soft@example.com", SuppressionReason.SOFT_BOUNCE);
        JsonObject entry = list("").getJsonObject(0);
        assertEquals("SOFT_BOUNCE", entry.getString("reason"));
        assertEquals("452 4.2.2 mailbox full", entry.getString("detail"));
        assertEquals(server.clock().millis() + Duration.ofDays(7).toMillis(),
                java.time.Instant.parse(entry.getString("expiresAt")).toEpochMilli());

        api.enroll(soft, workflow);
        assertEquals("SOFT_BOUNCE", awaitMessage(soft, "SUPPRESSED").getString("suppressionReason"));
        server.clock().advance(Duration.ofDays(7).plusMinutes(1));
        String again = api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "Later", "body", "b")));
        api.enroll(soft, again);
        Await.until(Duration.ofSeconds(5), "the email after the suppression lapsed",
                () -> smtp.mailTo("soft@example.com").size() == 1);

        String hard = api.createContact("hard@example.com");
        bounce("hard@example.com", SuppressionReason.HARD_BOUNCE);
        bounce("complains@example.com", SuppressionReason.COMPLAINT);
        assertEquals(1, list("?reason=HARD_BOUNCE").size());
        assertEquals(1, list("?reason=COMPLAINT").size());
        api.enroll(hard, workflow);
        assertEquals("HARD_BOUNCE", awaitMessage(hard, "SUPPRESSED").getString("suppressionReason"));
    }

    @Test
    void aMessageQueuedBeforeARestartIsSuppressedAfterIt() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("flownurture-suppression");
        MutableClock clock = MutableClock.now();
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String contact;
        TestApp.Tenant mine;
        // First life: the relay is down, so the queued message waits for its retry.
        Map<String, String> unreachable = smtp.serverConfig(Map.of("mail.port", Integer.toString(deadPort)));
        try (TestApp first = TestApp.start(unreachable, dir, clock)) {
            mine = first.tenant();
            Http h = first.http();
            contact = h.post("/api/v1/contacts", mine.key(), obj("email", "restart@example.com")).expect(201).obj()
                    .getString("id");
            String w = h.post("/api/v1/workflows", mine.key(), obj("name", "W", "status", "ACTIVE",
                    "steps", arr(obj("type", "SEND_EMAIL", "subject", "S", "body", "b")))).expect(201).obj()
                    .getString("id");
            h.post("/api/v1/enrollments", mine.key(), obj("contactId", contact, "workflowId", w)).expect(201);
            Await.until(Duration.ofSeconds(10), "a failed attempt", () -> h.get("/api/v1/messages?contactId="
                    + contact, mine.key()).arr().stream().anyMatch(m -> m.asJsonObject().getInt("attempts") == 1
                    && m.asJsonObject().getString("status").equals("PENDING")));
            h.post("/api/v1/suppressions", mine.key(), obj("email", "restart@example.com", "reason", "MANUAL"))
                    .expect(201);
        }
        // Second life: the relay is up and the retry is due, but the address is suppressed now.
        clock.advance(Duration.ofMinutes(5));
        try (TestApp second = TestApp.start(smtp.serverConfig(), dir, clock)) {
            Http h = second.http();
            Await.until(Duration.ofSeconds(10), "the message suppressed", () -> h.get("/api/v1/messages?contactId="
                    + contact, mine.key()).arr().getJsonObject(0).getString("status").equals("SUPPRESSED"));
            assertTrue(smtp.mailTo("restart@example.com").isEmpty());
        }
    }

    private void bounce(String email, SuppressionReason type) {
        server.app().components().db().write(tx -> {
            server.app().components().suppressions().recordBounce(tx, tenant.orgId(), email, type, null, "test",
                    type == SuppressionReason.SOFT_BOUNCE ? "452 4.2.2 mailbox full" : "550 5.1.1 no such user");
            return null;
        });
    }

    private JsonObject awaitMessage(String contact, String status) {
        Await.until(Duration.ofSeconds(5), "a " + status + " message", () -> api.messages(contact).stream()
                .anyMatch(m -> m.asJsonObject().getString("status").equals(status)));
        return api.messages(contact).stream().map(m -> m.asJsonObject())
                .filter(m -> m.getString("status").equals(status)).findFirst().orElseThrow();
    }

    private Http.Response form(String path, String body) {
        return http.send(Method.POST, path, List.of(), "application/x-www-form-urlencoded", body);
    }

    private JsonArray list(String query) {
        return http.get("/api/v1/suppressions" + query, key).expect(200).arr();
    }

}
