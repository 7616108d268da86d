package com.flownurture.enrollments;

import java.util.HashMap;
import java.util.Map;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/** A workflow's funnel as its enrollments tell it: how many wait at, and have run, each step. Thread-safe. */
public final class FunnelCounts {

    private final Database db;
    private final Statement waiting;
    private final Statement passed;

    public FunnelCounts(Database db) {
        this.db = db;
        this.waiting = db.statement("enrollment-funnel-waiting");
        this.passed = db.statement("enrollment-funnel-passed");
    }

    /** How many active enrollments of the workflow wait at each step, by step order. */
    public Map<Long, Long> waiting(String workflowId) {
        Map<Long, Long> counts = new HashMap<>();
        db.list(waiting, Params.of("workflow", workflowId),
                r -> counts.put(r.longValue("step"), r.longValue("total")));
        return counts;
    }

    /** How many enrollments of the workflow have run each step, by step id. */
    public Map<String, Long> passed(String workflowId) {
        Map<String, Long> counts = new HashMap<>();
        db.list(passed, Params.of("workflow", workflowId),
                r -> counts.put(r.string("step"), r.longValue("total")));
        return counts;
    }
}
