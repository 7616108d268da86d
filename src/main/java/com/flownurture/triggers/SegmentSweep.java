package com.flownurture.triggers;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.flownurture.db.Database;
import com.flownurture.segments.SegmentMembers;
import com.flownurture.workflows.When;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;

/**
 * Re-evaluates the watched segments whole at a fixed interval, because some rules change with time alone
 * ({@code within_last_days}, {@code more_than_days_ago}, event rules): a contact can enter or leave a segment
 * without any write. Each organization's moves are reacted to in one transaction. Thread-safe.
 */
public final class SegmentSweep implements AutoCloseable {

    /** How often the sweep runs: at least every minute, as the API promises. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(SegmentSweep.class.getName());

    private final Database db;
    private final WorkflowRepository workflows;
    private final Triggers triggers;
    private final Happenings happenings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("segment-sweep").daemon().factory());

    public SegmentSweep(Database db, WorkflowRepository workflows, Triggers triggers, Happenings happenings) {
        this.db = db;
        this.workflows = workflows;
        this.triggers = triggers;
        this.happenings = happenings;
    }

    /** Starts sweeping every {@link #INTERVAL}. */
    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "segment sweep failed; retrying at the next interval", e);
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One sweep of every organization with reacting workflows; returns how many contacts moved. */
    public int sweep() {
        int moved = 0;
        for (String orgId : workflows.automatedOrgs()) {
            moved += db.write(tx -> {
                List<Workflow> automated = triggers.reacting(tx, orgId);
                List<SegmentMembers.Move> moves = happenings.sweep(tx, orgId, automated);
                Map<String, List<When>> byContact = new LinkedHashMap<>();
                for (SegmentMembers.Move move : moves) {
                    byContact.computeIfAbsent(move.contactId(), c -> new java.util.ArrayList<>()).add(move.entered()
                            ? new When.SegmentEntered(move.segmentId()) : new When.SegmentLeft(move.segmentId()));
                }
                byContact.forEach((contactId, happened) ->
                        triggers.react(tx, orgId, contactId, happened, automated, null));
                return moves.size();
            });
        }
        return moved;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
