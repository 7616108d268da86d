package com.flownurture.common;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Typed, validated reads of a JSON object's fields. Every failure is an {@link InvalidInputException} whose message
 * names the field, prefixed with where the object sits (for example {@code steps[2].subject}).
 */
public final class JsonFields {

    /** Something, an at sign, something with a dot: no spaces or control characters. Deliverability is SMTP's word. */
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");
    private final JsonObject json;
    private final String where;

    /**
     * @param json  the object
     * @param where the path of the object inside the body, empty for the body itself
     */
    public JsonFields(JsonObject json, String where) {
        this.json = json;
        this.where = where;
    }

    /** The object itself. */
    public JsonObject json() {
        return json;
    }

    /** The name used in messages for a field of this object. */
    public String name(String field) {
        return where + field;
    }

    /** Refuses fields outside the allowed set. */
    public JsonFields allowOnly(Collection<String> allowed) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidInputException("Unknown field '" + shorten(where + key) + "'");
            }
        }
        return this;
    }

    /** Whether the field is present (possibly as null). */
    public boolean has(String field) {
        return json.containsKey(field);
    }

    /** Whether the field is present and null. */
    public boolean isNull(String field) {
        return json.containsKey(field) && json.get(field).getValueType() == JsonValue.ValueType.NULL;
    }

    /** True when the object has no fields. */
    public boolean isEmpty() {
        return json.isEmpty();
    }

    /** A required, non-blank string of at most {@code max} characters, trimmed. */
    public String requiredString(String field, int max) {
        if (!has(field) || isNull(field)) {
            throw new InvalidInputException(name(field) + " is required");
        }
        return string(field, max);
    }

    /** A string (trimmed) of at most {@code max} characters; null when absent or null; blank is refused. */
    public String optionalString(String field, int max) {
        if (!has(field) || isNull(field)) {
            return null;
        }
        return string(field, max);
    }

    /** An email address (trimmed, at most 255 characters); null when absent or null. */
    public String optionalEmail(String field) {
        String email = optionalString(field, 255);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new InvalidInputException(name(field) + " must be a valid email address");
        }
        return email;
    }

    /** One of the allowed values, exactly as spelled; null when absent or null. */
    public String optionalEnum(String field, List<String> allowed) {
        String value = optionalString(field, 64);
        if (value != null && !allowed.contains(value)) {
            throw new InvalidInputException(name(field) + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An integer within bounds; null when absent or null. */
    public Integer optionalInt(String field, long min, long max) {
        if (!has(field) || isNull(field)) {
            return null;
        }
        if (!(json.get(field) instanceof JsonNumber number) || !number.isIntegral()) {
            throw new InvalidInputException(name(field) + " must be an integer");
        }
        long value;
        try {
            value = number.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(name(field) + " must be between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw new InvalidInputException(name(field) + " must be between " + min + " and " + max);
        }
        return (int) value;
    }

    /** A nested object; null when absent or null. */
    public JsonObject optionalObject(String field) {
        if (!has(field) || isNull(field)) {
            return null;
        }
        if (!(json.get(field) instanceof JsonObject object)) {
            throw new InvalidInputException(name(field) + " must be an object");
        }
        return object;
    }

    /** A required array. */
    public JsonArray requiredArray(String field) {
        if (!has(field) || isNull(field)) {
            throw new InvalidInputException(name(field) + " is required");
        }
        if (!(json.get(field) instanceof JsonArray array)) {
            throw new InvalidInputException(name(field) + " must be an array");
        }
        return array;
    }

    /** A nested object as fields, named for messages. */
    public static JsonFields element(JsonValue value, String where) {
        if (!(value instanceof JsonObject object)) {
            throw new InvalidInputException(where + " must be an object");
        }
        return new JsonFields(object, where + ".");
    }

    private String string(String field, int max) {
        if (!(json.get(field) instanceof JsonString string)) {
            throw new InvalidInputException(name(field) + " must be a string");
        }
        String value = string.getString().strip();
        if (value.isEmpty()) {
            throw new InvalidInputException(name(field) + " must not be empty");
        }
        if (value.length() > max) {
            throw new InvalidInputException(name(field) + " must be at most " + max + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException(name(field) + " must not contain NUL characters");
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
