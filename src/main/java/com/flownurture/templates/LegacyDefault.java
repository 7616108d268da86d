package com.flownurture.templates;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * {@code legacy_default}, the filter {@link LegacyPlaceholders} writes: a value as the old placeholders showed it
 * (a string as it is, {@code true}/{@code false}, a number or an object as its JSON text), or, when that is missing
 * or empty, the default, given as one or more strings that are joined. Unlike Liquid's {@code default}, a
 * {@code false} value is shown, as before.
 */
final class LegacyDefault extends Filter {

    static final String NAME = "legacy_default";

    LegacyDefault() {
        super(NAME);
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
        String text = text(value);
        if (text != null && !text.isEmpty()) {
            return text;
        }
        StringBuilder fallback = new StringBuilder();
        for (Object part : params) {
            fallback.append(part);
        }
        return fallback.toString();
    }

    @SuppressWarnings("unchecked")
    private static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case BigDecimal number -> number.toString();
            case Map<?, ?> map -> Json.createObjectBuilder((Map<String, Object>) map).build().toString();
            case List<?> list -> Json.createArrayBuilder(list).build().toString();
            default -> value.toString();
        };
    }
}
