package com.flownurture.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * No file or class access, and every render bounded: a template that loops for ever, grows without end or runs too
 * long fails fast with {@link TemplateLimitException}, on the calling thread.
 */
class SandboxTest {

    private static final Duration FAST = Duration.ofSeconds(3);

    private final LiquidEngine liquid = new LiquidEngine(new TemplateLimits(10_000, 100_000,
            Duration.ofMillis(500), 4));

    private String render(String template, Snippets snippets) {
        return liquid.render(liquid.compile(template, Escaping.HTML), LiquidEngineTest.DATA.variables(), snippets);
    }

    @Test
    void includeWouldReadAFileAndIsRefused() {
        TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class,
                () -> liquid.compile("Hello\n  {% include '/etc/passwd' %}", Escaping.HTML));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().contains("include is not available"), e.getMessage());
    }

    @Test
    void renderReadsOnlyTheGivenSnippets() {
        Snippets snippets = Snippets.compile(liquid, Map.of("footer", "<p>Bye {{ contact.firstName }}</p>"));
        assertEquals("Hi<p>Bye Ann &lt;b&gt;</p>", render("Hi{% render 'footer' %}", snippets));
        TemplateRenderException e = assertThrows(TemplateRenderException.class,
                () -> render("{% render '/etc/passwd' %}", snippets));
        assertEquals("unknown snippet '/etc/passwd'", e.getMessage());
    }

    @Test
    void templatesSeeNoJavaObjects() {
        assertEquals("[][][][][]", render("[{{ contact.class }}][{{ contact.getClass }}]"
                + "[{{ contact.firstName.bytes }}][{{ contact.firstName.class.name }}][{{ contact.customFields.size.class }}]",
                Snippets.NONE));
    }

    @Test
    void aLoopForEverStopsAtTheIterationLimit() {
        TemplateLimitException e = assertTimeoutPreemptively(FAST, () -> assertThrows(TemplateLimitException.class,
                () -> render("{% for i in (1..1000000000) %}{% for j in (1..1000000000) %}{% endfor %}{% endfor %}",
                        Snippets.NONE)));
        assertEquals(TemplateLimitException.Limit.ITERATIONS, e.limit());
    }

    @Test
    void tooMuchOutputStopsAtTheSizeLimit() {
        TemplateLimitException e = assertTimeoutPreemptively(FAST, () -> assertThrows(TemplateLimitException.class,
                () -> render("{% for i in (1..5000) %}{{ contact.email }} and more text{% endfor %}",
                        Snippets.NONE)));
        assertEquals(TemplateLimitException.Limit.SIZE, e.limit());
    }

    @Test
    void aVariableGrownByAFilterStopsAtTheSizeLimit() {
        TemplateLimitException e = assertTimeoutPreemptively(FAST, () -> assertThrows(TemplateLimitException.class,
                () -> render("{% assign s = 'xx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}",
                        Snippets.NONE)));
        assertEquals(TemplateLimitException.Limit.SIZE, e.limit());
    }

    @Test
    void aSlowRenderStopsAtTheTimeLimit() {
        LiquidEngine patient = new LiquidEngine(new TemplateLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
                Duration.ofMillis(200), 4));
        long start = System.nanoTime();
        TemplateLimitException e = assertTimeoutPreemptively(FAST, () -> assertThrows(TemplateLimitException.class,
                () -> patient.render(patient.compile(
                        "{% for i in (1..1000000000) %}{% for j in (1..1000000000) %}{% endfor %}{% endfor %}",
                        Escaping.HTML), Map.of(), Snippets.NONE)));
        assertEquals(TemplateLimitException.Limit.TIME, e.limit());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void snippetsRenderingThemselvesStopAtTheNestingLimit() {
        // Saving refuses such a cycle (TemplateChecksTest); a render still stops if the snippets changed since.
        Snippets loop = Snippets.compile(liquid, Map.of("a", "a{% render 'b' %}", "b", "b{% render 'a' %}"));
        TemplateLimitException e = assertThrows(TemplateLimitException.class,
                () -> render("{% render 'a' %}", loop));
        assertEquals(TemplateLimitException.Limit.NESTING, e.limit());
    }
}
