package com.flownurture.messages;

import java.util.HashMap;
import java.util.Map;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/**
 * An organization's sending in figures (the dashboard's overview), each a bounded read: a window of days of the
 * organization's messages, or a count that stops at a cap. Thread-safe.
 */
public final class SendingStats {

    private final Database db;
    private final Statement sentSince;
    private final Statement failed;
    private final Statement sentPerDay;

    public SendingStats(Database db) {
        this.db = db;
        this.sentSince = db.statement("message-sent-since");
        this.failed = db.statement("message-failed-count");
        this.sentPerDay = db.statement("message-sent-per-day");
    }

    /** Emails sent since a time. */
    public long sentSince(String orgId, long since) {
        return db.one(sentSince, Params.of("org", orgId, "since", since), r -> r.longValue("total")).orElse(0L);
    }

    /** Failed messages, counted up to {@code cap}. */
    public long failed(String orgId, long cap) {
        return db.one(failed, Params.of("org", orgId, "cap", cap), r -> r.longValue("total")).orElse(0L);
    }

    /** Emails sent per UTC day (days since the epoch) since a time. */
    public Map<Long, Long> sentPerDay(String orgId, long since) {
        Map<Long, Long> counts = new HashMap<>();
        db.list(sentPerDay, Params.of("org", orgId, "since", since),
                r -> counts.put(r.longValue("day"), r.longValue("total")));
        return counts;
    }
}
