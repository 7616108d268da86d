package com.flownurture.events;

import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.contacts.PendingContacts;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Events received for an organization's contacts. Storing one publishes {@link Change.EventReceived} in the same
 * transaction, so whatever it triggers commits with it. Every statement is filtered by organization. Thread-safe.
 */
public final class EventRepository {

    private final Database db;
    private final Clock clock;
    private final Changes published;
    private final ContactRepository contacts;
    private final PendingContacts pending;
    private final Statement insert;
    private final Statement byClientId;
    private final Statement get;
    private final Statement contactById;
    private final Statement contactByEmail;
    private final Filtered all;
    private final Filtered ofContact;
    private final Filtered ofName;
    private final Filtered ofContactAndName;

    public EventRepository(Database db, Clock clock, Changes changes, ContactRepository contacts,
                           PendingContacts pending) {
        this.db = db;
        this.clock = clock;
        this.published = changes;
        this.contacts = contacts;
        this.pending = pending;
        this.insert = db.statement("event-insert");
        this.byClientId = db.statement("event-by-client-id");
        this.get = db.statement("event-get");
        this.contactById = db.statement("event-contact-by-id");
        this.contactByEmail = db.statement("event-contact-by-email");
        this.all = new Filtered(
                db.statement("event-list"),
                db.statement("event-count"));
        this.ofContact = new Filtered(
                db.statement("event-list-contact"),
                db.statement("event-count-contact"));
        this.ofName = new Filtered(
                db.statement("event-list-name"),
                db.statement("event-count-name"));
        this.ofContactAndName = new Filtered(
                db.statement("event-list-contact-name"),
                db.statement("event-count-contact-name"));
    }

    /** The page and count statements of one combination of the list's filters. */
    private record Filtered(Statement page, Statement count) {
    }

    /**
     * An event as stored.
     *
     * @param created false when the client's id named an event stored before: nothing new was stored or fired
     */
    public record Recorded(Event event, boolean created) {
    }

    /** A page of events and the total the filters match. */
    public record Page(List<Event> events, long total) {
    }

    /** Stores one event; an unknown contact (by id, or by email without upsert) is not found. */
    public Recorded record(String orgId, NewEvent event) {
        return db.write(tx -> record(tx, orgId, event, new HashMap<>()));
    }

    /**
     * Stores events in one transaction, each on its own terms: an event whose contact is unknown is left out (null
     * in the answer) and the others are stored. Nothing of a left-out event is written, so no savepoint is needed.
     *
     * @return for each event in order, what was stored, or null when its contact was not found
     */
    public List<Recorded> recordAll(String orgId, List<NewEvent> events) {
        return db.write(tx -> {
            // Contacts named by several events of a batch are looked up once.
            Map<String, String> resolved = new HashMap<>();
            List<Recorded> results = new ArrayList<>(events.size());
            for (NewEvent event : events) {
                Recorded recorded;
                try {
                    recorded = record(tx, orgId, event, resolved);
                } catch (NotFoundException e) {
                    recorded = null;
                }
                results.add(recorded);
            }
            return results;
        });
    }

    private Recorded record(Tx tx, String orgId, NewEvent input, Map<String, String> resolved) {
        if (input.clientId() != null) {
            // Checked first, so a retry creates no contact either; the unique index still has the last word.
            Optional<Event> stored = byClientId(tx, orgId, input.clientId());
            if (stored.isPresent()) {
                return new Recorded(stored.get(), false);
            }
        }
        String contactId = contactId(tx, orgId, input, resolved);
        long now = clock.millis();
        Event event = new Event(Ids.newId(), contactId, input.name(), input.properties(),
                input.occurredAt() == null ? now : input.occurredAt(), now);
        long inserted = tx.update(insert, Params.of("id", event.id(), "org", orgId, "contact", contactId,
                "name", event.name(), "properties", input.propertiesJson(), "occurredAt", event.occurredAt(),
                "receivedAt", now, "clientId", input.clientId()));
        if (inserted == 0) {
            return new Recorded(byClientId(tx, orgId, input.clientId()).orElseThrow(), false);
        }
        published.publish(tx, new Change.EventReceived(orgId, contactId, event.id(), event.name(),
                event.properties(), event::toJson));
        return new Recorded(event, true);
    }

    /** The contact the event names: by id, by email, or created from the email when the client asked for it. */
    private String contactId(Tx tx, String orgId, NewEvent input, Map<String, String> resolved) {
        String key = input.contactId() != null ? "id:" + input.contactId()
                : "email:" + input.email().toLowerCase(Locale.ROOT);
        String known = resolved.get(key);
        if (known != null) {
            return known;
        }
        String id = input.contactId() != null
                ? lookUp(tx, contactById, Params.of("org", orgId, "id", input.contactId()))
                : lookUp(tx, contactByEmail,
                        Params.of("org", orgId, "emailLower", input.email().toLowerCase(Locale.ROOT)));
        if (id == null && input.upsertContact()) {
            ContactChanges fields = ContactChanges.parse(new JsonFields(
                    Json.createObjectBuilder().add("email", input.email()).build(), ""), true);
            Contact created = input.doubleOptIn() ? pending.createPending(tx, orgId, fields, "event")
                    : contacts.create(tx, orgId, fields);
            id = created.id();
        } else if (id == null) {
            throw new NotFoundException("Contact not found");
        }
        resolved.put(key, id);
        return id;
    }

    /** The id a one-column statement finds, or null. */
    private static String lookUp(Reads reads, Statement statement, Map<String, Object> params) {
        return reads.one(statement, params, row -> row.string("id")).orElse(null);
    }

    private Optional<Event> byClientId(Reads reads, String orgId, String clientId) {
        return reads.one(byClientId, Params.of("org", orgId, "clientId", clientId), EventRepository::toEvent);
    }

    /** An event of the organization; another organization's is not found. */
    public Event get(String orgId, String id) {
        return db.one(get, Params.of("org", orgId, "id", id), EventRepository::toEvent)
                .orElseThrow(() -> new NotFoundException("Event not found"));
    }

    /**
     * A page of events, newest received first.
     *
     * @param contactId only this contact's events, or null
     * @param name      only events of this name, or null
     */
    public Page list(String orgId, String contactId, String name, PageRequest page) {
        Filtered filtered = contactId == null ? (name == null ? all : ofName)
                : (name == null ? ofContact : ofContactAndName);
        Map<String, Object> params = Params.of("org", orgId, "contact", contactId, "name", name,
                "limit", page.limit(), "offset", page.offset());
        List<Event> events = db.list(filtered.page(), params, EventRepository::toEvent);
        // A page that is not full, and not past the end, is the last one: it gives the total without counting.
        boolean last = events.size() < page.limit() && (!events.isEmpty() || page.offset() == 0);
        long total = last ? page.offset() + events.size()
                : db.one(filtered.count(), params, row -> row.longValue("total")).orElseThrow();
        return new Page(events, total);
    }

    private static Event toEvent(Row row) {
        JsonObject properties;
        try (JsonReader reader = Json.createReader(new StringReader(row.string("properties")))) {
            properties = reader.readObject();
        }
        return new Event(row.string("id"), row.string("contact_id"), row.string("name"), properties,
                row.longValue("occurred_at"), row.longValue("received_at"));
    }
}
