package com.flownurture.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.NotFoundException;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.engine.Templates;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /messages}: the outbox as a local mail catcher. A message's HTML is shown in an {@code <iframe sandbox>}
 * (see {@link EmailFrames}); the text is shown as text.
 */
public final class MessagesPages {

    static final List<String> STATUSES = List.of("PENDING", "SENDING", "SENT", "FAILED");
    static final int PAGE_SIZE = 25;

    private final Database db;
    private final EmailFrames frames;

    MessagesPages(Database db, EmailFrames frames) {
        this.db = db;
        this.frames = frames;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/messages", this::list)
                .get("/messages/preview/{token}", this::preview)
                .get("/messages/{id}", this::show)
                .get("/messages/{id}/html", this::html);
    }

    /** A message as the pages show it. */
    public record Message(String id, String contactId, String to, String fromEmail, String fromName, String replyTo,
                          String subject, String body, String status, long attempts, String messageId, Long sentAt,
                          String error, long createdAt) {

        /** Whether the body is HTML (shown rendered in the sandbox) rather than plain text. */
        public boolean html() {
            return Templates.isHtml(body);
        }
    }

    /** {@code curl -b jar "localhost:8080/messages?status=SENT&contactId=$ID&page=1"} */
    private void list(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String status = req.query().first("status").filter(STATUSES::contains).orElse(null);
        String contactId = ContactsPages.blankToNull(req.query().first("contactId").orElse(""), 64);
        int page = Math.max(1, Math.min(1_000_000, ContactsPages.parseInt(req.query().first("page").orElse("1"))));
        Map<String, Object> params = new HashMap<>();
        params.put("org", org);
        params.put("contact", contactId);
        params.put("status", status);
        params.put("limit", PAGE_SIZE);
        params.put("offset", (long) (page - 1) * PAGE_SIZE);
        List<Message> found = db.query("message-list", params, MessagesPages::toMessage);
        long total = db.query("message-count", params, r -> Rows.longValue(r, "total")).getFirst();
        Html.send(res, "messages.jte", Html.params("page", Chrome.of(req, "Messages", "Messages"),
                "messages", found, "total", total, "status", status == null ? "" : status,
                "contactId", contactId == null ? "" : contactId, "pageNo", page, "statuses", STATUSES,
                "pageSize", PAGE_SIZE));
    }

    /** {@code curl -b jar localhost:8080/messages/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        Message message = message(req);
        Html.send(res, "message.jte", Html.params("page", Chrome.of(req, message.subject(), "Messages"),
                "m", message));
    }

    /** {@code curl -b jar localhost:8080/messages/$ID/html}: the body alone, for the page's sandboxed frame. */
    private void html(ServerRequest req, ServerResponse res) {
        EmailFrames.send(res, message(req).body());
    }

    /** {@code curl -b jar localhost:8080/messages/preview/$TOKEN}: an editor's preview, for its frame. */
    private void preview(ServerRequest req, ServerResponse res) {
        EmailFrames.send(res, frames.preview(Chrome.orgId(req), req.path().pathParameters().get("token")));
    }

    private Message message(ServerRequest req) {
        return db.query("dashboard-message-get", Map.of("org", Chrome.orgId(req),
                        "id", req.path().pathParameters().get("id")), MessagesPages::toMessage)
                .stream().findFirst().orElseThrow(() -> new NotFoundException("Message not found"));
    }

    /** The latest messages to a contact, for its page. */
    List<Message> ofContact(String org, String contactId) {
        Map<String, Object> params = new HashMap<>();
        params.put("org", org);
        params.put("contact", contactId);
        params.put("status", null);
        params.put("limit", 20);
        params.put("offset", 0);
        return db.query("message-list", params, MessagesPages::toMessage);
    }

    private static Message toMessage(Rows.Columns r) {
        return new Message(Rows.string(r, "id"), Rows.string(r, "contact_id"), Rows.string(r, "to_email"),
                Rows.string(r, "from_email"), Rows.string(r, "from_name"), Rows.string(r, "reply_to"),
                Rows.string(r, "subject"), Rows.string(r, "body"), Rows.string(r, "status"),
                Rows.longValue(r, "attempts"), Rows.string(r, "message_id"), Rows.nullableLong(r, "sent_at"),
                Rows.string(r, "error"), Rows.longValue(r, "created_at"));
    }
}
