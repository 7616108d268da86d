package com.flownurture.segments;

import java.util.ArrayList;
import java.util.List;

import com.flownurture.contacts.ContactField;
import com.flownurture.contacts.LifecycleStage;
import com.flownurture.db.Dialect;

/**
 * Compiles segment rules to one SQL condition over {@code contacts c}, with every value a bound parameter
 * ({@code ?}) and every column name from a fixed table, never from input.
 *
 * <p>String rules compare ASCII-case-insensitively, a missing value counting as the empty string. Custom fields
 * compare as text. This class holds the segment language's only dialect-specific SQL, in {@link #customField},
 * {@link #folded} and {@link #text}: SQLite's {@code json_extract}, {@code COLLATE NOCASE}, {@code instr} and
 * {@code substr}; PostgreSQL's {@code ->>}, {@code lower(… COLLATE "C")} (ASCII folding, as SQLite's),
 * {@code strpos} and {@code right}.
 */
public final class SegmentCompiler {

    private static final long DAY_MILLIS = 86_400_000L;

    private SegmentCompiler() {
    }

    /** A compiled condition and its parameters in order. */
    public record Condition(String sql, List<Object> params) {
    }

    /**
     * Compiles the rules.
     *
     * @param nowMillis the moment relative dates ({@code within_last_days}) count from
     */
    public static Condition compile(SegmentRules rules, long nowMillis, Dialect dialect) {
        if (rules.groups().isEmpty()) {
            return new Condition("0 = 1", List.of());
        }
        List<Object> params = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (SegmentRules.Group group : rules.groups()) {
            // SQLite tests the conditions of an AND in the order written and stops at the first false one, so the
            // cheap ones go first: over a million rows that order alone is worth a third of a count's time.
            List<SegmentRules.Rule> byCost = group.rules().stream()
                    .sorted(java.util.Comparator.comparingInt(SegmentCompiler::cost)).toList();
            List<String> conditions = new ArrayList<>();
            for (SegmentRules.Rule rule : byCost) {
                conditions.add(rule(rule, nowMillis, dialect, params));
            }
            groups.add("(" + String.join(" AND ", conditions) + ")");
        }
        return new Condition("(" + String.join(" OR ", groups) + ")", List.copyOf(params));
    }

    /** A rough cost of testing a rule on one row: integer compares, then text, then JSON, then a subquery. */
    private static int cost(SegmentRules.Rule rule) {
        return switch (SegmentRules.kindOf(rule.field())) {
            case NUMBER, DATE, STAGE -> 0;
            case STRING -> 1;
            case CUSTOM -> 2;
            case TAG, EVENT -> 3;
        };
    }

    private static String rule(SegmentRules.Rule rule, long now, Dialect dialect, List<Object> params) {
        return switch (SegmentRules.kindOf(rule.field())) {
            case STRING -> text("coalesce(" + column(rule) + ", '')", rule, dialect, params);
            case CUSTOM -> text(customField(rule, dialect, params), rule, dialect, params);
            case NUMBER -> {
                params.add(rule.value());
                yield column(rule) + " " + comparison(rule.operator()) + " ?";
            }
            case DATE -> date(column(rule), rule, now, params);
            case STAGE -> stage(rule, params);
            case TAG -> {
                params.add(rule.value());
                yield (rule.operator().equals("has") ? "" : "NOT ")
                        + "EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ?)";
            }
            case EVENT -> {
                params.add(rule.value());
                String since = "";
                if (rule.withinDays() != null) {
                    params.add(now - rule.withinDays() * DAY_MILLIS);
                    since = " AND ev.occurred_at >= ?";
                }
                yield (rule.operator().equals("performed") ? "" : "NOT ")
                        + "EXISTS (SELECT 1 FROM events ev WHERE ev.contact_id = c.id AND ev.name = ?" + since + ")";
            }
        };
    }

