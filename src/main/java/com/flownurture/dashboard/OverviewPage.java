package com.flownurture.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.common.PageRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /}: the organization at a glance. Every figure is a bounded read: the contact total is kept by triggers,
 * the others read an index over a window of days or stop at {@link #FAILED_CAP}.
 */
public final class OverviewPage {

    static final int DAYS = 30;
    static final long FAILED_CAP = 10_000;

    private final Database db;
    private final ContactRepository contacts;
    private final Clock clock;

    OverviewPage(Database db, ContactRepository contacts, Clock clock) {
        this.db = db;
        this.contacts = contacts;
        this.clock = clock;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/", this::show);
    }

    /** The counts, and a bar chart per day for 30 days (UTC). */
    public record Figures(long contacts, long activeEnrollments, long sentLast7Days, long failedMessages,
                   boolean failedCapped, Chart sent, Chart enrollments) {
    }

    /** {@code curl -b jar localhost:8080/} */
    private void show(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        long now = clock.millis();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long since = today.minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Map<String, Object> p = Map.of("org", org, "since", since);
        long failed = one("overview-failed-messages", Map.of("org", org, "cap", FAILED_CAP));
        Figures figures = new Figures(
                contacts.list(org, null, null, new PageRequest(1, 1)).total(),
                one("overview-active-enrollments", Map.of("org", org)),
                one("overview-sent-since", Map.of("org", org, "since", now - Duration.ofDays(7).toMillis())),
                failed, failed >= FAILED_CAP,
                Chart.daily("Emails sent per day", today, DAYS, perDay("overview-sent-per-day", p)),
                Chart.daily("Enrollments started per day", today, DAYS, perDay("overview-enrollments-per-day", p)));
        Html.send(res, "overview.jte", Html.params("page", Chrome.of(req, "Overview", "Overview"), "f", figures));
    }

    private long one(String statement, Map<String, ?> params) {
        List<Long> rows = db.query(statement, params, row -> Rows.longValue(row, "total"));
        return rows.isEmpty() ? 0 : rows.getFirst();
    }

    private Map<Long, Long> perDay(String statement, Map<String, ?> params) {
        Map<Long, Long> counts = new HashMap<>();
        db.query(statement, params, row -> counts.put(Rows.longValue(row, "day"), Rows.longValue(row, "total")));
        return counts;
    }
}
