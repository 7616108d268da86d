package com.flownurture.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting shared by the templates: times in UTC, to the minute; absent values as a dash. */
public final class Fmt {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    /** A time, or a dash when there is none. */
    public static String time(Long millis) {
        return millis == null ? "—" : TIME.format(Instant.ofEpochMilli(millis));
    }

    /** How a contact is named: its first and last name, else its email. */
    public static String name(com.flownurture.contacts.Contact c) {
        String name = ((c.firstName() == null ? "" : c.firstName()) + " "
                + (c.lastName() == null ? "" : c.lastName())).strip();
        return name.isEmpty() ? c.email() : name;
    }

    /** A text, or a dash when there is none. */
    public static String text(String value) {
        return value == null || value.isEmpty() ? "—" : value;
    }
}
