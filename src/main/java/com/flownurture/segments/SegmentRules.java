package com.flownurture.segments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.contacts.ContactField;
import com.flownurture.contacts.LifecycleStage;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A segment's groups and rules, validated. A contact is in the segment when ANY group matches; a group matches
 * when ALL its rules match; no groups match nobody. Immutable.
 */
public record SegmentRules(List<Group> groups) {

    /** A group of rules that must all match. */
    public record Group(String id, int order, List<Rule> rules) {
    }

    /**
     * One condition on a contact.
     *
     * @param value      a string, a number, a list of strings, or null for is_empty / is_not_empty; for
     *                   {@code lifecycleStage}, a {@link LifecycleStage} or a list of them
     * @param withinDays for an event rule, how many days back its events count; null for any time (and for every
     *                   other rule)
     */
    public record Rule(String id, String field, String operator, Object value, Integer withinDays) {
        /** A rule without a time window. */
        public Rule(String id, String field, String operator, Object value) {
            this(id, field, operator, value, null);
        }
    }

    /** The kind of a field, which decides its operators. */
    public enum Kind { STRING, NUMBER, DATE, STAGE, TAG, CUSTOM, EVENT }

    /** The operators of each kind. */
    public static final Map<Kind, List<String>> OPERATORS = Map.of(
            Kind.STRING, List.of("equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with",
                    "is_empty", "is_not_empty", "in", "not_in"),
            Kind.CUSTOM, List.of("equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with",
                    "is_empty", "is_not_empty", "in", "not_in"),
            Kind.NUMBER, List.of("equals", "not_equals", "gt", "gte", "lt", "lte"),
            Kind.DATE, List.of("before", "after", "within_last_days", "more_than_days_ago"),
            Kind.STAGE, List.of("equals", "not_equals", "in", "not_in", "at_least", "at_most"),
            Kind.TAG, List.of("has", "has_not"),
            Kind.EVENT, List.of("performed", "not_performed"));

    /** The field that rules test by the contact's tags; the others are the contact's own ({@link ContactField}). */
    public static final String TAG_FIELD = "tag";
    /** The field that rules test by the contact's events ({@code performed}, {@code not_performed}). */
    public static final String EVENT_FIELD = "event";

    static final int MAX_GROUPS = 20;
    static final int MAX_RULES = 20;
    static final int MAX_IN_VALUES = 100;
    private static final String CUSTOM_PREFIX = ContactField.CUSTOM_FIELDS.apiName() + ".";
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    /** The kind of a field, or null when rules cannot test it. */
    public static Kind kindOf(String field) {
        if (field.equals(TAG_FIELD)) {
            return Kind.TAG;
        }
        if (field.equals(EVENT_FIELD)) {
            return Kind.EVENT;
        }
        if (field.startsWith(CUSTOM_PREFIX)) {
            return ContactField.CUSTOM_KEY.matcher(field.substring(CUSTOM_PREFIX.length())).matches()
                    ? Kind.CUSTOM : null;
        }
        ContactField contactField = ContactField.byName(field);
        return contactField == null || !contactField.inSegments() ? null : kindOf(contactField.type());
    }

    /** The kind of a contact field's values; custom fields are tested key by key. */
    private static Kind kindOf(ContactField.Type type) {
        return switch (type) {
            case EMAIL, TEXT -> Kind.STRING;
            case STAGE -> Kind.STAGE;
            case INTEGER -> Kind.NUMBER;
            case TIME -> Kind.DATE;
            case ID, OBJECT, FLAG -> null;
        };
    }

