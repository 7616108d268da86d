package com.flownurture.dashboard;

import java.util.List;
import java.util.Optional;

import com.flownurture.http.ErrorMapper;
import com.flownurture.users.Sessions;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * The gate of every dashboard page, in a fixed order: security headers → session from the cookie (none: to the
 * sign-in page) → CSRF token on every POST (missing or wrong: 403, nothing changed) → the page, whose missing
 * resources and forbidden areas become HTML error pages ({@link #error}). Other paths ({@code /api/v1}, {@code /health}, ...) pass
 * untouched. Thread-safe.
 */
final class DashboardFilter implements Filter {

    /** The session cookie: HttpOnly, SameSite=Lax, Secure when the server is reached over https. */
    static final String COOKIE = "fn_session";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Where the parsed form of a POST waits in the request context for the page's handler. */
    private static final String FORM = "dashboard-form";

    /** The first segment of every dashboard path. */
    private static final List<String> AREAS = List.of("login", "logout", "contacts", "tags", "workflows", "segments",
            "enrollments", "messages", "suppressions", "api-keys", "users", "settings", "assets");

    private final Sessions sessions;

    DashboardFilter(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The session of a request that passed this filter. */
    static Sessions.Session session(ServerRequest req) {
        return req.context().get(Sessions.Session.class)
                .orElseThrow(() -> new IllegalStateException("no dashboard session in this request"));
    }

    /** The submitted form of a POST that passed this filter (empty for other bodies). */
    static Parameters form(ServerRequest req) {
        return req.context().get(FORM, Parameters.class).orElseGet(() -> Parameters.empty("form"));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().rawPath();
        if (!isDashboard(path)) {
            chain.proceed();
            return;
        }
        securityHeaders(res);
        if (path.startsWith("/assets/") || path.equals("/login")) {
            chain.proceed();
            return;
        }
        Optional<Sessions.Session> session = req.headers().cookies().first(COOKIE).asOptional()
                .flatMap(sessions::find);
        if (session.isEmpty()) {
            toLogin(req, res);
            return;
        }
        req.context().register(session.get());
        if (req.prologue().method() == Method.POST) {
            Parameters form = isForm(req) && req.content().hasEntity() ? req.content().as(Parameters.class) : Parameters.empty("form");
            String token = form.first(CSRF_FIELD).asOptional()
                    .or(() -> req.headers().first(HeaderNames.create(CSRF_HEADER))).orElse(null);
            if (!Sessions.csrfMatches(session.get(), token)) {
                ErrorPages.send(req, res, Status.FORBIDDEN_403,
                        "This form has expired or did not come from this dashboard. Reload the page and try again.");
                return;
            }
            req.context().register(FORM, form);
        }
        chain.proceed();
    }

    /**
     * The routing's handler for what a page throws when a resource is missing or out of reach: an HTML error page
     * on the dashboard, the API's error body elsewhere.
     */
    static void error(ServerRequest req, io.helidon.webserver.http.ServerResponse res, RuntimeException e) {
        boolean page = isDashboard(req.path().rawPath()) && req.context().get(Sessions.Session.class).isPresent();
        if (!page) {
            ErrorMapper.handle(req, res, e);
        } else if (e instanceof HttpException http) {
            ErrorPages.send(req, res, http.status(), e.getMessage());
        } else {
            ErrorPages.send(req, res, Status.NOT_FOUND_404, e.getMessage());
        }
    }

    static boolean isDashboard(String path) {
        if (path.equals("/")) {
            return true;
        }
        int end = path.indexOf('/', 1);
        return AREAS.contains(end < 0 ? path.substring(1) : path.substring(1, end));
    }

    private static boolean isForm(RoutingRequest req) {
        return req.headers().contentType()
                .map(type -> type.mediaType().text().equals("application/x-www-form-urlencoded")).orElse(false);
    }

    /** The rest of the security headers are every response's ({@link com.flownurture.http.SecurityHeaders}). */
    private static void securityHeaders(RoutingResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }

    /** Unsigned: a page goes to the sign-in form; an htmx request asks htmx to go there. */
    private static void toLogin(RoutingRequest req, RoutingResponse res) {
        if (req.headers().contains(HeaderNames.create("HX-Request"))) {
            res.header("HX-Redirect", "/login");
            res.status(Status.UNAUTHORIZED_401).send();
            return;
        }
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, "/login");
        res.send();
    }
}
