package com.flownurture.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.flownurture.common.Ids;
import com.flownurture.common.Signal;
import com.flownurture.common.WebhookSignature;
import com.flownurture.config.AppConfig;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.engine.PollingLoop;
import com.flownurture.engine.WebhookClient;
import com.flownurture.engine.Webhooks;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;

/**
 * Sends the deliveries outbox. Each round claims, for every subscription with deliveries due and none in flight,
 * the run of due deliveries at the head of its queue (up to {@value #BATCH}) with a guarded UPDATE, a lease and this
 * instance's id, all in one write; a run another instance won meanwhile is let go whole, so several processes share
 * the database and never send the same run. A sender that dies delays its run only until its instance is forgotten
 * (seconds; the lease is the last resort); the run is then sent again: receivers drop duplicates by
 * {@code X-FlowNurture-Delivery}.
 * A virtual thread per claimed run sends it in order, stops at the first failure, and records every outcome in
 * one write. A failure is retried with exponential backoff (from {@link #FIRST_RETRY}, at most
 * {@link #MAX_RETRY} apart) until 24 hours after the delivery was created, then it is FAILED and the next one goes.
 * Thread-safe.
 */
public final class WebhookSender implements AutoCloseable {

    static final int BATCH = 100;
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    private static final int MAX_ERROR = 500;

    private final Database db;
    private final String instance;
    private final Clock clock;
    private final WebhookClient client;
    private final Signal wakeup;
    private final Duration lease;
    private final Duration timeout;
    private final int concurrency;
    private final SecretBox secrets;
    private final PollingLoop loop;
    private final Statement dueSubscriptions;
    private final Statement head;
    private final Statement expire;
    private final Statement claimRun;
    private final Statement release;
    private final Statement delivered;
    private final Statement retry;
    /** The subscriptions whose run this process is sending, never claimed twice at once. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closing;

    /** A claimed run of one subscription's deliveries. */
    private record Run(String subscriptionId, String url, String secret, String claim, List<Item> items) {
    }

    private record Item(long seq, String id, String type, String payload, int attempts) {
    }

    /** A subscription with deliveries due, and what sending to it needs. */
    private record Due(String id, String orgId, String url, String secret) {
    }

    /**
     * One of the first deliveries still to make of a subscription.
     *
     * @param orphaned whether its claim is held by an instance that is gone
     */
    private record Head(Item item, DeliveryStatus status, long nextAttemptAt, Long leaseUntil, long expiresAt,
                        boolean orphaned) {
    }

    /** How one attempt went: the receiver's status (null when it gave none) and, when it failed, why. */
    private record Outcome(Item item, Integer status, String error) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /**
     * @param instance this server instance ({@code instances/Instances}), which its claims name
     * @param wakeup   woken when deliveries are written
     * @param tick     how often to look for due deliveries when not woken
     * @param lease    how long a claimed run is owned before a crash is assumed (the last resort: a run whose
     *                 instance is gone is free at once)
     */
    public WebhookSender(Database db, String instance, Clock clock, WebhookClient client, Signal wakeup,
                         Duration tick, Duration lease, AppConfig.Webhooks config, SecretBox secrets) {
        this.db = db;
        this.instance = instance;
        this.clock = clock;
        this.client = client;
        this.wakeup = wakeup;
        this.lease = lease;
        this.timeout = config.timeout();
        this.concurrency = config.concurrency();
        this.secrets = secrets;
        this.loop = new PollingLoop("webhook-sender", wakeup, tick, this::sendDue);
        this.dueSubscriptions = db.statement("delivery-due-subscriptions");
        this.head = db.statement("delivery-head");
        this.expire = db.statement("delivery-expire");
        this.claimRun = db.statement("delivery-claim");
        this.release = db.statement("delivery-release");
        this.delivered = db.statement("delivery-delivered");
        this.retry = db.statement("delivery-retry");
    }

    /** Starts sending. */
    public void start() {
        loop.start();
    }

    /** Rounds completed by the sending thread ({@link PollingLoop#rounds()}). */
    public long rounds() {
        return loop.rounds();
    }

    /** How many subscriptions' runs this sender is sending now (claimed, not yet recorded). */
    public int sending() {
        return inFlight.size();
    }

    /** Claims what is due and starts sending it; returns how many runs it started. */
    int sendDue() {
        int free = concurrency - inFlight.size();
        long now = clock.millis();
        if (free <= 0 || !anyDue(now)) {
            return 0;
        }
        String claim = Ids.newId();
        List<Run> claimed = db.write(tx -> claim(tx, now, free, claim));
        for (Run run : claimed) {
            inFlight.add(run.subscriptionId());
            runs.submit(() -> send(run));
        }
        return claimed.size();
    }

    /** A cheap read first: a server with nothing due (idle, or every receiver in backoff) writes nothing. */
    private boolean anyDue(long now) {
        return db.exists(dueSubscriptions, Params.of("now", now, "limit", 1));
    }

