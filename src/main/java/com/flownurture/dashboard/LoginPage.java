package com.flownurture.dashboard;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.users.Passwords;
import com.flownurture.users.Sessions;
import com.flownurture.users.User;
import com.flownurture.users.UserRepository;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Sign-in and sign-out. Attempts are throttled per client address and per account (token buckets, as the API's
 * rate limit) before any password is checked; an unknown email and a wrong password get the same message after the
 * same work. The sign-in form carries its own CSRF token in a cookie of its own (double submit), since there is no
 * session yet. Thread-safe.
 */
final class LoginPage {

    static final String LOGIN_CSRF_COOKIE = "fn_login";
    static final String WRONG = "Wrong email or password.";
    static final String THROTTLED = "Too many sign-in attempts. Wait a minute and try again.";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final Sessions sessions;
    private final RateLimiter perAddress;
    private final RateLimiter perAccount;
    private final boolean secureCookies;

    LoginPage(UserRepository users, Sessions sessions, RateLimiter perAddress, RateLimiter perAccount,
              boolean secureCookies) {
        this.users = users;
        this.sessions = sessions;
        this.perAddress = perAddress;
        this.perAccount = perAccount;
        this.secureCookies = secureCookies;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/login", this::form)
                .post("/login", this::signIn)
                .post("/logout", this::signOut);
    }

    /** {@code curl localhost:8080/login} */
    private void form(ServerRequest req, ServerResponse res) {
        show(res, Status.OK_200, "", null);
    }

    /** {@code curl -c jar -b jar -d "email=...&password=...&_csrf=..." localhost:8080/login} */
    private void signIn(ServerRequest req, ServerResponse res) {
        Parameters form = req.content().hasEntity() ? req.content().as(Parameters.class) : Parameters.empty("login");
        String email = form.first("email").orElse("").strip();
        String password = form.first("password").orElse("");
        String cookieToken = req.headers().cookies().first(LOGIN_CSRF_COOKIE).orElse(null);
        if (cookieToken == null || !cookieToken.equals(form.first(DashboardFilter.CSRF_FIELD).orElse(null))) {
            show(res, Status.FORBIDDEN_403, email, "This form has expired. Please sign in again.");
            return;
        }
        String address = req.remotePeer().host();
        // Both buckets pay for every attempt (no short-circuit): a throttled address still counts against the account.
        boolean allowed = perAddress.tryTake(address).allowed()
                & perAccount.tryTake(email.toLowerCase(Locale.ROOT)).allowed();
        if (!allowed) {
            show(res, Status.TOO_MANY_REQUESTS_429, email, THROTTLED);
            return;
        }
        Optional<User> user = email.isEmpty() ? Optional.empty() : users.findByEmail(email);
        if (!Passwords.matches(password, user.map(User::passwordHash).orElse(null))) {
            show(res, Status.UNAUTHORIZED_401, email, WRONG);
            return;
        }
        // Whatever session cookie came in is dropped: sign-in always starts a new session (no fixation).
        req.headers().cookies().first(DashboardFilter.COOKIE).asOptional().flatMap(sessions::find)
                .ifPresent(old -> sessions.end(old.idHash()));
        Sessions.Started started = sessions.start(user.get());
        res.headers().addCookie(cookie(DashboardFilter.COOKIE, started.cookieValue(), "/")
                .maxAge(Sessions.ABSOLUTE).build());
        res.headers().addCookie(cookie(LOGIN_CSRF_COOKIE, "", "/login").expires(java.time.Instant.EPOCH).build());
        Html.redirect(res, "/");
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/logout}: the session is deleted, not just forgotten. */
    private void signOut(ServerRequest req, ServerResponse res) {
        sessions.end(DashboardFilter.session(req).idHash());
        res.headers().addCookie(cookie(DashboardFilter.COOKIE, "", "/").expires(java.time.Instant.EPOCH).build());
        Html.redirect(res, "/login");
    }

    private void show(ServerResponse res, Status status, String email, String error) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        res.headers().addCookie(cookie(LOGIN_CSRF_COOKIE, token, "/login").build());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Html.send(res, status, "login.jte", Html.params("email", email, "error", error, "csrf", token,
                "assets", Assets.PREFIX));
    }

    private SetCookie.Builder cookie(String name, String value, String path) {
        return SetCookie.builder(name, value).path(path).httpOnly(true).sameSite(SetCookie.SameSite.LAX)
                .secure(secureCookies);
    }
}
