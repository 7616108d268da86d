package com.flownurture.messages;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.flownurture.db.Database;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.suppressions.SuppressionRepository;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jsoup.nodes.Entities;

/**
 * {@code GET} and {@code POST /u/{token}}: the public, token-authenticated unsubscribe page that every email's
 * {@code List-Unsubscribe} header points at. The token is the key: 192 random bits, one per message.
 *
 * <p>A {@code GET} never changes anything: corporate link scanners fetch every link in an email, so the page only
 * shows the (partly masked) address and an Unsubscribe button. Only a {@code POST} unsubscribes: the button, or a
 * mail client's RFC 8058 one-click {@code List-Unsubscribe=One-Click}. The page then offers to re-subscribe, a
 * {@code POST} with {@code action=resubscribe}.
 */
public final class UnsubscribeService implements ApiService {

    private static final int MAX_FORM = 256;

    private final Database db;
    private final MessageRepository messages;
    private final SuppressionRepository suppressions;

    public UnsubscribeService(Database db, MessageRepository messages, SuppressionRepository suppressions) {
        this.db = db;
        this.messages = messages;
        this.suppressions = suppressions;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.publicGet("/u/{token}", this::show)
                .publicPost("/u/{token}", this::change);
    }

    /** {@code curl localhost:8080/u/$TOKEN}: the page with the button; changes nothing. */
    private void show(ServerRequest req, ServerResponse res) {
        Optional<MessageRepository.Recipient> recipient = recipient(req);
        if (recipient.isEmpty()) {
            send(res, Status.NOT_FOUND_404, unknown());
        } else if (recipient.get().unsubscribed()) {
            send(res, Status.OK_200, unsubscribed(recipient.get()));
        } else {
            send(res, Status.OK_200, page("Unsubscribe?", "Stop emails to <b>" + masked(recipient.get())
                    + "</b>?", "unsubscribe", "Unsubscribe"));
        }
    }

    /** {@code curl -X POST -d List-Unsubscribe=One-Click localhost:8080/u/$TOKEN} ({@code -d action=resubscribe}) */
    private void change(ServerRequest req, ServerResponse res) {
        String form = req.content().hasEntity() ? req.content().as(String.class) : "";
        boolean resubscribe = form.length() <= MAX_FORM && "resubscribe".equals(field(form, "action"));
        Optional<MessageRepository.Recipient> recipient = recipient(req).map(r -> db.write(tx -> {
            if (resubscribe) {
                suppressions.resubscribe(tx, r.orgId(), r.contactId(), r.email());
            } else {
                suppressions.unsubscribe(tx, r.orgId(), r.contactId(), r.email(),
                        field(form, "List-Unsubscribe") != null ? "one-click header" : "unsubscribe page");
            }
            return r;
        }));
        if (recipient.isEmpty()) {
            send(res, Status.NOT_FOUND_404, unknown());
        } else if (resubscribe) {
            send(res, Status.OK_200, page("You are subscribed again", "Emails to <b>" + masked(recipient.get())
                    + "</b> will resume.", "unsubscribe", "Unsubscribe"));
        } else {
            send(res, Status.OK_200, unsubscribed(recipient.get()));
        }
    }

    private Optional<MessageRepository.Recipient> recipient(ServerRequest req) {
        String token = req.path().pathParameters().get("token");
        return token.matches("[0-9a-f]{48}") ? db.read(exec -> messages.byToken(exec, token)) : Optional.empty();
    }

    /**
     * The address with most of it hidden ({@code jane@example.com} → {@code j***@e***.com}): enough for its owner
     * to recognise, little for someone who was forwarded the email.
     */
    static String mask(String email) {
        int at = email.lastIndexOf('@');
        String domain = email.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String tld = dot > 0 ? domain.substring(dot) : "";
        return email.charAt(0) + "***@" + (domain.isEmpty() ? "" : domain.charAt(0) + "***") + tld;
    }

    private static String masked(MessageRepository.Recipient r) {
        return Entities.escape(mask(r.email()));
    }

    /** One field of a form-encoded body, or null. */
    private static String field(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String unsubscribed(MessageRepository.Recipient r) {
        return page("You are unsubscribed", "<b>" + masked(r) + "</b> will not receive further emails from us.",
                "resubscribe", "Re-subscribe");
    }

    private static String unknown() {
        return page("Link not recognised", "This unsubscribe link is not valid.", null, null);
    }

    private static String page(String title, String text, String action, String button) {
        String form = action == null ? "" : "<form method=\"post\"><input type=\"hidden\" name=\"action\" value=\""
                + action + "\"><button type=\"submit\">" + button + "</button></form>";
        return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body style=\"font-family:sans-serif;max-width:32em;"
                + "margin:4em auto\"><h1>" + title + "</h1><p>" + text + "</p>" + form + "</body></html>";
    }

    private static void send(ServerResponse res, Status status, String html) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }
}
