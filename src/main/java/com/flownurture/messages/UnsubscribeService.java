package com.flownurture.messages;

import java.util.Map;
import java.util.Optional;

import com.flownurture.db.Database;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.PublicForm;
import com.flownurture.http.PublicPages;
import com.flownurture.suppressions.SuppressionRepository;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET} and {@code POST /u/{token}}: the public, token-authenticated unsubscribe page that every email's
 * {@code List-Unsubscribe} header points at. The token is the key: 192 random bits, one per message.
 *
 * <p>A {@code GET} never changes anything: corporate link scanners fetch every link in an email, so the page only
 * shows the (partly masked) address and an Unsubscribe button. Only a {@code POST} unsubscribes: the button, or a
 * mail client's RFC 8058 one-click {@code List-Unsubscribe=One-Click}. The page then offers to re-subscribe, a
 * {@code POST} with {@code action=resubscribe}. A body that cannot be read (too long, a malformed escape) still
 * unsubscribes: whatever else it meant, a {@code POST} here asks for fewer emails, never for more.
 */
public final class UnsubscribeService implements ApiService {

    private static final int MAX_FORM = 256;

    /** The page's states, each with its title (the template {@code subscriber/unsubscribe.jte}). */
    public enum Page {
        ASK("Unsubscribe?"), UNSUBSCRIBED("You are unsubscribed"), RESUBSCRIBED("You are subscribed again"),
        UNKNOWN("Link not recognised");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

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
            send(res, Status.NOT_FOUND_404, Page.UNKNOWN, null);
        } else {
            send(res, Status.OK_200, recipient.get().unsubscribed() ? Page.UNSUBSCRIBED : Page.ASK, recipient.get());
        }
    }

    /** {@code curl -X POST -d List-Unsubscribe=One-Click localhost:8080/u/$TOKEN} ({@code -d action=resubscribe}) */
    private void change(ServerRequest req, ServerResponse res) {
        Optional<PublicForm> form = form(req);
        boolean resubscribe = form.map(f -> f.value("action").equals("resubscribe")).orElse(false);
        String source = form.flatMap(f -> f.field("List-Unsubscribe")).isPresent() ? "one-click header"
                : "unsubscribe page";
        Optional<MessageRepository.Recipient> recipient = recipient(req).map(r -> db.write(tx -> {
            if (resubscribe) {
                suppressions.resubscribe(tx, r.orgId(), r.contactId(), r.email());
            } else {
                suppressions.unsubscribe(tx, r.orgId(), r.contactId(), r.email(), source);
            }
            return r;
        }));
        if (recipient.isEmpty()) {
            send(res, Status.NOT_FOUND_404, Page.UNKNOWN, null);
        } else {
            send(res, Status.OK_200, resubscribe ? Page.RESUBSCRIBED : Page.UNSUBSCRIBED, recipient.get());
        }
    }

    /** The posted form; empty when it cannot be read, which unsubscribes as the button does (see above). */
    private static Optional<PublicForm> form(ServerRequest req) {
        try {
            return Optional.of(PublicForm.read(req, MAX_FORM));
        } catch (PublicForm.Unreadable e) {
            return Optional.empty();
        }
    }

    private Optional<MessageRepository.Recipient> recipient(ServerRequest req) {
        String token = req.path().pathParameters().get("token");
        return token.matches("[0-9a-f]{48}") ? messages.byToken(token) : Optional.empty();
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

    private static void send(ServerResponse res, Status status, Page page, MessageRepository.Recipient recipient) {
        PublicPages.send(res, status, "unsubscribe",
                Map.of("page", page, "address", recipient == null ? "" : mask(recipient.email())));
    }
}
