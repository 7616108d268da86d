package com.flownurture.app;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.flownurture.auth.ApiFilter;
import com.flownurture.auth.ApiKeys;
import com.flownurture.auth.KeyAuthenticator;
import com.flownurture.auth.Principal;
import com.flownurture.auth.ScopeRules;
import com.flownurture.bounces.BounceHooksService;
import com.flownurture.bounces.BounceMailbox;
import com.flownurture.bounces.BounceRecorder;
import com.flownurture.bounces.SnsHook;
import com.flownurture.changes.Changes;
import com.flownurture.common.Signal;
import com.flownurture.common.TargetPolicy;
import com.flownurture.config.AppConfig;
import com.flownurture.consent.ConsentLogWriter;
import com.flownurture.consent.ConsentRepository;
import com.flownurture.consent.ConsentService;
import com.flownurture.consent.DoubleOptIn;
import com.flownurture.consent.FormService;
import com.flownurture.consent.FormSignups;
import com.flownurture.consent.SettingsService;
import com.flownurture.contacts.ContactImport;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.contacts.ContactsService;
import com.flownurture.dashboard.Dashboard;
import com.flownurture.db.Database;
import com.flownurture.db.Dialect;
import com.flownurture.engine.CaptureTransport;
import com.flownurture.engine.Engine;
import com.flownurture.engine.HttpWebhookClient;
import com.flownurture.engine.MailTransport;
import com.flownurture.engine.Outbox;
import com.flownurture.engine.SmtpTransport;
import com.flownurture.enrollments.EnrollmentClaims;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.enrollments.EnrollmentStats;
import com.flownurture.enrollments.EnrollmentsService;
import com.flownurture.enrollments.FunnelCounts;
import com.flownurture.events.EventRepository;
import com.flownurture.events.EventsService;
import com.flownurture.http.ApiService;
import com.flownurture.http.ClientAddress;
import com.flownurture.http.Idempotency;
import com.flownurture.http.SlowRequestGuard;
import com.flownurture.idempotency.IdempotencyKeys;
import com.flownurture.idempotency.SealedResponses;
import com.flownurture.instances.Instances;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.MessagesService;
import com.flownurture.messages.SealedMessages;
import com.flownurture.messages.SendingStats;
import com.flownurture.messages.UnsubscribeService;
import com.flownurture.observe.Meters;
import com.flownurture.observe.Readiness;
import com.flownurture.observe.WatchedTransport;
import com.flownurture.orgs.Organizations;
import com.flownurture.orgs.SealedOrganizations;
import com.flownurture.ratelimit.Limiter;
import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.ratelimit.SharedRateLimiter;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.SecretKeys;
import com.flownurture.secrets.StoredSecrets;
import com.flownurture.segments.SegmentMembers;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.segments.SegmentsService;
import com.flownurture.suppressions.SuppressionRepository;
import com.flownurture.suppressions.SuppressionsService;
import com.flownurture.tags.TagCounts;
import com.flownurture.tags.TagRepository;
import com.flownurture.tags.TagsService;
import com.flownurture.tracking.TrackingRepository;
import com.flownurture.tracking.TrackingService;
import com.flownurture.tracking.WorkflowStats;
import com.flownurture.tracking.WorkflowStatsService;
import com.flownurture.triggers.Happenings;
import com.flownurture.triggers.SegmentSweep;
import com.flownurture.triggers.Triggers;
import com.flownurture.users.Sessions;
import com.flownurture.users.UserRepository;
import com.flownurture.webhooks.DeliveryWriter;
import com.flownurture.webhooks.SealedSubscriptions;
import com.flownurture.webhooks.SubscriptionRepository;
import com.flownurture.webhooks.WebhookSender;
import com.flownurture.webhooks.WebhooksService;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowsService;

/**
 * The composition root: every long-lived object is built here, once, in dependency order, and handed to what uses
 * it through its constructor. {@link #open} builds the database and everything over it that the command-line
 * tools share with the server; {@link #server} adds what only a serving process has (meters, the HTTP services
 * and filters' parts, the engine, the senders). {@code App} assembles the web server from these and starts and
 * stops them; nothing else builds a repository or a service ({@code ArchitectureTest} checks it).
 */
