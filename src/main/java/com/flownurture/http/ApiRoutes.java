package com.flownurture.http;

import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/**
 * The route table: services add their routes here, and it registers them with Helidon while keeping the list, so
 * start-up can check each {@code /api/v1} route against the scope rules and tests can walk every route. The few
 * public routes (no API key) are added apart, and kept apart.
 */
public final class ApiRoutes {

    /** The API's path prefix. */
    public static final String PREFIX = "/api/v1";

    /** One registered route: a method and a full path template such as {@code /api/v1/contacts/{id}}. */
    public record Route(Method method, String path) {

        @Override
        public String toString() {
            return method.text() + " " + path;
        }
    }

    private final HttpRouting.Builder routing;
    private final List<Route> routes = new ArrayList<>();
    private final List<Route> publicRoutes = new ArrayList<>();

    public ApiRoutes(HttpRouting.Builder routing) {
        this.routing = routing;
    }

    public ApiRoutes get(String path, Handler handler) {
        return add(Method.GET, path, handler);
    }

    public ApiRoutes post(String path, Handler handler) {
        return add(Method.POST, path, handler);
    }

    public ApiRoutes put(String path, Handler handler) {
        return add(Method.PUT, path, handler);
    }

    public ApiRoutes patch(String path, Handler handler) {
        return add(Method.PATCH, path, handler);
    }

    public ApiRoutes delete(String path, Handler handler) {
        return add(Method.DELETE, path, handler);
    }

    /**
     * A public route outside {@code /api/v1} (health, the OpenAPI document, unsubscribe links): no API key, so no
     * scope rule; the path is taken as given.
     */
    public ApiRoutes publicGet(String path, Handler handler) {
        return addPublic(Method.GET, path, handler);
    }

    /** A public {@code POST} route outside {@code /api/v1}; see {@link #publicGet}. */
    public ApiRoutes publicPost(String path, Handler handler) {
        return addPublic(Method.POST, path, handler);
    }

    /** Every API route added so far (each needs a scope rule). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Every public route added so far. */
    public List<Route> publicRoutes() {
        return List.copyOf(publicRoutes);
    }

    private ApiRoutes addPublic(Method method, String path, Handler handler) {
        if (path.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a public route cannot be under " + PREFIX + ": " + path);
        }
        publicRoutes.add(new Route(method, path));
        routing.route(method, path, handler);
        return this;
    }

    private ApiRoutes add(Method method, String path, Handler handler) {
        String full = PREFIX + path;
        routes.add(new Route(method, full));
        routing.route(method, full, handler);
        return this;
    }
}
