package com.flownurture.templates;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import liqp.filters.date.BasicDateParser;
import liqp.filters.date.Parser;

/**
 * How the {@code date} filter reads a string: the ISO-8601 times the API writes ({@code createdAt},
 * {@code 2026-12-08T10:00:00Z}) in one parse, anything else through Liqp's own parser, which tries its patterns one
 * after another (some 60 µs for an ISO time, more than a whole email's budget).
 */
final class IsoDates extends BasicDateParser {

    private final Parser fallback = new Parser();

    @Override
    public ZonedDateTime parse(String value, Locale locale, ZoneId zone) {
        try {
            return OffsetDateTime.parse(value).atZoneSameInstant(zone);
        } catch (DateTimeParseException notIso) {
            return fallback.parse(value, locale, zone);
        }
    }
}
