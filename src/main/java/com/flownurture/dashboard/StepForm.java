package com.flownurture.dashboard;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.workflows.Step;
import io.helidon.common.parameters.Parameters;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * One step in the workflow editor, as typed: its type, its {@code order} and its fields' text (the type's fields, in
 * the order the editor shows them). The editor's form names them {@code step.N.field}; {@link #toJson} makes the
 * API's step object, which the API's own parser then checks. A step keeps its order (an API-made workflow may number
 * its steps 10, 20, ...) unless it is moved, when it swaps orders with its neighbour.
 *
 * @param order the step's order as text
 */
public record StepForm(Step.Type type, String order, Map<String, String> values) {

    /** The units of a delay, as the API spells them. */
    public static final List<String> DELAY_UNITS =
            java.util.Arrays.stream(Step.DelayUnit.values()).map(Enum::name).toList();
    /** The fields typed as JSON objects. */
    private static final List<String> JSON_FIELDS = List.of("fields", "headers");

    /** The value of a field, never null. */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** A step from a saved one. */
    static StepForm of(Step step) {
        Map<String, String> values = new LinkedHashMap<>();
        step.fields().forEach((k, v) -> values.put(k, v.getValueType() == JsonValue.ValueType.STRING
                ? ((jakarta.json.JsonString) v).getString() : v.toString()));
        return new StepForm(step.type(), String.valueOf(step.order()), values);
    }

    /** This step with another order. */
    StepForm withOrder(String order) {
        return new StepForm(type, order, values);
    }

    /** A new step of a type after the given ones, with a sensible start. */
    static StepForm blank(Step.Type type, List<StepForm> before) {
        Map<String, String> values = switch (type) {
            case DELAY -> Map.of("delayAmount", "1", "delayUnit", Step.DelayUnit.DAYS.name());
            case CONDITION -> Map.of("onFalse", Step.OnFalse.EXIT.name());
            case WAIT_FOR_EVENT -> Map.of("timeoutAmount", "1", "timeoutUnit", Step.DelayUnit.DAYS.name(),
                    "onEvent", Step.OnEvent.CONTINUE.name(), "onTimeout", Step.OnTimeout.CONTINUE.name());
            case SEND_EMAIL, ADD_TAG, REMOVE_TAG, UPDATE_CONTACT, WEBHOOK -> Map.of();
        };
        int order = before.stream().mapToInt(s -> ContactsPages.parseInt(s.order())).max().orElse(-1) + 1;
        return new StepForm(type, String.valueOf(order), new LinkedHashMap<>(values));
    }

    /**
     * The steps of a submitted editor form, in order.
     *
     * @throws InvalidInputException for a type that is none of the step types (the form only offers those), with
     *                               the API's message
     */
    static List<StepForm> parse(Parameters form) {
        int count = Math.min(100, Math.max(0, ContactsPages.parseInt(form.first("steps").orElse("0"))));
        List<StepForm> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = form.first("step." + i + ".type").orElse("");
            if (!Step.Type.names().contains(name)) {
                throw new InvalidInputException("steps[" + i + "].type must be one of "
                        + String.join(", ", Step.Type.names()));
            }
            Step.Type type = Step.Type.valueOf(name);
            Map<String, String> values = new LinkedHashMap<>();
            for (String field : type.fields()) {
                values.put(field, form.first("step." + i + "." + field).orElse("").strip());
            }
            steps.add(new StepForm(type, form.first("step." + i + ".order").orElse("").strip(), values));
        }
        return steps;
    }

    /** The steps as the API's {@code steps} array. */
    static JsonArray toJson(List<StepForm> steps) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        steps.forEach(s -> array.add(s.toJson()));
        return array.build();
    }

    /**
     * The step as the API's JSON: empty optional fields left out, numbers and objects typed when they parse (the
     * API then names what does not).
     */
    JsonObjectBuilder toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("type", type.name());
        if (order.matches("\\d{1,9}")) {
            json.add("order", Integer.parseInt(order));
        } else if (!order.isEmpty()) {
            json.add("order", order);
        }
        values.forEach((field, text) -> {
            if (text.isEmpty()) {
                return;
            }
            if (field.endsWith("Amount") && text.matches("-?\\d{1,9}")) {
                json.add(field, Integer.parseInt(text));
            } else if (JSON_FIELDS.contains(field)) {
                try (var reader = Json.createReader(new StringReader(text))) {
                    json.add(field, reader.readValue());
                } catch (RuntimeException e) {
                    json.add(field, text);
                }
            } else {
                json.add(field, text);
            }
        });
        return json;
    }
}
