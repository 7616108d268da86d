package com.flownurture.contacts;

import java.io.StringReader;
import java.util.List;

import com.flownurture.db.Times;
import com.flownurture.common.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * A contact as stored. {@code customFields} is a JSON object's text; unset strings are null.
 */
public record Contact(String id, String orgId, String email, String firstName, String lastName, String company,
                      String jobTitle, String country, String city, String source, String lifecycleStage,
                      long leadScore, long engagementScore, String customFields, Long unsubscribedAt,
                      long createdAt, long updatedAt) {

    /** Lifecycle stages in funnel order. */
    public static final List<String> STAGES = List.of("SUBSCRIBER", "LEAD", "MQL", "SQL", "CUSTOMER");

    /** The public JSON form. */
    public JsonObject toJson() {
        return toJsonBuilder().build();
    }

    /** The public JSON form, open for additions such as {@code tags}. */
    public JsonObjectBuilder toJsonBuilder() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("email", email);
        add(json, "firstName", firstName);
        add(json, "lastName", lastName);
        add(json, "company", company);
        add(json, "jobTitle", jobTitle);
        json.add("lifecycleStage", lifecycleStage);
        add(json, "country", country);
        add(json, "city", city);
        add(json, "source", source);
        json.add("leadScore", leadScore)
                .add("engagementScore", engagementScore)
                .add("customFields", customFieldsJson())
                .add("unsubscribed", unsubscribedAt != null)
                .add("createdAt", Times.format(createdAt))
                .add("updatedAt", Times.format(updatedAt));
        return json;
    }

    /** The custom fields as an object. */
    public JsonObject customFieldsJson() {
        if (customFields.equals("{}")) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(customFields))) {
            return reader.readObject();
        }
    }

    private static void add(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
