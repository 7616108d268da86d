package com.flownurture.templates;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A MARKDOWN body to HTML with CommonMark. HTML the author wrote in the Markdown stays (the send-time sanitizer
 * decides what may remain); values cannot add any, since Liquid escaped them for Markdown first
 * ({@link Escaping#MARKDOWN}). Thread-safe: CommonMark's parser and renderer are built once and shared.
 */
final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().build();

    private Markdown() {
    }

    static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }
}
