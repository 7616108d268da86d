package com.flownurture.workflows;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.TargetPolicy;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Validates a step list and reads it into {@link Step} records. Every error names the step index and the field
 * ({@code steps[2].subject}). References (tags, segments) are checked through the predicates the caller passes,
 * inside its transaction.
 */
public final class StepParser {

    static final int MAX_STEPS = 100;

    private final StepFields.References references;

    /**
     * @param tagExists     whether a tag id is the organization's
     * @param segmentExists whether a segment id is the organization's
     * @param targets       which WEBHOOK step URLs may be saved
     */
    public StepParser(Predicate<String> tagExists, Predicate<String> segmentExists, TargetPolicy targets) {
        this.references = new StepFields.References() {
            @Override
            public boolean tagExists(String id) {
                return tagExists.test(id);
            }

            @Override
            public boolean segmentExists(String id) {
                return segmentExists.test(id);
            }

            @Override
            public String webhookUrl(String url, String field) {
                return targets.requireAllowedUrl(url, field);
            }
        };
    }

    /** Parses a step list; steps come back sorted by order, with new ids. */
    public List<Step> parse(JsonArray array) {
        if (array.size() > MAX_STEPS) {
            throw new InvalidInputException("steps must hold at most " + MAX_STEPS + " steps");
        }
        List<Step> steps = new ArrayList<>();
        Set<Integer> orders = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String where = "steps[" + i + "]";
            JsonFields step = JsonFields.element(array.get(i), where);
            String typeName = step.optionalEnum("type", Step.Type.names());
            if (typeName == null) {
                throw new InvalidInputException(where + ".type is required");
            }
            Step.Type type = Step.Type.valueOf(typeName);
            List<String> allowed = new ArrayList<>(type.fields());
            allowed.addAll(List.of("type", "order", "id"));
            step.allowOnly(allowed);
            Integer explicit = step.optionalInt("order", 0, 10_000);
            int order = explicit == null ? i : explicit;
            if (!orders.add(order)) {
                throw new InvalidInputException(where + ".order " + order + " is used by another step");
            }
            steps.add(type.read(Ids.newId(), order, step, references));
        }
        steps.sort((a, b) -> Integer.compare(a.order(), b.order()));
        return steps;
    }

    /** Reads a stored step (its type's fields as JSON text), valid since it was saved. */
    public static Step stored(String id, String type, int order, String fields) {
        try (JsonReader reader = Json.createReader(new StringReader(fields))) {
            JsonObject json = reader.readObject();
            return Step.Type.valueOf(type).read(id, order, new JsonFields(json, "step."),
                    StepFields.References.STORED);
        }
    }
}
