package com.flownurture.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.flownurture.changes.Change;
import com.flownurture.changes.ChangeListener;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.Signal;
import com.flownurture.common.Times;
import com.flownurture.db.Rows;
import com.flownurture.db.Tx;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.dbclient.DbExecute;
import jakarta.json.JsonObject;

/**
 * Hears every change and writes a delivery row for each subscription that wants it, in the change's own
 * transaction: a committed change always has its deliveries, and a rolled-back one never does. The payload
 * {@code {"id","type","createdAt","data"}} is fixed here, with {@code data} the resource as the API shows it.
 *
 * <p>Most organizations have no subscription, so each organization's subscriptions are cached: a change costs a
 * map lookup until one exists. The repository drops an organization's entry when it changes its subscriptions;
 * entries also expire after {@value #CACHE_SECONDS} s, the bound on how long another process sharing the
 * database may go unseen. Thread-safe.
 */
public final class DeliveryWriter implements ChangeListener {

    static final int CACHE_SECONDS = 10;

    private final Clock clock;
    private final Signal sender;
    private final Cache<String, List<Target>> targets = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS)).build();

    /** A subscription and the event types it wants. */
    private record Target(String subscriptionId, Set<String> events) {
    }

    /**
     * @param sender woken when deliveries were written
     */
    public DeliveryWriter(Clock clock, Signal sender) {
        this.clock = clock;
        this.sender = sender;
    }

    @Override
    public void onChange(Tx tx, Change change) {
        List<Target> wanted = targets.get(change.orgId(), org -> load(tx, org)).stream()
                .filter(t -> t.events().contains(change.type())).toList();
        if (wanted.isEmpty()) {
            return;
        }
        long now = clock.millis();
        String payload = JsonOutput.text(Json.createObjectBuilder().add("id", Ids.newId())
                .add("type", change.type()).add("createdAt", Times.format(now)).add("data", data(change)).build());
        for (Target target : wanted) {
            tx.createNamedInsert("delivery-insert").addParam("id", Ids.newId())
                    .addParam("subscription", target.subscriptionId()).addParam("type", change.type())
                    .addParam("payload", payload).addParam("now", now)
                    .addParam("expires", now + SubscriptionRepository.RETRY_FOR.toMillis()).execute();
        }
        // The sender's claim is a write too, so it runs after this transaction commits (or joins it).
        sender.wake();
    }

    /** The resource the change is about, as the API returns it. */
    private static JsonObject data(Change change) {
        return switch (change) {
            case Change.ContactCreated c -> c.contact().get();
            case Change.ContactUpdated c -> c.contact().get();
            case Change.ContactDeleted c -> c.contact();
            case Change.ContactUnsubscribed c -> Json.createObjectBuilder().add("contactId", c.contactId()).build();
            case Change.ConsentConfirmed c -> Json.createObjectBuilder().add("contactId", c.contactId()).build();
            case Change.TagAdded c -> Json.createObjectBuilder().add("contactId", c.contactId())
                    .add("tagId", c.tagId()).build();
            case Change.TagRemoved c -> Json.createObjectBuilder().add("contactId", c.contactId())
                    .add("tagId", c.tagId()).build();
            case Change.EventReceived c -> c.event().get();
            case Change.EnrollmentChanged c -> c.enrollment().get();
            case Change.MessageChanged c -> c.message().get();
        };
    }

    private static List<Target> load(DbExecute tx, String orgId) {
        try (var rows = tx.createNamedQuery("webhook-targets").addParam("org", orgId).execute()) {
            return rows.map(r -> new Target(Rows.string(r, "id"),
                    Set.copyOf(SubscriptionRepository.parseEvents(Rows.string(r, "events"))))).toList();
        }
    }

    /** Forgets an organization's subscriptions, so the next change reads them afresh. */
    void invalidate(String orgId) {
        targets.invalidate(orgId);
    }

    /** Tells the sender new deliveries may be due (a replay). */
    void wakeSender() {
        sender.wake();
    }
}
