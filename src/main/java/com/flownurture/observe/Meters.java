package com.flownurture.observe;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.flownurture.db.Database;
import com.flownurture.engine.EngineMetrics;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.metrics.systemmeters.SystemMetersProvider;

/**
 * The server's own meters, in Helidon's registry (one per JVM), served in Prometheus text format at {@code /metrics}
 * beside Helidon's JVM and process meters. Closing removes this server's meters, so a server started later in the
 * same JVM (tests) starts from zero with gauges over its own database.
 * Prometheus conventions: base units ({@code _seconds}), {@code _total} counters, and labels of bounded
 * cardinality: a route template, never a raw path or an id. docs/operations.md#metrics lists every meter. Thread-safe.
 */
public final class Meters implements EngineMetrics, AutoCloseable {

    /** Request durations' histogram buckets, from a point read to a slow segment count. */
    private static final Duration[] REQUEST_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** Lag buckets: a healthy engine runs due work within a tick or two; a backlog shows in seconds. */
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)};
    private static final Duration[] COMMIT_BUCKETS = {Duration.ofNanos(250_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    /** Every meter this server made, removed on close. */
    private final java.util.List<Meter> own = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** One timer per route template, method and status, made on first use. */
    private final ConcurrentHashMap<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> steps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> stepFailures = new ConcurrentHashMap<>();
    private final Counter rateLimited;
    private final Counter claimed;
    private final Timer lag;
    private final Counter sent;
    private final Counter sendFailures;

    private record RequestKey(String route, String method, int status) {
    }

    public Meters() {
        this.registry = Services.get(MeterRegistry.class);
        // Helidon's JVM and process meters (memory, GC, threads, CPU, class loading, uptime), into this registry.
        for (Meter.Builder<?, ?> meter : new SystemMetersProvider().meterBuilders(Services.get(MetricsFactory.class))) {
            register(meter);
        }
        this.rateLimited = counter("flownurture.rate.limit.refusals",
                "Requests refused with 429: a key over its budget, or an address over its failed authentications");
        this.claimed = counter("flownurture.engine.claimed", "Enrollments claimed by this instance's engine");
        this.lag = mine(Timer.builder("flownurture.engine.lag")
                .description("How late each claimed enrollment ran: claim time minus its due time")
                .buckets(LAG_BUCKETS));
        this.sent = counter("flownurture.outbox.sent", "Messages delivered (or recorded by the capture outbox)");
        this.sendFailures = counter("flownurture.outbox.failures", "Messages failed for good");
    }

    /** The registry the metrics endpoint serves. */
    public MeterRegistry registry() {
        return registry;
    }

    /** One answered request: its route template ({@code unmatched} when none), method, status and duration. */
    public void request(String route, String method, int status, long nanos) {
        requests.computeIfAbsent(new RequestKey(route, method, status), k -> mine(
                Timer.builder("flownurture.http.requests")
                        .description("HTTP requests by route template, method and status, with their durations")
                        .tags(java.util.List.of(Tag.create("route", k.route()), Tag.create("method", k.method()),
                                Tag.create("status", Integer.toString(k.status()))))
                        .percentiles(new double[0])
                        .buckets(REQUEST_BUCKETS)))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (status == 429) {
            rateLimited.increment();
        }
    }

    /** One executed step of a type; {@code failed} when it failed or is to be retried. */
    @Override
    public void step(String type, boolean failed) {
        steps.computeIfAbsent(type, t -> counter("flownurture.engine.steps", "Steps executed, by step type",
                Tag.create("type", t))).increment();
        if (failed) {
            stepFailures.computeIfAbsent(type, t -> counter("flownurture.engine.step.failures",
                    "Steps that failed or are retried (a webhook's error, a taken email), by step type",
                    Tag.create("type", t))).increment();
        }
    }

    /** An enrollment claimed {@code lateMillis} after it was due. */
    @Override
    public void claimed(long lateMillis) {
        claimed.increment();
        lag.record(Math.max(0, lateMillis), TimeUnit.MILLISECONDS);
    }

    /** Messages delivered. */
    @Override
    public void sent(int count) {
        sent.increment(count);
    }

    /** Messages failed for good. */
    @Override
    public void sendFailed(int count) {
        sendFailures.increment(count);
    }

    /**
     * The database's meters, gauges read when scraped: pool use, reads queued for a reader thread, write commit
     * times, and on SQLite the writer thread's queue (PostgreSQL has no single writer: a write waits for a pooled
     * connection, which {@code pool.waiting} shows).
     */
    public void database(Database db) {
        gauge("flownurture.db.pool.active", "Database connections in use", () -> db.poolUse().active());
        gauge("flownurture.db.pool.idle", "Database connections idle in the pool", () -> db.poolUse().idle());
        gauge("flownurture.db.pool.max", "The most database connections the pool opens", () -> db.poolUse().max());
        gauge("flownurture.db.pool.waiting", "Threads waiting for a database connection",
                () -> db.poolUse().waiting());
        gauge("flownurture.db.reads.queued", "Reads waiting for a thread of the reader pool",
                () -> db.poolUse().readsQueued());
        if (db.writerQueueLength().isPresent()) {
            gauge("flownurture.db.writer.queue", "Writes waiting for the writer thread",
                    () -> db.writerQueueLength().orElse(0));
        }
        Timer commits = mine(Timer.builder("flownurture.db.writer.commit")
                .description("Write transactions, BEGIN to COMMIT (on SQLite one commits a group of concurrent writes)")
                .buckets(COMMIT_BUCKETS));
        db.onCommit(nanos -> commits.record(nanos, TimeUnit.NANOSECONDS));
    }

    /** A gauge read from the database when scraped (outbox depth, the oldest due work). */
    public void gauge(String name, String description, Supplier<? extends Number> value) {
        mine(Gauge.builder(name, () -> value.get().doubleValue()).description(description));
    }

    /** Registers a builder whose meter type is not known here (Helidon's system meters). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void register(Meter.Builder meter) {
        registry.getOrCreate(meter);
    }

    private Counter counter(String name, String description, Tag... tags) {
        return mine(Counter.builder(name).description(description).tags(java.util.List.of(tags)));
    }

    private <B extends Meter.Builder<B, M>, M extends Meter> M mine(B builder) {
        M meter = registry.getOrCreate(builder);
        own.add(meter);
        return meter;
    }

    /** Removes this server's meters from the registry (Helidon's JVM meters stay). */
    @Override
    public void close() {
        own.forEach(registry::remove);
    }
}