    private List<Run> claim(Tx tx, long now, int max, String claim) {
        List<Run> claimed = new ArrayList<>();
        List<Due> due = tx.list(dueSubscriptions, Params.of("now", now, "limit", max),
                r -> new Due(r.string("id"), r.string("org_id"), r.string("url"), r.string("secret")));
        for (Due subscription : due) {
            String id = subscription.id();
            if (inFlight.contains(id)) {
                continue; // its lease ran out while this process still sends it (a clock moved in tests)
            }
            List<Item> items = new ArrayList<>();
            long first = -1;
            long last = -1;
            for (Head h : tx.list(head, Params.of("subscription", id, "limit", BATCH), WebhookSender::head)) {
                long seq = h.item().seq();
                if (h.status() == DeliveryStatus.SENDING && h.leaseUntil() != null && h.leaseUntil() > now
                        && !h.orphaned()) {
                    break; // another live sender holds it; order says wait
                }
                if (h.expiresAt() <= now) {
                    if (!items.isEmpty()) {
                        break;
                    }
                    tx.update(expire, Params.of("seq", seq, "now", now));
                    continue;
                }
                if (h.nextAttemptAt() > now) {
                    break;
                }
                first = first < 0 ? seq : first;
                last = seq;
                items.add(h.item());
            }
            if (items.isEmpty()) {
                continue;
            }
            long won = tx.update(claimRun, Params.of("lease", now + lease.toMillis(), "claim", claim,
                    "instance", instance, "subscription", id, "first", first, "last", last, "now", now));
            if (won < items.size()) {
                // Another instance claimed some of the run between the reads above and this update (PostgreSQL
                // re-checks the guard once that claim commits): sending them here would deliver them twice.
                tx.update(release, Params.of("subscription", id, "claim", claim));
            } else {
                claimed.add(new Run(id, subscription.url(), secrets.open(StoredSecret.SUBSCRIPTION_SECRET,
                        subscription.orgId(), subscription.secret()), claim, items));
            }
        }
        return claimed;
    }

    private static Head head(Row r) {
        return new Head(new Item(r.longValue("seq"), r.string("id"), r.string("event_type"), r.string("payload"),
                (int) r.longValue("attempts")), DeliveryStatus.valueOf(r.string("status")),
                r.longValue("next_attempt_at"), r.nullableLong("lease_until"), r.longValue("expires_at"),
                r.bool("orphaned"));
    }

    /** Sends a run in order, up to its first failure or the end of its lease, and records how it went. */
    private void send(Run run) {
        try {
            // Stop while the lease still holds, with time left for the last attempt and the record.
            long window = Math.max(lease.minus(timeout.multipliedBy(2)).toNanos(), lease.toNanos() / 2);
            long stopAt = System.nanoTime() + window;
            List<Outcome> outcomes = new ArrayList<>();
            for (Item item : run.items()) {
                if (closing || System.nanoTime() > stopAt) {
                    break;
                }
                Outcome outcome = attempt(run, item);
                outcomes.add(outcome);
                if (!outcome.delivered()) {
                    break;
                }
            }
            record(run, outcomes);
        } finally {
            inFlight.remove(run.subscriptionId());
            wakeup.wake();
        }
    }

    private Outcome attempt(Run run, Item item) {
        byte[] body = item.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-FlowNurture-Event", item.type());
        headers.putAll(WebhookSignature.headers(run.secret(), timestamp, item.id(), body));
        try {
            int status = client.post(run.url(), headers, body, timeout);
            return new Outcome(item, status, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (Exception e) {
            String error = Webhooks.failure(e);
            return new Outcome(item, null, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
        }
    }

    private void record(Run run, List<Outcome> outcomes) {
        long now = clock.millis();
        Map<Integer, List<Long>> deliveredByStatus = new TreeMap<>();
        outcomes.stream().filter(Outcome::delivered).forEach(o ->
                deliveredByStatus.computeIfAbsent(o.status(), code -> new ArrayList<>()).add(o.item().seq()));
        db.write(tx -> {
            deliveredByStatus.forEach((code, seqs) -> tx.update(delivered, Params.of("code", code, "now", now,
                    "seqs", seqs.toString(), "claim", run.claim())));
            for (Outcome o : outcomes) {
                if (!o.delivered()) {
                    long delay = Math.min(FIRST_RETRY.toMillis() << Math.min(o.item().attempts(), 20),
                            MAX_RETRY.toMillis());
                    tx.update(retry, Params.of("code", o.status(), "error", o.error(), "now", now,
                            "next", now + delay, "id", o.item().id(), "claim", run.claim()));
                }
            }
            return tx.update(release, Params.of("subscription", run.subscriptionId(), "claim", run.claim()));
        });
    }

    /** Stops claiming, lets the runs in hand finish their current delivery and record it. */
    @Override
    public void close() {
        closing = true;
        loop.close();
        runs.shutdown();
        try {
            runs.awaitTermination(timeout.toMillis() * 2 + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
