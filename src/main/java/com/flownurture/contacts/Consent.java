package com.flownurture.contacts;

import com.flownurture.common.Times;

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
