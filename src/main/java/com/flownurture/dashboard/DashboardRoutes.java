package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import static com.flownurture.dashboard.DashboardRoutes.Access.ADMIN;
import static com.flownurture.dashboard.DashboardRoutes.Access.PUBLIC;
import static com.flownurture.dashboard.DashboardRoutes.Access.SIGNED_IN;

/**
 * The dashboard's route table: who may reach each page ({@link #ACCESS}), the one list the routing, the gate
 * ({@link DashboardFilter}) and the tests read. Pages register their handlers here; a page route without an access
 * rule, or a rule without its page, stops start-up, so a new page cannot slip past the session and CSRF checks.
 * Filled at start-up, read-only and thread-safe once {@link #requireComplete} has passed.
 */
public final class DashboardRoutes {

    /** Who may reach a route. */
    public enum Access {
        /** Anyone: the sign-in form and the static files. */
        PUBLIC,
        /** Any signed-in user of the organization; a POST also needs the session's CSRF token. */
        SIGNED_IN,
        /** Signed-in admins only: a member gets the 403 page. */
        ADMIN
    }

    /** One route: a method, a path template such as {@code /contacts/{id}}, and who may reach it. */
    public record Route(Method method, String path, Access access) {

        @Override
        public String toString() {
            return method.text() + " " + path + " (" + access + ")";
        }
    }

    /** Every dashboard route and who may reach it. */
    static final List<Route> ACCESS = List.of(
            new Route(Method.GET, Assets.HTMX, PUBLIC),
            new Route(Method.GET, Assets.PREFIX + "/dashboard.css", PUBLIC),
            new Route(Method.GET, Assets.PREFIX + "/dashboard.js", PUBLIC),
            new Route(Method.GET, "/login", PUBLIC),
            new Route(Method.POST, "/login", PUBLIC),
            new Route(Method.POST, "/logout", SIGNED_IN),
            new Route(Method.GET, "/", SIGNED_IN),
            new Route(Method.GET, "/contacts", SIGNED_IN),
            new Route(Method.GET, "/contacts/new", SIGNED_IN),
            new Route(Method.POST, "/contacts", SIGNED_IN),
            new Route(Method.GET, "/contacts/{id}", SIGNED_IN),
            new Route(Method.GET, "/contacts/{id}/edit", SIGNED_IN),
            new Route(Method.POST, "/contacts/{id}", SIGNED_IN),
            new Route(Method.POST, "/contacts/{id}/delete", SIGNED_IN),
            new Route(Method.POST, "/contacts/{id}/tags/add", SIGNED_IN),
            new Route(Method.POST, "/contacts/{id}/tags/remove", SIGNED_IN),
            new Route(Method.POST, "/contacts/{id}/unsubscribe", SIGNED_IN),
            new Route(Method.POST, "/contacts/{id}/resubscribe", SIGNED_IN),
            new Route(Method.GET, "/contacts/import", SIGNED_IN),
            new Route(Method.POST, "/contacts/import", SIGNED_IN),
            new Route(Method.GET, "/contacts/import/{job}", SIGNED_IN),
            new Route(Method.GET, "/suppressions", SIGNED_IN),
            new Route(Method.POST, "/suppressions", SIGNED_IN),
            new Route(Method.POST, "/suppressions/{id}/delete", SIGNED_IN),
            new Route(Method.GET, "/tags", SIGNED_IN),
            new Route(Method.POST, "/tags", SIGNED_IN),
            new Route(Method.POST, "/tags/{id}/rename", SIGNED_IN),
            new Route(Method.POST, "/tags/{id}/delete", SIGNED_IN),
            new Route(Method.GET, "/messages", SIGNED_IN),
            new Route(Method.GET, "/messages/preview/{token}", SIGNED_IN),
            new Route(Method.GET, "/messages/{id}", SIGNED_IN),
            new Route(Method.GET, "/messages/{id}/html", SIGNED_IN),
            new Route(Method.GET, "/events", SIGNED_IN),
            new Route(Method.GET, "/events/{id}", SIGNED_IN),
            new Route(Method.GET, "/workflows/new", SIGNED_IN),
            new Route(Method.POST, "/workflows/new", SIGNED_IN),
            new Route(Method.GET, "/workflows/{id}/edit", SIGNED_IN),
            new Route(Method.POST, "/workflows/{id}/edit", SIGNED_IN),
            new Route(Method.GET, "/workflows", SIGNED_IN),
            new Route(Method.GET, "/workflows/{id}", SIGNED_IN),
            new Route(Method.POST, "/workflows/{id}/status", SIGNED_IN),
            new Route(Method.POST, "/workflows/{id}/enroll", SIGNED_IN),
            new Route(Method.GET, "/segments", SIGNED_IN),
            new Route(Method.GET, "/segments/new", SIGNED_IN),
            new Route(Method.POST, "/segments/new", SIGNED_IN),
            new Route(Method.POST, "/segments/preview", SIGNED_IN),
            new Route(Method.GET, "/segments/{id}", SIGNED_IN),
            new Route(Method.POST, "/segments/{id}", SIGNED_IN),
            new Route(Method.POST, "/segments/{id}/delete", SIGNED_IN),
            new Route(Method.GET, "/enrollments", SIGNED_IN),
            new Route(Method.GET, "/enrollments/{id}", SIGNED_IN),
            new Route(Method.POST, "/enrollments/{id}/exit", SIGNED_IN),
            new Route(Method.GET, "/api-keys", ADMIN),
            new Route(Method.POST, "/api-keys", ADMIN),
            new Route(Method.POST, "/api-keys/{id}/revoke", ADMIN),
            new Route(Method.GET, "/webhooks", ADMIN),
            new Route(Method.POST, "/webhooks", ADMIN),
            new Route(Method.GET, "/webhooks/{id}", ADMIN),
            new Route(Method.POST, "/webhooks/{id}", ADMIN),
            new Route(Method.POST, "/webhooks/{id}/rotate-secret", ADMIN),
            new Route(Method.POST, "/webhooks/{id}/delete", ADMIN),
            new Route(Method.POST, "/webhooks/{id}/deliveries/{deliveryId}/replay", ADMIN),
            new Route(Method.GET, "/users", ADMIN),
            new Route(Method.POST, "/users", ADMIN),
            new Route(Method.POST, "/users/{id}/role", ADMIN),
            new Route(Method.POST, "/users/{id}/remove", ADMIN),
            new Route(Method.GET, "/settings", ADMIN),
            new Route(Method.POST, "/settings", ADMIN),
            new Route(Method.POST, "/settings/rotate-form-token", ADMIN),
            new Route(Method.POST, "/settings/rotate-bounce-secret", ADMIN));

