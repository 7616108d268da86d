package com.flownurture.webhooks;

import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

/**
 * Webhook subscriptions and their deliveries, as the API manages them. Every statement is filtered by organization
 * (deliveries through their subscription). Each write also drops the organization's subscriptions from the
 * listener's cache, inside the transaction and again after it, so the next change sees them. Thread-safe.
 */
public final class SubscriptionRepository {

    /** How long a delivery is tried before it is FAILED. */
    static final Duration RETRY_FOR = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;
    private final DeliveryWriter writer;
    private final SecretBox secrets;
    private final Statement backlog;
    private final Statement insert;
    private final Statement get;
    private final Statement list;
    private final Statement count;
    private final Statement update;
    private final Statement rotate;
    private final Statement delete;
    private final Statement deliveryList;
    private final Statement deliveryCount;
    private final Statement deliveryReplay;
    private final Statement deliveryGet;
    private final Statement deliveryLatest;

    /** @param secrets seals the subscriptions' signing secrets at rest */
    public SubscriptionRepository(Database db, Clock clock, DeliveryWriter writer, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.writer = writer;
        this.secrets = secrets;
        this.backlog = db.statement("delivery-backlog");
        this.insert = db.statement("webhook-insert");
        this.get = db.statement("webhook-get");
        this.list = db.statement("webhook-list");
        this.count = db.statement("webhook-count");
        this.update = db.statement("webhook-update");
        this.rotate = db.statement("webhook-rotate");
        this.delete = db.statement("webhook-delete");
        this.deliveryList = db.statement("delivery-list");
        this.deliveryCount = db.statement("delivery-count");
        this.deliveryReplay = db.statement("delivery-replay");
        this.deliveryGet = db.statement("delivery-get");
        this.deliveryLatest = db.statement("delivery-latest");
    }

    /** A page of items and the total. */
    public record Page<T>(List<T> items, long total) {
    }

    /** What a client may set on a subscription. */
    public record Fields(String url, List<String> events, String description) {
    }

    /** Every organization's deliveries still to make, and how many of them are due now. */
    public record Backlog(long pending, long due) {
    }

    /** The deliveries still to make across organizations (metrics; one query over the open deliveries' index). */
    public Backlog backlog() {
        return db.one(backlog, Params.of("now", clock.millis()),
                r -> new Backlog(r.longValue("pending"), r.longValue("due"))).orElseThrow();
    }

    /** Creates a subscription with a new secret. */
    public Subscription create(String orgId, Fields fields) {
        long now = clock.millis();
        Subscription s = new Subscription(Ids.newId(), fields.url(), fields.events(), fields.description(),
                newSecret(), now, now);
        changing(orgId, s.id(), tx -> tx.update(insert, Params.of("id", s.id(), "org", orgId, "url", s.url(),
                "events", eventsJson(s.events()), "description", s.description(),
                "secret", secrets.seal(StoredSecret.SUBSCRIPTION_SECRET, orgId, s.secret()), "now", now)));
        return s;
    }

    /** One subscription, or not found. */
    public Subscription get(String orgId, String id) {
        return find(db, orgId, id).orElseThrow(SubscriptionRepository::notFound);
    }

    /** A page of subscriptions, newest first. */
    public Page<Subscription> list(String orgId, PageRequest page) {
        return db.read(reads -> {
            List<Subscription> items = reads.list(list, Params.of("org", orgId, "limit", page.limit(),
                    "offset", page.offset()), row -> toSubscription(orgId, row));
            long total = reads.one(count, Params.of("org", orgId), r -> r.longValue("total")).orElse(0L);
            return new Page<>(items, total);
        });
    }

    /** Replaces the URL, event types and description. */
    public Subscription update(String orgId, String id, Fields fields) {
        return changing(orgId, id, tx -> tx.update(update, Params.of("org", orgId, "id", id, "url", fields.url(),
                "events", eventsJson(fields.events()), "description", fields.description(), "now", clock.millis())));
    }

