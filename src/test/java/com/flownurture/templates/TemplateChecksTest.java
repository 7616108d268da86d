package com.flownurture.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What is refused when a template is saved, each with its line and column (from 1). */
class TemplateChecksTest {

    private final LiquidEngine liquid = new LiquidEngine(LiquidEngineTest.LIMITS);
    private final EmailComposer composer = new EmailComposer(liquid);
    private final Snippets snippets = Snippets.compile(liquid, Map.of("footer", "<p>bye</p>",
            "header", "<h1>{% render 'logo' %}</h1>", "logo", "<img src=\"logo.png\">"));

    private TemplateSyntaxException refused(String template) {
        return assertThrows(TemplateSyntaxException.class, () -> liquid.compile(template, Escaping.HTML));
    }

    private static void assertAt(int line, int column, String problem, TemplateSyntaxException e) {
        assertEquals("line " + line + ", column " + column + ": " + problem, e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @Test
    void syntaxErrors() {
        assertAt(3, 15, "parser error \"mismatched input '<EOF>' expecting TagStart\"",
                refused("<p>\nHi\n{% if x %}oops"));
        assertAt(2, 6, "parser error \"Invalid Tag: 'nosuch'\"", refused("one\n  {% nosuch %}"));
        assertAt(1, 14, "unknown filter 'shout'", refused("<p>{{ name | shout }}</p>"));
        assertAt(2, 1, "render takes one quoted snippet name: {% render 'snippet-name' %}",
                refused("x\n{% render footer %}"));
    }

    @Test
    void unknownSnippetsNamedWhereTheyAreRendered() {
        EmailTemplate email = new EmailTemplate("Hi", "<p>\n  {% render 'footer' %}{% render 'legal' %}</p>",
                BodyFormat.HTML, null);
        TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class,
                () -> composer.checkEmail(email, snippets));
        assertAt(2, 24, "unknown snippet 'legal'", e);
        assertEquals(List.of(new SnippetReference("footer", 2, 3), new SnippetReference("legal", 2, 24)),
                liquid.compile(email.body(), Escaping.HTML).snippets());
    }

    @Test
    void aSnippetRenderedByASnippetMustExistToo() {
        Snippets noLogo = Snippets.compile(liquid, Map.of("header", "<h1>{% render 'logo' %}</h1>"));
        TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class, () -> composer.checkEmail(
                new EmailTemplate("Hi", "{% render 'header' %}", BodyFormat.HTML, null), noLogo));
        assertAt(1, 1, "unknown snippet 'logo' (rendered by 'header')", e);
    }

    @Test
    void aSnippetMayNotRenderItself() {
        TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class,
                () -> composer.checkSnippet("logo", "<b>{% render 'header' %}</b>", snippets));
        assertAt(1, 4, "snippet 'header' renders itself (header → logo → header)", e);
    }

    @Test
    void subjectTextAndMarkdownAreCheckedToo() {
        assertAt(1, 1, "unknown snippet 'nope'", assertThrows(TemplateSyntaxException.class,
                () -> composer.checkEmail(new EmailTemplate("{% render 'nope' %}", "b", BodyFormat.HTML, null),
                        snippets)));
        assertAt(1, 4, "parser error \"no viable alternative at input '{{ |'\"",
                assertThrows(TemplateSyntaxException.class, () -> composer.checkEmail(
                        new EmailTemplate("s", "# Hi", BodyFormat.MARKDOWN, "{{ | }}"), snippets)));
        composer.checkEmail(new EmailTemplate("s", "# Hi {% render 'header' %}", BodyFormat.MARKDOWN, "t"), snippets);
    }

    @Test
    void aLayoutMustOutputContent() {
        assertAt(1, 1, "a layout must output {{ content }}, where the email goes", assertThrows(
                TemplateSyntaxException.class, () -> composer.checkLayout("<html>{{ contact.email }}</html>",
                        snippets)));
        composer.checkLayout("<html>{% render 'header' %}{{ content }}</html>", snippets);
    }
}
