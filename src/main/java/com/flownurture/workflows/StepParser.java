package com.flownurture.workflows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.TargetPolicy;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.db.Ids;
import com.flownurture.common.JsonFields;
import com.flownurture.common.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Validates a step list by type. Every error names the step index and the field ({@code steps[2].subject}).
 * References (tags, segments) are checked through the predicates the caller passes, inside its transaction.
 */
public final class StepParser {

    static final int MAX_STEPS = 100;
    static final int MAX_BODY_BYTES = 100 * 1024;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Map<String, List<String>> FIELDS = Map.of(
            "SEND_EMAIL", List.of("subject", "body", "fromName", "fromEmail", "replyTo"),
            "DELAY", List.of("delayAmount", "delayUnit"),
            "ADD_TAG", List.of("tagId"),
            "REMOVE_TAG", List.of("tagId"),
            "UPDATE_CONTACT", List.of("fields"),
            "WEBHOOK", List.of("url", "headers"),
            "CONDITION", List.of("segmentId", "onFalse"));

    private final Predicate<String> tagExists;
    private final Predicate<String> segmentExists;
    private final TargetPolicy targets;

    /**
     * @param tagExists     whether a tag id is the organization's
     * @param segmentExists whether a segment id is the organization's
     * @param targets       which WEBHOOK URLs are allowed
     */
    public StepParser(Predicate<String> tagExists, Predicate<String> segmentExists, TargetPolicy targets) {
        this.tagExists = tagExists;
        this.segmentExists = segmentExists;
        this.targets = targets;
    }

    /** Parses a step list; steps come back sorted by order, with new ids. */
    public List<Step> parse(JsonArray array) {
        if (array.size() > MAX_STEPS) {
            throw new InvalidInputException("steps must hold at most " + MAX_STEPS + " steps");
        }
        List<Step> steps = new ArrayList<>();
        Set<Integer> orders = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String where = "steps[" + i + "]";
            JsonFields step = JsonFields.element(array.get(i), where);
            String type = step.optionalEnum("type", Step.TYPES);
            if (type == null) {
                throw new InvalidInputException(where + ".type is required");
            }
            List<String> allowed = new ArrayList<>(FIELDS.get(type));
            allowed.addAll(List.of("type", "order", "id"));
            step.allowOnly(allowed);
            Integer explicit = step.optionalInt("order", 0, 10_000);
            int order = explicit == null ? i : explicit;
            if (!orders.add(order)) {
                throw new InvalidInputException(where + ".order " + order + " is used by another step");
            }
            steps.add(new Step(Ids.newId(), type, order, config(type, step)));
        }
        steps.sort((a, b) -> Integer.compare(a.order(), b.order()));
        return steps;
    }

    private JsonObject config(String type, JsonFields step) {
        JsonObjectBuilder config = Json.createObjectBuilder();
        switch (type) {
            case "SEND_EMAIL" -> {
                config.add("subject", step.requiredString("subject", 200));
                String body = step.requiredString("body", MAX_BODY_BYTES);
                if (body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                    throw new InvalidInputException(step.name("body") + " must be at most 100 KB");
                }
                config.add("body", body);
                optional(config, "fromName", step.optionalString("fromName", 255));
                optional(config, "fromEmail", email(step, "fromEmail"));
                optional(config, "replyTo", email(step, "replyTo"));
            }
            case "DELAY" -> {
                Integer amount = step.optionalInt("delayAmount", 1, 1000);
                String unit = step.optionalEnum("delayUnit", Step.DELAY_UNITS);
                if (amount == null) {
                    throw new InvalidInputException(step.name("delayAmount") + " is required");
                }
                if (unit == null) {
                    throw new InvalidInputException(step.name("delayUnit") + " is required");
                }
                config.add("delayAmount", amount).add("delayUnit", unit);
            }
            case "ADD_TAG", "REMOVE_TAG" -> config.add("tagId", reference(step, "tagId", tagExists, "tag"));
            case "UPDATE_CONTACT" -> {
                JsonObject fields = step.optionalObject("fields");
                if (fields == null) {
                    throw new InvalidInputException(step.name("fields") + " is required");
                }
                ContactChanges.parse(new JsonFields(fields, step.name("fields") + "."), false);
                config.add("fields", fields);
            }
            case "WEBHOOK" -> {
                config.add("url", url(step));
                JsonObject headers = headers(step);
                if (headers != null) {
                    config.add("headers", headers);
                }
            }
            case "CONDITION" -> {
                config.add("segmentId", reference(step, "segmentId", segmentExists, "segment"));
                String onFalse = step.optionalEnum("onFalse", List.of("EXIT", "SKIP"));
                config.add("onFalse", onFalse == null ? "EXIT" : onFalse);
            }
            default -> throw new IllegalStateException(type);
        }
        return config.build();
    }

    private static String reference(JsonFields step, String field, Predicate<String> exists, String what) {
        String id = step.requiredString(field, 64);
        if (!exists.test(id)) {
            throw new InvalidInputException(step.name(field) + " is not a " + what + " of this organization");
        }
        return id;
    }

    private static String email(JsonFields step, String field) {
        String email = step.optionalString(field, 255);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new InvalidInputException(step.name(field) + " must be a valid email address");
        }
        return email;
    }

    private String url(JsonFields step) {
        return targets.requireAllowedUrl(step.requiredString("url", 2048), step.name("url"));
    }

    private static JsonObject headers(JsonFields step) {
        JsonObject headers = step.optionalObject("headers");
        if (headers == null) {
            return null;
        }
        if (headers.size() > 20) {
            throw new InvalidInputException(step.name("headers") + " must hold at most 20 headers");
        }
        for (Map.Entry<String, JsonValue> header : headers.entrySet()) {
            if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                throw new InvalidInputException(step.name("headers") + " has an invalid header name");
            }
            if (!(header.getValue() instanceof JsonString value) || value.getString().length() > 1024
                    || value.getString().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidInputException(step.name("headers." + header.getKey())
                        + " must be a string of at most 1024 printable characters");
            }
        }
        return headers;
    }

    private static void optional(JsonObjectBuilder config, String name, String value) {
        if (value != null) {
            config.add(name, value);
        }
    }
}
