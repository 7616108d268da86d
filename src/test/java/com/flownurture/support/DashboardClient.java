package com.flownurture.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.helidon.http.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dashboard over plain HTTP, for tests that look at statuses, headers and cookies rather than at a rendered page
 * ({@link Browser}): a cookie jar of its own, redirects not followed. {@code server.dashboard(login)} is signed in;
 * {@link #csrf} reads a page's token for the form posts.
 */
public final class DashboardClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Http http;
    private final String forwardedFor;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** A client without a session; behind a proxy when {@code forwardedFor} is not null. */
    DashboardClient(Http http, String forwardedFor) {
        this.http = http;
        this.forwardedFor = forwardedFor;
    }

    public Http.Response get(String path) {
        return send(Method.GET, path, null, null, Map.of());
    }

    /** A form post, URL-encoded. */
    public Http.Response post(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(Method.POST, path, "application/x-www-form-urlencoded", body, Map.of());
    }

    /** A post of another content type (a CSV upload), with extra headers (its CSRF token). */
    public Http.Response post(String path, String contentType, String body, Map<String, String> headers) {
        return send(Method.POST, path, contentType, body, headers);
    }

    /** Signs in through the form (its own CSRF token included); the response of the POST. */
    public Http.Response signIn(String email, String password) {
        String token = csrf(get("/login").body());
        return post("/login", Map.of("email", email, "password", password, "_csrf", token));
    }

    /** Signs in and asserts the redirect to the overview. */
    public DashboardClient signedIn(TestApp.Login login) {
        assertEquals(303, signIn(login.email(), login.password()).status(), "sign-in of " + login.email());
        return this;
    }

    /** The value of a cookie the server set, or null. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Sends a cookie of the client's choosing from now on. */
    public void cookie(String name, String value) {
        cookies.put(name, value);
    }

    /** The CSRF token of a page's forms. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in the page");
        }
        return m.group(1);
    }

    /** The Set-Cookie header for a cookie name in a response. */
    public static String setCookie(Http.Response res, String name) {
        List<String> all = res.headers("Set-Cookie");
        return all.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no Set-Cookie for " + name + " in " + all));
    }

    private Http.Response send(Method method, String path, String contentType, String body,
                               Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        if (forwardedFor != null) {
            headers.put("X-Forwarded-For", forwardedFor);
        }
        if (!cookies.isEmpty()) {
            headers.put("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        Http.Response res = http.send(method, path, headers, contentType, body);
        for (String header : res.headers("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || header.contains("Expires=Thu, 01 Jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return res;
    }
}
