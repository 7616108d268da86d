package com.flownurture.tags;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

/** Tag definitions and the tags on contacts. Every statement is filtered by organization. Thread-safe. */
public final class TagRepository {

    private final Database db;
    private final Clock clock;
    private final Changes published;

    public TagRepository(Database db, Clock clock, Changes changes) {
        this.db = db;
        this.clock = clock;
        this.published = changes;
    }

    /** A page of tags and the total. */
    public record Page(List<Tag> tags, long total) {
    }

    /** Creates a tag; a duplicate name (case-insensitive) is a conflict. */
    public Tag create(String orgId, String name) {
        return db.write(tx -> create(tx, orgId, name));
    }

    /** Creates a tag inside the caller's transaction. */
    public Tag create(DbExecute tx, String orgId, String name) {
        Tag tag = new Tag(Ids.newId(), name, clock.millis());
        try {
            tx.createNamedInsert("tag-insert").addParam("id", tag.id()).addParam("org", orgId)
                    .addParam("name", name).addParam("nameLower", name.toLowerCase(Locale.ROOT))
                    .addParam("now", tag.createdAt()).execute();
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        return tag;
    }

    /** The tag with this name (compared lower-cased), through the given executor. */
    public Optional<Tag> findByName(DbExecute exec, String orgId, String name) {
        return exec.createNamedGet("tag-by-name").addParam("org", orgId)
                .addParam("nameLower", name.toLowerCase(Locale.ROOT)).execute().map(Rows::of).map(TagRepository::toTag);
    }

    /** One tag, read through the given executor. */
    public Optional<Tag> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("tag-get").addParam("org", orgId).addParam("id", id).execute()
                .map(Rows::of).map(TagRepository::toTag);
    }

    /** Renames a tag. */
    public Tag rename(String orgId, String id, String name) {
        return db.write(tx -> {
            long changed;
            try {
                changed = tx.createNamedUpdate("tag-rename").addParam("org", orgId).addParam("id", id)
                        .addParam("name", name).addParam("nameLower", name.toLowerCase(Locale.ROOT))
                        .addParam("now", clock.millis()).execute();
            } catch (RuntimeException e) {
                throw duplicateOr(e);
            }
            if (changed == 0) {
                throw notFound();
            }
            return find(tx, orgId, id).orElseThrow();
        });
    }

    /** Deletes a tag and takes it off every contact. */
    public void delete(String orgId, String id) {
        long deleted = db.write(tx -> tx.createNamedDelete("tag-delete")
                .addParam("org", orgId).addParam("id", id).execute());
        if (deleted == 0) {
            throw notFound();
        }
    }

    /** A page of tags by name, optionally those containing a literal substring. */
    public Page list(String orgId, String search, PageRequest paging) {
        String variant = search == null ? "" : "-search";
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        if (search != null) {
            params.put("pattern", Like.contains(search));
        }
        long total = db.query("tag-count" + variant, params, r -> Rows.longValue(r, "total")).getFirst();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        return new Page(db.query("tag-list" + variant, params, TagRepository::toTag), total);
    }

    /** Puts a tag on a contact (a no-op when it is there). Both must be the organization's. */
    public void addToContact(String orgId, String contactId, String tagId) {
        db.write(tx -> addToContact(tx, orgId, contactId, tagId));
    }

    /** Puts a tag on a contact inside the caller's transaction. */
    public long addToContact(DbExecute tx, String orgId, String contactId, String tagId) {
        requireBoth(tx, orgId, contactId, tagId);
        long added = tx.createNamedInsert("contact-tag-add").addParam("contact", contactId).addParam("tag", tagId)
                .addParam("now", clock.millis()).execute();
        if (added > 0) {
            published.publish(tx, new Change.TagAdded(orgId, contactId, tagId));
        }
        return added;
    }

    /** Takes a tag off a contact (a no-op when it is not there). Both must be the organization's. */
    public void removeFromContact(String orgId, String contactId, String tagId) {
        db.write(tx -> removeFromContact(tx, orgId, contactId, tagId));
    }

    /** Takes a tag off a contact inside the caller's transaction. */
    public long removeFromContact(DbExecute tx, String orgId, String contactId, String tagId) {
        requireBoth(tx, orgId, contactId, tagId);
        long removed = tx.createNamedDelete("contact-tag-remove").addParam("contact", contactId)
                .addParam("tag", tagId).execute();
        if (removed > 0) {
            published.publish(tx, new Change.TagRemoved(orgId, contactId, tagId));
        }
        return removed;
    }

    private void requireBoth(DbExecute tx, String orgId, String contactId, String tagId) {
        if (tx.createNamedGet("contact-exists").addParam("org", orgId).addParam("id", contactId).execute().isEmpty()) {
            throw new NotFoundException("Contact not found");
        }
        if (find(tx, orgId, tagId).isEmpty()) {
            throw notFound();
        }
    }

    private static Tag toTag(Rows.Columns row) {
        return new Tag(Rows.string(row, "id"), Rows.string(row, "name"), Rows.longValue(row, "created_at"));
    }

    private static RuntimeException duplicateOr(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e) ? new ConflictException("A tag with this name already exists") : e;
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Tag not found");
    }
}
