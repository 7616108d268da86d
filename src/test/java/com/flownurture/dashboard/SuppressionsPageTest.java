package com.flownurture.dashboard;

import java.util.Map;

import com.flownurture.support.Http;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Suppressions page and a contact's Unsubscribe / Re-subscribe buttons over plain HTTP, a member signed in:
 * what they change is what the API shows; no CSRF token or another organization's id changes nothing.
 */
class SuppressionsPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private final Http http = server.http();

    private DashboardClient signedIn(String orgId) {
        TestApp.Login login = server.user(orgId, User.Role.MEMBER);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        return client;
    }

    @Test
    void theContactButtonsUnsubscribeAndResubscribeWithTheEntry() {
        TestApp.Tenant tenant = server.tenant();
        TestApp.Login login = server.user(tenant.orgId(), User.Role.MEMBER);
        DashboardClient member = server.dashboard();
        assertEquals(303, member.signIn(login.email(), login.password()).status());
        String contact = http.post("/api/v1/contacts", tenant.key(), obj("email", "jane@example.com")).expect(201)
                .obj().getString("id");
        String page = member.get("/contacts/" + contact).body();
        assertTrue(page.contains(">Unsubscribe<") && !page.contains(">Re-subscribe<"), page);
        String csrf = DashboardClient.csrf(page);

        assertEquals(403, member.post("/contacts/" + contact + "/unsubscribe", Map.of()).status());
        assertFalse(unsubscribed(tenant, contact), "no token: nothing changed");

        Http.Response done = member.post("/contacts/" + contact + "/unsubscribe", Map.of("_csrf", csrf));
        assertEquals(303, done.status());
        assertEquals("/contacts/" + contact, done.header("Location"));
        assertTrue(unsubscribed(tenant, contact));
        JsonObject entry = list(tenant, "?reason=UNSUBSCRIBED").getJsonObject(0);
        assertEquals("jane@example.com", entry.getString("email"));
        assertEquals("dashboard " + login.email(), entry.getString("source"));
        page = member.get("/contacts/" + contact).body();
        assertTrue(page.contains(">Re-subscribe<") && !page.contains(">Unsubscribe<"), page);
        assertTrue(member.get("/suppressions?reason=UNSUBSCRIBED").body().contains("jane@example.com"));

        assertEquals(303, member.post("/contacts/" + contact + "/resubscribe", Map.of("_csrf", csrf)).status());
        assertFalse(unsubscribed(tenant, contact));
        assertEquals(0, list(tenant, "").size(), "re-subscribing removed the entry");

        DashboardClient stranger = signedIn(server.tenant().orgId());
        String theirs = DashboardClient.csrf(stranger.get("/contacts").body());
        assertEquals(404, stranger.get("/contacts/" + contact).status());
        assertEquals(404, stranger.post("/contacts/" + contact + "/unsubscribe", Map.of("_csrf", theirs))
                .status());
        assertFalse(unsubscribed(tenant, contact), "another organization's contact is out of reach");
    }

    @Test
    void thePageListsFiltersAddsAndDeletesEntries() {
        TestApp.Tenant tenant = server.tenant();
        DashboardClient member = signedIn(tenant.orgId());
        String page = member.get("/suppressions").body();
        assertTrue(page.contains("class=\"active\">Suppressions<"), "the nav entry");
        assertTrue(page.contains("0 entries"));
        String csrf = DashboardClient.csrf(page);

        assertEquals(403, member.post("/suppressions", Map.of("email", "x@example.com")).status());
        Http.Response bad = member.post("/suppressions", Map.of("_csrf", csrf, "email", "<b>nope</b>",
                "note", "n"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("email must be a valid email address"), "the message beside the field");
        assertTrue(bad.body().contains("value=\"&lt;b>nope&lt;/b>\""), "what was typed, shown again as text");
        assertEquals(0, list(tenant, "").size());

        assertEquals(303, member.post("/suppressions", Map.of("_csrf", csrf, "email", "Manual@Example.com",
                "note", "asked by phone")).status());
        Http.Response twice = member.post("/suppressions", Map.of("_csrf", csrf, "email", "manual@example.com"));
        assertEquals(400, twice.status());
        assertTrue(twice.body().contains("Address is already suppressed (MANUAL)"));
        String contact = http.post("/api/v1/contacts", tenant.key(), obj("email", "gone@example.com")).expect(201)
                .obj().getString("id");
        String unsubscribed = http.post("/api/v1/suppressions", tenant.key(),
                obj("email", "gone@example.com", "reason", "UNSUBSCRIBED")).expect(201).obj().getString("id");

        JsonObject manual = list(tenant, "?reason=MANUAL").getJsonObject(0);
        assertEquals("manual@example.com", manual.getString("email"));
        assertEquals("asked by phone", manual.getString("note"));
        String all = member.get("/suppressions").body();
        assertTrue(all.contains("2 entries") && all.contains("asked by phone"));
        String filtered = member.get("/suppressions?reason=UNSUBSCRIBED").body();
        assertTrue(filtered.contains("1 entries") && filtered.contains("gone@example.com")
                && !filtered.contains("manual@example.com"));
        assertTrue(member.get("/suppressions?email=MANUAL@example.com").body().contains("1 entries"));

        DashboardClient stranger = signedIn(server.tenant().orgId());
        String theirs = DashboardClient.csrf(stranger.get("/suppressions").body());
        assertFalse(stranger.get("/suppressions").body().contains("manual@example.com"));
        assertEquals(404, stranger.post("/suppressions/" + unsubscribed + "/delete", Map.of("_csrf", theirs))
                .status());
        assertEquals(403, member.post("/suppressions/" + unsubscribed + "/delete", Map.of()).status());
        assertTrue(unsubscribed(tenant, contact), "neither changed anything");

        assertEquals(303, member.post("/suppressions/" + unsubscribed + "/delete", Map.of("_csrf", csrf))
                .status());
        assertFalse(unsubscribed(tenant, contact), "deleting the UNSUBSCRIBED entry re-subscribes");
        assertEquals(303, member.post("/suppressions/" + manual.getString("id") + "/delete", Map.of("_csrf", csrf))
                .status());
        assertEquals(0, list(tenant, "").size());
    }

    @Test
    void theListIsPaged() {
        TestApp.Tenant tenant = server.tenant();
        for (int i = 0; i < SuppressionsPage.PAGE_SIZE + 1; i++) {
            http.post("/api/v1/suppressions", tenant.key(), obj("email", "p" + i + "@example.com", "reason", "MANUAL"))
                    .expect(201);
        }
        DashboardClient member = signedIn(tenant.orgId());
        String first = member.get("/suppressions").body();
        assertEquals(SuppressionsPage.PAGE_SIZE, first.split("data-testid=\"suppression-row\"").length - 1);
        assertTrue(first.contains("rel=\"next\""));
        String second = member.get("/suppressions?page=2").body();
        assertEquals(1, second.split("data-testid=\"suppression-row\"").length - 1);
        assertTrue(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    }

    private boolean unsubscribed(TestApp.Tenant tenant, String contact) {
        return http.get("/api/v1/contacts/" + contact, tenant.key()).expect(200).obj().getBoolean("unsubscribed");
    }

    private JsonArray list(TestApp.Tenant tenant, String query) {
        return http.get("/api/v1/suppressions" + query, tenant.key()).expect(200).arr();
    }
}
