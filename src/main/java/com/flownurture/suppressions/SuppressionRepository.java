package com.flownurture.suppressions;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Times;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * An organization's suppression list, the bounces and complaints that fill it, and the unsubscribe state it keeps in
 * step with the contact: unsubscribing adds an UNSUBSCRIBED entry, deleting that entry re-subscribes. Addresses are
 * compared lower-cased. Every statement is filtered by organization. Thread-safe.
 */
public final class SuppressionRepository {

    private final Database db;
    private final Clock clock;
    private final ContactRepository contacts;
    private final AppConfig.Suppression rules;
    private final Statement list;
    private final Statement count;
    private final Statement insert;
    private final Statement put;
    private final Statement get;
    private final Statement delete;
    private final Statement deleteReason;
    private final Statement active;
    private final Statement eventInsert;
    private final Statement eventCount;
    private final Statement eventList;

    public SuppressionRepository(Database db, Clock clock, ContactRepository contacts, AppConfig.Suppression rules) {
        this.db = db;
        this.clock = clock;
        this.contacts = contacts;
        this.rules = rules;
        this.list = db.statement("suppression-list");
        this.count = db.statement("suppression-count");
        this.insert = db.statement("suppression-insert");
        this.put = db.statement("suppression-put");
        this.get = db.statement("suppression-get");
        this.delete = db.statement("suppression-delete");
        this.deleteReason = db.statement("suppression-delete-reason");
        this.active = db.statement("suppression-active");
        this.eventInsert = db.statement("delivery-event-insert");
        this.eventCount = db.statement("delivery-event-count");
        this.eventList = db.statement("delivery-event-list");
    }

    /** A page of entries and the total. */
    public record Page(List<Suppression> entries, long total) {
    }

    /** A page of the list, newest first; each filter may be null. */
    public Page list(String orgId, String email, SuppressionReason reason, PageRequest paging) {
        String address = email == null ? null : normal(email);
        String reasonName = reason == null ? null : reason.name();
        return db.read(reads -> {
            List<Suppression> page = reads.list(list, Params.of("org", orgId, "email", address, "reason", reasonName,
                    "limit", paging.limit(), "offset", paging.offset()), Suppression::of);
            long total = reads.one(count, Params.of("org", orgId, "email", address, "reason", reasonName),
                    r -> r.longValue("total")).orElse(0L);
            return new Page(page, total);
        });
    }

    /** Adds a MANUAL entry; an address already suppressed by hand is a conflict. */
    public Suppression addManual(String orgId, String email, String note, String source) {
        return add(orgId, email, note, source, SuppressionReason.MANUAL, (tx, address) -> { });
    }

    /**
     * Unsubscribes an address as the link does: the organization's contact with it, if there is one, is marked
     * unsubscribed, and the address is listed as UNSUBSCRIBED (so it is not mailed should it become a contact
     * later). An address already listed as UNSUBSCRIBED is a conflict.
     */
    public Suppression unsubscribe(String orgId, String email, String note, String source) {
        return add(orgId, email, note, source, SuppressionReason.UNSUBSCRIBED, (tx, address) ->
                contacts.findByEmail(tx, orgId, address).ifPresent(c -> contacts.unsubscribe(tx, orgId, c.id())));
    }

