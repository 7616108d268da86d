package com.flownurture.common;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;

/** Timestamps are stored as epoch milliseconds and shown as ISO-8601 UTC with milliseconds. */
public final class Times {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /**
     * A nanosecond reading that follows {@code clock}, for buckets and caches that measure elapsed time: the
     * monotonic {@code System.nanoTime} shifted by the clock's distance from the system's. In production that
     * distance is zero, so a wall clock set back does not stall them; in tests a controllable clock moves the
     * reading when it is moved, and holds it (to the millisecond) while it stands still.
     */
    public static LongSupplier monotonicNanos(Clock clock) {
        return () -> System.nanoTime() + (clock.millis() - System.currentTimeMillis()) * 1_000_000L;
    }

    /** {@code 2026-03-15T10:00:00.000Z}. */
    public static String format(long epochMillis) {
        if (epochMillis < 0 || epochMillis >= MAX_FAST) {
            return ISO.format(Instant.ofEpochMilli(epochMillis));
        }
        // By hand for the years 1970..9999: the formatter's general machinery was a tenth of a contacts page.
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(24);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        return pad(out, (int) Math.floorMod(epochMillis, 1000), 3).append('Z').toString();
    }

    /** The first instant of the year 10000, past which the four-digit year of the fast path would not hold. */
    private static final long MAX_FAST = 253_402_300_800_000L;

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
