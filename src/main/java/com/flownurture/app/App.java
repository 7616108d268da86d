package com.flownurture.app;

import java.time.Clock;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;

import com.flownurture.common.Json;
import com.flownurture.config.AppConfig;
import com.flownurture.dashboard.Dashboard;
import com.flownurture.dashboard.DashboardRoutes;
import com.flownurture.engine.Engine;
import com.flownurture.engine.Outbox;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.CanonicalPath;
import com.flownurture.http.ErrorMapper;
import com.flownurture.http.JsonDirectHandler;
import com.flownurture.http.OpenApi;
import com.flownurture.http.Responses;
import com.flownurture.http.SecurityHeaders;
import com.flownurture.observe.JsonLogFormatter;
import com.flownurture.observe.Meters;
import com.flownurture.observe.MetricsAccess;
import com.flownurture.observe.RequestObserver;
import com.flownurture.webhooks.WebhookSender;
import io.helidon.common.Weighted;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.ObserveFeatureConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * The running server: the components ({@link Components}, the one place objects are built) assembled into a web
 * server (routes, filters in their order, listeners), then started. Tests start it through this same wiring.
 * Closing it stops the listener first, then the background work, then the database.
 */
public final class App implements AutoCloseable {

    /** The listener that serves {@code /metrics} when it has a port of its own. */
    private static final String METRICS_SOCKET = "metrics";

    private final Components components;
    private final Components.Server parts;
    private final WebServer server;
    private final List<ApiRoutes.Route> routes;
    private final List<DashboardRoutes.Route> pages;

    private App(Components components, Components.Server parts, WebServer server, List<ApiRoutes.Route> routes,
                List<DashboardRoutes.Route> pages) {
        this.components = components;
        this.parts = parts;
        this.server = server;
        this.routes = routes;
        this.pages = pages;
    }

    /**
     * Opens the database and starts serving.
     *
     * @param config the configuration
     * @param clock  the clock every timestamp and schedule reads (a controllable one in tests)
     * @throws IllegalStateException when a route has no scope rule, or a rule is malformed, or a dashboard route no
     *                               access rule
     */
    public static App start(AppConfig config, Clock clock) {
        configureLogging(config);
        return start(Components.open(config, clock));
    }

