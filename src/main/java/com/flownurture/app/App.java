package com.flownurture.app;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Logger;

import com.flownurture.auth.ApiFilter;
import com.flownurture.bounces.BounceHooksService;
import com.flownurture.bounces.BounceMailbox;
import com.flownurture.bounces.BounceRecorder;
import com.flownurture.bounces.SnsHook;
import com.flownurture.auth.ApiKeys;
import com.flownurture.auth.KeyAuthenticator;
import com.flownurture.auth.Principal;
import com.flownurture.auth.ScopeRules;
import com.flownurture.common.Json;
import com.flownurture.common.Signal;
import com.flownurture.common.TargetPolicy;
import com.flownurture.auth.SharedRateLimiter;
import com.flownurture.config.AppConfig;
import com.flownurture.consent.ConsentRepository;
import com.flownurture.consent.ConsentService;
import com.flownurture.consent.FormService;
import com.flownurture.consent.FormSignups;
import com.flownurture.consent.SettingsService;
import com.flownurture.contacts.ContactsService;
import com.flownurture.dashboard.Dashboard;
import com.flownurture.dashboard.DashboardRoutes;
import com.flownurture.db.Database;
import com.flownurture.db.Dialect;
import com.flownurture.engine.CaptureTransport;
import com.flownurture.engine.Engine;
import com.flownurture.engine.HttpWebhookClient;
import com.flownurture.engine.MailTransport;
import com.flownurture.engine.Outbox;
import com.flownurture.engine.SmtpTransport;
import com.flownurture.enrollments.EnrollmentsService;
import com.flownurture.events.EventRepository;
import com.flownurture.events.EventsService;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.CanonicalPath;
import com.flownurture.http.ClientAddress;
import com.flownurture.http.ErrorMapper;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonDirectHandler;
import com.flownurture.http.OpenApi;
import com.flownurture.http.Responses;
import com.flownurture.http.SecurityHeaders;
import com.flownurture.http.SlowRequestGuard;
import com.flownurture.messages.MessagesService;
import com.flownurture.messages.UnsubscribeService;
import com.flownurture.observe.JsonLogFormatter;
import com.flownurture.observe.Meters;
import com.flownurture.observe.MetricsAccess;
import com.flownurture.observe.Readiness;
import com.flownurture.observe.RequestObserver;
import com.flownurture.observe.WatchedTransport;
import com.flownurture.ratelimit.Limiter;
import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.segments.SegmentsService;
import com.flownurture.suppressions.SuppressionsService;
import com.flownurture.tags.TagsService;
import com.flownurture.tracking.TrackingRepository;
import com.flownurture.tracking.TrackingService;
import com.flownurture.tracking.WorkflowStats;
import com.flownurture.tracking.WorkflowStatsService;
import com.flownurture.webhooks.DeliveryWriter;
import com.flownurture.webhooks.SubscriptionRepository;
import com.flownurture.webhooks.WebhookSender;
import com.flownurture.webhooks.WebhooksService;
import com.flownurture.workflows.WorkflowsService;
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
 * The running server: configuration → database → repositories → routes and filters → web server. Tests start it
 * through this same wiring. Closing it stops the listener first, then the database.
 */
public final class App implements AutoCloseable {

    /** The listener that serves {@code /metrics} when it has a port of its own. */
    private static final String METRICS_SOCKET = "metrics";

    private final Components components;
    private final WebServer server;
    private final List<ApiRoutes.Route> routes;
    private final List<DashboardRoutes.Route> pages;
    private final Engine engine;
    private final Outbox outbox;
    private final WebhookSender webhookSender;
    private final SlowRequestGuard guard;
    private final Meters meters;
    private final BounceMailbox bounceMailbox;

