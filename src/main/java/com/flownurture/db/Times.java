package com.flownurture.db;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps are stored as epoch milliseconds and shown as ISO-8601 UTC with milliseconds. */
public final class Times {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-03-15T10:00:00.000Z}. */
    public static String format(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
