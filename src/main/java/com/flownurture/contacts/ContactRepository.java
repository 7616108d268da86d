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
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import jakarta.json.JsonObject;

import static com.flownurture.contacts.ContactField.UNSUBSCRIBED;

/**
 * Contacts of an organization. Every statement is filtered by organization. The one writer of {@code contacts},
 * consent columns included: a change of consent is logged through {@link ConsentLog}. Thread-safe.
 */
public final class ContactRepository {

    private final Database db;
    private final Clock clock;
    private final Changes published;
    private final ConsentLog consentLog;
    private final Statement insert;
    private final Statement get;
    private final Statement getWithTags;
    private final Statement byEmail;
    private final Statement update;
    private final Statement delete;
    private final Statement unsubscribe;
    private final Statement resubscribe;
    private final Statement consentSet;
    private final Statement page;
    private final Statement pageFromEnd;
    private final Statement count;
    private final Filtered matching;
    private final Filtered matchingIndexed;
    private final Filtered tagged;
    private final Filtered taggedMatching;
    private final Filtered taggedMatchingIndexed;

    /** A filtered list's page and count statements. */
    private record Filtered(Statement page, Statement count) {
    }

    public ContactRepository(Database db, Clock clock, Changes changes, ConsentLog consentLog) {
        this.db = db;
        this.clock = clock;
        this.published = changes;
        this.consentLog = consentLog;
        this.insert = db.statement("contact-insert");
        this.get = db.statement("contact-get");
        this.getWithTags = db.statement("contact-get-with-tags");
        this.byEmail = db.statement("contact-by-email");
        this.update = db.statement("contact-update");
        this.delete = db.statement("contact-delete");
        this.unsubscribe = db.statement("contact-unsubscribe");
        this.resubscribe = db.statement("contact-resubscribe");
        this.consentSet = db.statement("contact-consent-set");
        this.page = db.statement("contact-list");
        this.pageFromEnd = db.statement("contact-list-from-end");
        this.count = db.statement("contact-count");
        // One statement a line: DataOwnershipTest finds each name by its line.
        this.matching = new Filtered(db.statement("contact-list-search"),
                db.statement("contact-count-search"));
        this.matchingIndexed = new Filtered(db.statement("contact-list-fts"),
                db.statement("contact-count-fts"));
        this.tagged = new Filtered(db.statement("contact-list-tag"),
                db.statement("contact-count-tag"));
        this.taggedMatching = new Filtered(db.statement("contact-list-tag-search"),
                db.statement("contact-count-tag-search"));
        this.taggedMatchingIndexed = new Filtered(db.statement("contact-list-tag-fts"),
                db.statement("contact-count-tag-fts"));
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
    public Contact create(Tx tx, String orgId, ContactChanges fields) {
        return create(tx, orgId, fields, false);
    }

    /**
     * Creates a contact inside the caller's transaction.
     *
     * @param awaitingConsent a public form's contact, PENDING: no workflow starts for it before it confirms
     *                        ({@link Change.ContactCreated#awaitingConsent})
     */
    public Contact create(Tx tx, String orgId, ContactChanges fields, boolean awaitingConsent) {
        long now = clock.millis();
        Contact blank = new Contact(Ids.newId(), orgId, null, null, null, null, null, null, null, null,
                LifecycleStage.SUBSCRIBER, 0, 0, "{}", null, now, now, Consent.NONE);
        Contact contact = fields.applyTo(blank, now);
        try {
            Map<String, Object> params = params(contact);
            params.put("createdAt", now);
            tx.update(insert, params);
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        published.publish(tx, new Change.ContactCreated(orgId, contact.id(), contact::toJson, awaitingConsent));
        return contact;
    }

    /** One contact, read outside a transaction. */
    public Optional<Contact> find(String orgId, String id) {
        return find(db, orgId, id);
    }

    /** The contact with this email (compared lower-cased), read outside a transaction. */
    public Optional<Contact> findByEmail(String orgId, String email) {
        return findByEmail(db, orgId, email);
    }

    /** One contact, read through {@code reads} (inside a write, its transaction). */
    public Optional<Contact> find(Reads reads, String orgId, String id) {
        return reads.one(get, Params.of("org", orgId, "id", id), Contact::from);
    }

    /** The contact with this email (compared lower-cased), read through {@code reads}. */
    public Optional<Contact> findByEmail(Reads reads, String orgId, String email) {
        return reads.one(byEmail, Params.of("org", orgId, "emailLower", email.toLowerCase(Locale.ROOT)),
                Contact::from);
    }

    /** Applies changes to a contact. */
    public Contact update(String orgId, String id, ContactChanges changes) {
        return db.write(tx -> update(tx, orgId, id, changes));
    }

    /** Applies changes inside the caller's transaction. */
    public Contact update(Tx tx, String orgId, String id, ContactChanges changes) {
        Contact current = find(tx, orgId, id).orElseThrow(ContactRepository::notFound);
        Contact updated = changes.applyTo(current, clock.millis());
        try {
            tx.update(update, params(updated));
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
    public boolean unsubscribe(Tx tx, String orgId, String id) {
        long changed = tx.update(unsubscribe, Params.of("org", orgId, "id", id, "now", clock.millis()));
        if (changed == 1) {
            consentLog.record(tx, orgId, id, Consent.Status.WITHDRAWN, "unsubscribe", null, null, clock.millis());
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
    public boolean resubscribe(Tx tx, String orgId, String id) {
        long changed = tx.update(resubscribe, Params.of("org", orgId, "id", id, "now", clock.millis()));
        if (changed == 1) {
            published.publish(tx, new Change.ContactUpdated(orgId, id, Set.of(UNSUBSCRIBED.apiName()),
                    () -> find(tx, orgId, id).orElseThrow().toJson()));
        }
        return changed == 1;
    }

    /**
     * Makes a contact PENDING inside the caller's transaction (a double opt-in asked it to confirm), and logs it.
     *
     * @param source how consent was asked for (api, event, form), kept on the contact and logged
     * @param text   what the person is asked to agree to
     */
    public void askConsent(Tx tx, String orgId, String id, String source, String text) {
        long now = clock.millis();
        tx.update(consentSet, consent(orgId, id, Consent.Status.PENDING, source, null, null, null, text, now));
        consentLog.record(tx, orgId, id, Consent.Status.PENDING, source, null, null, now);
    }

    /**
     * Makes a contact CONFIRMED inside the caller's transaction (its confirmation link was followed), with the
     * time, the client's address and user agent, and logs it.
     */
    public void confirmConsent(Tx tx, String orgId, String id, String ip, String userAgent) {
        long now = clock.millis();
        tx.update(consentSet, consent(orgId, id, Consent.Status.CONFIRMED, null, now, ip, userAgent, null, now));
        consentLog.record(tx, orgId, id, Consent.Status.CONFIRMED, "confirmation link", ip, userAgent, now);
    }

    /** Erases a contact and everything hanging off it. */
    public void delete(String orgId, String id) {
        db.write(tx -> {
            Contact contact = find(tx, orgId, id).orElseThrow(ContactRepository::notFound);
            tx.update(delete, Params.of("org", orgId, "id", id));
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
        Filtered filtered = tagId == null ? (indexed ? matchingIndexed : matching)
                : search == null ? tagged : indexed ? taggedMatchingIndexed : taggedMatching;
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
        List<Contact> contacts = db.list(filtered.page(), params, Contact::from);
        // A page that is not full, and not past the end, is the last one: it gives the total without counting.
        boolean last = contacts.size() < paging.limit() && (!contacts.isEmpty() || paging.offset() == 0);
        long total = last ? paging.offset() + contacts.size() : count(filtered.count(), params);
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
        long total = count(count, Params.of("org", orgId));
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
        List<Contact> contacts = new ArrayList<>(db.list(fromEnd ? pageFromEnd : page,
                Params.of("org", orgId, "limit", limit, "offset", offset), Contact::from));
        if (fromEnd) {
            Collections.reverse(contacts);
        }
        return new Page(contacts, total, true);
    }

    private long count(Statement statement, Map<String, ?> params) {
        return db.one(statement, params, row -> row.longValue("total")).orElse(0L);
    }

    /** A contact with its tags, as {@code GET /contacts/:id} shows it. */
    public record Detail(Contact contact, String tagsJson) {
    }

    /** One contact with its tags (a JSON array of {@code {id, name}} by name), or not found. */
    public Detail detail(String orgId, String id) {
        return db.one(getWithTags, Params.of("org", orgId, "id", id),
                        row -> new Detail(Contact.from(row), row.string("tags")))
                .orElseThrow(ContactRepository::notFound);
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

    private static Map<String, Object> consent(String orgId, String contactId, Consent.Status status, String source,
                                               Long confirmedAt, String ip, String userAgent, String text,
                                               long now) {
        return Params.of("org", orgId, "id", contactId, "status", status.name(), "source", source,
                "confirmedAt", confirmedAt, "ip", ip, "userAgent", userAgent, "text", text, "now", now);
    }

    private static RuntimeException duplicateOr(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e) ? new ConflictException("A contact with this email already exists") : e;
    }

    static NotFoundException notFound() {
        return new NotFoundException("Contact not found");
    }
}
