package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import com.flownurture.common.Json;
import com.flownurture.contacts.ContactField;
import com.flownurture.segments.SegmentRules;
import io.helidon.common.parameters.Parameters;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * One rule of the segment builder as typed ({@code group.G.rule.R.field|operator|value}); groups of them become the
 * API's {@code groups} array, which the API's own rule parser then checks.
 */
public record RuleForm(String field, String operator, String value) {

    /** The fields the builder offers ({@code customFields.<key>} may be typed too). */
    public static final List<String> FIELDS = fields();
    /** Every operator, in the order of the API's reference. */
    public static final List<String> OPERATORS = operators();

    /** A rule to start from. */
    static RuleForm blank() {
        return new RuleForm("leadScore", "gte", "50");
    }

    /** The groups of a submitted builder form. */
    static List<List<RuleForm>> parse(Parameters form) {
        int groups = bounded(form.first("groups").orElse("0"));
        List<List<RuleForm>> parsed = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int rules = bounded(form.first("group." + g + ".rules").orElse("0"));
            List<RuleForm> group = new ArrayList<>();
            for (int r = 0; r < rules; r++) {
                String prefix = "group." + g + ".rule." + r + ".";
                group.add(new RuleForm(form.first(prefix + "field").orElse("").strip(),
                        form.first(prefix + "operator").orElse("").strip(),
                        form.first(prefix + "value").orElse("").strip()));
            }
            parsed.add(group);
        }
        return parsed;
    }

    /** The builder's groups from stored rules. */
    static List<List<RuleForm>> of(SegmentRules rules) {
        List<List<RuleForm>> groups = new ArrayList<>();
        for (SegmentRules.Group group : rules.groups()) {
            groups.add(new ArrayList<>(group.rules().stream().map(r -> new RuleForm(r.field(), r.operator(),
                    switch (r.value()) {
                        case null -> "";
                        case List<?> list -> String.join(", ", list.stream().map(Object::toString).toList());
                        default -> r.value().toString();
                    })).toList()));
        }
        return groups;
    }

    /** The groups as the API's JSON: numbers where the field is numeric, lists for {@code in}, none for emptiness. */
    static JsonArray toJson(List<List<RuleForm>> groups) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (List<RuleForm> group : groups) {
            JsonArrayBuilder rules = Json.createArrayBuilder();
            group.forEach(r -> rules.add(r.toJson()));
            array.add(Json.createObjectBuilder().add("rules", rules));
        }
        return array.build();
    }

    private JsonObjectBuilder toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("field", field).add("operator", operator);
        SegmentRules.Kind kind = SegmentRules.kindOf(field);
        if (operator.equals("is_empty") || operator.equals("is_not_empty")) {
            return json;
        }
        if (operator.equals("in") || operator.equals("not_in")) {
            json.add("value", Json.createArrayBuilder(Arrays.stream(value.split(","))
                    .map(String::strip).filter(v -> !v.isEmpty()).toList()));
        } else if ((kind == SegmentRules.Kind.NUMBER || operator.endsWith("_days") || operator.endsWith("days_ago"))
                && value.matches("-?\\d{1,12}")) {
            json.add("value", Long.parseLong(value));
        } else {
            json.add("value", value);
        }
        return json;
    }

    private static int bounded(String count) {
        return Math.min(50, Math.max(0, ContactsPages.parseInt(count)));
    }

    private static List<String> fields() {
        TreeSet<String> fields = new TreeSet<>();
        for (ContactField field : ContactField.values()) {
            if (field.inSegments() && SegmentRules.kindOf(field.apiName()) != null) {
                fields.add(field.apiName());
            }
        }
        fields.add(SegmentRules.TAG_FIELD);
        fields.add(SegmentRules.EVENT_FIELD);
        return List.copyOf(fields);
    }

    private static List<String> operators() {
        List<String> all = new ArrayList<>();
        for (SegmentRules.Kind kind : SegmentRules.Kind.values()) {
            SegmentRules.OPERATORS.get(kind).stream().filter(o -> !all.contains(o)).forEach(all::add);
        }
        return List.copyOf(all);
    }
}
