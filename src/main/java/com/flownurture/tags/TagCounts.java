package com.flownurture.tags;

import java.util.List;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/** The organization's tags with how many contacts carry each (the dashboard's tags page). Thread-safe. */
public final class TagCounts {

    private final Database db;
    private final Statement counts;

    public TagCounts(Database db) {
        this.db = db;
        this.counts = db.statement("tag-contact-counts");
    }

    /** A tag and how many contacts carry it. */
    public record TagCount(String id, String name, long createdAt, long contacts) {
    }

    /** The organization's first {@code limit} tags by name, each with its contact count. */
    public List<TagCount> list(String orgId, int limit) {
        return db.list(counts, Params.of("org", orgId, "limit", limit), r -> new TagCount(r.string("id"),
                r.string("name"), r.longValue("created_at"), r.longValue("contacts")));
    }
}
