package com.flownurture.events;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import com.flownurture.contacts.ContactChanges;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A validated event from a request body, before it is stored. Exactly one of {@code contactId} and {@code email}
 * names the contact. Immutable.
 *
 * @param properties     the properties as stored (compact JSON text)
 * @param occurredAt     epoch milliseconds, or null for "when received"
 * @param clientId       the client's own id for the event, which makes sending it again a no-op; or null
 * @param upsertContact  whether an unknown email creates the contact
 * @param doubleOptIn    whether a contact it creates is asked to confirm its consent (PENDING, confirmation email)
 */
public record NewEvent(String contactId, String email, String name, JsonObject properties, String propertiesJson,
                       Long occurredAt, String clientId, boolean upsertContact,
                       boolean doubleOptIn) {

    static final int MAX_PROPERTIES_BYTES = 16 * 1024;
    static final int MAX_CLIENT_ID = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final List<String> FIELDS =
            List.of("contactId", "email", "name", "properties", "occurredAt", "id", "upsertContact",
                    "doubleOptIn");

    /** Validates one event object; every failure is an {@link InvalidInputException} naming the field. */
    public static NewEvent parse(JsonFields body) {
        body.allowOnly(FIELDS);
        String contactId = body.optionalString("contactId", 64);
        String email = body.optionalString("email", 255);
        if ((contactId == null) == (email == null)) {
            throw new InvalidInputException("Exactly one of " + body.name("contactId") + " and " + body.name("email")
                    + " is required");
        }
        boolean upsert = flag(body, "upsertContact");
        boolean doubleOptIn = flag(body, "doubleOptIn");
        if (doubleOptIn && !upsert) {
            throw new InvalidInputException(body.name("doubleOptIn") + " needs " + body.name("upsertContact"));
        }
        if (upsert && email == null) {
            throw new InvalidInputException(body.name("upsertContact") + " needs " + body.name("email"));
        }
        if (upsert) {
            // The contact rules decide what an email is, so an event creates only a contact that could exist.
            ContactChanges.parse(new JsonFields(Json.createObjectBuilder().add("email", email).build(),
                    body.name("")), true);
        }
        String name = body.requiredString("name", 100);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException(body.name("name") + " may hold only letters, digits and _ . : -");
        }
        JsonObject properties = body.optionalObject("properties");
        if (properties == null) {
            properties = JsonValue.EMPTY_JSON_OBJECT;
        }
        String propertiesJson = JsonOutput.text(properties);
        if (propertiesJson.getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTIES_BYTES) {
            throw new InvalidInputException(body.name("properties") + " must be at most 16 KB of JSON");
        }
        return new NewEvent(contactId, email, name, properties, propertiesJson, occurredAt(body), clientId(body),
                upsert, doubleOptIn);
    }

    private static boolean flag(JsonFields body, String name) {
        if (!body.has(name) || body.isNull(name)) {
            return false;
        }
        JsonValue value = body.json().get(name);
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw new InvalidInputException(body.name(name) + " must be true or false");
        }
        return value == JsonValue.TRUE;
    }

    private static Long occurredAt(JsonFields body) {
        String text = body.optionalString("occurredAt", 64);
        if (text == null) {
            return null;
        }
        try {
            long millis = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            if (millis >= 0) {
                return millis;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw new InvalidInputException(body.name("occurredAt")
                + " must be an ISO-8601 date-time with an offset after 1970, such as 2026-03-15T10:00:00Z");
    }

    private static String clientId(JsonFields body) {
        String id = body.optionalString("id", MAX_CLIENT_ID);
        if (id != null && !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidInputException(body.name("id") + " must be printable ASCII without spaces");
        }
        return id;
    }
}