    /** Gives the subscription a new secret; the old one stops signing at once. */
    public Subscription rotateSecret(String orgId, String id) {
        String secret = newSecret();
        return changing(orgId, id, tx -> tx.update(rotate, Params.of("org", orgId, "id", id,
                "secret", secrets.seal(StoredSecret.SUBSCRIPTION_SECRET, orgId, secret), "now", clock.millis())));
    }

    /** Deletes a subscription and its deliveries. */
    public void delete(String orgId, String id) {
        changing(orgId, null, tx -> tx.update(delete, Params.of("org", orgId, "id", id)));
    }

    /** A page of a subscription's deliveries, newest first. */
    public Page<Delivery> deliveries(String orgId, String id, PageRequest page) {
        get(orgId, id);
        return db.read(reads -> {
            List<Delivery> items = reads.list(deliveryList, Params.of("subscription", id, "limit", page.limit(),
                    "offset", page.offset()), SubscriptionRepository::toDelivery);
            long total = reads.one(deliveryCount, Params.of("subscription", id), r -> r.longValue("total"))
                    .orElse(0L);
            return new Page<>(items, total);
        });
    }

    /** The latest delivery of each of these subscriptions that has one, by subscription id. */
    public Map<String, Delivery> latestDeliveries(String orgId, List<String> ids) {
        return db.read(reads -> {
            Map<String, Delivery> latest = new HashMap<>();
            for (String id : ids) {
                reads.one(deliveryLatest, Params.of("org", orgId, "subscription", id),
                        SubscriptionRepository::toDelivery).ifPresent(d -> latest.put(id, d));
            }
            return latest;
        });
    }

    /** Queues a delivery's payload again, as a new delivery (new id) at the end of the subscription's queue. */
    public Delivery replay(String orgId, String id, String deliveryId) {
        String newId = Ids.newId();
        Delivery queued = db.write(tx -> {
            find(tx, orgId, id).orElseThrow(SubscriptionRepository::notFound);
            long now = clock.millis();
            long inserted = tx.update(deliveryReplay, Params.of("newId", newId, "subscription", id, "id", deliveryId,
                    "now", now, "expires", now + RETRY_FOR.toMillis()));
            if (inserted == 0) {
                throw new NotFoundException("Delivery not found");
            }
            return tx.one(deliveryGet, Params.of("subscription", id, "id", newId), SubscriptionRepository::toDelivery)
                    .orElseThrow();
        });
        writer.wakeSender();
        return queued;
    }

    /**
     * Runs a write that changes an organization's subscriptions: not found when it changed no row; else the
     * subscription {@code id} as the write left it, read in its transaction (null for none).
     */
    private Subscription changing(String orgId, String id, Function<Tx, Long> work) {
        try {
            return db.write(tx -> {
                writer.invalidate(orgId);
                if (work.apply(tx) == 0) {
                    throw notFound();
                }
                return id == null ? null : find(tx, orgId, id).orElseThrow();
            });
        } finally {
            writer.invalidate(orgId);
        }
    }

    private Optional<Subscription> find(Reads reads, String orgId, String id) {
        return reads.one(get, Params.of("org", orgId, "id", id), row -> toSubscription(orgId, row));
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String eventsJson(List<String> events) {
        return Json.createArrayBuilder(events).build().toString();
    }

    static List<String> parseEvents(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    private Subscription toSubscription(String orgId, Row row) {
        return new Subscription(row.string("id"), row.string("url"), parseEvents(row.string("events")),
                row.string("description"), secrets.open(StoredSecret.SUBSCRIPTION_SECRET, orgId, row.string("secret")),
                row.longValue("created_at"), row.longValue("updated_at"));
    }

    private static Delivery toDelivery(Row row) {
        Long lastStatus = row.nullableLong("last_status");
        return new Delivery(row.string("id"), row.string("event_type"), DeliveryStatus.valueOf(row.string("status")),
                (int) row.longValue("attempts"), row.longValue("next_attempt_at"),
                lastStatus == null ? null : lastStatus.intValue(), row.string("last_error"),
                row.nullableLong("last_attempt_at"), row.longValue("created_at"), row.nullableLong("delivered_at"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Webhook not found");
    }
}
