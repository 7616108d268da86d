package com.flownurture.http;

import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/**
 * The route table of {@code /api/v1}: services add their routes here, and it registers them with Helidon while
 * keeping the list, so start-up can check each against the scope rules and tests can walk every route.
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

    /** Every route added so far. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private ApiRoutes add(Method method, String path, Handler handler) {
        String full = PREFIX + path;
        routes.add(new Route(method, full));
        routing.route(method, full, handler);
        return this;
    }
}
