package com.flownurture.dashboard;

import java.util.Map;

import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's Settings page over plain HTTP: admins only, the API's settings, errors beside the fields. */
class SettingsPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private DashboardClient signedIn(String orgId, User.Role role) {
        TestApp.Login login = server.user(orgId, role);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        return client;
    }

    private JsonObject api(TestApp.Tenant tenant) {
        return server.http().get("/api/v1/settings", tenant.key()).expect(200).obj();
    }

    @Test
    void anAdminChangesTheSettingsTheApiShowsAndGetsTheFormToPaste() {
        TestApp.Tenant tenant = server.tenant();
        DashboardClient admin = signedIn(tenant.orgId(), User.Role.ADMIN);
        String page = admin.get("/settings").body();
        assertTrue(page.contains("Please confirm your subscription"), "the default subject");
        assertTrue(page.contains("No form token yet"));
        String csrf = DashboardClient.csrf(page);

        Http.Response bad = admin.post("/settings", Map.of("_csrf", csrf, "requireConsent", "on",
                "subject", "<b>Hi</b>", "template", "<p>no link</p>"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("must contain {{confirmUrl}}"), "the message beside the template");
        assertTrue(bad.body().contains("&lt;p&gt;no link&lt;/p&gt;"), "what was typed, shown again as text");
        assertFalse(api(tenant).getJsonObject("sending").getBoolean("requireConsent"), "nothing changed");

        Http.Response saved = admin.post("/settings", Map.of("_csrf", csrf, "requireConsent", "on",
                "subject", "<b>Confirm</b>", "template", "<a href=\"{{confirmUrl}}\">Yes</a>"));
        assertEquals(303, saved.status());
        assertEquals("/settings?saved", saved.header("Location"));
        JsonObject settings = api(tenant);
        assertTrue(settings.getJsonObject("sending").getBoolean("requireConsent"));
        assertEquals("<b>Confirm</b>", settings.getJsonObject("doubleOptIn").getString("subject"));
        String token = settings.getJsonObject("form").getString("token");

        String after = admin.get("/settings?saved").body();
        assertTrue(after.contains("The settings were saved."));
        assertTrue(after.contains("value=\"&lt;b>Confirm&lt;/b>\""), "markup in the subject shown as text");
        assertTrue(after.contains("&lt;form method=\"post\" action=\"" + server.baseUrl() + "/f/" + token + "\"&gt;"),
                "the form to paste, as text");

        assertEquals(303, admin.post("/settings/rotate-form-token", Map.of("_csrf", csrf)).status());
        String rotated = api(tenant).getJsonObject("form").getString("token");
        assertNotEquals(token, rotated);
        assertTrue(admin.get("/settings").body().contains(rotated));
    }

    @Test
    void aMemberIsRefusedAndChangesNothing() {
        TestApp.Tenant tenant = server.tenant();
        DashboardClient member = signedIn(tenant.orgId(), User.Role.MEMBER);
        assertEquals(403, member.get("/settings").status());
        String csrf = DashboardClient.csrf(member.get("/").body());
        assertEquals(403, member.post("/settings", Map.of("_csrf", csrf, "requireConsent", "on", "subject", "S",
                "template", "{{confirmUrl}}")).status());
        assertEquals(403, member.post("/settings/rotate-form-token", Map.of("_csrf", csrf)).status());
        JsonObject settings = api(tenant);
        assertFalse(settings.getJsonObject("sending").getBoolean("requireConsent"));
        assertTrue(settings.getJsonObject("form").isNull("token"));
    }
}
