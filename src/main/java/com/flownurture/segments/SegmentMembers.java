package com.flownurture.segments;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The remembered membership of the segments workflows watch (a SEGMENT_ENTERED trigger or goal, a SEGMENT_LEFT
 * exit), so that entering and leaving can be told apart from being in. A write re-evaluates its contact; a sweep
 * re-evaluates whole segments, for rules that change with time alone. A segment is seeded with its current members
 * the first time it is watched: those count as already in. Thread-safe; every method runs in the caller's
 * transaction.
 */
public final class SegmentMembers {

    private static final String MARKER = "1 = 1 /*condition*/";

    private final Database db;
    private final Clock clock;
    private final SegmentRepository segments;

    public SegmentMembers(Database db, Clock clock, SegmentRepository segments) {
        this.db = db;
        this.clock = clock;
        this.segments = segments;
    }

    /** A contact that entered ({@code entered}) or left a segment. */
    public record Move(String segmentId, String contactId, boolean entered) {
    }

    /**
     * Re-evaluates one contact against a watched segment and remembers the result.
     *
     * @return the move, if the contact entered or left it; nothing for a deleted segment
     */
    public Optional<Move> evaluate(DbExecute tx, String orgId, String segmentId, String contactId) {
        Optional<Segment> segment = segments.find(tx, orgId, segmentId);
        if (segment.isEmpty() || seed(tx, orgId, segment.get())) {
            return Optional.empty();
        }
        boolean in = segments.contains(tx, orgId, contactId, segment.get().rules());
        boolean was = tx.createNamedGet("segment-member").addParam("segment", segmentId).addParam("contact", contactId)
                .execute().isPresent();
        if (in == was) {
            return Optional.empty();
        }
        tx.createNamedUpdate(in ? "segment-member-add" : "segment-member-remove").addParam("segment", segmentId)
                .addParam("contact", contactId).execute();
        return Optional.of(new Move(segmentId, contactId, in));
    }

    /**
     * Re-evaluates a whole watched segment and remembers the result.
     *
     * @return every contact that entered or left it since it was last evaluated
     */
    public List<Move> sweep(DbExecute tx, String orgId, String segmentId) {
        Optional<Segment> segment = segments.find(tx, orgId, segmentId);
        if (segment.isEmpty() || seed(tx, orgId, segment.get())) {
            return List.of();
        }
        SegmentCompiler.Condition condition = SegmentCompiler.compile(segment.get().rules(), clock.millis(),
                db.dialect());
        List<Object> entering = new ArrayList<>();
        entering.add(orgId);
        entering.addAll(condition.params());
        entering.add(segmentId);
        List<Object> leaving = new ArrayList<>();
        leaving.add(segmentId);
        leaving.add(orgId);
        leaving.addAll(condition.params());
        List<Move> moves = new ArrayList<>();
        moves.addAll(ids(tx, sql("segment-members-entering", condition), entering).stream()
                .map(id -> new Move(segmentId, id, true)).toList());
        moves.addAll(ids(tx, sql("segment-members-leaving", condition), leaving).stream()
                .map(id -> new Move(segmentId, id, false)).toList());
        for (Move move : moves) {
            tx.createNamedUpdate(move.entered() ? "segment-member-add" : "segment-member-remove")
                    .addParam("segment", segmentId).addParam("contact", move.contactId()).execute();
        }
        return moves;
    }

    /** Starts watching a segment (a workflow that names it is saved ACTIVE): its current members count as in. */
    public void watch(DbExecute tx, String orgId, String segmentId) {
        segments.find(tx, orgId, segmentId).ifPresent(segment -> seed(tx, orgId, segment));
    }

    /** Seeds a segment not watched before; returns whether it did (then nothing moved: everyone was already in). */
    private boolean seed(DbExecute tx, String orgId, Segment segment) {
        if (tx.createNamedGet("segment-watched").addParam("id", segment.id()).execute().isPresent()) {
            return false;
        }
        tx.createNamedInsert("segment-watch").addParam("id", segment.id()).addParam("now", clock.millis()).execute();
        SegmentCompiler.Condition condition = SegmentCompiler.compile(segment.rules(), clock.millis(), db.dialect());
        List<Object> params = new ArrayList<>();
        params.add(segment.id());
        params.add(orgId);
        params.addAll(condition.params());
        tx.createInsert(sql("segment-members-seed", condition)).params(params).execute();
        return true;
    }

    private static List<String> ids(DbExecute tx, String sql, List<Object> params) {
        try (Stream<DbRow> rows = tx.createQuery(sql).params(params).execute()) {
            return rows.map(r -> Rows.string(r, "id")).toList();
        }
    }

    private String sql(String name, SegmentCompiler.Condition condition) {
        return db.sql(name).replace(MARKER, condition.sql());
    }
}
