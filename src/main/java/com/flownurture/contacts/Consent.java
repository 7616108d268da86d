package com.flownurture.contacts;

import com.flownurture.db.Times;
import jakarta.json.stream.JsonGenerator;

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
    public void writeTo(JsonGenerator json) {
        json.writeStartObject("consent").write("status", status.name());
        write(json, "source", source);
        write(json, "confirmedAt", confirmedAt == null ? null : Times.format(confirmedAt));
        write(json, "ip", ip);
        write(json, "userAgent", userAgent);
        write(json, "text", text);
        json.writeEnd();
    }

    private static void write(JsonGenerator json, String name, String value) {
        if (value == null) {
            json.writeNull(name);
        } else {
            json.write(name, value);
        }
    }
}
