package com.flownurture.workflows;

import java.util.List;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Whether a workflow's emails carry a tracking pixel ({@code opens}) and tracked links ({@code clicks}); both off
 * by default. The {@code tracking} package renders and counts them.
 */
public record Tracking(boolean opens, boolean clicks) {

    /** The default: neither. */
    public static final Tracking OFF = new Tracking(false, false);

    /**
     * Reads a request's {@code tracking} object over {@code current}: a field left out keeps its value; anything but
     * an object of booleans is refused.
     */
    public static Tracking parse(JsonFields body, Tracking current) {
        if (!body.has("tracking")) {
            return current;
        }
        JsonObject json = body.optionalObject("tracking");
        if (json == null) {
            throw new InvalidInputException(body.name("tracking") + " must be an object");
        }
        JsonFields fields = new JsonFields(json, body.name("tracking") + ".").allowOnly(List.of("opens", "clicks"));
        return new Tracking(flag(fields, "opens", current.opens()), flag(fields, "clicks", current.clicks()));
    }

    /** The public form: {@code {"opens": false, "clicks": false}}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder().add("opens", opens).add("clicks", clicks).build();
    }

    private static boolean flag(JsonFields fields, String name, boolean current) {
        if (!fields.has(name)) {
            return current;
        }
        JsonValue value = fields.json().get(name);
        if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
            throw new InvalidInputException(fields.name(name) + " must be true or false");
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }
}
