package com.flownurture.templates;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of SEND_EMAIL steps written before templates ({@code {{firstName}}}, {@code {{firstName|there}}},
 * {@code {{customFields.plan}}}, {@code {{event.properties.cartId}}}), translated to the Liquid that renders the
 * same text with the same {@link TemplateData}, so old steps and templates go through one renderer. The placeholder
 * syntax is the one {@code engine/Templates} matches; anything else in the old text stays literal text, including
 * what Liquid would read as a tag. Stateless.
 */
public final class LegacyPlaceholders {

    /** The old syntax, exactly as {@code engine/Templates} defines it: a name, then optionally {@code |default}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*(?:\\|([^}]*))?}}");
    private static final String CUSTOM_FIELDS = "customFields";

    private LegacyPlaceholders() {
    }

    /** The Liquid equivalent of an old template. */
    public static String toLiquid(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        int literalStart = 0;
        while (m.find()) {
            literal(template, literalStart, m.start(), out);
            out.append("{{ ").append(lookup(m.group(1))).append(" | ").append(LegacyDefault.NAME).append(": ")
                    .append(strings(m.group(2) == null ? "" : m.group(2).strip())).append(" }}");
            literalStart = m.end();
        }
        literal(template, literalStart, template.length(), out);
        return out.toString();
    }

    /**
     * Where the old renderer looked a name up: a contact field by name, a custom field by the key after
     * {@code customFields.} (dots and all), the event's name or a property; {@code nil} for what it never showed.
     */
    private static String lookup(String name) {
        if (name.startsWith("event.")) {
            String rest = name.substring("event.".length());
            if (rest.equals("name")) {
                return "event.name";
            }
            return rest.startsWith("properties.") ? "event.properties" + key(rest.substring("properties.".length()))
                    : "nil";
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
            return name.equals(CUSTOM_FIELDS) ? "nil" : "contact" + key(name);
        }
        return name.substring(0, dot).equals(CUSTOM_FIELDS) ? "contact.customFields" + key(name.substring(dot + 1))
                : "nil";
    }

    /** A bracketed key: the old names' characters ({@code [A-Za-z0-9_.-]}) never hold a quote. */
    private static String key(String name) {
        return "[\"" + name + "\"]";
    }

    /**
     * A default as Liquid string literals, which have no escapes: runs without {@code "} go in double quotes, a run
     * that starts with one in single quotes, and the filter joins them.
     */
    private static String strings(String text) {
        StringBuilder out = new StringBuilder();
        char quote = '"';
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == quote) {
                if (i > start || out.isEmpty()) {
                    out.append(out.isEmpty() ? "" : ", ").append(quote).append(text, start, i).append(quote);
                }
                quote = quote == '"' ? '\'' : '"';
                start = i;
            }
        }
        return out.toString();
    }

    /** Old literal text: a {@code {} that would open a Liquid tag is written as an output of itself. */
    private static void literal(String template, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char ch = template.charAt(i);
            boolean opensTag = ch == '{' && i + 1 < template.length()
                    && (template.charAt(i + 1) == '{' || template.charAt(i + 1) == '%');
            if (opensTag) {
                out.append("{{ \"{\" }}");
            } else {
                out.append(ch);
            }
        }
    }
}