public record Components(AppConfig config, Database db, Clock clock, SecretBox secrets, StoredSecrets storedSecrets,
                         Instances instances, Changes changes, Organizations orgs, ApiKeys keys, TargetPolicy targets,
                         PublicUrl publicUrl, Signal engineWakeup, Signal outboxWakeup, ContactRepository contacts,
                         TagRepository tags, WorkflowRepository workflows, EnrollmentRepository enrollments,
                         EnrollmentClaims claims, SegmentRepository segments, SuppressionRepository suppressions,
                         MessageRepository messages, ConsentRepository consent, UserRepository users,
                         Sessions sessions, Triggers triggers, SegmentSweep sweep, Supplier<ContactImport> imports)
        implements AutoCloseable {

    /**
     * Opens (and migrates) the database, checks that the secret key opens its stored secrets, and builds the
     * repositories and the listeners their writes publish to.
     */
    public static Components open(AppConfig config, Clock clock) {
        Database db = Database.open(config.database());
        SecretBox secrets;
        StoredSecrets storedSecrets;
        try {
            secrets = new SecretBox(SecretKeys.load(config.secrets(), config.database().path(),
                    !StoredSecrets.anyKeyRecorded(db)));
            storedSecrets = new StoredSecrets(db, secrets, clock, sealedTables(db));
            storedSecrets.startUp();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        // Registered and beating only while serving (App); the claims made here carry its id.
        Instances instances = new Instances(db);
        Changes changes = new Changes();
        TargetPolicy targets = new TargetPolicy(config.webhooks().allowPrivateTargets());
        TagRepository tags = new TagRepository(db, clock, changes);
        Signal engineWakeup = new Signal();
        ContactRepository contacts = new ContactRepository(db, clock, changes, new ConsentLogWriter(db));
        WorkflowRepository workflows = new WorkflowRepository(db, clock, tags, targets);
        EnrollmentRepository enrollments = new EnrollmentRepository(db, clock, changes, contacts, workflows,
                engineWakeup);
        // Archiving a workflow ends its enrollments: the enrollments' rule, heard in the archiving transaction.
        workflows.subscribe(enrollments);
        SegmentRepository segments = new SegmentRepository(db, clock, tags);
        SuppressionRepository suppressions = new SuppressionRepository(db, clock, contacts, config.suppression());
        MessageRepository messages = new MessageRepository(db, clock, changes, suppressions, instances.id(), secrets);
        PublicUrl publicUrl = new PublicUrl(config.mail().publicUrl());
        Happenings happenings = new Happenings(new SegmentMembers(db, clock, segments));
        Triggers triggers = new Triggers(workflows, enrollments, happenings, engineWakeup);
        // Workflows start and stop themselves: triggers hear every write, and every workflow saved.
        changes.subscribe(triggers);
        workflows.subscribe(triggers);
        Organizations orgs = new Organizations(db, clock, secrets);
        return new Components(config, db, clock, secrets, storedSecrets, instances, changes,
                orgs, new ApiKeys(db, clock), targets, publicUrl, engineWakeup,
                new Signal(), contacts, tags, workflows, enrollments,
                new EnrollmentClaims(db, clock, changes, instances.id()), segments, suppressions, messages,
                new ConsentRepository(db, clock, orgs, contacts, publicUrl), new UserRepository(db, clock),
                new Sessions(db, clock), triggers, new SegmentSweep(db, workflows, triggers, happenings),
                // An import keeps the tags it met: a new one for each file.
                () -> new ContactImport(db, contacts, tags));
    }

    /**
     * What a serving process adds to the components; {@code App} starts and stops it. The events, tracking and
     * subscription repositories are here beside the services over them for the demo's history, which writes
     * through them.
     */
    public record Server(ScopeRules rules, Meters meters, Readiness readiness, ApiFilter apiFilter,
                         List<ApiService> services, Dashboard.Parts dashboard, Engine engine, Outbox outbox,
                         WebhookSender webhookSender, BounceMailbox bounceMailbox, SlowRequestGuard guard,
                         EventRepository events, TrackingRepository tracking, SubscriptionRepository subscriptions)
            implements AutoCloseable {

        /** Lets the engine, the senders and the bounce mailbox finish what they hold, and stops them. */
        public void stopBackground() {
            engine.close();
            outbox.close();
            webhookSender.close();
            bounceMailbox.close();
        }

        /** Stops the background work (a second stop returns at once), the guard's watchdog and the meters. */
        @Override
        public void close() {
            stopBackground();
            guard.close();
            meters.close();
        }
    }

    /**
     * Builds the serving process's parts over these components: first what can refuse the configuration (a
     * malformed scope rule, a bad sender address), then the meters and what counts into them, the threads last.
     * Webhook deliveries are written from here on; the command-line tools' writes publish to the triggers only.
     *
     * @throws IllegalStateException when a scope rule is malformed
     */
    public Server server() {
        ScopeRules rules = ScopeRules.load(config.auth().scopesFile());
        ClientAddress clientAddress = new ClientAddress(config.server().trustedProxies());
        Optional<WatchedTransport> smtp = config.mail().smtp()
                ? Optional.of(new WatchedTransport(new SmtpTransport(config.mail()))) : Optional.empty();
        Signal webhookWakeup = new Signal();
        DeliveryWriter deliveries = new DeliveryWriter(db, clock, webhookWakeup);
        changes.subscribe(deliveries);
        SubscriptionRepository subscriptions = new SubscriptionRepository(db, clock, deliveries, secrets);
        BounceRecorder bounces = new BounceRecorder(db, messages, suppressions);
        DoubleOptIn doubleOptIn = new DoubleOptIn(db, contacts, consent, messages, changes, publicUrl);
        EventRepository events = new EventRepository(db, clock, changes, contacts, doubleOptIn);
        WorkflowStats workflowStats = new WorkflowStats(db);
        TrackingRepository tracking = new TrackingRepository(db, clock, config.tracking(), secrets, messages);
        List<ApiService> services = services(subscriptions, bounces, clientAddress, doubleOptIn, events,
                workflowStats, tracking);
        ApiFilter apiFilter = new ApiFilter(new KeyAuthenticator(keys, clock),
                limiter(config.rateLimit().requestsPerMinute()),
                new RateLimiter(config.rateLimit().failedAuthPerMinute(), clock), rules, clientAddress);
        Dashboard.Parts dashboard = new Dashboard.Parts(db, clock, keys, contacts, tags, workflows, segments,
                enrollments, messages, consent, suppressions, orgs, users, sessions, imports, new TagCounts(db),
                new FunnelCounts(db), new EnrollmentStats(db), new SendingStats(db), clientAddress,
                config.mail().publicUrl().startsWith("https://"), subscriptions, targets, events, workflowStats);
        HttpWebhookClient webhookClient = new HttpWebhookClient(targets, config.webhooks().timeout());
        Meters meters = meters(subscriptions);
        Engine engine = new Engine(db, clock, new Engine.Repositories(claims, enrollments, workflows, contacts, tags,
                segments, orgs, messages), meters, config.engine(), webhookClient, engineWakeup, outboxWakeup);
        Outbox outbox = new Outbox(db, clock, messages, meters, config.mail(), publicUrl,
                smtp.<MailTransport>map(t -> t).orElseGet(CaptureTransport::new), outboxWakeup,
                config.engine().tick(), config.engine().lease());
        WebhookSender webhookSender = new WebhookSender(db, instances.id(), clock, webhookClient, webhookWakeup,
                config.engine().tick(), config.engine().lease(), config.webhooks(), secrets);
        Readiness readiness = new Readiness(db, instances,
                config.engine().enabled() ? Optional.of(engine) : Optional.empty(), config.engine().tick(), smtp);
        return new Server(rules, meters, readiness, apiFilter, services, dashboard, engine, outbox, webhookSender,
                new BounceMailbox(config.bounces().mailbox(), messages, bounces),
                new SlowRequestGuard(config.server().readTimeout()), events, tracking, subscriptions);
    }

    /** The server's meters: the database's, and gauges of the outbox, the engine and the webhook deliveries. */
    private Meters meters(SubscriptionRepository subscriptions) {
        Meters meters = new Meters();
        meters.database(db);
        meters.gauge("flownurture.outbox.pending", "Messages waiting for delivery", messages::pendingCount);
        meters.gauge("flownurture.engine.due.oldest.seconds",
                "How long the longest-waiting due enrollment has been due (0 when none is)",
                () -> claims.oldestDueMillis(clock.millis()) / 1000.0);
        meters.gauge("flownurture.webhook.deliveries.pending", "Webhook deliveries still to make",
                () -> subscriptions.backlog().pending());
        meters.gauge("flownurture.webhook.deliveries.due", "Webhook deliveries due now and not being sent",
                () -> subscriptions.backlog().due());
        return meters;
    }

    /** The API's services, each of which registers its routes. */
    private List<ApiService> services(SubscriptionRepository subscriptions, BounceRecorder bounces,
                                      ClientAddress clientAddress, DoubleOptIn doubleOptIn, EventRepository events,
                                      WorkflowStats workflowStats, TrackingRepository tracking) {
        Idempotency idempotency = new Idempotency(db, new IdempotencyKeys(db, clock, secrets),
                req -> Principal.of(req).keyId());
        return List.of(
                new ContactsService(contacts, doubleOptIn, idempotency),
                new ConsentService(consent, doubleOptIn, clientAddress),
                new SettingsService(consent, orgs, idempotency),
                new FormService(consent, new FormSignups(db, clock, contacts, doubleOptIn,
                        config.forms().emailsPerAddressPerDay()),
                        limiter(config.forms().perClientPerMinute()), limiter(config.forms().perFormPerMinute()),
                        clientAddress),
                new TagsService(tags, idempotency),
                new WorkflowsService(workflows, idempotency),
                new SegmentsService(segments, idempotency),
                new EnrollmentsService(enrollments, idempotency),
                new MessagesService(messages),
                new SuppressionsService(suppressions, idempotency),
                new UnsubscribeService(db, messages, suppressions),
                new BounceHooksService(orgs, bounces, clock, config.bounces(), new SnsHook(config.bounces())),
                new EventsService(events),
                new WebhooksService(subscriptions, targets, idempotency),
                new TrackingService(tracking, clientAddress),
                new WorkflowStatsService(workflows, workflowStats));
    }

    /**
     * Token buckets of {@code perMinute}: in this process on SQLite (one server), in the database on PostgreSQL,
     * where several instances must share each key's budget (the public form's buckets are keyed apart from the API
     * keys' by a prefix). Failed authentications stay per instance: they guard each one's CPU.
     */
    private Limiter limiter(int perMinute) {
        return db.dialect() == Dialect.POSTGRES
                ? new SharedRateLimiter(db, perMinute, clock::millis)
                : new RateLimiter(perMinute, clock);
    }

    /**
     * The URL recipients reach this server at, for the links in emails and the subscription form:
     * {@code mail.public-url}, or, when that is blank, the server's own address once it listens (a random port in
     * tests). Thread-safe.
     */
    public static final class PublicUrl implements Supplier<String> {

        private final String configured;
        private volatile String url;

        PublicUrl(String configured) {
            this.configured = configured;
            this.url = configured;
        }

        /** The server listens on {@code port}: without a configured URL, links point there. */
        void listening(String host, int port) {
            if (configured.isBlank()) {
                url = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + port;
            }
        }

        @Override
        public String get() {
            return url;
        }
    }

    /** Every table with sealed columns, each from its owner: what sealing at start-up and a key rotation cover. */
    public static List<SealedTable> sealedTables(Database db) {
        return List.of(new SealedOrganizations(db), SealedSubscriptions.of(db), SealedMessages.of(db),
                SealedResponses.of(db));
    }

    @Override
    public void close() {
        sweep.close();
        db.close();
    }
}
