package com.flownurture.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.flownurture.contacts.ContactRepository;
import com.flownurture.common.PageRequest;
import com.flownurture.enrollments.EnrollmentStats;
import com.flownurture.messages.SendingStats;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /}: the organization at a glance. Every figure is a bounded read: the contact total is kept by triggers,
 * the others read an index over a window of days or stop at {@link #FAILED_CAP}.
 */
public final class OverviewPage {

    static final int DAYS = 30;
    static final long FAILED_CAP = 10_000;

    private final ContactRepository contacts;
    private final EnrollmentStats enrollments;
    private final SendingStats sending;
    private final Clock clock;

    OverviewPage(ContactRepository contacts, EnrollmentStats enrollments, SendingStats sending, Clock clock) {
        this.contacts = contacts;
        this.enrollments = enrollments;
        this.sending = sending;
        this.clock = clock;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/", this::show);
    }

    /** The counts, and a bar chart per day for 30 days (UTC). */
    public record Figures(long contacts, long activeEnrollments, long sentLast7Days, long failedMessages,
                   boolean failedCapped, BarChart sent, BarChart enrollments) {
    }

    /** {@code curl -b jar localhost:8080/} */
    private void show(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        long now = clock.millis();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long since = today.minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long failed = sending.failed(org, FAILED_CAP);
        Figures figures = new Figures(
                contacts.list(org, null, null, new PageRequest(1, 1)).total(),
                enrollments.active(org),
                sending.sentSince(org, now - Duration.ofDays(7).toMillis()),
                failed, failed >= FAILED_CAP,
                BarChart.daily("Emails sent per day", "Emails", today, DAYS, sending.sentPerDay(org, since)),
                BarChart.daily("Enrollments started per day", "Enrollments", today, DAYS,
                        enrollments.startedPerDay(org, since)));
        Html.send(res, "overview.jte", Html.params("page", Chrome.of(req, "Overview", "Overview"), "f", figures));
    }

}
