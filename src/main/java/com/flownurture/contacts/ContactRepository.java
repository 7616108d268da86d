package com.flownurture.contacts;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.flownurture.common.ConflictException;
import com.flownurture.common.NotFoundException;
import com.flownurture.db.Database;
import com.flownurture.db.Ids;
import com.flownurture.db.Like;
import com.flownurture.db.Rows;
import com.flownurture.db.SqlErrors;
import com.flownurture.http.Paging;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatementDml;

/** Contacts of an organization. Every statement is filtered by organization. Thread-safe. */
public final class ContactRepository {

    private final Database db;
    private final Clock clock;

    public ContactRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A page of contacts and the total the filters match. */
    public record Page(List<Contact> contacts, long total) {
    }

    /** Creates a contact; a duplicate email (case-insensitive) is a conflict. */
    public Contact create(String orgId, ContactChanges fields) {
        return db.write(tx -> create(tx, orgId, fields));
    }

    /** Creates a contact inside the caller's transaction. */
    public Contact create(DbExecute tx, String orgId, ContactChanges fields) {
        long now = clock.millis();
        Contact blank = new Contact(Ids.newId(), orgId, null, null, null, null, null, null, null, null,
                "SUBSCRIBER", 0, 0, "{}", null, now, now);
        Contact contact = fields.applyTo(blank, now);
        try {
            bind(tx.createNamedInsert("contact-insert"), contact).addParam("createdAt", now).execute();
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        return contact;
    }

    /** One contact, or not found (also for another organization's). */
    public Contact get(String orgId, String id) {
        return find(db.read(), orgId, id).orElseThrow(ContactRepository::notFound);
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
            bind(tx.createNamedUpdate("contact-update"), updated).execute();
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        return updated;
    }

    /** Erases a contact and everything hanging off it. */
    public void delete(String orgId, String id) {
        long deleted = db.write(tx -> tx.createNamedDelete("contact-delete")
                .addParam("org", orgId).addParam("id", id).execute());
        if (deleted == 0) {
            throw notFound();
        }
    }

    /**
     * A page of contacts, newest first.
     *
     * @param search a literal substring of first name, last name or email, or null
     * @param tagId  only contacts with this tag, or null
     */
    public Page list(String orgId, String search, String tagId, Paging paging) {
        // Terms of 3+ characters use the trigram index; shorter ones (too short for a trigram) scan with LIKE.
        boolean indexed = search != null && search.codePointCount(0, search.length()) >= 3;
        String variant = (tagId == null ? "" : "-tag") + (search == null ? "" : indexed ? "-fts" : "-search");
        DbExecute exec = db.read();
        var list = exec.createNamedQuery("contact-list" + variant)
                .addParam("org", orgId).addParam("limit", paging.limit()).addParam("offset", paging.offset());
        var count = exec.createNamedGet("contact-count" + variant).addParam("org", orgId);
        if (tagId != null) {
            list.addParam("tag", tagId);
            count.addParam("tag", tagId);
        }
        if (indexed) {
            String phrase = "\"" + search.replace("\"", "\"\"") + "\"";
            list.addParam("phrase", phrase);
            count.addParam("phrase", phrase);
        } else if (search != null) {
            String pattern = Like.contains(search);
            list.addParam("pattern", pattern);
            count.addParam("pattern", pattern);
        }
        List<Contact> contacts;
        try (Stream<DbRow> rows = list.execute()) {
            contacts = rows.map(ContactRepository::toContact).toList();
        }
        long total = count.execute().map(row -> Rows.longValue(row, "total")).orElse(0L);
        return new Page(contacts, total);
    }

    /** The tags on a contact as {@code [id, name]} pairs. */
    public List<String[]> tags(String contactId) {
        try (Stream<DbRow> rows = db.read().namedQuery("contact-tags", contactId)) {
            return rows.map(row -> new String[] {Rows.string(row, "id"), Rows.string(row, "name")}).toList();
        }
    }

    /** Maps a row of {@code contacts} to a contact. */
    public static Contact toContact(DbRow row) {
        return new Contact(
                Rows.string(row, "id"), Rows.string(row, "org_id"), Rows.string(row, "email"),
                Rows.string(row, "first_name"), Rows.string(row, "last_name"), Rows.string(row, "company"),
                Rows.string(row, "job_title"), Rows.string(row, "country"), Rows.string(row, "city"),
                Rows.string(row, "source"), Rows.string(row, "lifecycle_stage"),
                Rows.longValue(row, "lead_score"), Rows.longValue(row, "engagement_score"),
                Rows.string(row, "custom_fields"), Rows.nullableLong(row, "unsubscribed_at"),
                Rows.longValue(row, "created_at"), Rows.longValue(row, "updated_at"));
    }

    private static DbStatementDml bind(DbStatementDml statement, Contact c) {
        return statement
                .addParam("id", c.id()).addParam("org", c.orgId())
                .addParam("email", c.email()).addParam("emailLower", c.email().toLowerCase(Locale.ROOT))
                .addParam("firstName", c.firstName()).addParam("lastName", c.lastName())
                .addParam("company", c.company()).addParam("jobTitle", c.jobTitle())
                .addParam("country", c.country()).addParam("city", c.city()).addParam("source", c.source())
                .addParam("stage", c.lifecycleStage())
                .addParam("leadScore", c.leadScore()).addParam("engagementScore", c.engagementScore())
                .addParam("customFields", c.customFields()).addParam("updatedAt", c.updatedAt());
    }

    private static RuntimeException duplicateOr(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e) ? new ConflictException("A contact with this email already exists") : e;
    }

    static NotFoundException notFound() {
        return new NotFoundException("Contact not found");
    }
}