    /** A custom field's value as text, '' when missing: its key is a bound parameter. */
    private static String customField(SegmentRules.Rule rule, Dialect dialect, List<Object> params) {
        String key = rule.field().substring(ContactField.CUSTOM_FIELDS.apiName().length() + 1);
        String column = "c." + ContactField.CUSTOM_FIELDS.column();
        return switch (dialect) {
            case SQLITE -> {
                params.add("$.\"" + key + "\"");
                yield "coalesce(CAST(json_extract(" + column + ", ?) AS TEXT), '')";
            }
            case POSTGRES -> {
                params.add(key);
                // ->> gives a JSON true as 'true' where SQLite's json_extract gives 1; numbers and strings agree.
                yield "coalesce(" + column + " ->> CAST(? AS TEXT), '')";
            }
        };
    }

    /**
     * An expression folded to ASCII lower case. On SQLite, whole-value comparisons use {@code COLLATE NOCASE}
     * instead, which compares in place where {@code lower()} would copy every row's value.
     */
    private static String folded(String column, Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> "lower(" + column + ")";
            case POSTGRES -> "lower(" + column + " COLLATE \"C\")";
        };
    }

    /** String operators over a null-free expression. */
    private static String text(String column, SegmentRules.Rule rule, Dialect dialect, List<Object> params) {
        String expr = folded(column, dialect);
        boolean sqlite = dialect == Dialect.SQLITE;
        String nocase = sqlite ? column + " COLLATE NOCASE" : expr;
        if (rule.operator().equals("is_empty")) {
            return column + " = ''";
        }
        if (rule.operator().equals("is_not_empty")) {
            return column + " <> ''";
        }
        if (rule.value() instanceof List<?> values) {
            values.forEach(v -> params.add(lower((String) v)));
            String in = nocase + " IN (" + placeholders(values.size()) + ")";
            return rule.operator().equals("in") ? in : "NOT " + in;
        }
        String value = lower((String) rule.value());
        params.add(value);
        String position = sqlite ? "instr(" : "strpos(";
        return switch (rule.operator()) {
            case "equals" -> sqlite ? column + " = ? COLLATE NOCASE" : expr + " = ?";
            case "not_equals" -> sqlite ? column + " <> ? COLLATE NOCASE" : expr + " <> ?";
            case "contains" -> position + expr + ", ?) > 0";
            case "not_contains" -> position + expr + ", ?) = 0";
            case "starts_with" -> position + expr + ", ?) = 1";
            case "ends_with" -> {
                params.add(value);
                yield sqlite ? "substr(" + expr + ", -length(?)) = ?"
                        : "right(" + expr + ", length(CAST(? AS TEXT))) = ?";
            }
            default -> throw new IllegalStateException(rule.operator());
        };
    }

    private static String date(String column, SegmentRules.Rule rule, long now, List<Object> params) {
        switch (rule.operator()) {
            case "before" -> params.add(SegmentRules.dateMillis((String) rule.value()));
            case "after" -> params.add(SegmentRules.dateMillis((String) rule.value()));
            default -> params.add(now - (Long) rule.value() * DAY_MILLIS);
        }
        return column + switch (rule.operator()) {
            case "before", "more_than_days_ago" -> " < ?";
            case "after" -> " > ?";
            default -> " >= ?";
        };
    }

    private static String stage(SegmentRules.Rule rule, List<Object> params) {
        List<LifecycleStage> stages = switch (rule.operator()) {
            case "equals", "not_equals" -> List.of((LifecycleStage) rule.value());
            case "at_least" -> ((LifecycleStage) rule.value()).andLater();
            case "at_most" -> ((LifecycleStage) rule.value()).andEarlier();
            default -> ((List<?>) rule.value()).stream().map(LifecycleStage.class::cast).toList();
        };
        stages.forEach(stage -> params.add(stage.name()));
        boolean negated = rule.operator().startsWith("not_");
        return column(rule) + " " + (negated ? "NOT IN" : "IN") + " (" + placeholders(stages.size()) + ")";
    }

    /** The rule's column, from the contact fields' table: never from input. */
    private static String column(SegmentRules.Rule rule) {
        return "c." + ContactField.byName(rule.field()).column();
    }

    private static String comparison(String operator) {
        return switch (operator) {
            case "equals" -> "=";
            case "not_equals" -> "<>";
            case "gt" -> ">";
            case "gte" -> ">=";
            case "lt" -> "<";
            case "lte" -> "<=";
            default -> throw new IllegalStateException(operator);
        };
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** ASCII lower case, the same folding SQLite's lower() applies. */
    static String lower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            out.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
        }
        return out.toString();
    }
}
