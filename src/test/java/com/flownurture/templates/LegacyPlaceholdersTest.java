package com.flownurture.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.flownurture.contacts.Consent;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactField;
import com.flownurture.contacts.LifecycleStage;
import com.flownurture.engine.Templates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Old SEND_EMAIL steps' {@code {{firstName|there}}} placeholders render through Liquid to exactly what
 * {@code engine/Templates} renders today, subject (plain) and body (escaped when the template is HTML).
 */
class LegacyPlaceholdersTest {

    private static final Contact ANN = new Contact("c1", "o1", "ann@example.com", "Ann <b>", null, "Tom & Jerry's",
            null, "NZ", null, null, LifecycleStage.LEAD, 3, 4,
            "{\"plan\":\"pro\",\"seats\":5,\"gone\":null,\"empty\":\"\",\"off\":false,\"price\":1.50,\"big\":1E+3,"
                    + "\"a.b\":\"dotted\",\"nested\":{\"x\":[1,\"y\"]},\"my-key\":\"dash\"}",
            null, 6, 7, Consent.NONE);
    private static final JsonObject EVENT = Json.createObjectBuilder().add("name", "cart_abandoned")
            .add("properties", Json.createObjectBuilder().add("cartId", "C-<42>").add("total", 99.5)).build();
    private static final List<String> NAMES = List.of("firstName", "lastName", "email", "company", "country",
            "leadScore", "customFields", "customFields.plan", "customFields.seats", "customFields.gone",
            "customFields.empty", "customFields.off", "customFields.price", "customFields.big", "customFields.a.b",
            "customFields.nested", "customFields.my-key", "customFields.none", "firstName.plan", "event.name",
            "event.properties.cartId", "event.properties.total", "event.other", "event", "nope");
    private static final List<String> DEFAULTS = List.of("", "|there", "| friend ", "|it's \"you\"", "|{%",
            "|a'b\"c'd", "|<i>&", "|{{x");
    private static final List<String> TEXT = List.of("Hi ", "<p>", "</p>", " & ", "{% if %}", "{{ not one }}",
            "{{", "{%", "}}", "%}", "{", "\n", "'\"", "{{{", "{% raw %}", "{% endraw %}");

    private final EmailComposer composer = new EmailComposer(new LiquidEngine(LiquidEngineTest.LIMITS));

    /** The contact as the engine will give it to templates: the fields the contact fields' table lets them show. */
    private static JsonObject templateFields(Contact contact) {
        JsonObjectBuilder fields = Json.createObjectBuilder();
        contact.toJson().forEach((name, value) -> {
            ContactField field = ContactField.byName(name);
            if (field != null && field.inTemplates()) {
                fields.add(name, value);
            }
        });
        return fields.build();
    }

    private void assertSameAsBefore(String template, JsonObject event) {
        RenderedEmail rendered = composer.renderLegacy(template, template, template,
                new TemplateData(templateFields(ANN), event, null, null));
        assertEquals(Templates.subject(template, ANN, event), rendered.subject(), template);
        assertEquals(Templates.body(template, ANN, event), rendered.html(), template);
        assertEquals(Templates.subject(template, ANN, event), rendered.text(), template);
    }

    @Test
    void theDocumentedForms() {
        assertSameAsBefore("<p>Hi {{firstName|there}}, {{ customFields.plan }} plan, cart "
                + "{{event.properties.cartId}}</p>", EVENT);
        assertEquals("{{ contact[\"firstName\"] | legacy_default: \"there\" }}",
                LegacyPlaceholders.toLiquid("{{firstName|there}}"));
    }

    @TestFactory
    Stream<DynamicTest> everyNameWithEveryDefault() {
        return NAMES.stream().flatMap(name -> DEFAULTS.stream().map(fallback -> "x{{" + name + fallback + "}}y"))
                .map(template -> DynamicTest.dynamicTest(template, () -> {
                    assertSameAsBefore(template, EVENT);
                    assertSameAsBefore(template, null);
                    assertSameAsBefore("<b>" + template + "</b>", EVENT);
                }));
    }

    /** Seeded random mixes of placeholders and text that Liquid would read as tags. */
    @TestFactory
    Stream<DynamicTest> randomTemplates() {
        Random random = new Random(20261208);
        return IntStream.range(0, 300).mapToObj(i -> {
            StringBuilder template = new StringBuilder();
            for (int part = 0; part < 1 + random.nextInt(8); part++) {
                template.append(random.nextBoolean() ? TEXT.get(random.nextInt(TEXT.size()))
                        : "{{" + (random.nextBoolean() ? " " : "") + NAMES.get(random.nextInt(NAMES.size()))
                                + DEFAULTS.get(random.nextInt(DEFAULTS.size())) + "}}");
            }
            String text = template.toString();
            return DynamicTest.dynamicTest(i + ": " + text, () -> assertSameAsBefore(text, EVENT));
        });
    }
}
