package com.flownurture.dashboard;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.GenericBounces;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounce secret on the Settings page: shown to admins only, replaced with a CSRF-checked form. */
class BounceSecretPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    @Test
    void anAdminSeesAndReplacesTheBounceSecretAndTheOldOneStopsWorking() {
        TestApp.Tenant tenant = server.tenant();
        String old = bounceSecret(tenant.orgId());
        DashboardClient admin = signedIn(tenant.orgId(), User.Role.ADMIN);
        String page = admin.get("/settings").body();
        assertEquals(old, shown(page), "the admin sees the bounce secret");
        String csrf = DashboardClient.csrf(page);
        assertEquals(403, admin.post("/settings/rotate-bounce-secret", Map.of()).status(), "no CSRF token");
        assertEquals(old, bounceSecret(tenant.orgId()));

        DashboardClient member = signedIn(tenant.orgId(), User.Role.MEMBER);
        assertFalse(member.get("/settings").body().contains(old), "a member does not see it");
        assertEquals(403, member.post("/settings/rotate-bounce-secret",
                Map.of("_csrf", DashboardClient.csrf(member.get("/").body()))).status());
        assertEquals(old, bounceSecret(tenant.orgId()));

        assertEquals(303, admin.post("/settings/rotate-bounce-secret", Map.of("_csrf", csrf)).status());
        String fresh = shown(admin.get("/settings").body());
        assertNotEquals(old, fresh);
        assertEquals(fresh, bounceSecret(tenant.orgId()));
        assertEquals(401, GenericBounces.postSigned(server, tenant.orgId(), GenericBounces.SOFT, old).status(),
                "the old secret");
        assertEquals(200, GenericBounces.postSigned(server, tenant.orgId(), GenericBounces.SOFT, fresh).status(),
                "the new secret");
    }

    private static String shown(String page) {
        Matcher secret = Pattern.compile("data-testid=\"bounce-secret\">([0-9a-f]{64})<").matcher(page);
        assertTrue(secret.find(), "the page shows a bounce secret");
        return secret.group(1);
    }

    private DashboardClient signedIn(String orgId, User.Role role) {
        TestApp.Login login = server.user(orgId, role);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        return client;
    }

    private static String bounceSecret(String orgId) {
        return server.app().components().orgs().bounceSecret(orgId).orElseThrow();
    }
}
