package com.flownurture.messages;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.flownurture.db.Database;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET} and {@code POST /u/{token}}: the public, token-authenticated unsubscribe page that every email's
 * {@code List-Unsubscribe} header points at (RFC 8058 one-click uses the POST). The token is the key: 192 random
 * bits, one per message.
 */
public final class UnsubscribeService {

    private static final byte[] DONE = page("You are unsubscribed",
            "You will not receive further emails from us.").getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNKNOWN = page("Link not recognised",
            "This unsubscribe link is not valid.").getBytes(StandardCharsets.UTF_8);

    private final Database db;
    private final Clock clock;

    public UnsubscribeService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds the two routes. {@code curl -X POST -d List-Unsubscribe=One-Click localhost:8080/u/$TOKEN} */
    public void register(HttpRouting.Builder routing) {
        routing.get("/u/{token}", this::unsubscribe);
        routing.post("/u/{token}", this::unsubscribe);
    }

    private void unsubscribe(ServerRequest req, ServerResponse res) {
        String token = req.path().pathParameters().get("token");
        long changed = token.matches("[0-9a-f]{48}")
                ? db.write(tx -> tx.createNamedUpdate("unsubscribe-by-token").addParam("token", token)
                        .addParam("now", clock.millis()).execute())
                : 0;
        res.status(changed == 1 ? Status.OK_200 : Status.NOT_FOUND_404);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(changed == 1 ? DONE : UNKNOWN);
    }

    private static String page(String title, String text) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:32em;margin:4em auto\"><h1>" + title + "</h1><p>"
                + text + "</p></body></html>";
    }
}
