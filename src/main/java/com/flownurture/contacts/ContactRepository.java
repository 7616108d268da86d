package com.flownurture.contacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.db.Database;
import com.flownurture.db.Like;
import com.flownurture.db.Rows;
import com.flownurture.db.SqlErrors;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import jakarta.json.JsonObject;

import static com.flownurture.contacts.ContactField.CITY;
import static com.flownurture.contacts.ContactField.COMPANY;
import static com.flownurture.contacts.ContactField.COUNTRY;
import static com.flownurture.contacts.ContactField.CREATED_AT;
import static com.flownurture.contacts.ContactField.CUSTOM_FIELDS;
import static com.flownurture.contacts.ContactField.EMAIL;
import static com.flownurture.contacts.ContactField.ENGAGEMENT_SCORE;
import static com.flownurture.contacts.ContactField.FIRST_NAME;
import static com.flownurture.contacts.ContactField.ID;
import static com.flownurture.contacts.ContactField.JOB_TITLE;
import static com.flownurture.contacts.ContactField.LAST_NAME;
import static com.flownurture.contacts.ContactField.LEAD_SCORE;
import static com.flownurture.contacts.ContactField.LIFECYCLE_STAGE;
import static com.flownurture.contacts.ContactField.SOURCE;
import static com.flownurture.contacts.ContactField.UNSUBSCRIBED;
import static com.flownurture.contacts.ContactField.UPDATED_AT;

/** Contacts of an organization. Every statement is filtered by organization. Thread-safe. */
public final class ContactRepository {

    private final Database db;
    private final Clock clock;
    private final Changes published;

    public ContactRepository(Database db, Clock clock, Changes changes) {
        this.db = db;
        this.clock = clock;
        this.published = changes;
    }

    /**
     * How far a search counts its matches. Counting every match of a common term would read most of the index on
     * each request; past this the total is reported as unknown ({@link Page#exact()} false).
     */
    static final int SEARCH_COUNT_CAP = 500;

    /**
     * A page of contacts and the total the filters match.
     *
     * @param exact false when a search matched more than {@link #SEARCH_COUNT_CAP} contacts and {@code total} is
     *              only a lower bound
     */
    public record Page(List<Contact> contacts, long total, boolean exact) {
    }

    /** Creates a contact; a duplicate email (case-insensitive) is a conflict. */
    public Contact create(String orgId, ContactChanges fields) {
        return db.write(tx -> create(tx, orgId, fields));
    }

    /** Creates a contact inside the caller's transaction. */
    public Contact create(DbExecute tx, String orgId, ContactChanges fields) {
        return create(tx, orgId, fields, false);
    }

    /**
     * Creates a contact inside the caller's transaction.
     *
     * @param awaitingConsent a public form's contact, PENDING: no workflow starts for it before it confirms
     *                        ({@link Change.ContactCreated#awaitingConsent})
     */
    public Contact create(DbExecute tx, String orgId, ContactChanges fields, boolean awaitingConsent) {
        long now = clock.millis();
        Contact blank = new Contact(Ids.newId(), orgId, null, null, null, null, null, null, null, null,
                LifecycleStage.SUBSCRIBER, 0, 0, "{}", null, now, now, Consent.NONE);
        Contact contact = fields.applyTo(blank, now);
        try {
            Map<String, Object> params = params(contact);
            params.put("createdAt", now);
            db.execute(tx, "contact-insert", params);
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        published.publish(tx, new Change.ContactCreated(orgId, contact.id(), contact::toJson, awaitingConsent));
        return contact;
    }

    /**
     * Creates a contact and asks it to confirm its consent (double opt-in) in one transaction.
     *
     * @param source how consent was asked for (api, event, form), kept on the contact
     * @return the contact as stored, PENDING
     */
    public Contact createPending(String orgId, ContactChanges fields, ConsentRequests consent, String source) {
        return db.write(tx -> {
            Contact created = create(tx, orgId, fields);
            consent.request(tx, created, source);
            return find(tx, orgId, created.id()).orElseThrow();
        });
    }

    /** Asks a contact to confirm its consent: the double opt-in, kept in its own package. */
    public interface ConsentRequests {
        /** Makes the contact PENDING and queues its confirmation email, inside {@code tx}. */
        void request(DbExecute tx, Contact contact, String source);
    }

    /** Logs one change of a contact's consent inside {@code tx}. */
    public static void logConsent(DbExecute tx, String orgId, String contactId, Consent.Status status, String source,
                                  String ip, String userAgent, long now) {
        tx.createNamedInsert("consent-log-insert").addParam("id", Ids.newId()).addParam("org", orgId)
                .addParam("contact", contactId).addParam("status", status.name()).addParam("source", source)
                .addParam("ip", ip).addParam("userAgent", userAgent).addParam("now", now).execute();
    }

    /** One contact, read through the given executor. */
    public Optional<Contact> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("contact-get").addParam("org", orgId).addParam("id", id).execute()
                .map(ContactRepository::toContact);
    }

