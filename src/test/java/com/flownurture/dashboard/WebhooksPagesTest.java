package com.flownurture.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.SlowReceiver;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Webhooks pages over plain HTTP, an admin signed in: what they change is what the API shows; the secret is
 * shown once; members, other organizations and refused targets change nothing. Deliveries go to a receiver on
 * 127.0.0.1 with the sender running; {@link #refusing} keeps the default refusal of private targets.
 */
class WebhooksPagesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern SECRET = Pattern.compile(
            "data-testid=\"new-webhook-secret\" id=\"new-webhook-secret\">(whsec_[A-Za-z0-9_-]{40,})<");

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));

    @RegisterExtension
    static final TestApp refusing = TestApp.perClass(Map.of("webhooks.allow-private-targets", "false"));

    @Test
    void createShowsTheSecretOnceThenEditRotateAndDeleteWork() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        DashboardClient admin = server.dashboard(server.user(tenant.orgId(), User.Role.ADMIN));
        String list = admin.get("/webhooks").body();
        assertTrue(list.contains("class=\"active\">Webhooks<"), "the nav entry");
        String csrf = DashboardClient.csrf(list);
        assertEquals(403, post(admin, "/webhooks", "url", "http://127.0.0.1:9/hook", "events", "tag.added").status(),
                "no CSRF token");
        assertEquals(0, api.get("/api/v1/webhooks").arr().size());

        Http.Response created = post(admin, "/webhooks", "_csrf", csrf, "url", "http://127.0.0.1:9/hook",
                "events", "contact.created", "events", "tag.added", "description", "<script>CRM</script>");
        assertEquals(200, created.status());
        String secret = secret(created.body());
        JsonObject stored = api.get("/api/v1/webhooks").arr().getJsonObject(0);
        String id = stored.getString("id");
        assertEquals("http://127.0.0.1:9/hook", stored.getString("url"));
        assertEquals(List.of("contact.created", "tag.added"), events(stored));
        assertEquals("<script>CRM</script>", stored.getString("description"));
        assertEquals(secret.substring(0, 10), stored.getString("secretPrefix"), "the secret shown is the one kept");
        String again = admin.get("/webhooks").body();
        String page = admin.get("/webhooks/" + id).body();
        assertFalse(again.contains(secret) || page.contains(secret), "the secret is never shown again");
        assertTrue(page.contains(secret.substring(0, 10) + "…"), "only its prefix");
        assertTrue(again.contains("&lt;script&gt;CRM&lt;/script&gt;") && !again.contains("<script>CRM"), "escaped");

        Http.Response bad = post(admin, "/webhooks/" + id, "_csrf", csrf, "url", "ftp://example.com/x",
                "description", "kept?");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("url must be an http or https URL"), "the API's message beside the field");
        assertTrue(bad.body().contains("events must name at least one event type"));
        assertTrue(bad.body().contains("value=\"ftp://example.com/x\""), "the form as typed");
        assertEquals(stored.getString("updatedAt"), api.get("/api/v1/webhooks/" + id).obj().getString("updatedAt"));

        Http.Response edited = post(admin, "/webhooks/" + id, "_csrf", csrf, "url", "http://127.0.0.1:10/hook",
                "events", "event.received", "description", "");
        assertEquals(303, edited.status());
        assertEquals("/webhooks/" + id, edited.header("Location"));
        JsonObject changed = api.get("/api/v1/webhooks/" + id).obj();
        assertEquals("http://127.0.0.1:10/hook", changed.getString("url"));
        assertEquals(List.of("event.received"), events(changed));
        assertTrue(changed.isNull("description"));

        Http.Response rotated = post(admin, "/webhooks/" + id + "/rotate-secret", "_csrf", csrf);
        assertEquals(200, rotated.status());
        String fresh = secret(rotated.body());
        assertNotEquals(secret, fresh);
        assertEquals(fresh.substring(0, 10), api.get("/api/v1/webhooks/" + id).obj().getString("secretPrefix"));
        assertFalse(admin.get("/webhooks/" + id).body().contains(fresh), "the new secret is shown once too");

        Http.Response deleted = post(admin, "/webhooks/" + id + "/delete", "_csrf", csrf);
        assertEquals(303, deleted.status());
        assertEquals("/webhooks", deleted.header("Location"));
        assertEquals(404, api.get("/api/v1/webhooks/" + id).status());
        assertEquals(404, admin.get("/webhooks/" + id).status());
    }

    @Test
    void aRefusedTargetGivesTheFormBackAndStoresNothing() {
        TestApp.Tenant tenant = refusing.tenant();
        Api api = refusing.api(tenant);
        DashboardClient admin = refusing.dashboard(refusing.user(tenant.orgId(), User.Role.ADMIN));
        String csrf = DashboardClient.csrf(admin.get("/webhooks").body());

        Http.Response refused = post(admin, "/webhooks", "_csrf", csrf, "url", "http://169.254.169.254/latest/",
                "events", "contact.created");
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("url must not point at a private, loopback or link-local address"));
        assertTrue(refused.body().contains("value=\"contact.created\" checked"), "the chosen events stay chosen");
        assertFalse(SECRET.matcher(refused.body()).find());
        assertEquals(0, api.get("/api/v1/webhooks").arr().size(), "nothing stored");

        String id = api.post("/api/v1/webhooks", obj("url", "http://93.184.216.34/hook", "events", arr("tag.added")))
                .expect(201).obj().getString("id");
        assertEquals(400, post(admin, "/webhooks/" + id, "_csrf", csrf, "url", "http://127.0.0.1:8080/hook",
                "events", "tag.added").status());
        assertEquals("http://93.184.216.34/hook", api.get("/api/v1/webhooks/" + id).obj().getString("url"));
    }

    @Test
    void membersAndOtherOrganizationsReachNothing() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        String id = api.post("/api/v1/webhooks", obj("url", "http://127.0.0.1:9/hook", "events", arr("tag.added")))
                .expect(201).obj().getString("id");
        String updatedAt = api.get("/api/v1/webhooks/" + id).obj().getString("updatedAt");

        DashboardClient member = server.dashboard(server.user(tenant.orgId(), User.Role.MEMBER));
        String memberCsrf = DashboardClient.csrf(member.get("/").body());
        Http.Response forbidden = member.get("/webhooks");
        assertEquals(403, forbidden.status());
        assertTrue(forbidden.body().contains("Only admins"));
        assertEquals(403, member.get("/webhooks/" + id).status());
        assertEquals(403, post(member, "/webhooks", "_csrf", memberCsrf, "url", "http://127.0.0.1:9/x",
                "events", "tag.added").status());
        assertEquals(403, post(member, "/webhooks/" + id + "/delete", "_csrf", memberCsrf).status());

        DashboardClient stranger = server.dashboard(server.user(server.tenant().orgId(), User.Role.ADMIN));
        String theirs = DashboardClient.csrf(stranger.get("/webhooks").body());
        assertFalse(stranger.get("/webhooks").body().contains(id), "another organization's list");
        assertEquals(404, stranger.get("/webhooks/" + id).status());
        assertEquals(404, post(stranger, "/webhooks/" + id, "_csrf", theirs, "url", "http://127.0.0.1:9/x",
                "events", "tag.added").status());
        assertEquals(404, post(stranger, "/webhooks/" + id + "/rotate-secret", "_csrf", theirs).status());
        assertEquals(404, post(stranger, "/webhooks/" + id + "/delete", "_csrf", theirs).status());

        assertEquals(1, api.get("/api/v1/webhooks").arr().size());
        assertEquals(updatedAt, api.get("/api/v1/webhooks/" + id).obj().getString("updatedAt"), "nothing changed");
    }

    @Test
    void deliveriesAppearAfterAnEventAndReplayQueuesANewOne() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        DashboardClient admin = server.dashboard(server.user(tenant.orgId(), User.Role.ADMIN));
        try (SlowReceiver receiver = new SlowReceiver(Duration.ZERO)) {
            String csrf = DashboardClient.csrf(admin.get("/webhooks").body());
            assertEquals(200, post(admin, "/webhooks", "_csrf", csrf, "url", receiver.url(),
                    "events", "contact.created").status());
            String id = api.get("/api/v1/webhooks").arr().getJsonObject(0).getString("id");
            assertTrue(admin.get("/webhooks/" + id).body().contains("0 deliveries"));

            api.createContact("hooked@example.com");
            Await.until(WAIT, "the delivery", () -> receiver.deliveries().size() == 1);
            String page = Await.value(WAIT, "DELIVERED on the page", () -> {
                String body = admin.get("/webhooks/" + id).body();
                return body.contains(">DELIVERED<") ? body : null;
            });
            assertEquals(List.of(receiver.deliveries().getFirst().id()), deliveryIds(page));
            assertTrue(page.contains("<td>contact.created</td>") && page.contains("<td>200</td>"), page);
            assertTrue(admin.get("/webhooks").body().contains(">DELIVERED</span> HTTP 200"), "the list's last status");
            String first = deliveryIds(page).getFirst();

            assertEquals(404, post(admin, "/webhooks/" + id + "/deliveries/nope/replay", "_csrf", csrf).status());
            Http.Response replayed = post(admin, "/webhooks/" + id + "/deliveries/" + first + "/replay", "_csrf", csrf);
            assertEquals(303, replayed.status());
            assertEquals("/webhooks/" + id, replayed.header("Location"));
            Await.until(WAIT, "the replay", () -> receiver.deliveries().size() == 2);
            List<String> ids = deliveryIds(admin.get("/webhooks/" + id).body());
            assertEquals(2, ids.size());
            assertEquals(first, ids.get(1), "the replay is a new delivery, newest first");
            assertEquals(ids.getFirst(), receiver.deliveries().get(1).id());
        }
    }

    /** A form post whose fields may repeat (the event checkboxes). */
    private static Http.Response post(DashboardClient client, String path, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return client.post(path, "application/x-www-form-urlencoded", body.toString(), Map.of());
    }

    private static String secret(String page) {
        Matcher secret = SECRET.matcher(page);
        assertTrue(secret.find(), "the page shows the secret");
        return secret.group(1);
    }

    private static List<String> events(JsonObject subscription) {
        return subscription.getJsonArray("events").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .toList();
    }

    private static List<String> deliveryIds(String page) {
        Matcher row = Pattern.compile("data-testid=\"delivery-row\" data-id=\"([^\"]+)\"").matcher(page);
        List<String> ids = new ArrayList<>();
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }
}