    /** Writes log lines as JSON when {@code logging.format} says so; before anything logs, so every line is. */
    public static void configureLogging(AppConfig config) {
        if (config.logging().json()) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setFormatter(new JsonLogFormatter());
            }
        }
    }

    /**
     * Starts serving over components already open (the serve command opens them first, to see whether this is
     * the first start); closes them when it cannot start.
     */
    public static App start(Components components) {
        AppConfig config = components.config();
        Components.Server parts = null;
        try {
            parts = components.server();
            HttpRouting.Builder routing = HttpRouting.builder();
            List<ApiRoutes.Route> routes = api(routing, parts);
            filters(routing, config, parts);
            DashboardRoutes pages = Dashboard.register(routing, parts.dashboard());
            routing.addFeature(new NotFound());
            routing.error(Throwable.class, ErrorMapper::handle);
            WebServer server = webServer(config, parts, routing).start();
            components.publicUrl().listening(config.server().host(), server.port());
            // Registered before the engine claims anything: the dead instances' claims are free from here on.
            components.instances().start();
            if (config.engine().enabled()) {
                parts.engine().start();
                parts.outbox().start();
                parts.webhookSender().start();
                components.sweep().start();
                if (config.bounces().mailbox().configured()) {
                    parts.bounceMailbox().start();
                }
            }
            return new App(components, parts, server, routes, pages.routes());
        } catch (RuntimeException e) {
            if (parts != null) {
                parts.close();
            }
            components.close();
            throw e;
        }
    }

    /** The API's routes and the public ones beside them; fails when a route has no scope rule. */
    private static List<ApiRoutes.Route> api(HttpRouting.Builder routing, Components.Server parts) {
        ApiRoutes api = new ApiRoutes(routing);
        parts.services().forEach(service -> service.routes(api));
        // Liveness without auth or database: also the baseline of the benchmarks.
        api.publicGet("/health", (req, res) -> Responses.ok(res, Json.createObjectBuilder()
                .add("status", "UP").build()));
        api.publicGet("/health/ready", parts.readiness()::handle);
        OpenApi.register(api);
        parts.rules().requireCovered(api.routes());
        return api.routes();
    }

    /** The filters every request passes, in their order ({@code docs/architecture.md}); the dashboard's comes next. */
    private static void filters(HttpRouting.Builder routing, AppConfig config, Components.Server parts) {
        // First: every request gets its id, its meter and its log line, whoever answers it.
        routing.addFilter(new RequestObserver(parts.meters(), config.logging().json()));
        routing.addFilter(new SecurityHeaders());
        // Before any filter that decides on the path: they and routing then read the same one.
        routing.addFilter(new CanonicalPath());
        routing.addFilter((chain, req, res) -> {
            parts.guard().register(req);
            chain.proceed();
        });
        if (config.metrics().enabled() && !config.metrics().ownPort()) {
            routing.addFilter(new MetricsAccess(config.metrics().openOnApi()).filter());
        }
        routing.addFilter(parts.apiFilter());
    }

    /** The web server over the routing, with its timeouts, the slow-request guard and the metrics endpoint. */
    private static WebServer webServer(AppConfig config, Components.Server parts, HttpRouting.Builder routing) {
        WebServerConfig.Builder builder = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .maxPayloadSize(config.server().maxPayloadSize())
                // An idle keep-alive connection is closed after the read timeout; a request whose headers or
                // body take longer than that to arrive is cut off by the guard.
                .connectionOptions(o -> o.readTimeout(config.server().readTimeout()).tcpNoDelay(true))
                .idleConnectionTimeout(config.server().readTimeout())
                .addProtocol(Http1Config.builder().addReceiveListener(parts.guard()).build())
                .idleConnectionPeriod(java.time.Duration.ofSeconds(1))
                // On stop, requests in flight get this long to finish.
                .shutdownGracePeriod(config.server().shutdown())
                .directHandlers(JsonDirectHandler.handlers())
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .routing(routing);
        metricsEndpoint(builder, config, parts.meters());
        return builder.build();
    }

    /**
     * The JSON 404, registered last: after every route and every feature (the metrics endpoint among them), which
     * Helidon sets up by weight, highest first.
     */
    private static final class NotFound implements HttpFeature, Weighted {
        @Override
        public void setup(HttpRouting.Builder routing) {
            routing.any((req, res) -> ErrorMapper.send(res, Status.NOT_FOUND_404, "Route not found"));
        }

        @Override
        public double weight() {
            return 0;
        }
    }

    /**
     * {@code /metrics} in Prometheus text format through Helidon's observe feature, beside the API or on a listener
     * of its own ({@code metrics.port}); none when {@code metrics.enabled} is false.
     */
    private static void metricsEndpoint(WebServerConfig.Builder server, AppConfig config, Meters meters) {
        if (!config.metrics().enabled()) {
            return;
        }
        ObserveFeatureConfig.Builder observe = ObserveFeature.builder()
                .addObserver(MetricsObserver.builder().endpoint("/metrics").meterRegistry(meters.registry()).build());
        if (config.metrics().ownPort()) {
            server.putSocket(METRICS_SOCKET, socket -> socket.host(config.server().host())
                    .port(config.metrics().port()));
            observe.sockets(List.of(METRICS_SOCKET));
        }
        server.addFeature(observe.build());
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The port {@code /metrics} is served on: its own listener's, or the API's. */
    public int metricsPort() {
        int own = server.port(METRICS_SOCKET);
        return own > 0 ? own : server.port();
    }

    /** Every API route this server registered. */
    public List<ApiRoutes.Route> routes() {
        return routes;
    }

    /** Every dashboard route with who may reach it. */
    public List<DashboardRoutes.Route> dashboardRoutes() {
        return pages;
    }

    /** The engine, for tests and benchmarks that drive it tick by tick. */
    public Engine engine() {
        return parts.engine();
    }

    /** The outbox sender. */
    public Outbox outbox() {
        return parts.outbox();
    }

    /** The webhook sender. */
    public WebhookSender webhookSender() {
        return parts.webhookSender();
    }

    /** The repositories, for the CLI's first-start demo and for tests. */
    public Components components() {
        return components;
    }

    /** Whether the server is still running. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * Stops gracefully: stops accepting connections and lets the requests in flight finish (up to
     * {@code server.shutdown-seconds}) while the engine finishes the steps in hand, the outbox the message in hand and
     * the webhook sender the deliveries in hand;
     * then gives back every claim this instance still holds, unregisters it, and closes the database.
     */
    @Override
    public void close() {
        Thread background = Thread.ofPlatform().name("stop-engine").start(parts::stopBackground);
        server.stop();
        try {
            background.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        components.claims().releaseAll();
        components.instances().close();
        parts.close();
        components.close();
    }

}
