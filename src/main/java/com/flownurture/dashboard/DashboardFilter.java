package com.flownurture.dashboard;

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
 * The gate of every dashboard page, in a fixed order: no caching → session from the cookie (none: to the
 * sign-in page) → CSRF token on every POST (missing or wrong: 403, nothing changed) → admin role on admin pages
 * (a member: 403) → the page, whose missing resources become HTML error pages ({@link #error}). Which paths are
 * pages, and who may reach them, comes from the route table ({@link DashboardRoutes}); other paths
 * ({@code /api/v1}, {@code /health}, ...) pass untouched. The path is canonical by now (the routing's first filters
 * refuse any other), so the table and the routing read it alike. Thread-safe.
 */
final class DashboardFilter implements Filter {

    /** The session cookie: HttpOnly, SameSite=Lax, Secure when the server is reached over https. */
    static final String COOKIE = "fn_session";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Where the parsed form of a POST waits in the request context for the page's handler. */
    private static final String FORM = "dashboard-form";

    private final Sessions sessions;
    private final DashboardRoutes routes;

    DashboardFilter(Sessions sessions, DashboardRoutes routes) {
        this.sessions = sessions;
        this.routes = routes;
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
        Optional<DashboardRoutes.Access> access = routes.access(req.path().rawPath());
        if (access.isPresent()) {
            // The static files replace it with their own.
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (access.isEmpty() || access.get() == DashboardRoutes.Access.PUBLIC) {
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
        if (access.get() == DashboardRoutes.Access.ADMIN && !session.get().user().isAdmin()) {
            ErrorPages.send(req, res, Status.FORBIDDEN_403, "Only admins can open this page.");
            return;
        }
        chain.proceed();
    }

    /**
     * The routing's handler for what a page throws when a resource is missing or out of reach: an HTML error page
     * on the dashboard, the API's error body elsewhere.
     */
    void error(ServerRequest req, io.helidon.webserver.http.ServerResponse res, RuntimeException e) {
        boolean page = routes.access(req.path().rawPath()).isPresent()
                && req.context().get(Sessions.Session.class).isPresent();
        if (!page) {
            ErrorMapper.handle(req, res, e);
        } else if (e instanceof HttpException http) {
            ErrorPages.send(req, res, http.status(), e.getMessage());
        } else {
            ErrorPages.send(req, res, Status.NOT_FOUND_404, e.getMessage());
        }
    }

    private static boolean isForm(RoutingRequest req) {
        return req.headers().contentType()
                .map(type -> type.mediaType().text().equals("application/x-www-form-urlencoded")).orElse(false);
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
