package com.flownurture.webhooks;

import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
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

    /** @param secrets seals the subscriptions' signing secrets at rest */
    public SubscriptionRepository(Database db, Clock clock, DeliveryWriter writer, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.writer = writer;
        this.secrets = secrets;
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
        return db.query("delivery-backlog", Map.of("now", clock.millis()),
                r -> new Backlog(Rows.longValue(r, "pending"), Rows.longValue(r, "due"))).getFirst();
    }

    /** Creates a subscription with a new secret. */
    public Subscription create(String orgId, Fields fields) {
        long now = clock.millis();
        Subscription s = new Subscription(Ids.newId(), fields.url(), fields.events(), fields.description(),
                newSecret(), now, now);
        changing(orgId, s.id(), tx -> tx.createNamedInsert("webhook-insert").addParam("id", s.id()).addParam("org", orgId)
                .addParam("url", s.url()).addParam("events", eventsJson(s.events()))
                .addParam("description", s.description())
                .addParam("secret", secrets.seal(StoredSecret.SUBSCRIPTION_SECRET, orgId, s.secret()))
                .addParam("now", now)
                .execute());
        return s;
    }

    /** One subscription, or not found. */
    public Subscription get(String orgId, String id) {
        return db.read(exec -> find(exec, orgId, id)).orElseThrow(SubscriptionRepository::notFound);
    }

    /** A page of subscriptions, newest first. */
    public Page<Subscription> list(String orgId, PageRequest page) {
        return db.read(exec -> {
            List<Subscription> items;
            try (Stream<DbRow> rows = exec.createNamedQuery("webhook-list").addParam("org", orgId)
                    .addParam("limit", page.limit()).addParam("offset", page.offset()).execute()) {
                items = rows.map(row -> toSubscription(orgId, row)).toList();
            }
            long total = exec.createNamedGet("webhook-count").addParam("org", orgId).execute()
                    .map(r -> Rows.longValue(r, "total")).orElse(0L);
            return new Page<>(items, total);
        });
    }

    /** Replaces the URL, event types and description. */
    public Subscription update(String orgId, String id, Fields fields) {
        return changing(orgId, id, tx -> tx.createNamedUpdate("webhook-update").addParam("org", orgId).addParam("id", id)
                .addParam("url", fields.url()).addParam("events", eventsJson(fields.events()))
                .addParam("description", fields.description()).addParam("now", clock.millis()).execute());
    }

    /** Gives the subscription a new secret; the old one stops signing at once. */
    public Subscription rotateSecret(String orgId, String id) {
        String secret = newSecret();
        return changing(orgId, id, tx -> tx.createNamedUpdate("webhook-rotate").addParam("org", orgId)
                .addParam("id", id).addParam("secret", secrets.seal(StoredSecret.SUBSCRIPTION_SECRET, orgId, secret))
                .addParam("now", clock.millis()).execute());
    }

    /** Deletes a subscription and its deliveries. */
    public void delete(String orgId, String id) {
        changing(orgId, null, tx -> tx.createNamedDelete("webhook-delete").addParam("org", orgId).addParam("id", id)
                .execute());
    }

    /** A page of a subscription's deliveries, newest first. */
    public Page<Delivery> deliveries(String orgId, String id, PageRequest page) {
        get(orgId, id);
        return db.read(exec -> {
            List<Delivery> items;
            try (Stream<DbRow> rows = exec.createNamedQuery("delivery-list").addParam("subscription", id)
                    .addParam("limit", page.limit()).addParam("offset", page.offset()).execute()) {
                items = rows.map(SubscriptionRepository::toDelivery).toList();
            }
            long total = exec.createNamedGet("delivery-count").addParam("subscription", id).execute()
                    .map(r -> Rows.longValue(r, "total")).orElse(0L);
            return new Page<>(items, total);
        });
    }

    /** Queues a delivery's payload again, as a new delivery (new id) at the end of the subscription's queue. */
    public Delivery replay(String orgId, String id, String deliveryId) {
        String newId = Ids.newId();
        Delivery queued = db.write(tx -> {
            find(tx, orgId, id).orElseThrow(SubscriptionRepository::notFound);
            long now = clock.millis();
            long inserted = tx.createNamedInsert("delivery-replay").addParam("newId", newId)
                    .addParam("subscription", id).addParam("id", deliveryId).addParam("now", now)
                    .addParam("expires", now + RETRY_FOR.toMillis()).execute();
            if (inserted == 0) {
                throw new NotFoundException("Delivery not found");
            }
            return tx.createNamedGet("delivery-get").addParam("subscription", id).addParam("id", newId).execute()
                    .map(SubscriptionRepository::toDelivery).orElseThrow();
        });
        writer.wakeSender();
        return queued;
    }

    /**
     * Runs a write that changes an organization's subscriptions: not found when it changed no row; else the
     * subscription {@code id} as the write left it, read in its transaction (null for none).
     */
    private Subscription changing(String orgId, String id, Function<DbExecute, Long> work) {
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

    private Optional<Subscription> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("webhook-get").addParam("org", orgId).addParam("id", id).execute()
                .map(row -> toSubscription(orgId, row));
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

    private Subscription toSubscription(String orgId, DbRow row) {
        return new Subscription(Rows.string(row, "id"), Rows.string(row, "url"),
                parseEvents(Rows.string(row, "events")), Rows.string(row, "description"),
                secrets.open(StoredSecret.SUBSCRIPTION_SECRET, orgId, Rows.string(row, "secret")),
                Rows.longValue(row, "created_at"), Rows.longValue(row, "updated_at"));
    }

    private static Delivery toDelivery(DbRow row) {
        Long lastStatus = Rows.nullableLong(row, "last_status");
        return new Delivery(Rows.string(row, "id"), Rows.string(row, "event_type"),
                DeliveryStatus.valueOf(Rows.string(row, "status")),
                (int) Rows.longValue(row, "attempts"), Rows.longValue(row, "next_attempt_at"),
                lastStatus == null ? null : lastStatus.intValue(), Rows.string(row, "last_error"),
                Rows.nullableLong(row, "last_attempt_at"), Rows.longValue(row, "created_at"),
                Rows.nullableLong(row, "delivered_at"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Webhook not found");
    }
}
