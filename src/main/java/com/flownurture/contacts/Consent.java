package com.flownurture.contacts;

import com.flownurture.common.Times;
import com.flownurture.db.Row;

/**
 * A contact's consent to receive email: its status, where it came from and, once confirmed, when, from which
 * address and browser, and the text the person agreed to. Only the double opt-in link and the unsubscribe links
 * change it; clients read it and ask for a double opt-in, they never write it directly.
 */
public record Consent(Status status, String source, Long confirmedAt, String ip, String userAgent, String text) {

    /** Where a contact stands. */
    public enum Status {
        /** Nothing recorded: the contact was added without asking. */
        NONE,
        /** A confirmation email was sent and not yet followed. */
        PENDING,
        /** The person followed the confirmation link and pressed Confirm. */
        CONFIRMED,
        /** The person unsubscribed. */
        WITHDRAWN
    }

    /** No consent recorded. */
    public static final Consent NONE = new Consent(Status.NONE, null, null, null, null, null);

    /** The consent columns of a row of {@code contacts}; {@link #NONE} when it has no status. */
    static Consent from(Row row) {
        String status = row.string("consent_status");
        return status == null ? NONE : new Consent(Status.valueOf(status), row.string("consent_source"),
                row.nullableLong("consent_confirmed_at"), row.string("consent_ip"), row.string("consent_user_agent"),
                row.string("consent_text"));
    }

    /** Writes {@code "consent": {...}} into an open object. */
    void writeTo(FieldWriter json) {
        json.object("consent", fields -> {
            fields.string("status", status.name());
            fields.string("source", source);
            fields.string("confirmedAt", confirmedAt == null ? null : Times.format(confirmedAt));
            fields.string("ip", ip);
            fields.string("userAgent", userAgent);
            fields.string("text", text);
        });
    }
}
