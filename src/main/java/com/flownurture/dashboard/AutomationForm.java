package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.Json;
import com.flownurture.workflows.Automation;
import com.flownurture.workflows.When;
import io.helidon.common.parameters.Parameters;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A workflow's trigger, re-entry, goals and exits in the editor, as typed. The form names a condition's fields
 * {@code trigger.field}, {@code goal.N.field} and {@code exit.N.field}; {@link #toJson} makes the API's
 * {@code trigger}, {@code reentry}, {@code goals} and {@code exitOn}, which the API's own parser then checks.
 */
public record AutomationForm(Condition trigger, String reentry, List<Condition> goals, List<Condition> exits) {

    /** The most goals or exits the form reads (the API refuses more than 20; a forged form learns it from it). */
    private static final int MAX_READ = 50;

    /**
     * One condition as typed: its type and its type's fields' text.
     *
     * @param type the type, as the API spells it
     */
    public record Condition(String type, Map<String, String> values) {

        /** The fields a condition of a type has besides its type. */
        public static List<String> fields(String type) {
            return switch (type) {
                case "TAG_ADDED", "TAG_REMOVED" -> List.of("tagId");
                case "SEGMENT_ENTERED", "SEGMENT_LEFT" -> List.of("segmentId");
                case "EVENT" -> List.of("eventName");
                case "FIELD_CHANGED" -> List.of("field", "value");
                default -> List.of();
            };
        }

        /** The fields of this condition's type. */
        public List<String> fields() {
            return fields(type);
        }

        /** The value of a field, never null. */
        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        /**
         * The condition in words, naming tags and segments by their names (by id when not among them: the page lists
         * those that no longer exist apart, as the API's {@code problems}).
         */
        public String words(Map<String, String> tagNames, Map<String, String> segmentNames) {
            String tag = "the tag \u201c" + tagNames.getOrDefault(value("tagId"), value("tagId")) + "\u201d";
            String segment = "the segment \u201c" + segmentNames.getOrDefault(value("segmentId"), value("segmentId"))
                    + "\u201d";
            return switch (type) {
                case "MANUAL" -> "Only when enrolled by hand";
                case "CONTACT_CREATED" -> "When a contact is created";
                case "TAG_ADDED" -> "When " + tag + " is added to the contact";
                case "TAG_REMOVED" -> "When " + tag + " is removed from the contact";
                case "SEGMENT_ENTERED" -> "When the contact enters " + segment;
                case "SEGMENT_LEFT" -> "When the contact leaves " + segment;
                case "EVENT" -> "When the contact has the event \u201c" + value("eventName") + "\u201d";
                case "FIELD_CHANGED" -> "When the contact's " + value("field") + " changes"
                        + (value("value").isEmpty() ? "" : " to \u201c" + value("value") + "\u201d");
                case "CONSENT_CONFIRMED" -> "When the contact confirms its consent";
                case "UNSUBSCRIBED" -> "When the contact unsubscribes";
                default -> type;
            };
        }

        static Condition of(When when) {
            Map<String, String> values = new LinkedHashMap<>();
            when.toJson().forEach((k, v) -> {
                if (!k.equals("type")) {
                    values.put(k, v instanceof jakarta.json.JsonString s ? s.getString() : v.toString());
                }
            });
            return new Condition(when.type(), values);
        }

        static Condition blank(String type) {
            return new Condition(type, new LinkedHashMap<>());
        }

        /** The condition named {@code prefix} ({@code trigger.}, {@code goal.2.}) of a submitted form. */
        static Condition parse(Parameters form, String prefix) {
            String type = form.first(prefix + "type").orElse("").strip();
            Map<String, String> values = new LinkedHashMap<>();
            for (String field : fields(type)) {
                values.put(field, form.first(prefix + field).orElse("").strip());
            }
            return new Condition(type, values);
        }

        /** The API's condition object: empty fields left out (a FIELD_CHANGED without a value is any change). */
        JsonObject toJson() {
            JsonObjectBuilder json = Json.createObjectBuilder().add("type", type);
            values.forEach((field, text) -> {
                if (!text.isEmpty()) {
                    json.add(field, text);
                }
            });
            return json.build();
        }
    }

    /** Whether a contact may enter again, in words. */
    public String reentryWords() {
        return reentry.equals(Automation.Reentry.AFTER_EXIT.name())
                ? "A contact may enter again once its previous enrollment has ended"
                : "A contact enters at most once";
    }

    /** A saved workflow's automation. */
    static AutomationForm of(Automation automation) {
        return new AutomationForm(Condition.of(automation.trigger()), automation.reentry().name(),
                automation.goals().stream().map(Condition::of).toList(),
                automation.exitOn().stream().map(Condition::of).toList());
    }

    /** A new workflow's: enrolled by hand, once, no goals nor exits. */
    static AutomationForm manual() {
        return of(Automation.MANUAL);
    }

    /** The automation of a submitted editor form. */
    static AutomationForm parse(Parameters form) {
        return new AutomationForm(Condition.parse(form, "trigger."), form.first("reentry").orElse("").strip(),
                list(form, "goals", "goal."), list(form, "exits", "exit."));
    }

    private static List<Condition> list(Parameters form, String count, String prefix) {
        int size = Math.min(MAX_READ, Math.max(0, ContactsPages.parseInt(form.first(count).orElse("0"))));
        List<Condition> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(Condition.parse(form, prefix + i + "."));
        }
        return list;
    }

    /** This form with other goals. */
    AutomationForm withGoals(List<Condition> goals) {
        return new AutomationForm(trigger, reentry, goals, exits);
    }

    /** This form with other exits. */
    AutomationForm withExits(List<Condition> exits) {
        return new AutomationForm(trigger, reentry, goals, exits);
    }

    /**
     * The API's automation fields, to be read as a request's. A form without a trigger type or re-entry (one posted
     * by hand, as before the editor had them) leaves them as they are.
     */
    JsonObjectBuilder addTo(JsonObjectBuilder json) {
        if (!trigger.type().isEmpty()) {
            json.add("trigger", trigger.toJson());
        }
        if (!reentry.isEmpty()) {
            json.add("reentry", reentry);
        }
        return json.add("goals", array(goals)).add("exitOn", array(exits));
    }

    private static JsonArrayBuilder array(List<Condition> conditions) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        conditions.forEach(c -> array.add(c.toJson()));
        return array;
    }
}
