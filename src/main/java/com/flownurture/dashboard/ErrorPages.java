package com.flownurture.dashboard;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The dashboard's 403 and 404 pages, inside the layout (the user is signed in by then). */
final class ErrorPages {

    private ErrorPages() {
    }

    static void send(ServerRequest req, ServerResponse res, Status status, String message) {
        if (res.isSent()) {
            return;
        }
        String title = status == Status.NOT_FOUND_404 ? "Not found" : "Forbidden";
        Html.send(res, status, "error.jte", Html.params("page", Chrome.of(req, title, ""),
                "status", status.code(), "message", message));
    }
}