    private App(Components components, WebServer server, List<ApiRoutes.Route> routes,
                List<DashboardRoutes.Route> pages, Engine engine, Outbox outbox, WebhookSender webhookSender,
                SlowRequestGuard guard, Meters meters, BounceMailbox bounceMailbox) {
        this.components = components;
        this.server = server;
        this.routes = routes;
        this.pages = pages;
        this.engine = engine;
        this.outbox = outbox;
        this.webhookSender = webhookSender;
        this.guard = guard;
        this.meters = meters;
        this.bounceMailbox = bounceMailbox;
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
        ScopeRules rules = ScopeRules.load(config.auth().scopesFile());
        if (config.logging().json()) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setFormatter(new JsonLogFormatter());
            }
        }
        Components components = Components.open(config, clock);
        Engine engine = null;
        Meters meters = null;
        try {
            meters = meters(components);
            TargetPolicy targets = new TargetPolicy(config.webhooks().allowPrivateTargets());
            Signal webhookWakeup = new Signal();
            DeliveryWriter deliveries = new DeliveryWriter(components.db(), clock, webhookWakeup);
            components.changes().subscribe(deliveries);
            SubscriptionRepository subscriptions = new SubscriptionRepository(components.db(), clock, deliveries,
                    components.secrets());
            meters.gauge("flownurture.webhook.deliveries.pending", "Webhook deliveries still to make",
                    () -> subscriptions.backlog().pending());
            meters.gauge("flownurture.webhook.deliveries.due", "Webhook deliveries due now and not being sent",
                    () -> subscriptions.backlog().due());
            HttpWebhookClient webhookClient = new HttpWebhookClient(targets, config.webhooks().timeout());
            engine = EnginePorts.engine(components, config.engine(), webhookClient, meters);
            Optional<WatchedTransport> smtp = config.mail().smtp()
                    ? Optional.of(new WatchedTransport(new SmtpTransport(config.mail()))) : Optional.empty();
            Readiness readiness = new Readiness(components.db(),
                    config.engine().enabled() ? Optional.of(engine) : Optional.empty(), config.engine().tick(), smtp);
            HttpRouting.Builder routing = HttpRouting.builder();
            ApiRoutes api = new ApiRoutes(routing);
            // Known once the server listens on its port (a random one in tests); links in emails need it.
            AtomicReference<String> publicUrl = new AtomicReference<>(config.mail().publicUrl());
            ConsentRepository consent = new ConsentRepository(components.db(), clock, components.changes(),
                    components.messages(), publicUrl::get);
            ClientAddress clientAddress = new ClientAddress(config.server().trustedProxies());
            services(components, subscriptions, targets, config, consent, clientAddress)
                    .forEach(service -> service.routes(api));
            // Liveness without auth or database: also the baseline of the benchmarks.
            api.publicGet("/health", (req, res) -> Responses.ok(res, Json.createObjectBuilder()
                    .add("status", "UP").build()));
            api.publicGet("/health/ready", readiness::handle);
            OpenApi.register(api);
            rules.requireCovered(api.routes());
            SlowRequestGuard guard = new SlowRequestGuard(config.server().readTimeout());
            // First: every request gets its id, its meter and its log line, whoever answers it.
            routing.addFilter(new RequestObserver(meters, config.logging().json()));
            routing.addFilter(new SecurityHeaders());
            // Before any filter that decides on the path: they and routing then read the same one.
            routing.addFilter(new CanonicalPath());
            routing.addFilter((chain, req, res) -> {
                guard.register(req);
                chain.proceed();
            });
            if (config.metrics().enabled() && !config.metrics().ownPort()) {
                routing.addFilter(new MetricsAccess(config.metrics().openOnApi()).filter());
            }
            routing.addFilter(new ApiFilter(
                    new KeyAuthenticator(new ApiKeys(components.db(), clock), clock),
                    perKeyLimiter(config, components.db()),
                    new RateLimiter(config.rateLimit().failedAuthPerMinute(), System::nanoTime),
                    rules, clientAddress));
            DashboardRoutes pages = Dashboard.register(routing, new Dashboard.Repositories(components.db(),
                    components.keys(), components.contacts(), components.tags(), components.workflows(),
                    components.segments(), components.enrollments(), components.messages(), consent,
                    components.suppressions(), components.orgs()), clock, clientAddress,
                    config.mail().publicUrl().startsWith("https://"));
            routing.addFeature(new NotFound());
            routing.error(Throwable.class, ErrorMapper::handle);
            WebServerConfig.Builder builder = WebServer.builder()
                    .host(config.server().host())
                    .port(config.server().port())
                    .maxPayloadSize(config.server().maxPayloadSize())
                    // An idle keep-alive connection is closed after the read timeout; a request whose headers or
                    // body take longer than that to arrive is cut off by the guard.
                    .connectionOptions(o -> o.readTimeout(config.server().readTimeout()).tcpNoDelay(true))
                    .idleConnectionTimeout(config.server().readTimeout())
                    .addProtocol(Http1Config.builder().addReceiveListener(guard).build())
                    .idleConnectionPeriod(java.time.Duration.ofSeconds(1))
                    // On stop, requests in flight get this long to finish.
                    .shutdownGracePeriod(config.server().shutdown())
                    .directHandlers(JsonDirectHandler.handlers())
                    .featuresDiscoverServices(false)
                    .shutdownHook(false)
                    .routing(routing);
            metricsEndpoint(builder, config, meters);
            WebServer server = builder.build().start();
            AppConfig.Mail mail = withPublicUrl(config, server.port());
            publicUrl.set(mail.publicUrl());
            Outbox outbox = EnginePorts.outbox(components, mail,
                    smtp.<MailTransport>map(t -> t).orElseGet(CaptureTransport::new), config.engine(), meters);
            WebhookSender webhookSender = new WebhookSender(components.db(), components.instances().id(), clock,
                    webhookClient, webhookWakeup, config.engine().tick(), config.engine().lease(), config.webhooks(),
                    components.secrets());
            BounceMailbox bounceMailbox = new BounceMailbox(config.bounces().mailbox(), components.messages(),
                    new BounceRecorder(components.db(), components.messages(), components.suppressions()));
            // Registered before the engine claims anything: the dead instances' claims are free from here on.
            components.instances().start();
            if (config.engine().enabled()) {
                engine.start();
                outbox.start();
                webhookSender.start();
                components.sweep().start();
                if (config.bounces().mailbox().configured()) {
                    bounceMailbox.start();
                }
            }
            return new App(components, server, api.routes(), pages.routes(), engine, outbox, webhookSender, guard,
                    meters, bounceMailbox);
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            if (meters != null) {
                meters.close();
            }
            components.close();
            throw e;
        }
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

    /** The server's meters over these components. */
    private static Meters meters(Components c) {
        Meters meters = new Meters();
        meters.database(c.db());
        meters.gauge("flownurture.outbox.pending", "Messages waiting for delivery", () -> c.messages().pendingCount());
        meters.gauge("flownurture.engine.due.oldest.seconds",
                "How long the longest-waiting due enrollment has been due (0 when none is)",
                () -> c.claims().oldestDueMillis(c.clock().millis()) / 1000.0);
        return meters;
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

    /**
     * The per-key rate limit: in this process on SQLite (one server), in the database on PostgreSQL, where several
     * instances must share each key's budget. Failed authentications stay per instance: they guard each one's CPU.
     */
    private static Limiter perKeyLimiter(AppConfig config, Database db) {
        return limiter(db, config.rateLimit().requestsPerMinute());
    }

    /**
     * Token buckets of {@code perMinute}: in this process on SQLite, in the database on PostgreSQL (shared by the
     * instances; the public form's buckets are keyed apart from the API keys' by a prefix).
     */
    private static Limiter limiter(Database db, int perMinute) {
        return db.dialect() == Dialect.POSTGRES
                ? new SharedRateLimiter(db, perMinute, System::currentTimeMillis)
                : new RateLimiter(perMinute, System::nanoTime);
    }

    /** The mail configuration with the URL recipients reach this server at (for unsubscribe links). */
    private static AppConfig.Mail withPublicUrl(AppConfig config, int port) {
        AppConfig.Mail m = config.mail();
        if (!m.publicUrl().isBlank()) {
            return m;
        }
        String host = config.server().host().equals("0.0.0.0") ? "localhost" : config.server().host();
        return new AppConfig.Mail(m.host(), m.port(), m.username(), m.password(), m.security(), m.fromAddress(),
                m.fromName(), m.ratePerSecond(), m.maxAttempts(), "http://" + host + ":" + port, m.domainLimits());
    }

    private static List<ApiService> services(Components c, SubscriptionRepository subscriptions,
                                             TargetPolicy targets, AppConfig config, ConsentRepository consent,
                                             ClientAddress clientAddress) {
        Idempotency idempotency = new Idempotency(c.db(), c.clock(), req -> Principal.of(req).keyId(), c.secrets());
        return List.of(
                new ContactsService(c.contacts(), consent, idempotency),
                new ConsentService(consent, clientAddress),
                new SettingsService(consent, c.orgs(), idempotency),
                new FormService(consent, new FormSignups(c.db(), c.clock(), c.contacts(), consent,
                        config.forms().emailsPerAddressPerDay()),
                        limiter(c.db(), config.forms().perClientPerMinute()),
                        limiter(c.db(), config.forms().perFormPerMinute()), clientAddress),
                new TagsService(c.tags(), idempotency),
                new WorkflowsService(c.workflows(), idempotency),
                new SegmentsService(c.segments(), idempotency),
                new EnrollmentsService(c.enrollments(), idempotency),
                new MessagesService(c.messages()),
                new SuppressionsService(c.suppressions(), idempotency),
                new UnsubscribeService(c.db(), c.messages(), c.suppressions()),
                new BounceHooksService(c.orgs(), new BounceRecorder(c.db(), c.messages(), c.suppressions()),
                        c.clock(), config.bounces(), new SnsHook(config.bounces())),
                new EventsService(new EventRepository(c.db(), c.clock(), c.changes(), c.contacts(), consent)),
                new WebhooksService(subscriptions, targets, idempotency),
                new TrackingService(new TrackingRepository(c.db(), c.clock(), config.tracking(), c.secrets(),
                        c.messages()), clientAddress),
                new WorkflowStatsService(c.workflows(), new WorkflowStats(c.db())));
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
        return engine;
    }

    /** The outbox sender. */
    public Outbox outbox() {
        return outbox;
    }

    /** The webhook sender. */
    public WebhookSender webhookSender() {
        return webhookSender;
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
        Thread background = Thread.ofPlatform().name("stop-engine").start(() -> {
            engine.close();
            outbox.close();
            webhookSender.close();
            bounceMailbox.close();
        });
        server.stop();
        try {
            background.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        components.claims().releaseAll();
        components.instances().close();
        guard.close();
        meters.close();
        components.close();
    }

}
