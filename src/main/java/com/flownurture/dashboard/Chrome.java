package com.flownurture.dashboard;

import com.flownurture.users.Sessions;
import com.flownurture.users.User;
import io.helidon.webserver.http.ServerRequest;

/**
 * What the layout of every signed-in page needs: the title, the navigation entry to highlight, the signed-in user
 * and the session's CSRF token (in every form, and in a header of every htmx request).
 */
public record Chrome(String title, String active, User user, String csrf, String assets) {

    /** The chrome of a page for the session of this request. */
    public static Chrome of(ServerRequest req, String title, String active) {
        Sessions.Session session = DashboardFilter.session(req);
        return new Chrome(title, active, session.user(), session.csrfToken(), Assets.PREFIX);
    }

    /** The organization the signed-in user belongs to: the scope of everything the page shows. */
    public static String orgId(ServerRequest req) {
        return DashboardFilter.session(req).user().orgId();
    }
}
