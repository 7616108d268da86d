package com.flownurture.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.dashboard.DashboardRoutes;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Fixture;
import com.flownurture.support.RawHttp;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18: every route, API and dashboard, asked for in the non-canonical forms that Helidon's routing would
 * still match ({@code //x}, {@code /%78}, {@code /x;p}, {@code /y/../x}, ...), with and without credentials. Each
 * is refused with 400 before any filter or handler sees it, changes nothing, and carries the security headers.
 * Requests go over a plain socket, since an HTTP client would tidy the paths up before sending them.
 */
class PathFuzzTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Public routes outside the API's table, with a stand-in for their token. */
    private static final List<String> PUBLIC = List.of("/health", "/health/ready", "/openapi", "/u/token",
            "/c/token", "/t/o/token", "/t/c/token", "/nowhere");

    @Test
    void everyApiRouteRefusesItsNonCanonicalForms() {
        Fixture fixture = Fixture.create(server, server.tenant());
        String before = DbSnapshot.of(server);
        for (ApiRoutes.Route route : server.app().routes()) {
            String path = fixture.path(route);
            String body = fixture.body(route);
            for (String variant : variants(path)) {
                for (String key : new String[] {null, fixture.tenant().key()}) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    if (key != null) {
                        headers.put("Authorization", "Bearer " + key);
                    }
                    headers.put("Content-Type", "application/json");
                    RawHttp res = RawHttp.send(server.app().port(), route.method().text(), variant, headers, body);
                    String what = route + " as " + variant + (key == null ? " anonymous" : " with a key");
                    assertRefused(res, what);
                    assertTrue(res.body().contains("\"statusCode\":400"), what + ": the API's error body: "
                            + res.body());
                }
            }
        }
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
    }

    @Test
    void everyDashboardRouteRefusesItsNonCanonicalForms() {
        TestApp.Login admin = server.user(server.tenant().orgId(), User.Role.ADMIN);
        Session session = Session.signIn(admin);
        List<DashboardRoutes.Route> routes = server.app().dashboardRoutes();
        assertTrue(routes.size() >= 50, "the table is complete: " + routes);
        String before = DbSnapshot.of(server);
        for (DashboardRoutes.Route route : routes) {
            String path = route.path().replaceAll("\\{[^}]+}", "abc");
            for (String variant : variants(path)) {
                for (Map<String, String> headers : List.of(Map.of("Accept", "text/html"), session.headers())) {
                    RawHttp res = RawHttp.send(server.app().port(), route.method().text(), variant, headers,
                            route.method().text().equals("POST") ? "name=x&_csrf=" + session.csrf() : null);
                    String what = route + " as " + variant + (headers.containsKey("Cookie") ? " signed in" : "");
                    assertRefused(res, what);
                    // A backslash is refused by Helidon itself, before routing, in the JSON error body.
                    assertTrue(variant.contains("\\") || res.header("content-type").startsWith("text/html"),
                            what + ": a page for a browser");
                }
            }
        }
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
    }

    @Test
    void publicPathsRefuseTheirNonCanonicalForms() {
        for (String path : PUBLIC) {
            for (String variant : variants(path)) {
                assertRefused(RawHttp.send(server.app().port(), "GET", variant, Map.of(), null), "GET " + variant);
                assertRefused(RawHttp.send(server.app().port(), "POST", variant, Map.of(), null), "POST " + variant);
            }
        }
    }

    @Test
    void theSignInPageIsNeverFrameable() {
        for (String path : List.of("/login", "//login", "/login;x", "/%6cogin", "/%6Cogin", "/x/../login",
                "/./login", "/login/.", "/login/")) {
            RawHttp res = RawHttp.send(server.app().port(), "GET", path, Map.of(), null);
            assertTrue(res.status() == 400 || res.status() == 200 || res.status() == 404, path + ": " + res.status());
            assertSecurityHeaders(res, "GET " + path);
        }
    }

    @Test
    void everyKindOfAnswerCarriesTheSecurityHeaders() {
        String key = server.tenant().key();
        int port = server.app().port();
        Map<String, String> withKey = Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json");
        Map<String, RawHttp> answers = new LinkedHashMap<>();
        answers.put("health", RawHttp.send(port, "GET", "/health", Map.of(), null));
        answers.put("no route", RawHttp.send(port, "GET", "/nowhere", Map.of(), null));
        answers.put("no key", RawHttp.send(port, "GET", "/api/v1/contacts", Map.of(), null));
        answers.put("a list", RawHttp.send(port, "GET", "/api/v1/contacts", withKey, null));
        answers.put("broken JSON", RawHttp.send(port, "POST", "/api/v1/contacts", withKey, "{"));
        answers.put("unknown id", RawHttp.send(port, "GET", "/api/v1/contacts/nope", withKey, null));
        answers.put("sign-in page", RawHttp.send(port, "GET", "/login", Map.of(), null));
        answers.put("to sign-in", RawHttp.send(port, "GET", "/contacts", Map.of(), null));
        answers.put("unsubscribe page", RawHttp.send(port, "GET", "/u/not-a-token", Map.of(), null));
        answers.put("tracking link", RawHttp.send(port, "GET", "/t/c/not-a-token", Map.of(), null));
        answers.put("before routing", RawHttp.send(port, "GET", "/a\"b", Map.of(), null));
        answers.put("huge header", RawHttp.send(port, "GET", "/health", Map.of("X-Big", "x".repeat(64 * 1024)), null));
        answers.forEach((what, res) -> assertSecurityHeaders(res, what + " (" + res.status() + ")"));
        assertEquals(Set.of(200, 303, 400, 401, 404), Set.copyOf(answers.values().stream().map(RawHttp::status)
                .toList()), "each kind of answer is there: " + answers.keySet() + " " + answers.values().stream()
                .map(RawHttp::status).toList());
    }

    /** The path in every non-canonical form Helidon's routing would match as the same route. */
    static Set<String> variants(String path) {
        Set<String> all = new LinkedHashSet<>();
        String first = path.substring(1).split("/", 2)[0];
        String rest = path.substring(1 + first.length());
        all.add("/" + path);
        all.add(path + "/.");
        all.add("/./" + path.substring(1));
        all.add("/x/.." + path);
        all.add("/x/%2e%2e" + path);
        all.add("/" + first + ";x" + rest);
        if (!first.isEmpty()) {
            all.add(String.format(Locale.ROOT, "/%%%02x", (int) first.charAt(0)) + first.substring(1) + rest);
            all.add(String.format(Locale.ROOT, "/%%%02X", (int) first.charAt(0)) + first.substring(1) + rest);
        }
        int last = path.lastIndexOf('/');
        if (last > 0) {
            all.add(path.substring(0, last) + "//" + path.substring(last + 1));
            all.add(path.substring(0, last) + "%2F" + path.substring(last + 1));
            all.add(path.substring(0, last) + "%2f" + path.substring(last + 1));
            all.add(path.substring(0, last) + "\\" + path.substring(last + 1));
            all.add(path.substring(0, last) + "/./" + path.substring(last + 1));
            all.add(path.substring(0, last) + ";x/" + path.substring(last + 1));
        }
        all.remove(path);
        return all;
    }

    static void assertRefused(RawHttp res, String what) {
        assertEquals(400, res.status(), what + ": " + res.status() + " " + res.body());
        assertSecurityHeaders(res, what);
    }

    static void assertSecurityHeaders(RawHttp res, String what) {
        String csp = res.header("content-security-policy");
        assertTrue(csp != null && csp.contains("frame-ancestors 'none'"), what + ": CSP " + csp);
        assertEquals("DENY", res.header("x-frame-options"), what);
        assertEquals("nosniff", res.header("x-content-type-options"), what);
        assertTrue(res.header("referrer-policy") != null, what + ": Referrer-Policy");
    }

    /** A signed-in browser: its session cookie and the session's CSRF token. */
    record Session(String cookie, String csrf) {

        static Session signIn(TestApp.Login login) {
            int port = server.app().port();
            RawHttp form = RawHttp.send(port, "GET", "/login", Map.of(), null);
            Matcher token = CSRF.matcher(form.body());
            assertTrue(token.find(), "the sign-in form has a CSRF token");
            String formCookie = form.header("set-cookie").split(";", 2)[0];
            RawHttp signedIn = RawHttp.send(port, "POST", "/login", Map.of("Cookie", formCookie,
                    "Content-Type", "application/x-www-form-urlencoded"),
                    "email=" + URLEncoder.encode(login.email(), StandardCharsets.UTF_8) + "&password="
                            + URLEncoder.encode(login.password(), StandardCharsets.UTF_8) + "&_csrf=" + token.group(1));
            assertEquals(303, signedIn.status(), signedIn.body());
            String cookie = signedIn.header("set-cookie").lines().filter(c -> c.startsWith("fn_session="))
                    .findFirst().orElseThrow().split(";", 2)[0];
            Matcher csrf = CSRF.matcher(RawHttp.send(port, "GET", "/tags", Map.of("Cookie", cookie), null).body());
            assertTrue(csrf.find(), "a signed-in page has the session's CSRF token");
            return new Session(cookie, csrf.group(1));
        }

        Map<String, String> headers() {
            return Map.of("Cookie", cookie, "Accept", "text/html", "X-CSRF-Token", csrf,
                    "Content-Type", "application/x-www-form-urlencoded");
        }
    }
}