    /** Lists an address for a reason a person gave, doing {@code also} in the same transaction. */
    private Suppression add(String orgId, String email, String note, String source, SuppressionReason reason,
                            BiConsumer<Tx, String> also) {
        Suppression entry = new Suppression(Ids.newId(), orgId, normal(email), reason, source, null, note, null,
                clock.millis());
        try {
            db.write(tx -> {
                insert(tx, insert, entry);
                also.accept(tx, entry.email());
                return null;
            });
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new ConflictException("Address is already suppressed (" + reason.name() + ")");
            }
            throw e;
        }
        return entry;
    }

    /** Removes an entry; removing an UNSUBSCRIBED one re-subscribes the contact with that address. */
    public void delete(String orgId, String id) {
        db.write(tx -> {
            Suppression entry = tx.one(get, Params.of("org", orgId, "id", id), Suppression::of)
                    .orElseThrow(() -> new NotFoundException("Suppression not found"));
            tx.update(delete, Params.of("org", orgId, "id", id));
            if (entry.reason() == SuppressionReason.UNSUBSCRIBED) {
                contacts.findByEmail(tx, orgId, entry.email()).ifPresent(c -> contacts.resubscribe(tx, orgId, c.id()));
            }
            return null;
        });
    }

    /** Why an address is suppressed now, if it is. */
    public Optional<SuppressionReason> active(Reads reads, String orgId, String email) {
        return reads.one(active, Params.of("org", orgId, "email", normal(email), "now", clock.millis()),
                r -> SuppressionReason.valueOf(r.string("reason")));
    }

    /** Unsubscribes a contact inside {@code tx}, and lists its address as UNSUBSCRIBED with the source. */
    public void unsubscribe(Tx tx, String orgId, String contactId, String email, String source) {
        contacts.unsubscribe(tx, orgId, contactId);
        insert(tx, put, new Suppression(Ids.newId(), orgId, normal(email),
                SuppressionReason.UNSUBSCRIBED, source, null, null, null, clock.millis()));
    }

    /** Takes a contact's unsubscribe back inside {@code tx}, and its UNSUBSCRIBED entry with it. */
    public void resubscribe(Tx tx, String orgId, String contactId, String email) {
        contacts.resubscribe(tx, orgId, contactId);
        tx.update(deleteReason, Params.of("org", orgId, "email", normal(email),
                "reason", SuppressionReason.UNSUBSCRIBED.name()));
    }

    /**
     * Records a bounce or complaint inside {@code tx} and applies the rules: a hard bounce or a complaint suppresses
     * the address at once; the soft bounce that reaches the limit within the window suppresses it for a while.
     *
     * @param type      HARD_BOUNCE, SOFT_BOUNCE or COMPLAINT
     * @param messageId our message the report names (its row id), or null
     * @param detail    the raw detail (diagnostic code, feedback type), or null
     */
    public void recordBounce(Tx tx, String orgId, String email, SuppressionReason type, String messageId,
                             String source, String detail) {
        long now = clock.millis();
        String address = normal(email);
        tx.update(eventInsert, Params.of("id", Ids.newId(), "org", orgId, "message", messageId, "email", address,
                "type", type.name(), "source", source, "detail", detail, "now", now));
        Long expires = null;
        if (type == SuppressionReason.SOFT_BOUNCE) {
            long recent = tx.one(eventCount, Params.of("org", orgId, "email", address, "type", type.name(),
                    "since", now - rules.softBounceWindow().toMillis()), r -> r.longValue("total")).orElse(0L);
            if (recent < rules.softBounceLimit()) {
                return;
            }
            expires = now + rules.softBounceDuration().toMillis();
        }
        insert(tx, put, new Suppression(Ids.newId(), orgId, address, type, source, detail, null,
                expires, now));
    }

    /** A message's delivery events, oldest first: {@code [{type, source, detail, createdAt}]}. */
    public JsonArray events(Reads reads, String messageId) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        reads.list(eventList, Params.of("message", messageId), r -> {
            JsonObjectBuilder event = Json.createObjectBuilder().add("type", r.string("type"))
                    .add("source", r.string("source"));
            String detail = r.string("detail");
            if (detail == null) {
                event.addNull("detail");
            } else {
                event.add("detail", detail);
            }
            return event.add("createdAt", Times.format(r.longValue("created_at"))).build();
        }).forEach(events::add);
        return events.build();
    }

    private static long insert(Tx tx, Statement statement, Suppression s) {
        return tx.update(statement, Params.of("id", s.id(), "org", s.orgId(), "email", s.email(),
                "reason", s.reason().name(), "source", s.source(), "detail", s.detail(), "note", s.note(),
                "expires", s.expiresAt(), "now", s.createdAt()));
    }

    private static String normal(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
