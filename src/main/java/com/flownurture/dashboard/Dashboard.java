package com.flownurture.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import com.flownurture.auth.ApiKeys;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.TargetPolicy;
import com.flownurture.consent.ConsentRepository;
import com.flownurture.contacts.ContactImport;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.enrollments.EnrollmentStats;
import com.flownurture.enrollments.FunnelCounts;
import com.flownurture.events.EventRepository;
import com.flownurture.http.ClientAddress;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.SendingStats;
import com.flownurture.orgs.Organizations;
import com.flownurture.ratelimit.Backoff;
import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.suppressions.SuppressionRepository;
import com.flownurture.tags.TagCounts;
import com.flownurture.tags.TagRepository;
import com.flownurture.tracking.WorkflowStats;
import com.flownurture.users.Sessions;
import com.flownurture.users.UserRepository;
import com.flownurture.webhooks.SubscriptionRepository;
import com.flownurture.workflows.WorkflowRepository;
import io.helidon.http.ForbiddenException;
import io.helidon.webserver.http.HttpRouting;

/**
 * The web dashboard: server-rendered pages over the same repositories as the API, scoped to the signed-in user's
 * organization. Registers its filter, its static files and each area's pages.
 */
public final class Dashboard {

    /** Sign-in attempts a client address may make per minute, whatever the accounts. */
    static final int LOGINS_PER_ADDRESS = 30;
    /** Failed sign-ins to one account from one address that cost no wait (typos). */
    static final int FREE_SIGN_IN_FAILURES = 5;
    /** The wait after the free failures; it doubles with each further failure. */
    static final Duration FIRST_SIGN_IN_WAIT = Duration.ofSeconds(2);
    /** The longest wait between two attempts of one account from one address. */
    static final Duration MAX_SIGN_IN_WAIT = Duration.ofMinutes(15);
    /** An (account, address) pair's failures are forgotten this long after its last one. */
    static final Duration FORGET_SIGN_IN_FAILURES = Duration.ofDays(1);

    private Dashboard() {
    }

    /**
     * What the pages read and write through, built once by {@code app/Components}: the API's own repositories, the
     * database they share, the dashboard's users and sessions.
     *
     * @param imports       a new import for each uploaded file (an import keeps the tags it met)
     * @param clientAddress who a request comes from, for the sign-in throttle
     * @param secureCookies whether the server is reached over https (cookies then carry {@code Secure})
     * @param targets       which webhook URLs may be saved (the API's policy)
     */
    public record Parts(Database db, Clock clock, ApiKeys keys, ContactRepository contacts, TagRepository tags,
                        WorkflowRepository workflows, SegmentRepository segments, EnrollmentRepository enrollments,
                        MessageRepository messages, ConsentRepository consent, SuppressionRepository suppressions,
                        Organizations orgs, UserRepository users, Sessions sessions,
                        Supplier<ContactImport> imports, TagCounts tagCounts, FunnelCounts funnel,
                        EnrollmentStats enrollmentStats, SendingStats sendingStats, ClientAddress clientAddress,
                        boolean secureCookies, SubscriptionRepository webhooks, TargetPolicy targets,
                        EventRepository events, WorkflowStats workflowStats) {
    }

    /**
     * Adds the dashboard to the routing (before the catch-all route).
     *
     * @return the dashboard's route table
     * @throws IllegalStateException when a page's route has no access rule, or a rule no route
     */
    public static DashboardRoutes register(HttpRouting.Builder http, Parts c) {
        Clock clock = c.clock();
        c.sessions().deleteExpired();
        DashboardRoutes routing = new DashboardRoutes(http);
        DashboardFilter filter = new DashboardFilter(c.sessions(), routing);
        http.addFilter(filter);
        http.error(NotFoundException.class, filter::error);
        http.error(ForbiddenException.class, filter::error);
        Assets.register(routing);
        new LoginPage(c.users(), c.sessions(), c.clientAddress(), new RateLimiter(LOGINS_PER_ADDRESS, clock),
                new Backoff(FREE_SIGN_IN_FAILURES, FIRST_SIGN_IN_WAIT, MAX_SIGN_IN_WAIT, FORGET_SIGN_IN_FAILURES,
                        clock), c.secureCookies()).routes(routing);
        new OverviewPage(c.contacts(), c.enrollmentStats(), c.sendingStats(), clock).routes(routing);
        EmailFrames frames = new EmailFrames();
        MessagesPages messages = new MessagesPages(c.messages(), frames);
        EventsPages events = new EventsPages(c.events(), c.contacts());
        new ImportPages(c.imports()).routes(routing);
        new ContactsPages(c.db(), c.contacts(), c.tags(), c.enrollments(), c.workflows(), messages, events,
                c.suppressions()).routes(routing);
        new SuppressionsPage(c.suppressions()).routes(routing);
        new TagsPage(c.tagCounts(), c.tags()).routes(routing);
        messages.routes(routing);
        events.routes(routing);
        new WorkflowEditorPages(c.workflows(), c.contacts(), c.tags(), c.segments(), frames).routes(routing);
        new WorkflowsPages(c.workflows(), c.enrollments(), c.funnel(), c.contacts(), c.workflowStats(), c.tags(),
                c.segments()).routes(routing);
        new SegmentsPages(c.segments(), c.tags()).routes(routing);
        new EnrollmentsPages(c.enrollments(), c.workflows(), c.contacts()).routes(routing);
        new ApiKeysPage(c.keys()).routes(routing);
        new WebhooksPages(c.webhooks(), c.targets()).routes(routing);
        new UsersPage(c.users()).routes(routing);
        new SettingsPage(c.consent(), c.orgs()).routes(routing);
        routing.requireComplete();
        return routing;
    }
}
