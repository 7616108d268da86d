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
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;

/** Tag definitions and the tags on contacts. Every statement is filtered by organization. Thread-safe. */
public final class TagRepository {

    private final Database db;
    private final Clock clock;
    private final Changes published;
    private final Statement insert;
    private final Statement get;
    private final Statement byName;
    private final Statement update;
    private final Statement remove;
    private final Statement page;
    private final Statement count;
    private final Statement pageSearch;
    private final Statement countSearch;
    private final Statement tagContact;
    private final Statement untagContact;
    private final Statement contactExists;

    public TagRepository(Database db, Clock clock, Changes changes) {
        this.db = db;
        this.clock = clock;
        this.published = changes;
        this.insert = db.statement("tag-insert");
        this.get = db.statement("tag-get");
        this.byName = db.statement("tag-by-name");
        this.update = db.statement("tag-rename");
        this.remove = db.statement("tag-delete");
        this.page = db.statement("tag-list");
        this.count = db.statement("tag-count");
        this.pageSearch = db.statement("tag-list-search");
        this.countSearch = db.statement("tag-count-search");
        this.tagContact = db.statement("contact-tag-add");
        this.untagContact = db.statement("contact-tag-remove");
        this.contactExists = db.statement("contact-exists");
    }

    /** A page of tags and the total. */
    public record Page(List<Tag> tags, long total) {
    }

    /** Creates a tag; a duplicate name (case-insensitive) is a conflict. */
    public Tag create(String orgId, String name) {
        return db.write(tx -> create(tx, orgId, name));
    }

    /** Creates a tag inside the caller's transaction. */
    public Tag create(Tx tx, String orgId, String name) {
        Tag tag = new Tag(Ids.newId(), name, clock.millis());
        try {
            tx.update(insert, Params.of("id", tag.id(), "org", orgId, "name", name,
                    "nameLower", name.toLowerCase(Locale.ROOT), "now", tag.createdAt()));
        } catch (RuntimeException e) {
            throw duplicateOr(e);
        }
        return tag;
    }

    /** The tag with this name (compared lower-cased). */
    public Optional<Tag> findByName(Reads reads, String orgId, String name) {
        return reads.one(byName, Params.of("org", orgId, "nameLower", name.toLowerCase(Locale.ROOT)), Tag::from);
    }

    /** One tag. */
    public Optional<Tag> find(Reads reads, String orgId, String id) {
        return reads.one(get, Params.of("org", orgId, "id", id), Tag::from);
    }

    /** Renames a tag. */
    public Tag rename(String orgId, String id, String name) {
        return db.write(tx -> {
            long changed;
            try {
                changed = tx.update(update, Params.of("org", orgId, "id", id, "name", name,
                        "nameLower", name.toLowerCase(Locale.ROOT), "now", clock.millis()));
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
        long deleted = db.write(tx -> tx.update(remove, Params.of("org", orgId, "id", id)));
        if (deleted == 0) {
            throw notFound();
        }
    }

    /** A page of tags by name, optionally those containing a literal substring. */
    public Page list(String orgId, String search, PageRequest paging) {
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        if (search != null) {
            params.put("pattern", Like.contains(search));
        }
        long total = db.one(search == null ? count : countSearch, params, r -> r.longValue("total")).orElseThrow();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        return new Page(db.list(search == null ? page : pageSearch, params, Tag::from), total);
    }

    /** Puts a tag on a contact (a no-op when it is there). Both must be the organization's. */
    public void addToContact(String orgId, String contactId, String tagId) {
        db.write(tx -> addToContact(tx, orgId, contactId, tagId));
    }

    /** Puts a tag on a contact inside the caller's transaction. */
    public long addToContact(Tx tx, String orgId, String contactId, String tagId) {
        requireBoth(tx, orgId, contactId, tagId);
        long added = tx.update(tagContact, Params.of("contact", contactId, "tag", tagId, "now", clock.millis()));
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
    public long removeFromContact(Tx tx, String orgId, String contactId, String tagId) {
        requireBoth(tx, orgId, contactId, tagId);
        long removed = tx.update(untagContact, Params.of("contact", contactId, "tag", tagId));
        if (removed > 0) {
            published.publish(tx, new Change.TagRemoved(orgId, contactId, tagId));
        }
        return removed;
    }

    private void requireBoth(Tx tx, String orgId, String contactId, String tagId) {
        if (!tx.exists(contactExists, Params.of("org", orgId, "id", contactId))) {
            throw new NotFoundException("Contact not found");
        }
        if (find(tx, orgId, tagId).isEmpty()) {
            throw notFound();
        }
    }

    private static RuntimeException duplicateOr(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e) ? new ConflictException("A tag with this name already exists") : e;
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Tag not found");
    }
}
