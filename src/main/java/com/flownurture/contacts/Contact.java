package com.flownurture.contacts;

import java.io.StringReader;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * A contact as stored. {@code customFields} is a JSON object's text; unset strings are null. {@code consent} is
 * written after the fields of {@link ContactField}: it is read-only and not a segment, CSV or template field.
 */
public record Contact(String id, String orgId, String email, String firstName, String lastName, String company,
                      String jobTitle, String country, String city, String source, LifecycleStage lifecycleStage,
                      long leadScore, long engagementScore, String customFields, Long unsubscribedAt,
                      long createdAt, long updatedAt, Consent consent) {

    private static final ContactField[] FIELDS = ContactField.values();

    /** The public JSON form, built as an object: written out, the same bytes as {@link #writeTo}. */
    public JsonObject toJson() {
        return FieldWriter.build(this::describe);
    }

    /** Writes the public JSON form as one object. */
    public void writeTo(JsonGenerator json) {
        json.writeStartObject();
        writeFields(json);
        json.writeEnd();
    }

    /**
     * Writes the public JSON form's fields into an open object, streamed (a page of contacts built as JSON-P objects
     * first spent as long building them as writing them).
     */
    public void writeFields(JsonGenerator json) {
        describe(FieldWriter.into(json));
    }

    /** The one description of a contact's JSON, for both targets. */
    private void describe(FieldWriter json) {
        for (ContactField field : FIELDS) {
            String name = field.apiName();
            Object value = field.of(this);
            switch (field.type()) {
                case ID, EMAIL, TEXT, STAGE -> json.string(name, (String) value);
                case INTEGER -> json.number(name, (long) value);
                case OBJECT -> json.value(name, customFieldsJson());
                case FLAG -> json.bool(name, value != null);
                case TIME -> json.string(name, Times.format((long) value));
            }
        }
        consent.writeTo(json);
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
}
