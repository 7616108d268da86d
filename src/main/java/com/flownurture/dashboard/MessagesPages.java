package com.flownurture.dashboard;

import java.util.List;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.MessageStatus;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /messages}: the outbox as a local mail catcher. A message's HTML is shown in an {@code <iframe sandbox>}
 * (see {@link EmailFrames}); the text is shown as text.
 */
public final class MessagesPages {

    static final int PAGE_SIZE = 25;

    private final MessageRepository messages;
    private final EmailFrames frames;

    MessagesPages(MessageRepository messages, EmailFrames frames) {
        this.messages = messages;
        this.frames = frames;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/messages", this::list)
                .get("/messages/preview/{token}", this::preview)
                .get("/messages/{id}", this::show)
                .get("/messages/{id}/html", this::html);
    }

    /** {@code curl -b jar "localhost:8080/messages?status=SENT&contactId=$ID&page=1"} */
    private void list(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String status = req.query().first("status").filter(MessageStatus.names()::contains).orElse(null);
        String contactId = ContactsPages.blankToNull(req.query().first("contactId").orElse(""), 64);
        int page = ContactsPages.pageNumber(req);
        MessageRepository.Page found = messages.list(org, contactId,
                status == null ? null : MessageStatus.valueOf(status), new PageRequest(page, PAGE_SIZE));
        Html.send(res, "messages.jte", Html.params("page", Chrome.of(req, "Messages", "Messages"),
                "messages", found.messages(), "total", found.total(), "status", status == null ? "" : status,
                "contactId", contactId == null ? "" : contactId, "pageNo", page, "statuses", MessageStatus.names(),
                "pageSize", PAGE_SIZE));
    }

    /** {@code curl -b jar localhost:8080/messages/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        Message message = message(req);
        boolean html = message.html();
        // The text part as it is sent: the step's own, else the one made from the HTML at send time.
        String text = message.text() != null ? message.text()
                : html ? EmailHtml.toText(EmailHtml.clean(message.body())) : message.body();
        Html.send(res, "message.jte", Html.params("page", Chrome.of(req, message.subject(), "Messages"),
                "m", message, "html", html, "text", text));
    }

    /** {@code curl -b jar localhost:8080/messages/$ID/html}: the body alone, for the page's sandboxed frame. */
    private void html(ServerRequest req, ServerResponse res) {
        Message message = message(req);
        EmailFrames.send(res, EmailFrames.document(message.html(), message.body()));
    }

    /** {@code curl -b jar localhost:8080/messages/preview/$TOKEN}: an editor's preview, for its frame. */
    private void preview(ServerRequest req, ServerResponse res) {
        EmailFrames.send(res, frames.preview(Chrome.orgId(req), req.path().pathParameters().get("token")));
    }

    /** The latest messages to a contact, for its page. */
    List<Message> ofContact(String org, String contactId) {
        return messages.list(org, contactId, null, new PageRequest(1, 20)).messages();
    }

    /** A message of the signed-in organization; another organization's is not found. */
    private Message message(ServerRequest req) {
        return messages.find(req.path().pathParameters().get("id"))
                .filter(m -> m.orgId().equals(Chrome.orgId(req)))
                .orElseThrow(() -> new NotFoundException("Message not found"));
    }
}
