package com.flownurture.contacts;

import java.io.StringReader;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import com.flownurture.db.Row;
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

    /** A row of {@code contacts} (every column). */
    public static Contact from(Row row) {
        return new Contact(
                row.string(ContactField.ID.column()), row.string("org_id"), row.string(ContactField.EMAIL.column()),
                row.string(ContactField.FIRST_NAME.column()), row.string(ContactField.LAST_NAME.column()),
                row.string(ContactField.COMPANY.column()), row.string(ContactField.JOB_TITLE.column()),
                row.string(ContactField.COUNTRY.column()), row.string(ContactField.CITY.column()),
                row.string(ContactField.SOURCE.column()),
                LifecycleStage.valueOf(row.string(ContactField.LIFECYCLE_STAGE.column())),
                row.longValue(ContactField.LEAD_SCORE.column()), row.longValue(ContactField.ENGAGEMENT_SCORE.column()),
                row.string(ContactField.CUSTOM_FIELDS.column()), row.nullableLong(ContactField.UNSUBSCRIBED.column()),
                row.longValue(ContactField.CREATED_AT.column()), row.longValue(ContactField.UPDATED_AT.column()),
                Consent.from(row));
    }

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
