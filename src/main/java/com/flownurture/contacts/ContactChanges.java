package com.flownurture.contacts;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static com.flownurture.contacts.ContactField.CITY;
import static com.flownurture.contacts.ContactField.COMPANY;
import static com.flownurture.contacts.ContactField.COUNTRY;
import static com.flownurture.contacts.ContactField.CUSTOM_FIELDS;
import static com.flownurture.contacts.ContactField.EMAIL;
import static com.flownurture.contacts.ContactField.ENGAGEMENT_SCORE;
import static com.flownurture.contacts.ContactField.FIRST_NAME;
import static com.flownurture.contacts.ContactField.JOB_TITLE;
import static com.flownurture.contacts.ContactField.LAST_NAME;
import static com.flownurture.contacts.ContactField.LEAD_SCORE;
import static com.flownurture.contacts.ContactField.LIFECYCLE_STAGE;
import static com.flownurture.contacts.ContactField.SOURCE;

/**
 * Validated contact fields from a request body: the fields present, each with its new value (null clears an
 * optional field). Used by POST and PATCH /contacts and by UPDATE_CONTACT steps, so all three follow one set of
 * rules. Immutable.
 */
public final class ContactChanges {

    /** Every field a client may write, by API name. */
    public static final List<String> FIELDS = ContactField.writable().stream().map(ContactField::apiName).toList();

    static final int MAX_TEXT = 255;
    static final int MAX_CUSTOM_FIELDS_BYTES = 16 * 1024;
    static final long MAX_SCORE = 1_000_000_000L;

    private final Map<ContactField, Object> values;

    private ContactChanges(Map<ContactField, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates a body.
     *
     * @param creating whether this creates a contact (email required) or changes one (at least one field)
     */
    public static ContactChanges parse(JsonFields body, boolean creating) {
        body.allowOnly(FIELDS);
        if (creating && (!body.has(EMAIL.apiName()) || body.isNull(EMAIL.apiName()))) {
            throw new InvalidInputException(body.name(EMAIL.apiName()) + " is required");
        }
        if (!creating && body.isEmpty()) {
            throw new InvalidInputException("Request body must change at least one field");
        }
        Map<ContactField, Object> values = new EnumMap<>(ContactField.class);
        for (ContactField field : ContactField.writable()) {
            String name = field.apiName();
            if (!body.has(name)) {
                continue;
            }
            if (body.isNull(name)) {
                if (!field.isNullable()) {
                    throw new InvalidInputException(body.name(name) + " cannot be null");
                }
                values.put(field, null);
                continue;
            }
            values.put(field, switch (field.type()) {
                case EMAIL -> body.optionalEmail(name);
                case TEXT -> body.optionalString(name, MAX_TEXT);
                case STAGE -> LifecycleStage.valueOf(body.optionalEnum(name, LifecycleStage.names()));
                case INTEGER -> (long) body.optionalInt(name, -MAX_SCORE, MAX_SCORE);
                case OBJECT -> customFields(body, name);
                case ID, FLAG, TIME -> throw new IllegalStateException(name + " is not writable");
            });
        }
        return new ContactChanges(values);
    }

    /** The new email, if changed. */
    public String email() {
        return (String) values.get(ContactField.EMAIL);
    }

    /** A contact with these changes applied. */
    public Contact applyTo(Contact c, long now) {
        return new Contact(c.id(), c.orgId(),
                pick(EMAIL, c.email()), pick(FIRST_NAME, c.firstName()), pick(LAST_NAME, c.lastName()),
                pick(COMPANY, c.company()), pick(JOB_TITLE, c.jobTitle()), pick(COUNTRY, c.country()),
                pick(CITY, c.city()), pick(SOURCE, c.source()), pick(LIFECYCLE_STAGE, c.lifecycleStage()),
                pick(LEAD_SCORE, c.leadScore()), pick(ENGAGEMENT_SCORE, c.engagementScore()),
                pick(CUSTOM_FIELDS, c.customFields()), c.unsubscribedAt(), c.createdAt(), now,
                c.consent());
    }

    @SuppressWarnings("unchecked")
    private <T> T pick(ContactField field, T current) {
        return values.containsKey(field) ? (T) values.get(field) : current;
    }

    private static String customFields(JsonFields body, String name) {
        JsonObject object = body.optionalObject(name);
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            if (!ContactField.CUSTOM_KEY.matcher(entry.getKey()).matches()) {
                throw new InvalidInputException(body.name(name) + " keys must be 1 to 64 letters, digits, '_' or '-'");
            }
            JsonValue.ValueType type = entry.getValue().getValueType();
            if (type == JsonValue.ValueType.OBJECT || type == JsonValue.ValueType.ARRAY) {
                throw new InvalidInputException(body.name(name + "." + entry.getKey())
                        + " must be a string, number, boolean or null");
            }
        }
        String text = JsonOutput.text(object);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_FIELDS_BYTES) {
            throw new InvalidInputException(body.name(name) + " must be at most 16 KB");
        }
        if (text.contains("\\u0000")) {
            throw new InvalidInputException(body.name(name) + " must not contain NUL characters");
        }
        return text;
    }
}
