package com.flownurture.support;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Request bodies for tests, built rather than concatenated, so a value with a quote, a backslash or a line break in it
 * is sent as that value. {@code obj("email", email, "tags", arr("a", "b"))}; values may be strings, numbers, booleans,
 * null, JSON values, maps and collections.
 */
public final class Json {

    private Json() {
    }

    /** An object of name, value pairs, in that order. */
    public static JsonObject obj(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        JsonObjectBuilder object = jakarta.json.Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.add((String) namesAndValues[i], value(namesAndValues[i + 1]));
        }
        return object.build();
    }

    /** An array of the values. */
    public static JsonArray arr(Object... values) {
        JsonArrayBuilder array = jakarta.json.Json.createArrayBuilder();
        for (Object v : values) {
            array.add(value(v));
        }
        return array.build();
    }

    /** The object with these pairs added or replaced. */
    public static JsonObject with(JsonObject object, Object... namesAndValues) {
        JsonObjectBuilder copy = jakarta.json.Json.createObjectBuilder(object);
        obj(namesAndValues).forEach(copy::add);
        return copy.build();
    }

    /** JSON text as a value: for cases written as JSON in a table ({@code @CsvSource}), put into a built body. */
    public static JsonValue parse(String json) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** A Java value as JSON. */
    public static JsonValue value(Object v) {
        return switch (v) {
            case null -> JsonValue.NULL;
            case JsonValue json -> json;
            case String s -> jakarta.json.Json.createValue(s);
            case Boolean b -> b ? JsonValue.TRUE : JsonValue.FALSE;
            case Integer n -> jakarta.json.Json.createValue(n);
            case Long n -> jakarta.json.Json.createValue(n);
            case Double n -> jakarta.json.Json.createValue(n);
            case BigDecimal n -> jakarta.json.Json.createValue(n);
            case Map<?, ?> map -> {
                JsonObjectBuilder object = jakarta.json.Json.createObjectBuilder();
                map.forEach((name, value) -> object.add((String) name, value(value)));
                yield object.build();
            }
            case Collection<?> list -> arr(list.toArray());
            default -> throw new IllegalArgumentException("no JSON for a " + v.getClass().getName());
        };
    }
}
