package com.flownurture.segments;

import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.contacts.Contact;
import com.flownurture.db.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import com.flownurture.db.Rows;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;

/** Segments and the contacts they select. Every statement is filtered by organization. Thread-safe. */
public final class SegmentRepository {

    private static final String MARKER = "1 = 1 /*condition*/";

    private final Database db;
    private final Clock clock;

    public SegmentRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A line of the segment list. */
    public record Summary(String id, String name, long createdAt) {
    }

    /** A page of matching contacts and how many match in all. */
    public record Matches(List<Contact> contacts, long total) {
    }

    /** The organization's segments, newest first. */
    public List<Summary> list(String orgId) {
        return db.query("segment-list", Map.of("org", orgId), r -> new Summary(Rows.string(r, "id"),
                Rows.string(r, "name"), Rows.longValue(r, "created_at")));
    }

    /** One segment, or not found. */
    public Segment get(String orgId, String id) {
        return db.read(exec -> find(exec, orgId, id)).orElseThrow(SegmentRepository::notFound);
    }

    /** One segment, read through the given executor. */
    public Optional<Segment> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("segment-get").addParam("org", orgId).addParam("id", id).execute()
                .map(SegmentRepository::toSegment);
    }

    /**
     * Creates a segment.
     *
     * @param groups the groups from the request, validated here against the organization's tags
     */
    public Segment create(String orgId, String name, JsonArray groups) {
        return db.write(tx -> {
            SegmentRules rules = SegmentRules.parse(groups, tagId -> tagExists(tx, orgId, tagId));
            String id = Ids.newId();
            tx.createNamedInsert("segment-insert").addParam("id", id).addParam("org", orgId).addParam("name", name)
                    .addParam("definition", text(rules)).addParam("now", clock.millis()).execute();
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
                    : SegmentRules.parse(groups, tagId -> tagExists(tx, orgId, tagId));
            tx.createNamedUpdate("segment-update").addParam("org", orgId).addParam("id", id)
                    .addParam("name", name == null ? current.name() : name)
                    .addParam("definition", text(rules)).addParam("now", clock.millis()).execute();
            return find(tx, orgId, id).orElseThrow();
        });
    }

    /** Deletes a segment no CONDITION step uses; otherwise a conflict. */
    public void delete(String orgId, String id) {
        db.write(tx -> {
            find(tx, orgId, id).orElseThrow(SegmentRepository::notFound);
            if (tx.createNamedGet("segment-in-use").addParam("org", orgId).addParam("id", id).execute().isPresent()) {
                throw new ConflictException("Segment is used by a CONDITION step of a workflow");
            }
            return tx.createNamedDelete("segment-delete").addParam("org", orgId).addParam("id", id).execute();
        });
    }

    /** Validates groups against the organization's tags without saving them (for previews). */
    public SegmentRules validate(String orgId, JsonArray groups) {
        return db.read(exec -> SegmentRules.parse(groups, tagId -> tagExists(exec, orgId, tagId)));
    }

    /** How many contacts the rules select now. */
    public long count(String orgId, SegmentRules rules) {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, clock.millis(), db.dialect());
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.addAll(condition.params());
        boolean mostOfTheTable = db.query("segment-org-share", Map.of("org", orgId),
                r -> 2 * Rows.longValue(r, "org") > Rows.longValue(r, "everyone")).getFirst();
        String statement = mostOfTheTable ? "segment-match-count-scan" : "segment-match-count";
        return db.query(sql(statement, condition), params, r -> Rows.longValue(r, "total")).getFirst();
    }

    /** A page of the contacts the rules select now, newest first. */
    public List<Contact> contacts(String orgId, SegmentRules rules, int limit, long offset) {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, clock.millis(), db.dialect());
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.addAll(condition.params());
        params.add(limit);
        params.add(offset);
        return db.query(sql("segment-match-page", condition), params, row -> Contact.from(row::get));
    }

    /** A page of matches with the total. */
    public Matches matches(String orgId, SegmentRules rules, PageRequest paging) {
        return new Matches(contacts(orgId, rules, paging.limit(), paging.offset()), count(orgId, rules));
    }

    /** Whether one contact is in the segment now. */
    public boolean contains(DbExecute exec, String orgId, String contactId, SegmentRules rules) {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, clock.millis(), db.dialect());
        List<Object> params = new ArrayList<>();
        params.add(orgId);
        params.add(contactId);
        params.addAll(condition.params());
        return exec.createGet(sql("segment-match-one", condition)).params(params).execute().isPresent();
    }

    private String sql(String name, SegmentCompiler.Condition condition) {
        return db.sql(name).replace(MARKER, condition.sql());
    }

    private static boolean tagExists(DbExecute exec, String orgId, String tagId) {
        return exec.createNamedGet("tag-get").addParam("org", orgId).addParam("id", tagId).execute().isPresent();
    }

    private static String text(SegmentRules rules) {
        return JsonOutput.text(rules.toJson());
    }

    private static Segment toSegment(DbRow row) {
        try (JsonReader reader = Json.createReader(new StringReader(Rows.string(row, "definition")))) {
            return new Segment(Rows.string(row, "id"), Rows.string(row, "name"),
                    SegmentRules.fromStored(reader.readArray()),
                    Rows.longValue(row, "created_at"), Rows.longValue(row, "updated_at"));
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Segment not found");
    }
}
