package com.flownurture.workflows;

import java.util.List;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.contacts.ContactField;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Something that happens to a contact: what starts a workflow (its trigger), ends an enrollment as reached
 * (a goal) or ends it early (an exit). One sealed family for the three, since they are the same happenings; which
 * of them each list accepts is {@link Automation}'s rule.
 */
public sealed interface When {

    /** The type, as the API spells it. */
    String type();

    /** The fields besides {@code type}. */
    default void addFields(JsonObjectBuilder json) {
    }

    /** The public form. */
    default JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("type", type());
        addFields(json);
        return json.build();
    }

    /** The tag this names, else null. */
    default String tagId() {
        return null;
    }

    /** The segment this names, else null. */
    default String segmentId() {
        return null;
    }

    /** Only {@code POST /enrollments} (the default trigger). */
    record Manual() implements When {
        @Override
        public String type() {
            return "MANUAL";
        }
    }

    /** The contact was created (API, import, dashboard, an event that creates its contact). */
    record ContactCreated() implements When {
        @Override
        public String type() {
            return "CONTACT_CREATED";
        }
    }

    /** The contact got the tag. */
    record TagAdded(String tagId) implements When {
        @Override
        public String type() {
            return "TAG_ADDED";
        }

        @Override
        public void addFields(JsonObjectBuilder json) {
            json.add("tagId", tagId);
        }
    }

    /** The contact lost the tag. */
    record TagRemoved(String tagId) implements When {
        @Override
        public String type() {
            return "TAG_REMOVED";
        }

        @Override
        public void addFields(JsonObjectBuilder json) {
            json.add("tagId", tagId);
        }
    }

    /** The contact started matching the segment's rules. */
    record SegmentEntered(String segmentId) implements When {
        @Override
        public String type() {
            return "SEGMENT_ENTERED";
        }

        @Override
        public void addFields(JsonObjectBuilder json) {
            json.add("segmentId", segmentId);
        }
    }

    /** The contact stopped matching the segment's rules. */
    record SegmentLeft(String segmentId) implements When {
        @Override
        public String type() {
            return "SEGMENT_LEFT";
        }

        @Override
        public void addFields(JsonObjectBuilder json) {
            json.add("segmentId", segmentId);
        }
    }

    /** An event of this name was received for the contact. */
    record Event(String eventName) implements When {
        @Override
        public String type() {
            return "EVENT";
        }

        @Override
        public void addFields(JsonObjectBuilder json) {
            json.add("eventName", eventName);
        }
    }

    /**
     * A field of the contact changed; to {@code value} when it is given.
     *
     * @param field a contact field as the API names it ({@code lifecycleStage})
     * @param value the new value as text, or null for any change
     */
    record FieldChanged(String field, String value) implements When {
        /** The fields a FIELD_CHANGED can watch: those clients write, but for the custom fields' object. */
        public static final List<String> FIELDS = ContactField.writable().stream()
                .filter(f -> f.type() != ContactField.Type.OBJECT).map(ContactField::apiName).toList();

        @Override
        public String type() {
            return "FIELD_CHANGED";
        }

        @Override
        public void addFields(JsonObjectBuilder json) {
            json.add("field", field);
            if (value != null) {
                json.add("value", value);
            }
        }
    }

    /** The contact confirmed its consent (a double opt-in link). */
    record ConsentConfirmed() implements When {
        @Override
        public String type() {
            return "CONSENT_CONFIRMED";
        }
    }

    /** The contact unsubscribed. */
    record Unsubscribed() implements When {
        @Override
        public String type() {
            return "UNSUBSCRIBED";
        }
    }

    /**
     * Reads one condition of the allowed types; errors name {@code where}.
     *
     * @throws InvalidInputException for a malformed condition or a type not allowed here
     */
    static When parse(JsonFields json, List<String> allowed) {
        String type = json.optionalEnum("type", allowed);
        if (type == null) {
            throw new InvalidInputException(json.name("type") + " is required");
        }
        return switch (type) {
            case "MANUAL" -> only(json, new Manual());
            case "CONTACT_CREATED" -> only(json, new ContactCreated());
            case "UNSUBSCRIBED" -> only(json, new Unsubscribed());
            case "CONSENT_CONFIRMED" -> only(json, new ConsentConfirmed());
            case "TAG_ADDED" -> new TagAdded(id(json.allowOnly(List.of("type", "tagId")), "tagId"));
            case "TAG_REMOVED" -> new TagRemoved(id(json.allowOnly(List.of("type", "tagId")), "tagId"));
            case "SEGMENT_ENTERED" -> new SegmentEntered(id(json.allowOnly(List.of("type", "segmentId")), "segmentId"));
            case "SEGMENT_LEFT" -> new SegmentLeft(id(json.allowOnly(List.of("type", "segmentId")), "segmentId"));
            case "EVENT" -> new Event(eventName(json.allowOnly(List.of("type", "eventName"))));
            case "FIELD_CHANGED" -> {
                json.allowOnly(List.of("type", "field", "value"));
                String field = json.optionalEnum("field", FieldChanged.FIELDS);
                if (field == null) {
                    throw new InvalidInputException(json.name("field") + " is required");
                }
                yield new FieldChanged(field, json.has("value") && !json.isNull("value") ? value(json) : null);
            }
            default -> throw new IllegalStateException(type);
        };
    }

    /** A FIELD_CHANGED value as text: a string, a number or a boolean, compared with the field's JSON value. */
    private static String value(JsonFields json) {
        jakarta.json.JsonValue value = json.json().get("value");
        return switch (value.getValueType()) {
            case STRING -> ((jakarta.json.JsonString) value).getString();
            case NUMBER, TRUE, FALSE -> value.toString();
            default -> throw new InvalidInputException(json.name("value") + " must be a string, number or boolean");
        };
    }

    private static When only(JsonFields json, When when) {
        json.allowOnly(List.of("type"));
        return when;
    }

    private static String id(JsonFields json, String field) {
        return json.requiredString(field, 64);
    }

    private static String eventName(JsonFields json) {
        String name = json.requiredString("eventName", 100);
        if (!name.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new InvalidInputException(json.name("eventName") + " must be 1 to 100 of A-Z a-z 0-9 _ . : -");
        }
        return name;
    }
}
