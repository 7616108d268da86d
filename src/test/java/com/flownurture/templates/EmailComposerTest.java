package com.flownurture.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** An email rendered as sent: layout and snippets, Markdown, and {@code <style>} rules inlined. */
class EmailComposerTest {

    private static final String LAYOUT = "<html><head><style>p { color: #333; } .cta { color: white; }</style></head>"
            + "<body>{% render 'header' %}{{ content }}{% render 'footer' %}</body></html>";

    private final LiquidEngine liquid = new LiquidEngine(LiquidEngineTest.LIMITS);
    private final EmailComposer composer = new EmailComposer(liquid);
    private final Snippets snippets = Snippets.compile(liquid, Map.of(
            "header", "<h1>Acme</h1>",
            "footer", "<p class=\"small\"><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>"));

    private RenderedEmail render(EmailTemplate email, String layout) {
        return composer.render(email, layout, snippets, LiquidEngineTest.DATA);
    }

    @Test
    void theLayoutWrapsTheBodyAtContentWithItsSnippets() {
        RenderedEmail email = render(new EmailTemplate("Hi {{ contact.firstName }}",
                "<p>Hello {{ contact.firstName }}</p>", BodyFormat.HTML, "Hello {{ contact.firstName }}"), LAYOUT);
        assertEquals("Hi Ann <b>", email.subject());
        assertEquals("Hello Ann <b>", email.text());
        assertEquals("<html><head></head><body><h1>Acme</h1><p style=\"color: #333;\">Hello Ann &lt;b&gt;</p>"
                + "<p class=\"small\" style=\"color: #333;\"><a href=\"https://x.test/u/1?a=1&amp;b=2\">Unsubscribe</a>"
                + "</p></body></html>", email.html());
    }

    @Test
    void withoutALayoutTheBodyIsTheEmail() {
        RenderedEmail email = render(new EmailTemplate("s", "<p>{{ contact.email }}</p>", BodyFormat.HTML, null),
                null);
        assertEquals("<p>ann@example.com</p>", email.html());
        assertNull(email.text());
    }

    @Test
    void markdownIsRenderedAfterLiquidWithValuesEscaped() {
        RenderedEmail email = render(new EmailTemplate("s", """
                # Hello {{ contact.firstName }}

                {% for item in contact.customFields.items %}
                - {{ item }}{% endfor %}

                *{{ contact.company }}*
                """, BodyFormat.MARKDOWN, null), null);
        assertEquals("""
                <h1>Hello Ann &lt;b&gt;</h1>
                <ul>
                <li>a&lt;1&gt;</li>
                <li>b</li>
                </ul>
                <p><em>Tom &amp; Jerry's &quot;Shop&quot;</em></p>
                """, email.html());
    }

    @Test
    void markdownGoesIntoTheLayout() {
        RenderedEmail email = render(new EmailTemplate("s", "Hi **{{ contact.customFields.plan }}**",
                BodyFormat.MARKDOWN, null), "<div>{{ content }}</div>");
        assertEquals("<div><p>Hi <strong>pro</strong></p>\n</div>", email.html());
    }

    @Test
    void aStyleRuleLandsOnTheElement() {
        String html = CssInliner.inline("<html><head><style>.cta { color: white; background: #f60 }</style></head>"
                + "<body><a class=\"cta\" href=\"#\">Buy</a></body></html>");
        assertEquals("<html><head></head><body><a class=\"cta\" href=\"#\" style=\"color: white; background: #f60;\">"
                + "Buy</a></body></html>", html);
    }

    @Test
    void theCascadeDecides() {
        Document d = Jsoup.parse(CssInliner.inline("""
                <html><head><style>
                #main p.lead { color: red }
                p { color: blue; margin: 0 }
                p.lead { color: green; font-size: 14px }
                p { font-size: 12px }
                td { padding: 4px !important; color: gray }
                </style></head><body><div id="main"><p class="lead">a</p><p>b</p>
                <table><tr><td style="padding: 8px; color: black">c</td></tr></table></div></body></html>
                """));
        assertEquals("color: red; margin: 0; font-size: 14px;", d.select("p.lead").attr("style"),
                "the id beats the class, the class beats the later element rule");
        assertEquals("color: blue; margin: 0; font-size: 12px;", d.select("p:not(.lead)").attr("style"),
                "the later rule of equal specificity wins");
        assertEquals("color: black; padding: 4px;", d.select("td").attr("style"),
                "!important beats the element's own style, which beats the rest");
        assertEquals(0, d.select("style").size());
    }

    @Test
    void whatCannotBeInlinedStaysInAStyle() {
        Document d = Jsoup.parse(CssInliner.inline("""
                <html><head><style>
                a, a:hover { color: red }
                li:first-child { font-weight: bold }
                @media (max-width: 600px) { a { color: blue } }
                </style></head><body><a href="#">x</a><ul><li>1</li><li>2</li></ul></body></html>
                """));
        assertEquals("color: red;", d.select("a").attr("style"));
        assertEquals("font-weight: bold;", d.select("li").first().attr("style"));
        assertEquals("", d.select("li").last().attr("style"));
        String kept = d.select("style").html();
        assertEquals(true, kept.contains("a:hover{color:red}"), kept);
        assertEquals(true, kept.contains("@media (max-width:600px){a{color:blue}}"), kept);
        assertEquals(false, kept.contains("first-child"), kept);
    }

    @Test
    void withoutAStyleTheHtmlIsUntouched() {
        String fragment = "<p>unclosed <b>tags";
        assertEquals(fragment, CssInliner.inline(fragment));
    }
}
