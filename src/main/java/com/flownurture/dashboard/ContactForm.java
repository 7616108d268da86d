package com.flownurture.dashboard;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.LifecycleStage;
import com.flownurture.common.JsonFields;
import io.helidon.common.parameters.Parameters;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The contact form: its values as typed, turned into the API's JSON body and validated by the API's own rules
 * ({@link ContactChanges}), one field at a time so that every wrong field gets its message beside it. Immutable.
 *
 * @param values the typed values by API field name
 * @param errors messages by field name ({@code form} for the form as a whole)
 */
public record ContactForm(Map<String, String> values, Map<String, String> errors) {

    /** The form's fields in order, with their labels. */
    public static final Map<String, String> LABELS = labels();

    /** An empty form. */
    static ContactForm empty() {
        return new ContactForm(Map.of("lifecycleStage", LifecycleStage.SUBSCRIBER.name(), "leadScore", "0",
                "engagementScore", "0", "customFields", "{}"), Map.of());
    }

    /** The form filled with a contact's values. */
    static ContactForm of(Contact c) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("email", c.email());
        values.put("firstName", c.firstName());
        values.put("lastName", c.lastName());
        values.put("company", c.company());
        values.put("jobTitle", c.jobTitle());
        values.put("country", c.country());
        values.put("city", c.city());
        values.put("source", c.source());
        values.put("lifecycleStage", c.lifecycleStage().name());
        values.put("leadScore", Long.toString(c.leadScore()));
        values.put("engagementScore", Long.toString(c.engagementScore()));
        values.put("customFields", c.customFields());
        values.replaceAll((k, v) -> v == null ? "" : v);
        return new ContactForm(values, Map.of());
    }

    /** The submitted form, validated field by field. */
    static ContactForm parse(Parameters form) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String field : ContactChanges.FIELDS) {
            String value = form.first(field).orElse("").strip();
            values.put(field, value);
            try {
                JsonObjectBuilder one = Json.createObjectBuilder();
                add(one, field, value);
                ContactChanges.parse(new JsonFields(one.build(), ""), false);
            } catch (InvalidInputException e) {
                errors.put(field, e.getMessage());
            }
        }
        if (values.get("email").isEmpty()) {
            errors.put("email", "email is required");
        }
        return new ContactForm(values, errors);
    }

    /** The value typed in a field, never null. */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** Whether any field is wrong. */
    public boolean invalid() {
        return !errors.isEmpty();
    }

    /** The API body these values make: empty fields clear optional values. */
    ContactChanges changes(boolean creating) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        values.forEach((field, value) -> add(json, field, value));
        JsonObject body = json.build();
        if (creating) {
            JsonObjectBuilder present = Json.createObjectBuilder();
            body.forEach((k, v) -> {
                if (v.getValueType() != jakarta.json.JsonValue.ValueType.NULL) {
                    present.add(k, v);
                }
            });
            body = present.build();
        }
        return ContactChanges.parse(new JsonFields(body, ""), creating);
    }

    /** A form value as the API's JSON: numbers and custom fields typed, empty text as null. */
    private static void add(JsonObjectBuilder json, String field, String value) {
        switch (field) {
            case "leadScore", "engagementScore" -> {
                try {
                    json.add(field, Long.parseLong(value.isEmpty() ? "0" : value));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(field + " must be an integer");
                }
            }
            case "customFields" -> {
                try (var reader = Json.createReader(new StringReader(value.isEmpty() ? "{}" : value))) {
                    json.add(field, reader.readValue());
                } catch (RuntimeException e) {
                    throw new InvalidInputException("customFields must be a JSON object");
                }
            }
            case "email", "lifecycleStage" -> json.add(field, value);
            default -> {
                if (value.isEmpty()) {
                    json.addNull(field);
                } else {
                    json.add(field, value);
                }
            }
        }
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("email", "Email");
        labels.put("firstName", "First name");
        labels.put("lastName", "Last name");
        labels.put("company", "Company");
        labels.put("jobTitle", "Job title");
        labels.put("country", "Country");
        labels.put("city", "City");
        labels.put("source", "Source");
        labels.put("lifecycleStage", "Lifecycle stage");
        labels.put("leadScore", "Lead score");
        labels.put("engagementScore", "Engagement score");
        labels.put("customFields", "Custom fields (JSON)");
        return java.util.Collections.unmodifiableMap(labels);
    }
}