    /**
     * Validates groups from a request body. Errors name the group and rule ({@code groups[1].rules[0].value}).
     *
     * @param tagExists whether a tag id is the organization's
     */
    public static SegmentRules parse(JsonArray groupsJson, Predicate<String> tagExists) {
        if (groupsJson.size() > MAX_GROUPS) {
            throw new InvalidInputException("groups must hold at most " + MAX_GROUPS + " groups");
        }
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < groupsJson.size(); g++) {
            String where = "groups[" + g + "]";
            JsonFields group = JsonFields.element(groupsJson.get(g), where).allowOnly(List.of("id", "order", "rules"));
            JsonArray rulesJson = group.requiredArray("rules");
            if (rulesJson.isEmpty() || rulesJson.size() > MAX_RULES) {
                throw new InvalidInputException(where + ".rules must hold 1 to " + MAX_RULES + " rules");
            }
            List<Rule> rules = new ArrayList<>();
            for (int r = 0; r < rulesJson.size(); r++) {
                rules.add(rule(JsonFields.element(rulesJson.get(r), where + ".rules[" + r + "]"), tagExists));
            }
            groups.add(new Group(Ids.newId(), g, List.copyOf(rules)));
        }
        return new SegmentRules(List.copyOf(groups));
    }

    /** The stored and public form: groups with ids and order, rules with ids. */
    public JsonArray toJson() {
        JsonArrayBuilder groupsJson = Json.createArrayBuilder();
        for (Group group : groups) {
            JsonArrayBuilder rulesJson = Json.createArrayBuilder();
            for (Rule rule : group.rules()) {
                var json = Json.createObjectBuilder().add("id", rule.id()).add("field", rule.field())
                        .add("operator", rule.operator());
                switch (rule.value()) {
                    case null -> json.addNull("value");
                    case Long number -> json.add("value", number);
                    case LifecycleStage stage -> json.add("value", stage.name());
                    case List<?> list -> json.add("value", Json.createArrayBuilder(list.stream()
                            .map(v -> v instanceof LifecycleStage stage ? stage.name() : v).toList()));
                    default -> json.add("value", rule.value().toString());
                }
                if (rule.withinDays() != null) {
                    json.add("withinDays", rule.withinDays());
                }
                rulesJson.add(json);
            }
            groupsJson.add(Json.createObjectBuilder().add("id", group.id()).add("order", group.order())
                    .add("rules", rulesJson));
        }
        return groupsJson.build();
    }

    /** Reads the stored form back (already validated when it was written). */
    public static SegmentRules fromStored(JsonArray stored) {
        List<Group> groups = new ArrayList<>();
        for (JsonValue g : stored) {
            var group = g.asJsonObject();
            List<Rule> rules = new ArrayList<>();
            for (JsonValue r : group.getJsonArray("rules")) {
                var rule = r.asJsonObject();
                String field = rule.getString("field");
                rules.add(new Rule(rule.getString("id"), field, rule.getString("operator"),
                        storedValue(kindOf(field), rule.get("value")),
                        rule.containsKey("withinDays") ? rule.getInt("withinDays") : null));
            }
            groups.add(new Group(group.getString("id"), group.getInt("order"), List.copyOf(rules)));
        }
        return new SegmentRules(List.copyOf(groups));
    }

    private static Object storedValue(Kind kind, JsonValue value) {
        Object stored = switch (value) {
            case JsonNumber number -> number.longValue();
            case JsonString string -> string.getString();
            case JsonArray array -> array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            default -> null;
        };
        return kind == Kind.STAGE && stored != null ? stages(stored) : stored;
    }

    /** A stage rule's validated name, or list of names, as stages. */
    private static Object stages(Object names) {
        return names instanceof List<?> list
                ? list.stream().map(name -> LifecycleStage.valueOf((String) name)).toList()
                : LifecycleStage.valueOf((String) names);
    }

    private static Rule rule(JsonFields rule, Predicate<String> tagExists) {
        String field = rule.requiredString("field", 100);
        Kind kind = kindOf(field);
        rule.allowOnly(kind == Kind.EVENT ? List.of("id", "field", "operator", "value", "withinDays")
                : List.of("id", "field", "operator", "value"));
        if (kind == null) {
            throw new InvalidInputException(rule.name("field") + " '" + field + "' is not a field segments can test");
        }
        String operator = rule.requiredString("operator", 40);
        if (!OPERATORS.get(kind).contains(operator)) {
            throw new InvalidInputException(rule.name("operator") + " '" + operator + "' does not apply to "
                    + field + "; use one of " + String.join(", ", OPERATORS.get(kind)));
        }
        return new Rule(Ids.newId(), field, operator, value(rule, kind, operator, tagExists),
                kind == Kind.EVENT ? rule.optionalInt("withinDays", 1, 36_500) : null);
    }

    private static Object value(JsonFields rule, Kind kind, String operator, Predicate<String> tagExists) {
        String name = rule.name("value");
        if (operator.equals("is_empty") || operator.equals("is_not_empty")) {
            if (rule.has("value") && !rule.isNull("value")) {
                throw new InvalidInputException(name + " must be left out for " + operator);
            }
            return null;
        }
        if (!rule.has("value") || rule.isNull("value")) {
            throw new InvalidInputException(name + " is required for " + operator);
        }
        JsonValue value = rule.json().get("value");
        return switch (kind) {
            case STRING, CUSTOM -> operator.endsWith("in") ? strings(value, name, null) : string(value, name, null);
            case NUMBER -> integer(value, name, -1_000_000_000L, 1_000_000_000L);
            case DATE -> operator.equals("before") || operator.equals("after")
                    ? date(value, name)
                    : (Object) integer(value, name, 1, 36_500);
            case STAGE -> stages(operator.endsWith("in")
                    ? strings(value, name, LifecycleStage.names())
                    : string(value, name, LifecycleStage.names()));
            case EVENT -> {
                String event = string(value, name, null);
                if (!EVENT_NAME.matcher(event).matches()) {
                    throw new InvalidInputException(name + " must be an event name: 1 to 100 of A-Z a-z 0-9 _ . : -");
                }
                yield event;
            }
            case TAG -> {
                String tagId = string(value, name, null);
                if (!tagExists.test(tagId)) {
                    throw new InvalidInputException(name + " is not a tag of this organization");
                }
                yield tagId;
            }
        };
    }

    private static String string(JsonValue value, String name, List<String> allowed) {
        if (!(value instanceof JsonString string) || string.getString().isEmpty()
                || string.getString().length() > 255 || string.getString().indexOf('\0') >= 0) {
            throw new InvalidInputException(name + " must be a string of 1 to 255 characters");
        }
        if (allowed != null && !allowed.contains(string.getString())) {
            throw new InvalidInputException(name + " must be one of " + String.join(", ", allowed));
        }
        return string.getString();
    }

    private static List<String> strings(JsonValue value, String name, List<String> allowed) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_IN_VALUES) {
            throw new InvalidInputException(name + " must be an array of 1 to " + MAX_IN_VALUES + " strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonValue item : array) {
            values.add(string(item, name + "[]", allowed));
        }
        return List.copyOf(values);
    }

    private static long integer(JsonValue value, String name, long min, long max) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long v = number.bigIntegerValueExact().longValueExact();
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (ArithmeticException e) {
                // reported below
            }
        }
        throw new InvalidInputException(name + " must be an integer between " + min + " and " + max);
    }

    /** A date ({@code 2026-03-15}) or an ISO-8601 instant, kept as written. */
    private static String date(JsonValue value, String name) {
        if (value instanceof JsonString string) {
            try {
                dateMillis(string.getString());
                return string.getString();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new InvalidInputException(name + " must be a date (2026-03-15) or an ISO-8601 time");
    }

    /** A rule's date as epoch milliseconds: a bare date means midnight UTC. */
    public static long dateMillis(String text) {
        return text.length() == 10
                ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                : Instant.parse(text).toEpochMilli();
    }
}
