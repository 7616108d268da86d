package com.flownurture.templates;

import java.util.HashMap;
import java.util.Map;

import com.flownurture.common.EmailHtml;

/**
 * Emails from templates: the checks when an EMAIL, LAYOUT or SNIPPET is saved, and the render of one email (subject
 * and text as plain text; the body, Markdown rendered, put into its layout at {@code {{ content }}}, then its
 * {@code <style>} rules inlined). Old SEND_EMAIL steps render through {@link #renderLegacy}. Thread-safe.
 */
public final class EmailComposer {

    private static final String CONTENT = "content";

    private final LiquidEngine liquid;

    public EmailComposer(LiquidEngine liquid) {
        this.liquid = liquid;
    }

    /**
     * Checks an EMAIL before it is saved.
     *
     * @throws TemplateSyntaxException for the first part that does not compile or names an unknown snippet
     */
    public void checkEmail(EmailTemplate email, Snippets snippets) {
        check(email.subject(), Escaping.NONE, snippets);
        check(email.body(), bodyEscaping(email.format()), snippets);
        if (email.text() != null) {
            check(email.text(), Escaping.NONE, snippets);
        }
    }

    /**
     * Checks a LAYOUT before it is saved: it must output {@code {{ content }}}.
     *
     * @throws TemplateSyntaxException as for {@link #checkEmail}
     */
    public void checkLayout(String html, Snippets snippets) {
        if (!check(html, Escaping.HTML, snippets).outputsContent()) {
            throw new TemplateSyntaxException("a layout must output {{ content }}, where the email goes", 1, 1);
        }
    }

    /**
     * Checks a SNIPPET before it is saved under {@code name}, among the other snippets: no snippet may then render
     * itself, through this one or others.
     *
     * @throws TemplateSyntaxException as for {@link #checkEmail}
     */
    public void checkSnippet(String name, String html, Snippets others) {
        CompiledTemplate snippet = liquid.compile(html, Escaping.HTML);
        others.with(name, snippet).requireAll(snippet);
    }

    /**
     * Renders one email.
     *
     * @param layout the LAYOUT's html, or null for none
     * @throws TemplateRenderException when a part cannot be rendered ({@link TemplateLimitException} for a limit)
     */
    public RenderedEmail render(EmailTemplate email, String layout, Snippets snippets, TemplateData data) {
        Map<String, Object> variables = data.variables();
        String subject = render(email.subject(), Escaping.NONE, variables, snippets);
        String body = render(email.body(), bodyEscaping(email.format()), variables, snippets);
        if (email.format() == BodyFormat.MARKDOWN) {
            body = Markdown.toHtml(body);
        }
        String html = body;
        if (layout != null) {
            Map<String, Object> withContent = new HashMap<>(variables);
            withContent.put(CONTENT, new SafeHtml(body));
            html = render(layout, Escaping.HTML, withContent, snippets);
        }
        String text = email.text() == null ? null : render(email.text(), Escaping.NONE, variables, snippets);
        return new RenderedEmail(subject, CssInliner.inline(html), text);
    }

    /**
     * Renders an old SEND_EMAIL step's {@code {{firstName|there}}} placeholders to the same text as
     * {@code engine/Templates} does: values escaped only in a body that is HTML (the template decides, never a value),
     * no layout, nothing inlined.
     *
     * @param text the step's text part, or null
     */
    public RenderedEmail renderLegacy(String subject, String body, String text, TemplateData data) {
        Map<String, Object> variables = data.variables();
        Escaping bodyEscaping = EmailHtml.isHtml(body) ? Escaping.HTML : Escaping.NONE;
        return new RenderedEmail(
                render(LegacyPlaceholders.toLiquid(subject), Escaping.NONE, variables, Snippets.NONE),
                render(LegacyPlaceholders.toLiquid(body), bodyEscaping, variables, Snippets.NONE),
                text == null ? null : render(LegacyPlaceholders.toLiquid(text), Escaping.NONE, variables,
                        Snippets.NONE));
    }

    private CompiledTemplate check(String source, Escaping escaping, Snippets snippets) {
        CompiledTemplate template = liquid.compile(source, escaping);
        snippets.requireAll(template);
        return template;
    }

    private String render(String source, Escaping escaping, Map<String, Object> variables, Snippets snippets) {
        return liquid.render(liquid.compile(source, escaping), variables, snippets);
    }

    private static Escaping bodyEscaping(BodyFormat format) {
        return format == BodyFormat.MARKDOWN ? Escaping.MARKDOWN : Escaping.HTML;
    }
}
