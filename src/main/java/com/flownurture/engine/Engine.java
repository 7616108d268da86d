package com.flownurture.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.flownurture.common.Ids;
import com.flownurture.common.Signal;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentClaims;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.messages.MessageRepository;
import com.flownurture.orgs.Organizations;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.workflows.WorkflowRepository;

/**
 * Runs enrollments. A scheduler thread wakes every tick (or at once when an enrollment is made), claims a batch of
 * due enrollments, a fair share per organization, and runs their database-only steps in one transaction; webhook
 * calls go to a bounded pool of workers. The database is
 * the truth: a claim is a row update with a token and a lease, so several processes can share the work, and a
 * crashed worker's claims expire and are taken over. No thread sleeps through a DELAY: a delayed enrollment is
 * simply not due until its {@code next_run_at}, found through an index.
 */
public final class Engine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final EnrollmentClaims claims;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final AppConfig.Engine config;
    private final StepRunner runner;
    private final ExecutorService workers;
    private final PollingLoop scheduler;
    private final AtomicLong ticks = new AtomicLong();
    /** {@link System#nanoTime()} at the end of the last round, for readiness. */
    private volatile long lastTick = System.nanoTime();

    /**
     * The features' objects the engine works through, each the owner of its table. The engine calls them directly,
     * not through ports of its own that only passed each call on: what the engine needs of a feature changes in
     * two files, the feature's class and the engine's class that calls it (docs/decisions.md, "One composition
     * root"). The engine calls only what claims, moves and runs steps; the features never import the engine.
     *
     * @param claims   the claims on due enrollments, their guarded moves and their history
     * @param messages the outbox SEND_EMAIL steps write to
     */
    public record Repositories(EnrollmentClaims claims, EnrollmentRepository enrollments,
                               WorkflowRepository workflows, ContactRepository contacts, TagRepository tags,
                               SegmentRepository segments, Organizations orgs, MessageRepository messages) {
    }

    /**
     * @param wakeup signalled when new work is written (an enrollment)
     * @param outbox signalled when a step queues an email
     */
    public Engine(Database db, Clock clock, Repositories repositories, EngineMetrics metrics,
                  AppConfig.Engine config, WebhookClient webhooks, Signal wakeup, Signal outbox) {
        this.claims = repositories.claims();
        this.metrics = metrics;
        this.clock = clock;
        this.config = config;
        this.runner = new StepRunner(db, clock, repositories, metrics, config, webhooks, outbox);
        // Platform threads: SQLite calls pin a virtual thread's carrier, so database work gets threads of its own.
        this.workers = Executors.newFixedThreadPool(config.workers(), Thread.ofPlatform().name("engine-", 0).factory());
        this.scheduler = new PollingLoop("engine-scheduler", wakeup, config.tick(), this::tick);
    }

    /** Starts the scheduler. */
    public void start() {
        scheduler.start();
    }

    /** Claims and runs one batch; returns how many enrollments it ran. Public for benchmarks and tests. */
    public int tick() {
        int ran = runDue();
        ticks.incrementAndGet();
        lastTick = System.nanoTime();
        return ran;
    }

    /** When the last round ended ({@link System#nanoTime()}), or when the engine was made; for readiness. */
    public long lastTickNanos() {
        return lastTick;
    }

    /**
     * How many rounds ({@link #tick()}) have completed without an error, whether they found work or not. A test that
     * changed something waits for this to move by two (the round in progress may have read the database before the
     * change) before it asserts that the engine did not act on it. Read-only; thread-safe.
     */
    public long ticks() {
        return ticks.get();
    }

    private int runDue() {
        long now = clock.millis();
        List<String> orgs = claims.orgsWithDueWork(now);
        if (orgs.isEmpty()) {
            return 0;
        }
        int share = Math.max(1, config.batchSize() / orgs.size());
        String token = Ids.newId();
        List<Enrollment> claimed = claims.claim(orgs, share, now, now + config.lease().toMillis(), token);
        claimed.forEach(e -> metrics.claimed(e.nextRunAt() == null ? 0 : now - e.nextRunAt()));
        if (claimed.isEmpty()) {
            return 0;
        }
        // Most steps only touch the database: they run in one transaction for the whole batch. Webhook calls and
        // contact updates that may conflict run on the workers, each in transactions of its own.
        List<Enrollment> alone = runner.runBatch(claimed, token);
        List<Future<?>> running = new ArrayList<>();
        for (Enrollment enrollment : alone) {
            running.add(workers.submit(() -> runSafely(enrollment, token)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                LOG.log(Level.ERROR, "engine worker failed", e);
            }
        }
        return claimed.size();
    }

    private void runSafely(Enrollment enrollment, String token) {
        try {
            runner.run(enrollment, token);
        } catch (RuntimeException e) {
            // The claim expires and the step is tried again; the error is logged without contact data.
            LOG.log(Level.WARNING, "enrollment " + enrollment.id() + " step failed; will retry after the lease", e);
        }
    }

    /** Stops claiming, lets in-flight steps finish, then stops the workers. */
    @Override
    public void close() {
        scheduler.close();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
