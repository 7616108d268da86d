package com.flownurture.dashboard;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import com.flownurture.users.UserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18, item 8: inviting an email that belongs to a user of another organization answers as for a new one
 * (an invite with a one-time password), and changes nothing there; that password signs in nobody.
 */
class InviteEnumerationTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private static final Pattern PASSWORD = Pattern.compile("data-testid=\"new-user-password\"[^>]*>([^<]+)<");

    private DashboardClient signedIn(TestApp.Login login) {
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        return client;
    }

    private static Http.Response invite(DashboardClient admin, String email) {
        String csrf = DashboardClient.csrf(admin.get("/users").body());
        return admin.post("/users", Map.of("_csrf", csrf, "email", email, "role", "member"));
    }

    private static String password(Http.Response page) {
        Matcher m = PASSWORD.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    @Test
    void anEmailOfAnotherOrganizationIsAnsweredAsNewAndItsUserIsUntouched() {
        TestApp.Login admin = server.user(server.tenant().orgId(), User.Role.ADMIN);
        TestApp.Login elsewhere = server.user(server.tenant().orgId(), User.Role.ADMIN);
        DashboardClient client = signedIn(admin);
        UserRepository users = new UserRepository(server.app().components().db(), server.clock());
        User before = users.findByEmail(elsewhere.email()).orElseThrow();

        Http.Response fresh = invite(client, "fresh" + System.nanoTime() + "@example.com");
        Http.Response taken = invite(client, elsewhere.email().toUpperCase(java.util.Locale.ROOT));
        assertEquals(fresh.status(), taken.status(), taken.body());
        assertEquals(200, taken.status());
        assertFalse(taken.body().contains("already exists"), "no word of the other organization's user");
        String shown = password(taken);

        assertEquals(before, users.findByEmail(elsewhere.email()).orElseThrow(), "the other user is unchanged");
        Http.Response wrong = server.dashboard().signIn(elsewhere.email(),
                "not the password at all");
        Http.Response withShown = server.dashboard().signIn(elsewhere.email(), shown);
        assertEquals(wrong.status(), withShown.status(), "the one-time password signs in nobody");
        assertFalse("/".equals(withShown.header("Location")), withShown.toString());
        assertEquals(303, server.dashboard().signIn(elsewhere.email(), elsewhere.password())
                .status(), "the other user still signs in");
    }

    @Test
    void anEmailOfThisOrganizationIsStillSaidToBeTaken() {
        TestApp.Tenant tenant = server.tenant();
        TestApp.Login admin = server.user(tenant.orgId(), User.Role.ADMIN);
        TestApp.Login member = server.user(tenant.orgId(), User.Role.MEMBER);
        Http.Response again = invite(signedIn(admin), member.email());
        assertEquals(400, again.status());
        assertTrue(again.body().contains("already"), again.body());
    }
}
