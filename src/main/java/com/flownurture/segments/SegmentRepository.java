package com.flownurture.segments;

import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.contacts.Contact;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;
import com.flownurture.tags.TagRepository;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;

/** Segments and the contacts they select. Every statement is filtered by organization. Thread-safe. */
public final class SegmentRepository {

    private final Database db;
    private final Clock clock;
    private final TagRepository tags;
    private final Statement insert;
    private final Statement get;
    private final Statement update;
    private final Statement delete;
    private final Statement list;
    private final Statement inUse;
    private final Statement matchPage;
    private final Statement matchCount;
    private final Statement matchCountScan;
    private final Statement orgShare;
    private final Statement matchOne;

    /** @param tags the organization's tags, which rules name */
    public SegmentRepository(Database db, Clock clock, TagRepository tags) {
        this.db = db;
        this.clock = clock;
        this.tags = tags;
        this.insert = db.statement("segment-insert");
        this.get = db.statement("segment-get");
        this.update = db.statement("segment-update");
        this.delete = db.statement("segment-delete");
        this.list = db.statement("segment-list");
        this.inUse = db.statement("segment-in-use");
        this.matchPage = db.statement("segment-match-page");
        this.matchCount = db.statement("segment-match-count");
        this.matchCountScan = db.statement("segment-match-count-scan");
        this.orgShare = db.statement("segment-org-share");
        this.matchOne = db.statement("segment-match-one");
    }

    /** A line of the segment list. */
    public record Summary(String id, String name, long createdAt) {
    }

    /** A page of matching contacts and how many match in all. */
    public record Matches(List<Contact> contacts, long total) {
    }

    /** The organization's segments, newest first. */
    public List<Summary> list(String orgId) {
        return db.list(list, Params.of("org", orgId), r -> new Summary(r.string("id"), r.string("name"),
                r.longValue("created_at")));
    }

    /** One segment, or not found. */
    public Segment get(String orgId, String id) {
        return find(db, orgId, id).orElseThrow(SegmentRepository::notFound);
    }

    /** One segment, read inside or outside a write. */
    public Optional<Segment> find(Reads reads, String orgId, String id) {
        return reads.one(get, Params.of("org", orgId, "id", id), SegmentRepository::toSegment);
    }

    /**
     * Creates a segment.
     *
     * @param groups the groups from the request, validated here against the organization's tags
     */
    public Segment create(String orgId, String name, JsonArray groups) {
        return db.write(tx -> {
            SegmentRules rules = SegmentRules.parse(groups, tagId -> tags.find(tx, orgId, tagId).isPresent());
            String id = Ids.newId();
            tx.update(insert, Params.of("id", id, "org", orgId, "name", name, "definition", text(rules),
                    "now", clock.millis()));
            return find(tx, orgId, id).orElseThrow();
        });
    }

    /**
     * Renames a segment or replaces its groups whole.
     *
     * @param name   the new name, or null to keep it
     * @param groups the new groups, or null to keep them
     */
    public Segment update(String orgId, String id, String name, JsonArray groups) {
        return db.write(tx -> {
            Segment current = find(tx, orgId, id).orElseThrow(SegmentRepository::notFound);
            SegmentRules rules = groups == null
                    ? current.rules()
                    : SegmentRules.parse(groups, tagId -> tags.find(tx, orgId, tagId).isPresent());
            tx.update(update, Params.of("org", orgId, "id", id, "name", name == null ? current.name() : name,
                    "definition", text(rules), "now", clock.millis()));
            return find(tx, orgId, id).orElseThrow();
        });
    }

    /** Deletes a segment no CONDITION step uses; otherwise a conflict. */
    public void delete(String orgId, String id) {
        db.write(tx -> {
            find(tx, orgId, id).orElseThrow(SegmentRepository::notFound);
            if (tx.exists(inUse, Params.of("org", orgId, "id", id))) {
                throw new ConflictException("Segment is used by a CONDITION step of a workflow");
            }
            return tx.update(delete, Params.of("org", orgId, "id", id));
        });
    }

    /** Validates groups against the organization's tags without saving them (for previews). */
    public SegmentRules validate(String orgId, JsonArray groups) {
        return db.read(reads -> SegmentRules.parse(groups, tagId -> tags.find(reads, orgId, tagId).isPresent()));
    }

    /** How many contacts the rules select now. */
    public long count(String orgId, SegmentRules rules) {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, clock.millis(), db.dialect());
        boolean mostOfTheTable = db.one(orgShare, Params.of("org", orgId),
                r -> 2 * r.longValue("org") > r.longValue("everyone")).orElseThrow();
        Statement count = condition.in(mostOfTheTable ? matchCountScan : matchCount);
        return db.one(count, condition.with("org", orgId), r -> r.longValue("total")).orElseThrow();
    }

    /** A page of the contacts the rules select now, newest first. */
    public List<Contact> contacts(String orgId, SegmentRules rules, int limit, long offset) {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, clock.millis(), db.dialect());
        return db.list(condition.in(matchPage), condition.with("org", orgId, "limit", limit, "offset", offset),
                Contact::from);
    }

    /** A page of matches with the total. */
    public Matches matches(String orgId, SegmentRules rules, PageRequest paging) {
        return new Matches(contacts(orgId, rules, paging.limit(), paging.offset()), count(orgId, rules));
    }

    /** Whether one contact is in the segment now. */
    public boolean contains(Reads reads, String orgId, String contactId, SegmentRules rules) {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, clock.millis(), db.dialect());
        return reads.exists(condition.in(matchOne), condition.with("org", orgId, "contact", contactId));
    }

    private static String text(SegmentRules rules) {
        return JsonOutput.text(rules.toJson());
    }

    private static Segment toSegment(Row row) {
        try (JsonReader reader = Json.createReader(new StringReader(row.string("definition")))) {
            return new Segment(row.string("id"), row.string("name"), SegmentRules.fromStored(reader.readArray()),
                    row.longValue("created_at"), row.longValue("updated_at"));
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Segment not found");
    }
}
