package com.flownurture.templates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What a template can read, as JSON: {@code contact} (the fields templates may show, {@code customFields} among
 * them), {@code event} (the event that started the enrollment: {@code name}, {@code properties}), and the
 * {@code unsubscribe_url} and {@code preferences_url} of this message. Turned into plain values only (maps, lists,
 * strings, numbers, booleans), so a template never reaches a Java object.
 *
 * @param contact the contact's template fields, or null
 * @param event the triggering event, or null
 * @param unsubscribeUrl this message's unsubscribe link, or null
 * @param preferencesUrl this message's preferences link, or null
 */
public record TemplateData(JsonObject contact, JsonObject event, String unsubscribeUrl, String preferencesUrl) {

    /** The variables of a render. */
    public Map<String, Object> variables() {
        Map<String, Object> variables = new HashMap<>();
        putIfPresent(variables, "contact", contact == null ? null : value(contact));
        putIfPresent(variables, "event", event == null ? null : value(event));
        putIfPresent(variables, "unsubscribe_url", unsubscribeUrl);
        putIfPresent(variables, "preferences_url", preferencesUrl);
        return variables;
    }

    private static void putIfPresent(Map<String, Object> variables, String name, Object value) {
        if (value != null) {
            variables.put(name, value);
        }
    }

    /** A JSON value as Liquid sees it; a number keeps its JSON text ({@code 1.50} stays {@code 1.50}). */
    static Object value(JsonValue json) {
        return switch (json.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) json).forEach((key, value) -> map.put(key, value(value)));
                yield Collections.unmodifiableMap(map);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonValue item : (JsonArray) json) {
                    list.add(value(item));
                }
                yield Collections.unmodifiableList(list);
            }
            case STRING -> ((JsonString) json).getString();
            case NUMBER -> number((JsonNumber) json);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    private static Object number(JsonNumber number) {
        if (number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException beyondLong) {
                return number.bigDecimalValue();
            }
        }
        return number.bigDecimalValue();
    }
}
