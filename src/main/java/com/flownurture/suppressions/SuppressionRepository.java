package com.flownurture.suppressions;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Times;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Tx;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
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

    public SuppressionRepository(Database db, Clock clock, ContactRepository contacts, AppConfig.Suppression rules) {
        this.db = db;
        this.clock = clock;
        this.contacts = contacts;
        this.rules = rules;
    }

    /** A page of entries and the total. */
    public record Page(List<Suppression> entries, long total) {
    }

    /** A page of the list, newest first; each filter may be null. */
    public Page list(String orgId, String email, SuppressionReason reason, PageRequest paging) {
        String address = email == null ? null : normal(email);
        String reasonName = reason == null ? null : reason.name();
        return db.read(exec -> {
            try (Stream<DbRow> rows = exec.createNamedQuery("suppression-list").addParam("org", orgId)
                    .addParam("email", address).addParam("reason", reasonName).addParam("limit", paging.limit())
                    .addParam("offset", paging.offset()).execute()) {
                List<Suppression> page = rows.map(Suppression::of).toList();
                long total = exec.createNamedGet("suppression-count").addParam("org", orgId)
                        .addParam("email", address).addParam("reason", reasonName).execute()
                        .map(r -> Rows.longValue(r, "total")).orElse(0L);
                return new Page(page, total);
            }
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
                insert(tx, "suppression-insert", entry);
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
            Suppression entry = tx.createNamedGet("suppression-get").addParam("org", orgId).addParam("id", id)
                    .execute().map(Suppression::of)
                    .orElseThrow(() -> new NotFoundException("Suppression not found"));
            tx.createNamedDelete("suppression-delete").addParam("org", orgId).addParam("id", id).execute();
            if (entry.reason() == SuppressionReason.UNSUBSCRIBED) {
                contacts.findByEmail(tx, orgId, entry.email()).ifPresent(c -> contacts.resubscribe(tx, orgId, c.id()));
            }
            return null;
        });
    }

    /** Why an address is suppressed now, if it is. */
    public Optional<SuppressionReason> active(DbExecute exec, String orgId, String email) {
        return exec.createNamedGet("suppression-active").addParam("org", orgId).addParam("email", normal(email))
                .addParam("now", clock.millis()).execute()
                .map(r -> SuppressionReason.valueOf(Rows.string(r, "reason")));
    }

    /** Unsubscribes a contact inside {@code tx}, and lists its address as UNSUBSCRIBED with the source. */
    public void unsubscribe(Tx tx, String orgId, String contactId, String email, String source) {
        contacts.unsubscribe(tx, orgId, contactId);
        insert(tx, "suppression-put", new Suppression(Ids.newId(), orgId, normal(email),
                SuppressionReason.UNSUBSCRIBED, source, null, null, null, clock.millis()));
    }

    /** Takes a contact's unsubscribe back inside {@code tx}, and its UNSUBSCRIBED entry with it. */
    public void resubscribe(Tx tx, String orgId, String contactId, String email) {
        contacts.resubscribe(tx, orgId, contactId);
        tx.createNamedDelete("suppression-delete-reason").addParam("org", orgId).addParam("email", normal(email))
                .addParam("reason", SuppressionReason.UNSUBSCRIBED.name()).execute();
    }

    /**
     * Records a bounce or complaint inside {@code tx} and applies the rules: a hard bounce or a complaint suppresses
     * the address at once; the soft bounce that reaches the limit within the window suppresses it for a while.
     *
     * @param type      HARD_BOUNCE, SOFT_BOUNCE or COMPLAINT
     * @param messageId our message the report names (its row id), or null
     * @param detail    the raw detail (diagnostic code, feedback type), or null
     */
    public void recordBounce(DbExecute tx, String orgId, String email, SuppressionReason type, String messageId,
                             String source, String detail) {
        long now = clock.millis();
        String address = normal(email);
        tx.createNamedInsert("delivery-event-insert").addParam("id", Ids.newId()).addParam("org", orgId)
                .addParam("message", messageId).addParam("email", address).addParam("type", type.name())
                .addParam("source", source).addParam("detail", detail).addParam("now", now).execute();
        Long expires = null;
        if (type == SuppressionReason.SOFT_BOUNCE) {
            long recent = tx.createNamedGet("delivery-event-count").addParam("org", orgId).addParam("email", address)
                    .addParam("type", type.name()).addParam("since", now - rules.softBounceWindow().toMillis())
                    .execute().map(r -> Rows.longValue(r, "total")).orElse(0L);
            if (recent < rules.softBounceLimit()) {
                return;
            }
            expires = now + rules.softBounceDuration().toMillis();
        }
        insert(tx, "suppression-put", new Suppression(Ids.newId(), orgId, address, type, source, detail, null,
                expires, now));
    }

    /** A message's delivery events, oldest first: {@code [{type, source, detail, createdAt}]}. */
    public JsonArray events(DbExecute exec, String messageId) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        try (Stream<DbRow> rows = exec.createNamedQuery("delivery-event-list").addParam("message", messageId)
                .execute()) {
            rows.forEach(r -> {
                JsonObjectBuilder event = Json.createObjectBuilder().add("type", Rows.string(r, "type"))
                        .add("source", Rows.string(r, "source"));
                String detail = Rows.string(r, "detail");
                if (detail == null) {
                    event.addNull("detail");
                } else {
                    event.add("detail", detail);
                }
                events.add(event.add("createdAt", Times.format(Rows.longValue(r, "created_at"))));
            });
        }
        return events.build();
    }

    private static long insert(DbExecute tx, String statement, Suppression s) {
        return tx.createNamedInsert(statement).addParam("id", s.id()).addParam("org", s.orgId())
                .addParam("email", s.email()).addParam("reason", s.reason().name()).addParam("source", s.source())
                .addParam("detail", s.detail()).addParam("note", s.note()).addParam("expires", s.expiresAt())
                .addParam("now", s.createdAt()).execute();
    }

    private static String normal(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
