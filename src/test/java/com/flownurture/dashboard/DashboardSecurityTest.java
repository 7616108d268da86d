package com.flownurture.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, cookies, CSRF, throttling and headers of the dashboard, over plain HTTP. */
class DashboardSecurityTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private DashboardClient signedIn(TestApp.Login login) {
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        return client;
    }

    private TestApp.Login admin() {
        return server.user(server.tenant().orgId(), User.Role.ADMIN);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        TestApp.Login admin = admin();
        DashboardClient client = signedIn(admin);
        String token = DashboardClient.csrf(client.get("/tags").body());

        Http.Response none = client.post("/tags", Map.of("name", "Forged"));
        assertEquals(403, none.status());
        Http.Response wrong = client.post("/tags", Map.of("name", "Forged", "_csrf", token + "x"));
        assertEquals(403, wrong.status());
        assertEquals(403, client.post("/logout", Map.of()).status(), "sign-out needs the token too");
        assertFalse(client.get("/tags").body().contains("Forged"), "no tag was made");

        assertEquals(303, client.post("/tags", Map.of("name", "Real", "_csrf", token)).status());
        assertTrue(client.get("/tags").body().contains("Real"));
    }

    @Test
    void signInStartsANewSessionAndSignOutEndsIt() {
        TestApp.Login admin = admin();
        DashboardClient client = server.dashboard();
        client.cookie(DashboardFilter.COOKIE, "attacker-chosen-session-id");
        assertEquals(303, client.get("/").status(), "an unknown session id is no session");
        assertEquals(303, client.signIn(admin.email(), admin.password()).status());
        String first = client.cookie(DashboardFilter.COOKIE);
        assertNotEquals("attacker-chosen-session-id", first, "the session id is the server's, never the client's");

        assertEquals(303, client.signIn(admin.email(), admin.password()).status());
        String second = client.cookie(DashboardFilter.COOKIE);
        assertNotEquals(first, second, "every sign-in gets a new id");
        DashboardClient stale = server.dashboard();
        stale.cookie(DashboardFilter.COOKIE, first);
        assertEquals(303, stale.get("/").status(), "the session replaced at sign-in is gone");

        assertEquals(200, client.get("/").status());
        String token = DashboardClient.csrf(client.get("/").body());
        Http.Response out = client.post("/logout", Map.of("_csrf", token));
        assertEquals(303, out.status());
        DashboardClient replay = server.dashboard();
        replay.cookie(DashboardFilter.COOKIE, second);
        assertEquals("/login", replay.get("/contacts").header("Location"),
                "sign-out deletes the session, not just the cookie");
    }

    @Test
    void sessionsEndWhenIdleFor12HoursAndAfter7DaysAnyway() {
        DashboardClient client = signedIn(admin());
        server.clock().advance(Duration.ofHours(11));
        assertEquals(200, client.get("/").status(), "11 hours idle: still signed in");
        server.clock().advance(Duration.ofHours(12).plusMinutes(1));
        assertEquals(303, client.get("/").status(), "12 hours idle: signed out");

        DashboardClient busy = signedIn(admin());
        for (int hours = 11; hours <= 176; hours += 11) {
            server.clock().advance(Duration.ofHours(11));
            assertEquals(hours < 7 * 24 ? 200 : 303, busy.get("/").status(), "after " + hours + " hours");
        }
    }

    @Test
    void cookieFlagsAndSecurityHeaders() {
        DashboardClient client = server.dashboard();
        TestApp.Login admin = admin();
        Http.Response signIn = client.signIn(admin.email(), admin.password());
        String cookie = DashboardClient.setCookie(signIn, DashboardFilter.COOKIE);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), "plain http: no Secure flag, or the browser would drop it");

        Http.Response page = client.get("/");
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("same-origin", page.header("Referrer-Policy"));
        assertEquals("no-store", page.header("Cache-Control"));
        assertFalse(page.body().contains("<script>"), "no inline script");

        Http.Response htmx = client.get(Assets.HTMX);
        assertEquals(200, htmx.status());
        assertTrue(htmx.header("Cache-Control").contains("max-age=31536000"));
    }

    @Test
    void loginIsThrottledPerAccountAndAddressWithOneMessageForEveryFailure() {
        TestApp.Login admin = admin();
        DashboardClient client = server.dashboard();
        Http.Response unknown = client.signIn("nobody@example.com", "a wrong password");
        Http.Response wrong = client.signIn(admin.email(), "a wrong password");
        assertEquals(401, unknown.status());
        assertEquals(401, wrong.status());
        assertTrue(unknown.body().contains(LoginPage.WRONG) && wrong.body().contains(LoginPage.WRONG));

        // The throttle reads the server's clock, which stands still here: no attempt is earned back meanwhile.
        for (int i = 1; i < Dashboard.FREE_SIGN_IN_FAILURES; i++) {
            assertEquals(401, client.signIn(admin.email(), "a wrong password").status());
        }
        Http.Response throttled = client.signIn(admin.email(), admin.password());
        assertEquals(429, throttled.status(), "even the right password waits once this address is throttled");
        assertTrue(throttled.body().contains(LoginPage.THROTTLED));
        assertFalse(throttled.headers("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith(DashboardFilter.COOKIE + "=")));
    }

    @Test
    void unsignedRequestsToEveryRouteOfTheTableGoToTheSignInFormAndTheApiIsUntouched() {
        DashboardClient client = server.dashboard();
        String before = DbSnapshot.of(server);
        for (DashboardRoutes.Route route : gated()) {
            String path = concrete(route);
            Http.Response res = route.method() == Method.GET ? client.get(path) : client.post(path, Map.of());
            assertEquals(303, res.status(), route.toString());
            assertEquals("/login", res.header("Location"), route.toString());
        }
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
        assertEquals(401, client.get("/api/v1/contacts").status(), "the API keeps its own authentication");
        assertEquals(200, client.get("/health").status());
    }

    @Test
    void everyPostOfTheTableNeedsTheCsrfTokenAndEveryAdminRouteAnAdmin() {
        DashboardClient member = signedIn(server.user(server.tenant().orgId(), User.Role.MEMBER));
        String token = DashboardClient.csrf(member.get("/").body());
        String before = DbSnapshot.of(server);
        for (DashboardRoutes.Route route : gated()) {
            String path = concrete(route);
            if (route.method() == Method.POST) {
                assertEquals(403, member.post(path, Map.of("name", "x")).status(), route + " without the token");
            }
            if (route.access() == DashboardRoutes.Access.ADMIN) {
                Http.Response res = route.method() == Method.GET ? member.get(path)
                        : member.post(path, Map.of("name", "x", "_csrf", token));
                assertEquals(403, res.status(), route + " as a member");
                assertTrue(res.body().contains("Only admins"), route.toString());
            }
        }
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
    }

    /** Every route of the table that needs a session. */
    private static List<DashboardRoutes.Route> gated() {
        List<DashboardRoutes.Route> routes = server.app().dashboardRoutes().stream()
                .filter(route -> route.access() != DashboardRoutes.Access.PUBLIC).toList();
        assertTrue(routes.size() >= 50, "the table is complete: " + routes);
        return routes;
    }

    private static String concrete(DashboardRoutes.Route route) {
        return route.path().replaceAll("\\{[^}]+}", "abc");
    }
}