    /** The contact with this email (compared lower-cased), through the given executor. */
    public Optional<Contact> findByEmail(DbExecute exec, String orgId, String email) {
        return exec.createNamedGet("contact-by-email").addParam("org", orgId)
                .addParam("emailLower", email.toLowerCase(Locale.ROOT)).execute().map(ContactRepository::toContact);
    }

    /** Applies changes to a contact. */
    public Contact update(String orgId, String id, ContactChanges changes) {
        return db.write(tx -> update(tx, orgId, id, changes));
    }

    /** Applies changes inside the caller's transaction. */
    public Contact update(DbExecute tx, String orgId, String id, ContactChanges changes) {
        Contact current = find(tx, orgId, id).orElseThrow(ContactRepository::notFound);
        Contact updated = changes.applyTo(current, clock.millis());
        try {
            db.execute(tx, "contact-update", params(updated));
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        Set<String> changed = changedFields(current.toJson(), updated.toJson());
        if (!changed.isEmpty()) {
            published.publish(tx, new Change.ContactUpdated(orgId, id, changed, updated::toJson));
        }
        return updated;
    }

    /** The fields whose value differs between two JSON forms of a contact, {@code updatedAt} left out. */
    private static Set<String> changedFields(JsonObject before, JsonObject after) {
        Set<String> changed = new LinkedHashSet<>();
        for (String field : after.keySet()) {
            if (!field.equals("updatedAt") && !after.get(field).equals(before.get(field))) {
                changed.add(field);
            }
        }
        return changed;
    }

    /**
     * Marks a contact unsubscribed (an unsubscribe link or header) inside the caller's transaction, and publishes
     * it; a contact already unsubscribed is left as it is.
     *
     * @return whether the contact is unsubscribed now (false: no such contact)
     */
    public boolean unsubscribe(DbExecute tx, String orgId, String id) {
        long changed = tx.createNamedUpdate("contact-unsubscribe").addParam("org", orgId).addParam("id", id)
                .addParam("now", clock.millis()).execute();
        if (changed == 1) {
            logConsent(tx, orgId, id, Consent.Status.WITHDRAWN, "unsubscribe", null, null, clock.millis());
            published.publish(tx, new Change.ContactUnsubscribed(orgId, id));
            return true;
        }
        return find(tx, orgId, id).isPresent();
    }

    /**
     * Takes back a contact's unsubscribe inside the caller's transaction; publishes the change of
     * {@code unsubscribed}.
     *
     * @return whether the contact was unsubscribed until now
     */
    public boolean resubscribe(DbExecute tx, String orgId, String id) {
        long changed = tx.createNamedUpdate("contact-resubscribe").addParam("org", orgId).addParam("id", id)
                .addParam("now", clock.millis()).execute();
        if (changed == 1) {
            published.publish(tx, new Change.ContactUpdated(orgId, id, Set.of(UNSUBSCRIBED.apiName()),
                    () -> find(tx, orgId, id).orElseThrow().toJson()));
        }
        return changed == 1;
    }

    /** Erases a contact and everything hanging off it. */
    public void delete(String orgId, String id) {
        db.write(tx -> {
            Contact contact = find(tx, orgId, id).orElseThrow(ContactRepository::notFound);
            tx.createNamedDelete("contact-delete").addParam("org", orgId).addParam("id", id).execute();
            published.publish(tx, new Change.ContactDeleted(orgId, id, contact.toJson()));
            return null;
        });
    }

    /**
     * A page of contacts, newest (last created) first.
     *
     * @param search a literal substring of first name, last name or email, or null
     * @param tagId  only contacts with this tag, or null
     */
    public Page list(String orgId, String search, String tagId, PageRequest paging) {
        if (search == null && tagId == null) {
            return listAll(orgId, paging);
        }
        // Terms of 3+ characters use the trigram index; shorter ones (too short for a trigram) scan with LIKE.
        boolean indexed = search != null && search.codePointCount(0, search.length()) >= 3;
        String variant = (tagId == null ? "" : "-tag") + (search == null ? "" : indexed ? "-fts" : "-search");
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        params.put("tag", tagId);
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        params.put("cap", SEARCH_COUNT_CAP + 1);
        if (search != null) {
            // SQLite's FTS5 statements take the term as a phrase; the others, and PostgreSQL's, an ILIKE pattern.
            params.put("phrase", "\"" + search.replace("\"", "\"\"") + "\"");
            params.put("pattern", Like.contains(search));
        }
        List<Contact> contacts = db.query("contact-list" + variant, params, ContactRepository::toContact);
        // A page that is not full, and not past the end, is the last one: it gives the total without counting.
        boolean last = contacts.size() < paging.limit() && (!contacts.isEmpty() || paging.offset() == 0);
        long total = last ? paging.offset() + contacts.size() : count("contact-count" + variant, params);
        if (search == null || total <= SEARCH_COUNT_CAP) {
            return new Page(contacts, total, true);
        }
        // A lower bound that still tells Paging whether a next page exists: one more than seen when this one is full.
        boolean full = contacts.size() == paging.limit();
        long seen = paging.offset() + contacts.size() + (full ? 1 : 0);
        return new Page(contacts, Math.max(total, seen), false);
    }

    /**
     * The unfiltered list. Its total is exact and cheap (kept by triggers), so a page past the middle is read from
     * the oldest end, where it has fewer entries to skip: the last page of a million contacts costs what the first
     * does.
     */
    private Page listAll(String orgId, PageRequest paging) {
        long total = count("contact-count", Map.of("org", orgId));
        long offset = paging.offset();
        if (offset >= total) {
            return new Page(List.of(), total, true);
        }
        boolean fromEnd = offset > total / 2;
        long limit = paging.limit();
        if (fromEnd) {
            // The page's rows counted from the oldest: skip what lies beyond its end, take what remains of it.
            long end = Math.min(offset + limit, total);
            limit = end - offset;
            offset = total - end;
        }
        List<Contact> contacts = new ArrayList<>(db.query(fromEnd ? "contact-list-from-end" : "contact-list",
                Map.of("org", orgId, "limit", limit, "offset", offset), ContactRepository::toContact));
        if (fromEnd) {
            Collections.reverse(contacts);
        }
        return new Page(contacts, total, true);
    }

    private long count(String statement, Map<String, ?> params) {
        return db.query(statement, params, row -> Rows.longValue(row, "total")).stream().findFirst().orElse(0L);
    }

    /** A contact with its tags, as {@code GET /contacts/:id} shows it. */
    public record Detail(Contact contact, String tagsJson) {
    }

    /** One contact with its tags (a JSON array of {@code {id, name}} by name), or not found. */
    public Detail detail(String orgId, String id) {
        return db.query("contact-get-with-tags", Map.of("org", orgId, "id", id),
                        row -> new Detail(toContact(row), Rows.string(row, "tags")))
                .stream().findFirst().orElseThrow(ContactRepository::notFound);
    }

    /** Maps a row of {@code contacts} to a contact. */
    public static Contact toContact(DbRow row) {
        return toContact(Rows.of(row));
    }

    /** Maps a row of {@code contacts} to a contact. */
    public static Contact toContact(Rows.Columns row) {
        return new Contact(
                Rows.string(row, ID.column()), Rows.string(row, "org_id"), Rows.string(row, EMAIL.column()),
                Rows.string(row, FIRST_NAME.column()), Rows.string(row, LAST_NAME.column()),
                Rows.string(row, COMPANY.column()), Rows.string(row, JOB_TITLE.column()),
                Rows.string(row, COUNTRY.column()), Rows.string(row, CITY.column()), Rows.string(row, SOURCE.column()),
                LifecycleStage.valueOf(Rows.string(row, LIFECYCLE_STAGE.column())),
                Rows.longValue(row, LEAD_SCORE.column()),
                Rows.longValue(row, ENGAGEMENT_SCORE.column()), Rows.string(row, CUSTOM_FIELDS.column()),
                Rows.nullableLong(row, UNSUBSCRIBED.column()), Rows.longValue(row, CREATED_AT.column()),
                Rows.longValue(row, UPDATED_AT.column()), consent(row));
    }

    private static Consent consent(Rows.Columns row) {
        String status = Rows.string(row, "consent_status");
        return status == null ? Consent.NONE : new Consent(Consent.Status.valueOf(status),
                Rows.string(row, "consent_source"), Rows.nullableLong(row, "consent_confirmed_at"),
                Rows.string(row, "consent_ip"), Rows.string(row, "consent_user_agent"),
                Rows.string(row, "consent_text"));
    }

    /**
     * The parameters of {@code contact-insert} and {@code contact-update}: each writable field under its API name,
     * with the keys and the derived lower-cased email.
     */
    private static Map<String, Object> params(Contact c) {
        Map<String, Object> params = new HashMap<>();
        for (ContactField field : ContactField.writable()) {
            params.put(field.apiName(), field.of(c));
        }
        params.put("id", c.id());
        params.put("org", c.orgId());
        params.put("emailLower", c.email().toLowerCase(Locale.ROOT));
        params.put("updatedAt", c.updatedAt());
        return params;
    }

    private static RuntimeException duplicateOr(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e) ? new ConflictException("A contact with this email already exists") : e;
    }

    static NotFoundException notFound() {
        return new NotFoundException("Contact not found");
    }
}
