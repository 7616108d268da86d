package com.flownurture.workflows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.contacts.ContactChanges;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

/**
 * One workflow step, parsed once: a sealed family of records, one per type, each with the fields of its type. The
 * engine has one handler per record (a switch the compiler checks), so adding a type means adding its record here,
 * its entry in {@link Type}, and its handler.
 */
public sealed interface Step {

    /** The step's id. */
    String id();

    /** Its position in the workflow (steps run in ascending order). */
    int order();

    /** The type's fields in their public (and stored) form. */
    JsonObject fields();

    /** The type, as the API spells it. */
    default Type type() {
        return Type.of(this);
    }

    /** The public form: id, type, order, then the type's fields. */
    default JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id()).add("type", type().name())
                .add("order", order());
        fields().forEach(json::add);
        return json.build();
    }

    /** Step types: each names its fields and how to read them. */
    enum Type {
        SEND_EMAIL(SendEmail.class, List.of("subject", "body", "text", "fromName", "fromEmail", "replyTo"),
                StepFields::sendEmail),
        DELAY(Delay.class, List.of("delayAmount", "delayUnit"), StepFields::delay),
        ADD_TAG(AddTag.class, List.of("tagId"), StepFields::addTag),
        REMOVE_TAG(RemoveTag.class, List.of("tagId"), StepFields::removeTag),
        UPDATE_CONTACT(UpdateContact.class, List.of("fields"), StepFields::updateContact),
        WEBHOOK(Webhook.class, List.of("url", "headers"), StepFields::webhook),
        CONDITION(Condition.class, List.of("segmentId", "onFalse"), StepFields::condition),
        WAIT_FOR_EVENT(WaitForEvent.class, List.of("eventName", "timeoutAmount", "timeoutUnit", "matchProperty",
                "onEvent", "onTimeout"), StepFields::waitForEvent);

        private final Class<? extends Step> record;
        private final List<String> fields;
        private final StepFields.Reader reader;

        Type(Class<? extends Step> record, List<String> fields, StepFields.Reader reader) {
            this.record = record;
            this.fields = fields;
            this.reader = reader;
        }

        /** The fields this type accepts besides {@code id}, {@code type} and {@code order}. */
        public List<String> fields() {
            return fields;
        }

        /** Reads a step of this type from validated-or-stored JSON; references are checked through {@code refs}. */
        Step read(String id, int order, JsonFields json, StepFields.References refs) {
            return reader.read(id, order, json, refs);
        }

        static Type of(Step step) {
            for (Type type : values()) {
                if (type.record.isInstance(step)) {
                    return type;
                }
            }
            throw new IllegalStateException(step.getClass().getName());
        }

        /** The names, as the API spells them. */
        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(Enum::name).toList();
        }
    }

    /**
     * Sends an email rendered with the contact's fields.
     *
     * @param body the body, HTML sanitized when saved
     * @param text the plain-text part, or null to generate it from an HTML body
     */
    record SendEmail(String id, int order, String subject, String body, String text, String fromName,
                     String fromEmail, String replyTo) implements Step {
        @Override
        public JsonObject fields() {
            JsonObjectBuilder json = Json.createObjectBuilder().add("subject", subject).add("body", body);
            StepFields.optional(json, "text", text);
            StepFields.optional(json, "fromName", fromName);
            StepFields.optional(json, "fromEmail", fromEmail);
            StepFields.optional(json, "replyTo", replyTo);
            return json.build();
        }
    }

    /** Waits before the next step, counted from the moment the step is reached. */
    record Delay(String id, int order, int amount, DelayUnit unit) implements Step {
        @Override
        public JsonObject fields() {
            return Json.createObjectBuilder().add("delayAmount", amount).add("delayUnit", unit.name()).build();
        }

        /** How long the delay lasts. */
        public Duration duration() {
            return unit.of(amount);
        }
    }

    /** Units of a delay. */
    enum DelayUnit {
        MINUTES, HOURS, DAYS, WEEKS;

        Duration of(long amount) {
            return switch (this) {
                case MINUTES -> Duration.ofMinutes(amount);
                case HOURS -> Duration.ofHours(amount);
                case DAYS -> Duration.ofDays(amount);
                case WEEKS -> Duration.ofDays(7 * amount);
            };
        }
    }

    /** Puts a tag on the contact. */
    record AddTag(String id, int order, String tagId) implements Step {
        @Override
        public JsonObject fields() {
            return Json.createObjectBuilder().add("tagId", tagId).build();
        }
    }

    /** Takes a tag off the contact. */
    record RemoveTag(String id, int order, String tagId) implements Step {
        @Override
        public JsonObject fields() {
            return Json.createObjectBuilder().add("tagId", tagId).build();
        }
    }

    /**
     * Changes the contact's fields.
     *
     * @param json    the fields as given (the public form)
     * @param changes the same, parsed
     */
    record UpdateContact(String id, int order, JsonObject json, ContactChanges changes) implements Step {
        @Override
        public JsonObject fields() {
            return Json.createObjectBuilder().add("fields", json).build();
        }

        /** Whether the update changes the email, which may conflict with another contact's. */
        public boolean changesEmail() {
            return json.containsKey("email");
        }
    }

    /** POSTs the contact to a URL, signed. */
    record Webhook(String id, int order, String url, Map<String, String> headers) implements Step {
        public Webhook {
            headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        }

        @Override
        public JsonObject fields() {
            JsonObjectBuilder json = Json.createObjectBuilder().add("url", url);
            if (!headers.isEmpty()) {
                JsonObjectBuilder h = Json.createObjectBuilder();
                headers.forEach(h::add);
                json.add("headers", h);
            }
            return json.build();
        }

        static Map<String, String> headers(JsonObject json) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            json.forEach((k, v) -> headers.put(k, ((JsonString) v).getString()));
            return headers;
        }
    }

    /** Goes on only when the contact is in a segment; otherwise exits or skips the next step. */
    record Condition(String id, int order, String segmentId, OnFalse onFalse) implements Step {
        @Override
        public JsonObject fields() {
            return Json.createObjectBuilder().add("segmentId", segmentId).add("onFalse", onFalse.name()).build();
        }
    }

    /** What a CONDITION does when the contact is not in the segment. */
    enum OnFalse {
        EXIT, SKIP
    }

    /**
     * Waits until the contact has an event of a name received after the step was reached, or the timeout.
     *
     * @param matchProperty a property the event must have equal to the triggering event's, or null
     */
    record WaitForEvent(String id, int order, String eventName, int timeoutAmount, DelayUnit timeoutUnit,
                        String matchProperty, OnEvent onEvent, OnTimeout onTimeout) implements Step {
        @Override
        public JsonObject fields() {
            JsonObjectBuilder json = Json.createObjectBuilder().add("eventName", eventName)
                    .add("timeoutAmount", timeoutAmount).add("timeoutUnit", timeoutUnit.name());
            StepFields.optional(json, "matchProperty", matchProperty);
            return json.add("onEvent", onEvent.name()).add("onTimeout", onTimeout.name()).build();
        }

        /** How long the step waits at most. */
        public Duration timeout() {
            return timeoutUnit.of(timeoutAmount);
        }
    }

    /** What a WAIT_FOR_EVENT does when the event comes: go on, or end the enrollment COMPLETED. */
    enum OnEvent {
        CONTINUE, COMPLETE
    }

    /** What a WAIT_FOR_EVENT does at its timeout: go on, or end the enrollment EXITED. */
    enum OnTimeout {
        CONTINUE, EXIT
    }
}
