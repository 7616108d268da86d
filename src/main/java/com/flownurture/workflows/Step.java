package com.flownurture.workflows;

import java.util.List;

import com.flownurture.common.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * One workflow step: its type and the fields of that type (for DELAY {@code delayAmount} and {@code delayUnit}).
 *
 * @param config the type-specific fields, already validated
 */
public record Step(String id, String type, int order, JsonObject config) {

    /** Step types. */
    public static final List<String> TYPES = List.of("SEND_EMAIL", "DELAY", "ADD_TAG", "REMOVE_TAG",
            "UPDATE_CONTACT", "WEBHOOK", "CONDITION");
    /** Delay units. */
    public static final List<String> DELAY_UNITS = List.of("MINUTES", "HOURS", "DAYS", "WEEKS");

    /** The public form: id, type, order, then the type's fields. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("type", type).add("order", order);
        config.forEach(json::add);
        return json.build();
    }

    /** The segment a CONDITION step evaluates, else null. */
    public String segmentId() {
        return config.containsKey("segmentId") ? config.getString("segmentId") : null;
    }
}
