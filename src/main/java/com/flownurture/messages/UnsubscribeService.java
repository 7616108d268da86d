package com.flownurture.messages;

import java.nio.charset.StandardCharsets;

import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET} and {@code POST /u/{token}}: the public, token-authenticated unsubscribe page that every email's
 * {@code List-Unsubscribe} header points at (RFC 8058 one-click uses the POST). The token is the key: 192 random
 * bits, one per message.
 */
public final class UnsubscribeService implements ApiService {

    private static final byte[] DONE = page("You are unsubscribed",
            "You will not receive further emails from us.").getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNKNOWN = page("Link not recognised",
            "This unsubscribe link is not valid.").getBytes(StandardCharsets.UTF_8);

    private final Database db;
    private final MessageRepository messages;
    private final ContactRepository contacts;

    public UnsubscribeService(Database db, MessageRepository messages, ContactRepository contacts) {
        this.db = db;
        this.messages = messages;
        this.contacts = contacts;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.publicGet("/u/{token}", this::unsubscribe)
                .publicPost("/u/{token}", this::unsubscribe);
    }

    /** {@code curl -X POST -d List-Unsubscribe=One-Click localhost:8080/u/$TOKEN} */
    private void unsubscribe(ServerRequest req, ServerResponse res) {
        String token = req.path().pathParameters().get("token");
        boolean done = token.matches("[0-9a-f]{48}") && db.write(tx -> messages.byToken(tx, token)
                .map(m -> contacts.unsubscribe(tx, m.orgId(), m.contactId())).orElse(false));
        res.status(done ? Status.OK_200 : Status.NOT_FOUND_404);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(done ? DONE : UNKNOWN);
    }

    private static String page(String title, String text) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:32em;margin:4em auto\"><h1>" + title + "</h1><p>"
                + text + "</p></body></html>";
    }
}
