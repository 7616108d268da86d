package com.flownurture.workflows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.JsonFields;
import com.flownurture.common.WebhookHeaders;
import com.flownurture.contacts.ContactChanges;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

/**
 * Reads each step type's fields into its record, validating them. The same code reads a request (references checked
 * against the organization) and a stored step (already valid). Every error names the field ({@code steps[2].subject}).
 */
final class StepFields {

    static final int MAX_BODY_BYTES = 100 * 1024;

    private StepFields() {
    }

    /** Reads one type's fields. */
    @FunctionalInterface
    interface Reader {
        Step read(String id, int order, JsonFields json, References refs);
    }

    /** Whether referenced tags and segments are the organization's. */
    interface References {
        /** Accepts every reference: for steps read back from the database, checked when they were saved. */
        References STORED = new References() {
            @Override
            public boolean tagExists(String id) {
                return true;
            }

            @Override
            public boolean segmentExists(String id) {
                return true;
            }

            @Override
            public String webhookUrl(String url, String field) {
                return url;
            }
        };

        boolean tagExists(String id);

        boolean segmentExists(String id);

        /** A WEBHOOK step's URL when its target is allowed; else an invalid-input error naming the field. */
        String webhookUrl(String url, String field);
    }

    static Step sendEmail(String id, int order, JsonFields step, References refs) {
        String subject = step.requiredString("subject", 200);
        String body = step.requiredString("body", MAX_BODY_BYTES);
        String text = step.optionalString("text", MAX_BODY_BYTES);
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES
                || text != null && text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new InvalidInputException(step.name(text == null ? "body" : "body and text")
                    + " must be at most 100 KB");
        }
        // Stored sanitized: scripts, event handlers and javascript: links never reach a recipient.
        return new Step.SendEmail(id, order, subject, EmailHtml.sanitize(body), text,
                step.optionalString("fromName", 255), step.optionalEmail("fromEmail"), step.optionalEmail("replyTo"));
    }

    static Step delay(String id, int order, JsonFields step, References refs) {
        Integer amount = step.optionalInt("delayAmount", 1, 1000);
        String unit = step.optionalEnum("delayUnit", names(Step.DelayUnit.values()));
        if (amount == null) {
            throw new InvalidInputException(step.name("delayAmount") + " is required");
        }
        if (unit == null) {
            throw new InvalidInputException(step.name("delayUnit") + " is required");
        }
        return new Step.Delay(id, order, amount, Step.DelayUnit.valueOf(unit));
    }

    static Step addTag(String id, int order, JsonFields step, References refs) {
        return new Step.AddTag(id, order,
                reference(step, "tagId", refs.tagExists(step.requiredString("tagId", 64)), "tag"));
    }

    static Step removeTag(String id, int order, JsonFields step, References refs) {
        return new Step.RemoveTag(id, order,
                reference(step, "tagId", refs.tagExists(step.requiredString("tagId", 64)), "tag"));
    }

    static Step updateContact(String id, int order, JsonFields step, References refs) {
        JsonObject fields = step.optionalObject("fields");
        if (fields == null) {
            throw new InvalidInputException(step.name("fields") + " is required");
        }
        return new Step.UpdateContact(id, order, fields,
                ContactChanges.parse(new JsonFields(fields, step.name("fields") + "."), false));
    }

    static Step webhook(String id, int order, JsonFields step, References refs) {
        JsonObject headers = headers(step, refs);
        return new Step.Webhook(id, order, url(step, refs), headers == null ? Map.of() : Step.Webhook.headers(headers));
    }

    static Step condition(String id, int order, JsonFields step, References refs) {
        String segmentId = reference(step, "segmentId",
                refs.segmentExists(step.requiredString("segmentId", 64)), "segment");
        String onFalse = step.optionalEnum("onFalse", names(Step.OnFalse.values()));
        return new Step.Condition(id, order, segmentId,
                onFalse == null ? Step.OnFalse.EXIT : Step.OnFalse.valueOf(onFalse));
    }

    static Step waitForEvent(String id, int order, JsonFields step, References refs) {
        String name = step.requiredString("eventName", 100);
        if (!name.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new InvalidInputException(step.name("eventName") + " must be 1 to 100 of A-Z a-z 0-9 _ . : -");
        }
        Integer amount = step.optionalInt("timeoutAmount", 1, 1000);
        String unit = step.optionalEnum("timeoutUnit", names(Step.DelayUnit.values()));
        if (amount == null) {
            throw new InvalidInputException(step.name("timeoutAmount") + " is required");
        }
        if (unit == null) {
            throw new InvalidInputException(step.name("timeoutUnit") + " is required");
        }
        String onEvent = step.optionalEnum("onEvent", names(Step.OnEvent.values()));
        String onTimeout = step.optionalEnum("onTimeout", names(Step.OnTimeout.values()));
        return new Step.WaitForEvent(id, order, name, amount, Step.DelayUnit.valueOf(unit),
                step.optionalString("matchProperty", 100),
                onEvent == null ? Step.OnEvent.CONTINUE : Step.OnEvent.valueOf(onEvent),
                onTimeout == null ? Step.OnTimeout.CONTINUE : Step.OnTimeout.valueOf(onTimeout));
    }

    static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

    private static String reference(JsonFields step, String field, boolean exists, String what) {
        if (!exists) {
            throw new InvalidInputException(step.name(field) + " is not a " + what + " of this organization");
        }
        return step.requiredString(field, 64);
    }

    private static String url(JsonFields step, References refs) {
        String url = refs.webhookUrl(step.requiredString("url", 2048), step.name("url"));
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidInputException(step.name("url") + " must be an http or https URL");
    }

    /**
     * A step's headers. Those in a request are checked by {@link WebhookHeaders}; stored ones are read as they are,
     * so that a step saved before a rule still loads (the sender drops what may not be sent).
     */
    private static JsonObject headers(JsonFields step, References refs) {
        JsonObject headers = step.optionalObject("headers");
        if (headers == null || refs == References.STORED) {
            return headers;
        }
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> values.put(name, value instanceof JsonString text ? text.getString() : value));
        WebhookHeaders.require(values, step.name("headers"));
        return headers;
    }
}
