package com.flownurture.templates;

/**
 * An EMAIL template's parts, as saved.
 *
 * @param subject Liquid, rendered as plain text
 * @param body Liquid in HTML or Markdown ({@code format})
 * @param format how the body is written
 * @param text Liquid for the plain-text part, rendered as plain text; null to generate it from the HTML as today
 */
public record EmailTemplate(String subject, String body, BodyFormat format, String text) {
}
