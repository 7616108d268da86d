package com.flownurture.engine;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.common.EmailHtml;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactField;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Renders {@code {{firstName}}}, {@code {{customFields.plan}}} and {@code {{firstName|there}}} with a contact's
 * fields, and {@code {{event.name}}} and {@code {{event.properties.cartId}}} with the event that triggered the
 * enrollment. In an HTML template the values are escaped, so a contact's name can never inject markup; a plain-text
 * template's values are put in as they are, and its message is sent as text ({@link EmailHtml#isHtml}: the template,
 * never the rendered body, decides).
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*(?:\\|([^}]*))?}}");

    private Templates() {
    }

    /**
     * Renders a subject (plain text).
     *
     * @param event the triggering event ({@code name}, {@code properties}), or null
     */
    public static String subject(String template, Contact contact, JsonObject event) {
        return render(template, contact, event, false);
    }

    /** Renders a body, escaping values when the template is HTML; {@code event} as for {@link #subject}. */
    public static String body(String template, Contact contact, JsonObject event) {
        return render(template, contact, event, EmailHtml.isHtml(template));
    }

    /** Whether any of the templates names the triggering event. */
    public static boolean usesEvent(String... templates) {
        for (String template : templates) {
            if (template.contains("event.")) {
                return true;
            }
        }
        return false;
    }

    static String render(String template, Contact contact, JsonObject event, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.startsWith("event.") ? event(event, name.substring(6)) : value(contact, name);
            if (value == null || value.isEmpty()) {
                value = m.group(2) == null ? "" : m.group(2).strip();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A field templates may show ({@link ContactField#inTemplates}), custom fields by key; null otherwise. */
    private static String value(Contact c, String name) {
        int dot = name.indexOf('.');
        ContactField field = ContactField.byName(dot < 0 ? name : name.substring(0, dot));
        if (field == null || !field.inTemplates()) {
            return null;
        }
        boolean object = field.type() == ContactField.Type.OBJECT;
        if (dot < 0) {
            return object ? null : Objects.toString(field.of(c), null);
        }
        return object ? custom(c.customFieldsJson(), name.substring(dot + 1)) : null;
    }

    private static String event(JsonObject event, String name) {
        if (event == null) {
            return null;
        }
        if (name.equals("name")) {
            return event.getString("name");
        }
        return name.startsWith("properties.") ? custom(event.getJsonObject("properties"), name.substring(11)) : null;
    }

    private static String custom(JsonObject fields, String key) {
        JsonValue value = fields.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