    /** A rule's template split into its segments once, since the gate asks about every request. */
    private record Template(String[] segments, Access access) {

        /** Whether a path's segments fit, a {@code {name}} segment standing for any one non-empty segment. */
        boolean fits(String[] path) {
            if (segments.length != path.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                boolean parameter = segments[i].startsWith("{") && segments[i].endsWith("}");
                if (parameter ? path[i].isEmpty() : !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final HttpRouting.Builder routing;
    private final List<Route> rules;
    private final List<Template> templates;
    private final List<Route> registered = new ArrayList<>();

    DashboardRoutes(HttpRouting.Builder routing) {
        this(routing, ACCESS);
    }

    /** Over other rules than the dashboard's: for the table's own test. */
    DashboardRoutes(HttpRouting.Builder routing, List<Route> rules) {
        this.routing = routing;
        this.rules = List.copyOf(rules);
        this.templates = rules.stream().map(rule -> new Template(rule.path().split("/", -1), rule.access())).toList();
    }

    DashboardRoutes get(String path, Handler handler) {
        return add(Method.GET, path, handler);
    }

    DashboardRoutes post(String path, Handler handler) {
        return add(Method.POST, path, handler);
    }

    /** Fails when a rule names a route no page registered: the table and the pages must say the same. */
    void requireComplete() {
        List<Route> unused = rules.stream().filter(rule -> !registered.contains(rule)).toList();
        if (!unused.isEmpty()) {
            throw new IllegalStateException("dashboard access rules without a route: " + unused);
        }
    }

    /** Every dashboard route with who may reach it. */
    public List<Route> routes() {
        return List.copyOf(registered);
    }

    /**
     * Who may reach a canonical path, whatever the method: the strictest rule among the routes it fits (so a path
     * two templates fit is never gated by the laxer one); empty when it is no dashboard path.
     */
    Optional<Access> access(String path) {
        String[] segments = path.split("/", -1);
        return templates.stream().filter(template -> template.fits(segments)).map(Template::access)
                .max(Comparator.naturalOrder());
    }

    private DashboardRoutes add(Method method, String path, Handler handler) {
        Route rule = rules.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalStateException("dashboard route without an access rule in "
                        + "DashboardRoutes.ACCESS: " + method.text() + " " + path));
        if (registered.contains(rule)) {
            throw new IllegalStateException("dashboard route registered twice: " + rule);
        }
        registered.add(rule);
        routing.route(method, path, handler);
        return this;
    }
}
