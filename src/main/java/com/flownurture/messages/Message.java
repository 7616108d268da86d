package com.flownurture.messages;

import java.io.StringReader;
import java.util.List;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.Json;
import com.flownurture.common.Times;
import com.flownurture.db.Row;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

/**
 * An email in the outbox.
 *
 * @param suppressionReason why a SUPPRESSED message was not sent, else null
 * @param suppressedBy      why the message must not be sent now (its contact unsubscribed, its address is
 *                          suppressed), read with the message for the sender; null when it may go
 * @param tracking          its open and click tracking: signing key, what is tracked, first open and click
 * @param html              whether its template is HTML (a plain-text one's body is sent as text, whatever it holds)
 * @param links             the links its template wrote ({@link EmailHtml#ownLinks}); null for a message queued
 *                          before they were recorded (see {@link #ownLinks()})
 */
public record Message(String id, String orgId, String contactId, String enrollmentId, String to, String fromEmail,
                      String fromName, String replyTo, String subject, String body, String text, String messageId,
                      String unsubscribeToken, MessageStatus status, long attempts, Long sentAt, String error,
                      String suppressionReason, long createdAt, String suppressedBy, Tracking tracking, boolean html,
                      List<String> links) {

    /**
     * Open and click tracking of a message.
     *
     * @param key       the key its tracking URLs are signed with (never sent; null for a message queued before
     *                  tracking existed, which is not tracked)
     * @param opens     whether its workflow tracks opens (read at delivery; false in lists)
     * @param clicks    whether its workflow tracks clicks (likewise)
     * @param openedAt  the first open by a person (a click by one counts as an open), or null
     * @param clickedAt the first click by a person, or null
     */
    public record Tracking(String key, boolean opens, boolean clicks, Long openedAt, Long clickedAt) {
    }

    /**
     * A message to queue.
     *
     * @param template the saved body {@code body} was rendered from: it alone says whether the message is HTML and
     *                 which links are its own, since a contact's value in {@code body} can hold a tag or a link
     * @param text     the plain-text part the step gave, or null to generate it from an HTML body
     */
    public record New(String orgId, String contactId, String enrollmentId, String stepId, String to,
                      String fromEmail, String fromName, String replyTo, String subject, String template, String body,
                      String text) {
    }

    /** The links tracked in it and redirected to ({@link #ownLinks(List, boolean, String)}). */
    public List<String> ownLinks() {
        return ownLinks(links, html, body);
    }

    /**
     * A message's own links: those its template wrote; for one queued before they were recorded ({@code links}
     * null), the {@code http(s)} links of its HTML body, which its tracking rewrote then, so that the links of emails
     * already delivered keep working.
     */
    public static List<String> ownLinks(List<String> links, boolean html, String body) {
        return links != null ? links : html ? EmailHtml.links(body) : List.of();
    }

    /** The stored {@code links} column: a JSON array, or null before V45. */
    public static List<String> links(String column) {
        if (column == null) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(column))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    /**
     * Whether a stored message is HTML: its template's kind ({@code html} column); for one queued before that was
     * recorded (null), whether its body has a tag, as then.
     */
    public static boolean html(Long column, String body) {
        return column != null ? column == 1 : EmailHtml.isHtml(body);
    }

    /** The public form of {@code GET /messages}. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("contactId", contactId);
        nullable(json, "enrollmentId", enrollmentId);
        json.add("to", to).add("subject", subject).add("body", body).add("status", status.name())
                .add("attempts", attempts).add("messageId", messageId);
        nullable(json, "sentAt", sentAt == null ? null : Times.format(sentAt));
        nullable(json, "error", error);
        nullable(json, "suppressionReason", suppressionReason);
        nullable(json, "openedAt", tracking.openedAt() == null ? null : Times.format(tracking.openedAt()));
        nullable(json, "clickedAt", tracking.clickedAt() == null ? null : Times.format(tracking.clickedAt()));
        return json.add("createdAt", Times.format(createdAt)).build();
    }

    /** The message as read, with why it must not be sent now (null when it may go). */
    Message withSuppressedBy(String reason) {
        return new Message(id, orgId, contactId, enrollmentId, to, fromEmail, fromName, replyTo, subject, body, text,
                messageId, unsubscribeToken, status, attempts, sentAt, error, suppressionReason, createdAt, reason,
                tracking, html, links);
    }

    /**
     * The suppression reason of a workflow email to a contact who has not CONFIRMED its consent, in an organization
     * that sends only to those who have ({@code requireConsent}).
     */
    public static final String NO_CONSENT = "NO_CONSENT";

    /** The message of a row, its tracking key opened with {@code secrets}. */
    static Message of(Row row, SecretBox secrets) {
        String body = row.string("body");
        return new Message(row.string("id"), row.string("org_id"), row.string("contact_id"),
                row.string("enrollment_id"), row.string("to_email"), row.string("from_email"),
                row.string("from_name"), row.string("reply_to"), row.string("subject"),
                body, row.string("text_body"), row.string("message_id"), row.string("unsubscribe_token"),
                MessageStatus.valueOf(row.string("status")), row.longValue("attempts"),
                row.nullableLong("sent_at"), row.string("error"), row.string("suppression_reason"),
                row.longValue("created_at"),
                row.nullableLong("unsubscribed_at") != null ? "UNSUBSCRIBED"
                        : row.bool("no_consent") ? NO_CONSENT : null,
                new Tracking(secrets.open(StoredSecret.MESSAGE_TRACKING_KEY, row.string("org_id"),
                        row.string("tracking_key")), row.bool("track_opens"), row.bool("track_clicks"),
                        row.nullableLong("opened_at"), row.nullableLong("clicked_at")),
                html(row.nullableLong("html"), body), links(row.string("links")));
    }

    /** Adds {@code value} under {@code name}, or a JSON null. */
    static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
