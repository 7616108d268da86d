package com.flownurture.enrollments;

import java.util.HashMap;
import java.util.Map;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/** An organization's enrollments in figures (the dashboard's overview). Thread-safe. */
public final class EnrollmentStats {

    private final Database db;
    private final Statement active;
    private final Statement startedPerDay;

    public EnrollmentStats(Database db) {
        this.db = db;
        this.active = db.statement("enrollment-active-total");
        this.startedPerDay = db.statement("enrollment-started-per-day");
    }

    /** How many enrollments of the organization are active. */
    public long active(String orgId) {
        return db.one(active, Params.of("org", orgId), r -> r.longValue("total")).orElse(0L);
    }

    /** Enrollments started per UTC day (days since the epoch) since a time. */
    public Map<Long, Long> startedPerDay(String orgId, long since) {
        Map<Long, Long> counts = new HashMap<>();
        db.list(startedPerDay, Params.of("org", orgId, "since", since),
                r -> counts.put(r.longValue("day"), r.longValue("total")));
        return counts;
    }
}
