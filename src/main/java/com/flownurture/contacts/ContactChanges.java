package com.flownurture.contacts;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Validated contact fields from a request body: the fields present, each with its new value (null clears an
 * optional field). Used by POST and PATCH /contacts and by UPDATE_CONTACT steps, so all three follow one set of
 * rules. Immutable.
 */
public final class ContactChanges {

    /** Every field a client may write. */
    public static final List<String> FIELDS = List.of("email", "firstName", "lastName", "company", "jobTitle",
            "country", "city", "source", "lifecycleStage", "leadScore", "engagementScore", "customFields");

    static final int MAX_TEXT = 255;
    static final int MAX_CUSTOM_FIELDS_BYTES = 16 * 1024;
    static final long MAX_SCORE = 1_000_000_000L;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");
    private static final Pattern CUSTOM_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> NOT_NULLABLE = Set.of("email", "lifecycleStage", "leadScore", "engagementScore",
            "customFields");

    private final Map<String, Object> values;

    private ContactChanges(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates a body.
     *
     * @param creating whether this creates a contact (email required) or changes one (at least one field)
     */
    public static ContactChanges parse(JsonFields body, boolean creating) {
        body.allowOnly(FIELDS);
        if (creating && (!body.has("email") || body.isNull("email"))) {
            throw new InvalidInputException(body.name("email") + " is required");
        }
        if (!creating && body.isEmpty()) {
            throw new InvalidInputException("Request body must change at least one field");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (!body.has(field)) {
                continue;
            }
            if (body.isNull(field)) {
                if (NOT_NULLABLE.contains(field)) {
                    throw new InvalidInputException(body.name(field) + " cannot be null");
                }
                values.put(field, null);
                continue;
            }
            values.put(field, switch (field) {
                case "email" -> email(body);
                case "lifecycleStage" -> body.optionalEnum(field, Contact.STAGES);
                case "leadScore", "engagementScore" -> (long) body.optionalInt(field, -MAX_SCORE, MAX_SCORE);
                case "customFields" -> customFields(body);
                default -> body.optionalString(field, MAX_TEXT);
            });
        }
        return new ContactChanges(values);
    }

    /** The new email, if changed. */
    public String email() {
        return (String) values.get("email");
    }

    /** A contact with these changes applied. */
    public Contact applyTo(Contact c, long now) {
        return new Contact(c.id(), c.orgId(),
                pick("email", c.email()), pick("firstName", c.firstName()), pick("lastName", c.lastName()),
                pick("company", c.company()), pick("jobTitle", c.jobTitle()), pick("country", c.country()),
                pick("city", c.city()), pick("source", c.source()),
                pick("lifecycleStage", c.lifecycleStage()),
                pick("leadScore", c.leadScore()), pick("engagementScore", c.engagementScore()),
                pick("customFields", c.customFields()), c.unsubscribedAt(), c.createdAt(), now);
    }

    @SuppressWarnings("unchecked")
    private <T> T pick(String field, T current) {
        return values.containsKey(field) ? (T) values.get(field) : current;
    }

    private static String email(JsonFields body) {
        String email = body.optionalString("email", MAX_TEXT);
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidInputException(body.name("email") + " must be a valid email address");
        }
        return email;
    }

    private static String customFields(JsonFields body) {
        JsonObject object = body.optionalObject("customFields");
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            if (!CUSTOM_KEY.matcher(entry.getKey()).matches()) {
                throw new InvalidInputException(body.name("customFields")
                        + " keys must be 1 to 64 letters, digits, '_' or '-'");
            }
            JsonValue.ValueType type = entry.getValue().getValueType();
            if (type == JsonValue.ValueType.OBJECT || type == JsonValue.ValueType.ARRAY) {
                throw new InvalidInputException(body.name("customFields." + entry.getKey())
                        + " must be a string, number, boolean or null");
            }
        }
        String text = JsonOutput.text(object);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_FIELDS_BYTES) {
            throw new InvalidInputException(body.name("customFields") + " must be at most 16 KB");
        }
        if (text.contains("\\u0000")) {
            throw new InvalidInputException(body.name("customFields") + " must not contain NUL characters");
        }
        return text;
    }
}
