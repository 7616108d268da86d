package com.flownurture.templates;

/**
 * An email as it is sent, and as a preview shows it.
 *
 * @param subject the rendered subject
 * @param html the body: layout applied, Markdown rendered, styles inlined (or, for an old plain-text step, its text)
 * @param text the rendered plain-text part, or null when none was written
 */
public record RenderedEmail(String subject, String html, String text) {
}
