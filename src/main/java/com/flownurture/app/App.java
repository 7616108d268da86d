package com.flownurture.app;

import java.time.Clock;
import java.util.List;

import com.flownurture.auth.ApiFilter;
import com.flownurture.auth.ApiKeys;
import com.flownurture.auth.KeyAuthenticator;
import com.flownurture.auth.ScopeRules;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.ContactsService;
import com.flownurture.db.Database;
import com.flownurture.enrollments.EnrollmentsService;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.ErrorMapper;
import com.flownurture.http.OpenApi;
import com.flownurture.http.Responses;
import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.segments.SegmentsService;
import com.flownurture.tags.TagsService;
import com.flownurture.workflows.WorkflowsService;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import jakarta.json.Json;

/**
 * The running server: configuration → database → repositories → routes and filters → web server. Tests start it
 * through this same wiring. Closing it stops the listener first, then the database.
 */
public final class App implements AutoCloseable {

    private final Components components;
    private final WebServer server;
    private final List<ApiRoutes.Route> routes;

    private App(Components components, WebServer server, List<ApiRoutes.Route> routes) {
        this.components = components;
        this.server = server;
        this.routes = routes;
    }

    /**
     * Opens the database and starts serving.
     *
     * @param config the configuration
     * @param clock  the clock every timestamp and schedule reads (a controllable one in tests)
     * @throws IllegalStateException when a route has no scope rule, or a rule is malformed
     */
    public static App start(AppConfig config, Clock clock) {
        ScopeRules rules = ScopeRules.load(config.auth().scopesFile());
        Components components = Components.open(config, clock);
        try {
            HttpRouting.Builder routing = HttpRouting.builder();
            ApiRoutes api = new ApiRoutes(routing);
            services(components).forEach(service -> service.routes(api));
            rules.requireCovered(api.routes());
            routing.addFilter(new ApiFilter(
                    new KeyAuthenticator(new ApiKeys(components.db(), clock), clock),
                    new RateLimiter(config.rateLimit().requestsPerMinute(), System::nanoTime),
                    new RateLimiter(config.rateLimit().failedAuthPerMinute(), System::nanoTime),
                    rules));
            // Liveness without auth or database: also the baseline of the benchmarks.
            routing.get("/health", (req, res) -> Responses.ok(res, Json.createObjectBuilder()
                    .add("status", "UP").build()));
            OpenApi.register(routing);
            routing.any((req, res) -> ErrorMapper.send(res, Status.NOT_FOUND_404, "Route not found"));
            routing.error(Throwable.class, ErrorMapper::handle);
            WebServer server = WebServer.builder()
                    .host(config.server().host())
                    .port(config.server().port())
                    .maxPayloadSize(config.server().maxPayloadSize())
                    .connectionConfig(c -> c.readTimeout(config.server().readTimeout()))
                    .directHandlers(JsonDirectHandler.handlers())
                    .featuresDiscoverServices(false)
                    .shutdownHook(false)
                    .routing(routing)
                    .build()
                    .start();
            return new App(components, server, api.routes());
        } catch (RuntimeException e) {
            components.close();
            throw e;
        }
    }

    private static List<ApiService> services(Components c) {
        return List.of(
                new ContactsService(c.contacts()),
                new TagsService(c.tags()),
                new WorkflowsService(c.workflows()),
                new SegmentsService(c.segments()),
                new EnrollmentsService(c.enrollments()));
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** Every API route this server registered. */
    public List<ApiRoutes.Route> routes() {
        return routes;
    }

    /** The repositories, for the CLI's first-start demo and for tests. */
    public Components components() {
        return components;
    }

    /** Whether the server is still running. */
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        server.stop();
        components.close();
    }

}
