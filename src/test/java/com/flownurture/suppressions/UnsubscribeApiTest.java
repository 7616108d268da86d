package com.flownurture.suppressions;

import java.time.Duration;
import java.util.List;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/suppressions} with {@code "reason":"UNSUBSCRIBED"} through the real server: the contact is
 * unsubscribed as the link does, an address with no contact yet is suppressed when it becomes one, deleting the
 * entry re-subscribes (GreenMail receives the email again), and the reasons a user may not give change nothing.
 */
class UnsubscribeApiTest {

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
    void unsubscribingByApiStopsTheEmailAndDeletingTheEntryResubscribes() {
        String jane = api.createContact("jane@example.com");
        JsonObject entry = http.post("/api/v1/suppressions", key,
                obj("email", "JANE@example.com", "reason", "UNSUBSCRIBED", "note", "asked by phone"))
                .expect(201).obj();
        assertEquals("jane@example.com", entry.getString("email"));
        assertEquals("UNSUBSCRIBED", entry.getString("reason"));
        assertEquals("api key " + tenant.keyId(), entry.getString("source"));
        assertEquals("asked by phone", entry.getString("note"));
        assertTrue(api.contact(jane).getBoolean("unsubscribed"));
        http.post("/api/v1/suppressions", key, obj("email", "jane@example.com", "reason", "UNSUBSCRIBED"))
                .expectError(409);
        assertEquals(1, list("?reason=UNSUBSCRIBED").size(), "the duplicate added nothing");

        String workflow = workflow();
        awaitCompleted(api.enroll(jane, workflow));
        Await.until(Duration.ofSeconds(5), "jane's message suppressed", () -> api.messages(jane).size() == 1
                && api.messages(jane).getJsonObject(0).getString("status").equals("SUPPRESSED"));
        assertEquals("UNSUBSCRIBED", api.messages(jane).getJsonObject(0).getString("suppressionReason"));

        // An address with no contact yet: listed, and suppressed once it becomes a contact.
        http.post("/api/v1/suppressions", key, obj("email", "later@example.com", "reason", "UNSUBSCRIBED"))
                .expect(201);
        String later = api.createContact("later@example.com");
        api.enroll(later, workflow);
        Await.until(Duration.ofSeconds(5), "the message suppressed", () -> api.messages(later).size() == 1
                && api.messages(later).getJsonObject(0).getString("status").equals("SUPPRESSED"));
        assertEquals("UNSUBSCRIBED", api.messages(later).getJsonObject(0).getString("suppressionReason"));
        assertTrue(smtp.mailTo("jane@example.com").isEmpty() && smtp.mailTo("later@example.com").isEmpty());

        http.delete("/api/v1/suppressions/" + entry.getString("id"), key).expect(204);
        assertFalse(api.contact(jane).getBoolean("unsubscribed"), "deleting the entry re-subscribes");
        api.enroll(jane, workflow());
        Await.until(Duration.ofSeconds(5), "the email after re-subscribing", () -> api.messages(jane).size() == 2
                && api.messages(jane).getValuesAs(JsonObject.class).stream().anyMatch(m -> m.getString("status")
                        .equals("SENT")));
        assertEquals(1, smtp.mailTo("jane@example.com").size());
        assertEquals(1, list("").size(), "later@example.com stays listed");
    }

    @Test
    void reasonsAUserMayNotGiveAreRefusedAndChangeNothing() {
        String contact = api.createContact("kept@example.com");
        String before = DbSnapshot.of(server);
        for (String reason : List.of("HARD_BOUNCE", "SOFT_BOUNCE", "COMPLAINT", "unsubscribed", "SPAM")) {
            JsonObject error = http.post("/api/v1/suppressions", key, obj("email", "kept@example.com",
                    "reason", reason)).expectError(400).obj();
            assertEquals("reason must be one of MANUAL, UNSUBSCRIBED", error.getString("message"), reason);
        }
        assertEquals("reason is required and must be one of MANUAL, UNSUBSCRIBED", http.post("/api/v1/suppressions",
                key, obj("email", "kept@example.com")).expectError(400).obj().getString("message"));
        http.post("/api/v1/suppressions", key, obj("email", "not an address", "reason", "UNSUBSCRIBED"))
                .expectError(400);
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
        assertFalse(api.contact(contact).getBoolean("unsubscribed"));
    }

    private void awaitCompleted(String enrollment) {
        Await.until(Duration.ofSeconds(5), "the enrollment completes", () -> http.get("/api/v1/enrollments/"
                + enrollment, key).obj().getString("status").equals("COMPLETED"));
    }

    private JsonArray list(String query) {
        return http.get("/api/v1/suppressions" + query, key).expect(200).arr();
    }

    private String workflow() {
        return api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "Hi", "body", "<p>Hello</p>")));
    }

}
