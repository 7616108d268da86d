package com.flownurture.dashboard;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.flownurture.common.Json;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

/** Formatting shared by the templates: times in UTC, to the minute; absent values as a dash; JSON indented. */
public final class Fmt {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final JsonWriterFactory PRETTY =
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

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

    /** JSON indented for reading (the template escapes it like any other text). */
    public static String json(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = PRETTY.createWriter(out)) {
            writer.write(value);
        }
        return out.toString().strip();
    }
}
