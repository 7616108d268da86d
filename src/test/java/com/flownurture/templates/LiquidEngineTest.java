package com.flownurture.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The language: contact and event variables, tags and filters, escaping by default, and the compile cache. */
class LiquidEngineTest {

    static final TemplateLimits LIMITS = new TemplateLimits(10_000, 1_000_000, Duration.ofSeconds(2), 8);
    static final JsonObject ANN = Json.createObjectBuilder()
            .add("email", "ann@example.com")
            .add("firstName", "Ann <b>")
            .add("company", "Tom & Jerry's \"Shop\"")
            .add("createdAt", "2026-12-08T10:00:00Z")
            .add("customFields", Json.createObjectBuilder().add("plan", "pro").add("seats", 5).add("vip", true)
                    .add("price", Json.createValue(new java.math.BigDecimal("1.50")))
                    .add("items", Json.createArrayBuilder().add("a<1>").add("b")))
            .build();
    static final JsonObject CART = Json.createObjectBuilder().add("name", "cart_abandoned")
            .add("properties", Json.createObjectBuilder().add("cartId", "C-42").add("total", 99)).build();
    static final TemplateData DATA = new TemplateData(ANN, CART, "https://x.test/u/1?a=1&b=2",
            "https://x.test/p/1");

    private final LiquidEngine liquid = new LiquidEngine(LIMITS);

    private String html(String template) {
        return liquid.render(liquid.compile(template, Escaping.HTML), DATA.variables(), Snippets.NONE);
    }

    private String text(String template) {
        return liquid.render(liquid.compile(template, Escaping.NONE), DATA.variables(), Snippets.NONE);
    }

    @Test
    void contactAndEventVariables() {
        assertEquals("Hi Ann <b>, pro for 5 seats, 1.50, cart C-42 (99) from cart_abandoned",
                text("Hi {{ contact.firstName }}, {{ contact.customFields.plan }} for {{ contact.customFields.seats }}"
                        + " seats, {{ contact.customFields.price }}, cart {{ event.properties.cartId }}"
                        + " ({{ event.properties.total }}) from {{ event.name }}"));
        assertEquals("there / https://x.test/u/1?a=1&b=2 / https://x.test/p/1",
                text("{{ contact.lastName | default: \"there\" }} / {{ unsubscribe_url }} / {{ preferences_url }}"));
    }

    @Test
    void tagsAndFilters() {
        assertEquals("VIP ANN <B>", text("{% if contact.customFields.vip %}VIP {{ contact.firstName | upcase }}"
                + "{% else %}regular{% endif %}"));
        assertEquals("[a<1>][b]", text("{% for item in contact.customFields.items %}[{{ item }}]{% endfor %}"));
        assertEquals("December 8, 2026", text("{{ contact.createdAt | date: \"%B %-d, %Y\" }}"));
        assertEquals("Ann &lt;b&gt;", text("{{ contact.firstName | escape }}"));
        assertEquals("there", text("{{ contact.customFields.missing | default: 'there' }}"));
    }

    @Test
    void htmlEscapesEveryValueButNotTheTemplate() {
        assertEquals("<p title=\"Tom &amp; Jerry&#39;s &quot;Shop&quot;\">Ann &lt;b&gt;</p>",
                html("<p title=\"{{ contact.company }}\">{{ contact.firstName }}</p>"));
        assertEquals("<a href=\"https://x.test/u/1?a=1&amp;b=2\">", html("<a href=\"{{ unsubscribe_url }}\">"));
        assertEquals("a&lt;1&gt;b", html("{{ contact.customFields.items }}"), "a list's items each escaped");
        assertEquals("ANN &lt;B&gt;", html("{{ contact.firstName | upcase }}"), "escaped after the filters");
        assertEquals("{% raw %}", html("{{ '{% raw %}' }}"));
    }

    @Test
    void rawAndEscapeAreWrittenAsTheyAre() {
        assertEquals("Ann <b>", html("{{ contact.firstName | raw }}"));
        assertEquals("Ann &lt;b&gt;", html("{{ contact.firstName | escape }}"), "not escaped twice");
        assertEquals("Ann &lt;b&gt;", html("{{ contact.firstName | raw | escape_once }}"));
    }

    @Test
    void markdownValuesAreBackslashEscaped() {
        String rendered = liquid.render(liquid.compile("Hi {{ contact.firstName }} *{{ contact.company }}*",
                Escaping.MARKDOWN), DATA.variables(), Snippets.NONE);
        assertEquals("Hi Ann \\<b\\> *Tom \\& Jerry\\'s \\\"Shop\\\"*", rendered);
    }

    @Test
    void compiledTemplatesAreCachedBySourceAndEscaping() {
        CompiledTemplate first = liquid.compile("Hi {{ contact.firstName }}", Escaping.HTML);
        assertSame(first, liquid.compile("Hi {{ contact.firstName }}", Escaping.HTML));
        assertEquals(64, first.hash().length());
        assertEquals(Escaping.NONE, liquid.compile("Hi {{ contact.firstName }}", Escaping.NONE).escaping());
    }

    @Test
    void aFilterThatRefusesItsValueIsARenderError() {
        assertThrows(TemplateRenderException.class, () -> text("{{ 1 | divided_by: 0 }}"));
    }

    @Test
    void withoutAnEventItsVariablesAreEmpty() {
        String rendered = liquid.render(liquid.compile("[{{ event.name }}][{{ unsubscribe_url }}]", Escaping.HTML),
                new TemplateData(ANN, null, null, null).variables(), Snippets.NONE);
        assertEquals("[][]", rendered);
        assertEquals(Map.of(), new TemplateData(null, null, null, null).variables());
    }
}
