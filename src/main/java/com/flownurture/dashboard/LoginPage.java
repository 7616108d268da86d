package com.flownurture.dashboard;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import com.flownurture.http.ClientAddress;
import com.flownurture.ratelimit.Backoff;
import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.ratelimit.TokenBucket;
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
 * Sign-in and sign-out. Before any password is checked, an attempt must pass its client address's token bucket,
 * then the backoff of its (account, client address) pair: a few failures are free, then each makes that pair wait
 * twice as long as the last, up to a cap, until a success. Nothing is kept per account alone, so failures from one
 * address never lock the account's user out at another; an attempt its address is refused for costs the account
 * nothing. An unknown email and a wrong password get the same message after the same work. The sign-in form carries
 * its own CSRF token in a cookie of its own (double submit), since there is no session yet. Thread-safe.
 */
final class LoginPage {

    static final String LOGIN_CSRF_COOKIE = "fn_login";
    static final String WRONG = "Wrong email or password.";
    static final String THROTTLED = "Too many sign-in attempts. Please wait a while and try again.";
    /** Longer than any real email address (254): the rest of a longer one is not kept in the backoff's keys. */
    private static final int MAX_EMAIL = 320;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final Sessions sessions;
    private final ClientAddress clientAddress;
    private final RateLimiter perAddress;
    private final Backoff perAccountAndAddress;
    private final boolean secureCookies;

    LoginPage(UserRepository users, Sessions sessions, ClientAddress clientAddress, RateLimiter perAddress,
              Backoff perAccountAndAddress, boolean secureCookies) {
        this.users = users;
        this.sessions = sessions;
        this.clientAddress = clientAddress;
        this.perAddress = perAddress;
        this.perAccountAndAddress = perAccountAndAddress;
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
        String address = clientAddress.of(req);
        TokenBucket.Decision fromAddress = perAddress.tryTake(address);
        if (!fromAddress.allowed()) {
            // Refused before the account is looked at: an address out of attempts cannot wear down anyone's account.
            throttled(res, email, fromAddress.retryAfterSeconds());
            return;
        }
        // The address first: it holds no space, so the key cannot be read two ways, whatever the email holds.
        String account = email.length() > MAX_EMAIL ? email.substring(0, MAX_EMAIL) : email;
        String pair = address + " " + account.toLowerCase(Locale.ROOT);
        Duration wait = perAccountAndAddress.tryAttempt(pair);
        if (!wait.isZero()) {
            throttled(res, email, Math.max(1, (wait.toMillis() + 999) / 1000));
            return;
        }
        Optional<User> user = email.isEmpty() ? Optional.empty() : users.findByEmail(email);
        if (!Passwords.matches(password, user.map(User::passwordHash).orElse(null))) {
            show(res, Status.UNAUTHORIZED_401, email, WRONG);
            return;
        }
        perAccountAndAddress.succeeded(pair);
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

    private void throttled(ServerResponse res, String email, long retryAfterSeconds) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        show(res, Status.TOO_MANY_REQUESTS_429, email, THROTTLED);
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
