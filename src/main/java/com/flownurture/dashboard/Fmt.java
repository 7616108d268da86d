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

    /** A text, or a dash when there is none. */
    public static String text(String value) {
        return value == null || value.isEmpty() ? "—" : value;
    }
}
