package com.flownurture.segments;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.db.Database;
import com.flownurture.db.Dialect;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;

/**
 * The remembered membership of the segments workflows watch (a SEGMENT_ENTERED trigger or goal, a SEGMENT_LEFT
 * exit), so that entering and leaving can be told apart from being in. A write re-evaluates its contact; a sweep
 * re-evaluates whole segments, for rules that change with time alone. A segment is seeded with its current members
 * the first time it is watched: those count as already in. Thread-safe; every method runs in the caller's
 * transaction.
 */
public final class SegmentMembers {

    private final Dialect dialect;
    private final Clock clock;
    private final SegmentRepository segments;
    private final Statement member;
    private final Statement memberAdd;
    private final Statement memberRemove;
    private final Statement entering;
    private final Statement leaving;
    private final Statement watched;
    private final Statement watch;
    private final Statement seed;

    public SegmentMembers(Database db, Clock clock, SegmentRepository segments) {
        this.dialect = db.dialect();
        this.clock = clock;
        this.segments = segments;
        this.member = db.statement("segment-member");
        this.memberAdd = db.statement("segment-member-add");
        this.memberRemove = db.statement("segment-member-remove");
        this.entering = db.statement("segment-members-entering");
        this.leaving = db.statement("segment-members-leaving");
        this.watched = db.statement("segment-watched");
        this.watch = db.statement("segment-watch");
        this.seed = db.statement("segment-members-seed");
    }

    /** A contact that entered ({@code entered}) or left a segment. */
    public record Move(String segmentId, String contactId, boolean entered) {
    }

    /**
     * Re-evaluates one contact against a watched segment and remembers the result.
     *
     * @return the move, if the contact entered or left it; nothing for a deleted segment
     */
    public Optional<Move> evaluate(Tx tx, String orgId, String segmentId, String contactId) {
        Optional<Segment> segment = segments.find(tx, orgId, segmentId);
        if (segment.isEmpty() || seed(tx, orgId, segment.get())) {
            return Optional.empty();
        }
        boolean in = segments.contains(tx, orgId, contactId, segment.get().rules());
        boolean was = tx.exists(member, Params.of("segment", segmentId, "contact", contactId));
        if (in == was) {
            return Optional.empty();
        }
        tx.update(in ? memberAdd : memberRemove, Params.of("segment", segmentId, "contact", contactId));
        return Optional.of(new Move(segmentId, contactId, in));
    }

    /**
     * Re-evaluates a whole watched segment and remembers the result.
     *
     * @return every contact that entered or left it since it was last evaluated
     */
    public List<Move> sweep(Tx tx, String orgId, String segmentId) {
        Optional<Segment> segment = segments.find(tx, orgId, segmentId);
        if (segment.isEmpty() || seed(tx, orgId, segment.get())) {
            return List.of();
        }
        SegmentCompiler.Condition condition = SegmentCompiler.compile(segment.get().rules(), clock.millis(),
                dialect);
        Map<String, Object> params = condition.with("org", orgId, "segment", segmentId);
        List<Move> moves = new ArrayList<>();
        moves.addAll(tx.list(condition.in(entering), params, r -> new Move(segmentId, r.string("id"), true)));
        moves.addAll(tx.list(condition.in(leaving), params, r -> new Move(segmentId, r.string("id"), false)));
        for (Move move : moves) {
            tx.update(move.entered() ? memberAdd : memberRemove,
                    Params.of("segment", segmentId, "contact", move.contactId()));
        }
        return moves;
    }

    /** Starts watching a segment (a workflow that names it is saved ACTIVE): its current members count as in. */
    public void watch(Tx tx, String orgId, String segmentId) {
        segments.find(tx, orgId, segmentId).ifPresent(segment -> seed(tx, orgId, segment));
    }

    /** Seeds a segment not watched before; returns whether it did (then nothing moved: everyone was already in). */
    private boolean seed(Tx tx, String orgId, Segment segment) {
        if (tx.exists(watched, Params.of("id", segment.id()))) {
            return false;
        }
        tx.update(watch, Params.of("id", segment.id(), "now", clock.millis()));
        SegmentCompiler.Condition condition = SegmentCompiler.compile(segment.rules(), clock.millis(), dialect);
        tx.update(condition.in(seed), condition.with("segment", segment.id(), "org", orgId));
        return true;
    }
}
